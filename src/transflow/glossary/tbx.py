"""TBX (ISO 30042) import and export, TBX-Basic dialect.

Export writes TBX v3 (`<tbx type="TBX-Basic">`, conceptEntry / langSec / termSec). Import
reads v3 and the older v2 layout (`<martif>`, termEntry / langSet / tig|ntig). The
administrative status maps to the CSV columns: preferredTerm first, admittedTerm after it,
deprecatedTerm and supersededTerm become `<lang>.forbidden`.

Files are parsed with defusedxml: a file that declares entities (a "billion laughs" bomb) or
references external ones is refused before anything is expanded.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from transflow.glossary.model import Concept
from transflow.project.errors import GlossaryError, LanguageError
from transflow.project.languages import normalize_language
from transflow.project.untrusted_xml import local_name, parse_untrusted_xml

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED = "preferredTerm-admn-sts", "admittedTerm-admn-sts"
FORBIDDEN_STATUSES = {"deprecatedTerm-admn-sts", "supersededTerm-admn-sts"}
CASE_NOTE = "transflow: case=sensitive"


def _children(elem: ET.Element, *names: str) -> list[ET.Element]:
    return [c for c in elem if local_name(c.tag) in names]


def parse_tbx(data: bytes, path: Path, display: str | None = None) -> list[Concept]:
    """Concepts of a TBX file; refuses entity declarations and external references."""
    root = parse_untrusted_xml(
        data,
        path,
        GlossaryError,
        "glossary files",
        "Export the TBX again without a DTD internal subset.",
    )
    if local_name(root.tag) not in ("tbx", "martif"):
        raise GlossaryError(
            f"is not a TBX file (root element <{local_name(root.tag)}>).",
            path=path,
            hint="Expected <tbx> (TBX v3) or <martif> (TBX v2).",
        )
    concepts: list[Concept] = []
    number = 0
    for entry in root.iter():
        if local_name(entry.tag) not in ("conceptEntry", "termEntry"):
            continue
        number += 1
        terms: dict[str, list[tuple[int, str]]] = {}
        forbidden: dict[str, list[str]] = {}
        notes: list[str] = []
        case = False
        for child in entry:
            name = local_name(child.tag)
            text = (child.text or "").strip()
            if name in ("note", "descrip") and text:
                if text == CASE_NOTE:
                    case = True
                else:
                    notes.append(text)
            if name not in ("langSec", "langSet"):
                continue
            raw_lang = child.get(XML_LANG) or child.get("lang") or ""
            try:
                lang = normalize_language(raw_lang)
            except LanguageError:
                raise GlossaryError(
                    f"entry {entry.get('id') or number}: unknown language {raw_lang!r}.",
                    path=path,
                ) from None
            for sec in _children(child, "termSec", "tig", "ntig"):
                holder = (_children(sec, "termGrp") or [sec])[0]
                term_el = _children(holder, "term")
                if not term_el or not "".join(term_el[0].itertext()).strip():
                    continue
                term = " ".join("".join(term_el[0].itertext()).split())
                status = ""
                for note in [*_children(holder, "termNote"), *_children(sec, "termNote")]:
                    if note.get("type") in ("administrativeStatus", "normativeAuthorization"):
                        status = (note.text or "").strip()
                if status in FORBIDDEN_STATUSES:
                    forbidden.setdefault(lang, []).append(term)
                else:
                    rank = 0 if status == PREFERRED else 1
                    terms.setdefault(lang, []).append((rank, term))
        concepts.append(
            Concept(
                terms={
                    k: tuple(t for _, t in sorted(v, key=lambda x: x[0])) for k, v in terms.items()
                },
                forbidden={k: tuple(v) for k, v in forbidden.items()},
                note=" ".join(notes),
                case_sensitive=case,
                file=display or path.as_posix(),
                row=number,
            )
        )
    return concepts


def read_tbx(path: Path, display: str | None = None) -> list[Concept]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot be read: {exc.strerror}.", path=path) from None
    return parse_tbx(data, path, display)


def tbx_text(concepts: list[Concept], source: str, targets: list[str]) -> str:
    """A TBX-Basic v3 document for `concepts`."""
    ET.register_namespace("", TBX_NS)
    q = f"{{{TBX_NS}}}"
    root = ET.Element(q + "tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: source})
    header = ET.SubElement(root, q + "tbxHeader")
    desc = ET.SubElement(ET.SubElement(header, q + "fileDesc"), q + "sourceDesc")
    ET.SubElement(desc, q + "p").text = "Exported by transflow glossary export"
    body = ET.SubElement(ET.SubElement(root, q + "text"), q + "body")
    for number, concept in enumerate(concepts, 1):
        entry = ET.SubElement(body, q + "conceptEntry", {"id": f"c{number}"})
        if concept.note:
            ET.SubElement(entry, q + "note").text = concept.note
        if concept.case_sensitive:
            ET.SubElement(entry, q + "note").text = CASE_NOTE
        for lang in [source, *targets]:
            accepted = concept.variants(lang)
            bad = concept.forbidden_variants(lang)
            if not accepted and not bad:
                continue
            sec = ET.SubElement(entry, q + "langSec", {XML_LANG: lang})
            statuses = [(t, PREFERRED if i == 0 else ADMITTED) for i, t in enumerate(accepted)]
            statuses += [(t, "deprecatedTerm-admn-sts") for t in bad]
            for term, status in statuses:
                term_sec = ET.SubElement(sec, q + "termSec")
                ET.SubElement(term_sec, q + "term").text = term
                note = ET.SubElement(term_sec, q + "termNote", {"type": "administrativeStatus"})
                note.text = status
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
