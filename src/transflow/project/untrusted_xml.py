"""Parsing an XML file a user hands transflow (TBX glossaries, TMX memories, XLIFF hand-offs).

One policy for all of them: defusedxml refuses entity declarations and external references
(billion laughs, XXE) before anything is expanded; malformed XML, an encoding Python does not
know and bytes that do not decode are the user's error at their line, raised as the caller's
error class so the message reads like the rest of its command.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from transflow.project.errors import TransflowError

UTF8_HINT = 'Save it as UTF-8 with `<?xml version="1.0" encoding="UTF-8"?>`.'


def parse_untrusted_xml(
    data: bytes, path: str | Path | None, error: type[TransflowError], files: str, export_hint: str
) -> ET.Element:
    """The root element of `data`; `files` names the kind in messages ("glossary files") and
    `export_hint` says how to get a file without a DTD internal subset."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        # defusedxml ships no types: its fromstring returns an xml.etree Element
        root: ET.Element = safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as exc:
        raise error(
            f"refused: the file declares or references XML entities ({type(exc).__name__}); "
            f"entity expansion is never performed on {files}.",
            path=path,
            hint=export_hint,
        ) from None
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise error(f"is not well-formed XML ({exc.msg}).", path=path, line=line) from None
    except (LookupError, ValueError) as exc:  # an unknown encoding, or bytes it cannot decode
        raise error(f"cannot be decoded ({exc}).", path=path, line=1, hint=UTF8_HINT) from None
    return root


def local_name(tag: object) -> str:
    """An element's tag without its namespace ("" for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
