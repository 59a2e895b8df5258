"""TMX 1.4b (Translation Memory eXchange): read any tool's file, write transflow's export.

Reading keeps what a translation memory needs: for each `<tu>`, the text of each `<tuv>`'s
`<seg>` by language (`xml:lang`, or TMX 1.1's `lang`) and the unit's date (`changedate`,
else `creationdate`, on the `<tuv>` or the `<tu>`). Inline codes (`<bpt>`, `<ept>`, `<ph>`,
`<it>`, `<ut>`) hold the native markup they stand for (`&lt;b&gt;` for `<b>`): it is kept as
that text, which is how the same sentence reads in a source or a PO file, so a match is a
match; `<hi>` and `<sub>` keep their text. Files are parsed with defusedxml, as TBX files
are: a file that declares or references entities is refused before anything is expanded,
and a file larger than `MAX_TMX_BYTES` is refused before it is read.

Writing produces level-1 TMX (inline markup escaped as text), one `<tu>` per pair.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from transflow import __version__
from transflow.project.errors import TMError
from transflow.project.untrusted_xml import local_name, parse_untrusted_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_TMX_BYTES = 256 * 1024 * 1024  # a real memory of a million units is ~300 bytes a unit


@dataclass(frozen=True)
class TmxUnit:
    """One `<tu>`: segment text by language tag as written, and its date ("" if none)."""

    segments: dict[str, str]
    date: str  # YYYYMMDDThhmmssZ as TMX writes it


@dataclass(frozen=True)
class TmxPair:
    """A pair to export: source and target segments, the target's language and date."""

    source: str
    target: str
    lang: str
    date: str  # YYYYMMDDThhmmssZ, or ""


def parse_tmx(data: bytes, path: Path) -> tuple[str, list[TmxUnit]]:
    """The header's `srclang` and the units of a TMX document."""
    root = parse_untrusted_xml(
        data,
        path,
        TMError,
        "translation memories",
        "Export the TMX again without a DTD internal subset.",
    )
    if local_name(root.tag) != "tmx":
        raise TMError(
            f"is not a TMX file (root element <{local_name(root.tag)}>).",
            path=path,
            hint='Expected <tmx version="1.4"> with a <header> and a <body> of <tu>.',
        )
    header = next((c for c in root if local_name(c.tag) == "header"), None)
    srclang = header.get("srclang", "") if header is not None else ""
    units = []
    for tu in root.iter():
        if local_name(tu.tag) != "tu":
            continue
        segments: dict[str, str] = {}
        date = tu.get("changedate") or tu.get("creationdate") or ""
        for tuv in tu:
            if local_name(tuv.tag) != "tuv":
                continue
            lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = next((c for c in tuv if local_name(c.tag) == "seg"), None)
            if not lang or seg is None:
                continue
            segments[lang] = "".join(seg.itertext())
            date = max(date, tuv.get("changedate") or tuv.get("creationdate") or "")
        units.append(TmxUnit(segments, date))
    return srclang, units


def read_tmx(path: Path) -> tuple[str, list[TmxUnit]]:
    """`parse_tmx` of a file, refusing one larger than MAX_TMX_BYTES before reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_TMX_BYTES:
            raise TMError(
                f"refused: {size:,} bytes is more than a translation memory holds "
                f"(at most {MAX_TMX_BYTES:,}).",
                path=path,
                hint="Split the memory into several files (by language or by year).",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise TMError(f"cannot be read: {exc.strerror}.", path=path) from None
    return parse_tmx(data, path)


def tmx_text(pairs: list[TmxPair], source_lang: str) -> str:
    """A TMX 1.4b document, one `<tu>` per pair (level 1: markup is text)."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "transflow",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "PO",
            "adminlang": "en",
            "srclang": source_lang,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    for pair in pairs:
        tu = ET.SubElement(body, "tu", {"changedate": pair.date} if pair.date else {})
        for lang, text in ((source_lang, pair.source), (pair.lang, pair.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
