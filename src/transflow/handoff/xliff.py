"""XLIFF 1.2 and 2.1 round trips with CAT tools: `transflow xliff export` and `xliff import`.

**Files.** One XLIFF document per article and language, `handoff/<lang>/<slug>.xlf` by
default; its `<file original>` is the catalog (`translations/<lang>/<slug>.po`) and its
target language the catalog's, which is how import finds the catalog again (the slug is the
stem of `original`, so a file that the Translate Toolkit's po2xliff wrote from the catalog
is found too).

**Units.** One unit per singular, non-obsolete entry (plural entries, which extract never
makes, stay out and are counted). A unit's id is `u` + the first 16 hex digits of the
SHA-256 of `msgctxt U+0004 msgid` (gettext's own key): the same sentence has the same id in
every export, across re-extractions and in every language, so a CAT tool's memory and an
import line up; a sentence that changed has another id. The msgctxt, if any, is also the
unit's `resname` (1.2) or `name` (2.1).

**States**, as `po.conventions` defines them, both ways:

| transflow    | export 1.2 (target state, qualifier)          | export 2.1 (state, subState)  |
|--------------|-----------------------------------------------|-------------------------------|
| untranslated | needs-translation                             | initial                       |
| machine      | needs-review-translation, leveraged-mt/-tm    | translated, transflow:machine |
| changed      | needs-review-translation, fuzzy-match         | translated, transflow:changed |
| reviewed     | final (approved="yes")                        | final                         |

On import a unit is reviewed only when its state says so: `signed-off` or `final` (1.2; a
unit without a state attribute: `approved="yes"`), `reviewed` or `final` (2.1, every
segment of the unit). A freelancer's `translated` is a translation still to be reviewed.

**Merging back** (one entry, one unit): an empty target changes nothing; a reviewed entry is
never overwritten by a unit that is not reviewed, and a reviewed unit whose target differs
from a reviewed entry's is a conflict (the catalog's is kept, the unit reported, as
`po.update` keeps theirs); a reviewed unit marks the entry reviewed by the importing
reviewer; any other new target becomes the entry's unreviewed (fuzzy) text with provenance
`xliff=<file>`. Every unit must still match its entry's source (its id, else its source
text): one that does not (the article changed since the export, or the CAT user edited the
source) refuses the whole import, naming the unit ids, before anything is written. The
catalogs are committed together through `po.update` (the project's lock, a field-by-field
merge with a file changed meanwhile, all files or none).

**Inline tokens** (URLs, e-mails, placeholders, HTML tags, code spans, link targets: the
spans of `text.inline`) are inline codes, so a CAT tool shows them as tags its user moves
but cannot break: `<ph id="n">token</ph>` in 1.2 (native code as content) and `<ph id="n"
dataRef="dK"/>` with the token in `<originalData>` in 2.1. Import turns codes back into
their text. Markdown emphasis stays text: it is translated along with its words.

**Notes**: reviewer notes (translator comments), provenance lines, the previous source of a
changed entry, source locations; and the glossary terms found in the source sentence: in
2.1 as Glossary module entries (`gls:glossEntry`), in 1.2, which has no per-unit glossary,
as notes `from="glossary"` (`<alt-trans>` is for whole-segment matches, and a CAT tool
would offer a term as a translation of the sentence). Notes are not imported.

**Hostile files**: parsed with defusedxml (entity declarations and external references are
refused before anything is expanded, as for TBX), and a file over `MAX_BYTES` is refused
before it is read.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from transflow import __version__
from transflow.po import conventions as conv
from transflow.po.catalog import unit_id
from transflow.po.conventions import State
from transflow.project.choices import XliffVersion
from transflow.project.errors import CatalogError, HandoffError, LanguageError, PathError, shown
from transflow.project.untrusted_xml import local_name, parse_untrusted_xml
from transflow.text.inline import spans

if TYPE_CHECKING:
    import polib

    from transflow.glossary import Glossary
    from transflow.project.project import CatalogFile, Project

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS11 = "urn:oasis:names:tc:xliff:document:1.1"  # po2xliff writes 1.1: the same structure
NS2 = "urn:oasis:names:tc:xliff:document:2.0"  # XLIFF 2.1 documents too (version="2.1")
GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
HANDOFF_FOLDER = "handoff"
SUFFIX = ".xlf"
MAX_BYTES = 32 * 1024 * 1024  # an article's XLIFF is < 1 MB; far above is an attack or a mistake
HEADER_RESTYPE = "x-gettext-domain-header"  # po2xliff's unit for the PO header: not a sentence
SUBSTATE_PREFIX = "transflow:"
_SHOWN_IDS = 10  # unit ids named in a refusal

_STATE_12 = {
    State.UNTRANSLATED: "needs-translation",
    State.MACHINE: "needs-review-translation",
    State.CHANGED: "needs-review-translation",
    State.REVIEWED: "final",
}
_STATE_21 = {
    State.UNTRANSLATED: "initial",
    State.MACHINE: "translated",
    State.CHANGED: "translated",
    State.REVIEWED: "final",
}
REVIEWED_12 = frozenset({"signed-off", "final"})
REVIEWED_21 = frozenset({"reviewed", "final"})


def output_path(folder: Path, lang: str, slug: str) -> Path:
    return folder / lang / f"{slug}{SUFFIX}"


# --- export -----------------------------------------------------------------------------------


@dataclass
class Exported:
    """What an export wrote."""

    files: list[Path] = field(default_factory=list)  # every file of the export
    written: list[Path] = field(default_factory=list)  # those whose bytes changed
    units: int = 0
    plural_skipped: int = 0
    orphans: list[CatalogFile] = field(default_factory=list)  # for `cli.warn_orphans`


def export_xliff(
    project: Project,
    select: list[str] | None,
    langs: list[str] | None,
    version: XliffVersion,
    output: Path | None = None,
) -> Exported:
    """Write one XLIFF file per selected article and language into `output` (default
    `handoff/`), `<lang>/<slug>.xlf`, all files or none."""
    from transflow.glossary import load_glossary
    from transflow.po.catalog import load_catalog
    from transflow.project.fsutil import WriteBatch

    folder = output if output is not None else project.root / HANDOFF_FOLDER
    walk = project.catalogs(select, langs)
    glossary = load_glossary(project)
    result = Exported(orphans=walk.orphans)
    batch = WriteBatch()
    for ref in walk.catalogs:
        if not ref.exists:
            raise CatalogError(
                "no catalog to export.",
                path=shown(ref.path),
                hint="Run `transflow extract` first.",
            )
        target = output_path(folder, ref.lang, ref.slug)
        what = project.input_kind(target)
        if what is not None:
            raise PathError(
                f"--output is {what}: the export would overwrite what the project reads.",
                path=shown(target),
                hint=f"Write the hand-off elsewhere (the default is {HANDOFF_FOLDER}/).",
            )
        po = load_catalog(ref.path)
        entries = [e for e in po if not e.obsolete and not e.msgid_plural]
        result.plural_skipped += sum(1 for e in po if not e.obsolete and e.msgid_plural)
        result.units += len(entries)
        original = project.relative(ref.path)
        build = _document_12 if version is XliffVersion.V1_2 else _document_21
        root = build(entries, original, project.source_language, ref.lang, glossary)
        batch.write_text(target, _serialize(root, version))
        result.files.append(target)
    result.written = batch.commit()
    return result


def _runs(text: str) -> Iterator[tuple[bool, str]]:
    """`text` cut into (is_code, piece): inline tokens and the text between them."""
    last = 0
    for start, end in spans(text):
        if start > last:
            yield False, text[last:start]
        yield True, text[start:end]
        last = end
    if last < len(text):
        yield False, text[last:]


class _Codes:
    """Inline-code ids of one unit: each occurrence of a token in the source its own id, the
    k-th occurrence of a token in the target the id of its k-th in the source; in 2.1 one
    originalData entry per distinct token."""

    def __init__(self, source: str) -> None:
        self.ids: dict[str, list[str]] = {}
        self.data: dict[str, str] = {}  # token -> data id
        self.count = 0
        for is_code, piece in _runs(source):
            if is_code:
                self.ids.setdefault(piece, []).append(self._new(piece))

    def _new(self, token: str) -> str:
        self.count += 1
        self.data.setdefault(token, f"d{len(self.data) + 1}")
        return str(self.count)

    def for_text(self, text: str) -> list[tuple[str | None, str]]:
        """(code id or None for text, piece) of `text`, ids assigned as the class says."""
        seen: dict[str, int] = {}
        out: list[tuple[str | None, str]] = []
        for is_code, piece in _runs(text):
            if not is_code:
                out.append((None, piece))
                continue
            nth = seen.get(piece, 0)
            seen[piece] = nth + 1
            known = self.ids.setdefault(piece, [])
            if nth >= len(known):
                known.append(self._new(piece))
            out.append((known[nth], piece))
        return out


def _content(
    elem: ET.Element, pieces: list[tuple[str | None, str]], codes: _Codes, v2: bool
) -> None:
    """Fill a source or target element with text and inline codes."""
    last: ET.Element | None = None
    for code, piece in pieces:
        if code is None:
            if last is None:
                elem.text = (elem.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        tag = f"{{{NS2 if v2 else NS12}}}ph"
        if v2:
            last = ET.SubElement(
                elem, tag, {"id": code, "dataRef": codes.data[piece], "disp": piece}
            )
        else:
            last = ET.SubElement(elem, tag, {"id": code})
            last.text = piece


def _terms(glossary: Glossary, source: str, lang: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(source term, accepted targets, definition) of the glossary concepts in `source`."""
    found: list[tuple[str, tuple[str, ...], str]] = []
    seen: set[int] = set()
    for match in glossary.find_terms(source):
        concept = match.concept
        accepted = concept.variants(lang)
        forbidden = concept.forbidden_variants(lang)
        if id(concept) in seen or not (accepted or forbidden):
            continue
        seen.add(id(concept))
        parts = [concept.note] if concept.note else []
        if forbidden:
            parts.append(f"do not use: {' | '.join(forbidden)}")
        found.append((match.text, accepted, "; ".join(parts)))
    return found


def _notes(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(category, text) of an entry's notes for the translator."""
    notes = [("reviewer", entry.tcomment)] if entry.tcomment else []
    notes += [("provenance", line) for line in conv.provenance(entry)]
    previous = conv.previous_source(entry)
    if previous and conv.entry_state(entry) is State.CHANGED:
        notes.append(("previous-source", previous))
    return notes


def _qualifier_12(entry: polib.POEntry, state: State) -> str | None:
    if state is State.CHANGED:
        return "fuzzy-match"
    if state is State.MACHINE:
        origins = conv.provenance(entry)
        if any(line.startswith("mt=") for line in origins):
            return "leveraged-mt"
        if any(line.startswith("tm=") for line in origins):
            return "leveraged-tm"
    return None


def _document_12(
    entries: list[polib.POEntry], original: str, source: str, lang: str, glossary: Glossary
) -> ET.Element:
    q = f"{{{NS12}}}"
    root = ET.Element(q + "xliff", {"version": "1.2"})
    file = ET.SubElement(
        root,
        q + "file",
        {"original": original, "source-language": source, "target-language": lang},
    )
    file.set("datatype", "po")
    header = ET.SubElement(file, q + "header")
    ET.SubElement(
        header,
        q + "tool",
        {"tool-id": "transflow", "tool-name": "transflow", "tool-version": __version__},
    )
    body = ET.SubElement(file, q + "body")
    for entry in entries:
        state = conv.entry_state(entry)
        unit = ET.SubElement(
            body, q + "trans-unit", {"id": unit_id(entry.msgctxt or "", entry.msgid)}
        )
        if entry.msgctxt:
            unit.set("resname", entry.msgctxt)
        unit.set("approved", "yes" if state is State.REVIEWED else "no")
        unit.set(XML_SPACE, "preserve")
        codes = _Codes(entry.msgid)
        _content(ET.SubElement(unit, q + "source"), codes.for_text(entry.msgid), codes, False)
        target = ET.SubElement(unit, q + "target", {"state": _STATE_12[state]})
        qualifier = _qualifier_12(entry, state)
        if qualifier:
            target.set("state-qualifier", qualifier)
        _content(target, codes.for_text(entry.msgstr), codes, False)
        for path, line in entry.occurrences:
            group = ET.SubElement(unit, q + "context-group", {"purpose": "location"})
            ET.SubElement(group, q + "context", {"context-type": "sourcefile"}).text = path
            if line:
                ET.SubElement(group, q + "context", {"context-type": "linenumber"}).text = line
        for category, text in _notes(entry):
            ET.SubElement(unit, q + "note", {"from": category}).text = text
        for term, accepted, definition in _terms(glossary, entry.msgid, lang):
            text = f"{term} = {' | '.join(accepted) or '-'}" + (
                f" ({definition})" if definition else ""
            )
            ET.SubElement(unit, q + "note", {"from": "glossary"}).text = text
    return root


def _document_21(
    entries: list[polib.POEntry], original: str, source: str, lang: str, glossary: Glossary
) -> ET.Element:
    q, g = f"{{{NS2}}}", f"{{{GLS}}}"
    root = ET.Element(q + "xliff", {"version": "2.1", "srcLang": source, "trgLang": lang})
    file = ET.SubElement(root, q + "file", {"id": "f1", "original": original})
    for entry in entries:
        state = conv.entry_state(entry)
        unit = ET.SubElement(file, q + "unit", {"id": unit_id(entry.msgctxt or "", entry.msgid)})
        if entry.msgctxt:
            unit.set("name", entry.msgctxt)
        unit.set(XML_SPACE, "preserve")
        terms = _terms(glossary, entry.msgid, lang)
        if terms:
            holder = ET.SubElement(unit, g + "glossary")
            for term, accepted, definition in terms:
                gloss = ET.SubElement(holder, g + "glossEntry")
                ET.SubElement(gloss, g + "term", {"source": "glossary"}).text = term
                for variant in accepted:
                    ET.SubElement(gloss, g + "translation").text = variant
                if definition:
                    ET.SubElement(gloss, g + "definition").text = definition
        notes = [
            *_notes(entry),
            *(("location", f"{p}:{n}" if n else p) for p, n in entry.occurrences),
        ]
        if notes:
            holder = ET.SubElement(unit, q + "notes")
            for category, text in notes:
                ET.SubElement(holder, q + "note", {"category": category}).text = text
        codes = _Codes(entry.msgid)
        source_pieces = codes.for_text(entry.msgid)
        target_pieces = codes.for_text(entry.msgstr)
        if codes.data:
            holder = ET.SubElement(unit, q + "originalData")
            for token, data_id in codes.data.items():
                ET.SubElement(holder, q + "data", {"id": data_id}).text = token
        segment = ET.SubElement(unit, q + "segment", {"state": _STATE_21[state]})
        if state.unreviewed:
            segment.set("subState", f"{SUBSTATE_PREFIX}{state.value}")
        _content(ET.SubElement(segment, q + "source"), source_pieces, codes, True)
        if entry.msgstr:
            _content(ET.SubElement(segment, q + "target"), target_pieces, codes, True)
    return root


_CONTAINERS = {"xliff", "file", "header", "body", "group", "trans-unit", "context-group",
               "unit", "notes", "originalData", "segment", "glossary", "glossEntry"}  # fmt: skip


def _indent(elem: ET.Element, level: int = 0) -> None:
    """Indent the structure, never the content of a source, target or note (whitespace there
    is the text; `ET.indent` would add some)."""
    if local_name(elem.tag) not in _CONTAINERS or not len(elem):
        return
    inner = "\n" + "  " * (level + 1)
    elem.text = inner
    for child in elem:
        _indent(child, level + 1)
        child.tail = inner
    elem[-1].tail = "\n" + "  " * level


def _serialize(root: ET.Element, version: XliffVersion) -> str:
    _indent(root)
    # the one namespace without a prefix (registered here: glossary/tbx.py registers its own)
    ET.register_namespace("", NS12 if version is XliffVersion.V1_2 else NS2)
    ET.register_namespace("gls", GLS)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


# --- reading ----------------------------------------------------------------------------------


@dataclass
class Unit:
    """One unit of an XLIFF file as import needs it: the texts with inline codes resolved."""

    id: str
    context: str  # resname (1.2) or name (2.1): the msgctxt
    source: str
    target: str | None  # None: no target element
    reviewed: bool


@dataclass
class XliffFile:
    """One `<file>` of an XLIFF document."""

    path: Path  # the document
    original: str
    lang: str  # the target language as written
    units: list[Unit]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def read_xliff(path: Path) -> list[XliffFile]:
    """The `<file>`s of an XLIFF 1.1, 1.2 or 2.x document; refuses an oversized file before
    reading it, and entity declarations and external references before expanding any."""
    from transflow.project.fsutil import read_bytes

    try:
        size = os.stat(path).st_size
    except OSError as exc:
        from transflow.project.errors import FileSystemError

        raise FileSystemError.from_os_error(exc, path, "read") from None
    if size > MAX_BYTES:
        raise HandoffError(
            f"refused: {size} bytes, over the {MAX_BYTES // (1024 * 1024)} MiB an XLIFF "
            "file may have.",
            path=shown(path),
            hint="Split the hand-off into one file per article (`transflow xliff export` "
            "writes it so).",
        )
    return parse_xliff(read_bytes(path), path)


def parse_xliff(data: bytes, path: Path) -> list[XliffFile]:
    root = parse_untrusted_xml(
        data,
        shown(path),
        HandoffError,
        "XLIFF files",
        "Export the XLIFF again from the CAT tool without a DTD internal subset.",
    )
    ns = _namespace(root.tag)
    if local_name(root.tag) != "xliff" or ns not in (NS11, NS12, NS2):
        raise HandoffError(
            f"is not an XLIFF 1.2 or 2.1 file (root element {root.tag}).",
            path=shown(path),
            hint="Give the file the CAT tool exported (XLIFF 1.2 or 2.x).",
        )
    if ns == NS2:
        return [_file_2(f, root, path) for f in root if local_name(f.tag) == "file"]
    return [_file_12(f, path) for f in root if local_name(f.tag) == "file"]


def _bad_code(path: Path, unit: str, name: str) -> HandoffError:
    return HandoffError(
        f"unit {unit}: an inline element <{name}> transflow cannot turn back into text.",
        path=shown(path),
        hint="Keep the tags of the exported file (they stand for URLs, tags and "
        "placeholders); export again if the CAT tool replaced them.",
    )


def _text_12(elem: ET.Element, path: Path, unit: str) -> str:
    """The text of a 1.2 source or target: codes as their native text, marks as content."""
    parts = [elem.text or ""]
    for child in elem:
        name = local_name(child.tag)
        if name in ("ph", "bpt", "ept", "it"):
            parts.append("".join(child.itertext()))
        elif name in ("g", "mrk"):
            parts.append(_text_12(child, path, unit))
        else:
            raise _bad_code(path, unit, name)
        parts.append(child.tail or "")
    return "".join(parts)


def _file_12(file: ET.Element, path: Path) -> XliffFile:
    units = []
    for unit in file.iter():
        if local_name(unit.tag) != "trans-unit" or unit.get("restype") == HEADER_RESTYPE:
            continue
        ident = unit.get("id", "")
        source = next((c for c in unit if local_name(c.tag) == "source"), None)
        target = next((c for c in unit if local_name(c.tag) == "target"), None)
        if source is None:
            raise HandoffError(f"unit {ident}: no <source>.", path=shown(path))
        state = target.get("state") if target is not None else None
        reviewed = state in REVIEWED_12 if state else unit.get("approved") == "yes"
        units.append(
            Unit(
                ident,
                unit.get("resname", ""),
                _text_12(source, path, ident),
                _text_12(target, path, ident) if target is not None else None,
                reviewed and target is not None,
            )
        )
    return XliffFile(path, file.get("original", ""), file.get("target-language", ""), units)


def _text_2(elem: ET.Element, data: dict[str, str], path: Path, unit: str) -> str:
    """The text of a 2.x source or target: codes as their originalData, marks as content."""
    parts = [elem.text or ""]
    for child in elem:
        name = local_name(child.tag)
        refs = {"ph": "dataRef", "sc": "dataRef", "ec": "dataRef"}
        if name in refs:
            ref = child.get(refs[name])
            if ref not in data:
                raise _bad_code(path, unit, name)
            parts.append(data[ref])
        elif name == "pc":
            start, end = child.get("dataRefStart", ""), child.get("dataRefEnd", "")
            if start not in data or end not in data:
                raise _bad_code(path, unit, name)
            parts += [data[start], _text_2(child, data, path, unit), data[end]]
        elif name == "mrk":
            parts.append(_text_2(child, data, path, unit))
        elif name == "cp":
            parts.append(_code_point(child.get("hex", ""), path, unit))
        elif name not in ("sm", "em"):
            raise _bad_code(path, unit, name)
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_value: str, path: Path, unit: str) -> str:
    """The character of a 2.x `<cp hex>` (a character XML cannot hold, such as U+0001)."""
    try:
        return chr(int(hex_value, 16))
    except (ValueError, OverflowError):
        raise HandoffError(
            f"unit {unit}: <cp hex={hex_value!r}> is no Unicode code point.", path=shown(path)
        ) from None


def _file_2(file: ET.Element, root: ET.Element, path: Path) -> XliffFile:
    units = []
    for unit in file.iter(f"{{{NS2}}}unit"):
        ident = unit.get("id", "")
        data = {
            d.get("id", ""): d.text or ""
            for holder in unit
            if local_name(holder.tag) == "originalData"
            for d in holder
        }
        sources, targets, states = [], [], []
        has_target = False
        for part in unit:
            if local_name(part.tag) not in ("segment", "ignorable"):
                continue
            source = next((c for c in part if local_name(c.tag) == "source"), None)
            target = next((c for c in part if local_name(c.tag) == "target"), None)
            if source is None:
                raise HandoffError(f"unit {ident}: a segment without <source>.", path=shown(path))
            sources.append(_text_2(source, data, path, ident))
            if target is not None:
                has_target = True
                targets.append(_text_2(target, data, path, ident))
            else:  # an ignorable's missing target is its source (2.1, 4.2.2.4)
                targets.append(sources[-1] if local_name(part.tag) == "ignorable" else "")
            if local_name(part.tag) == "segment":
                states.append(part.get("state", "initial"))
        reviewed = has_target and bool(states) and all(s in REVIEWED_21 for s in states)
        target_text = "".join(targets) if has_target else None
        units.append(Unit(ident, unit.get("name", ""), "".join(sources), target_text, reviewed))
    return XliffFile(path, file.get("original", ""), root.get("trgLang", ""), units)


# --- import -----------------------------------------------------------------------------------


@dataclass
class Imported:
    """What an import did, in units."""

    files: int = 0
    units: int = 0
    filled: int = 0  # new unreviewed translations
    reviewed: int = 0  # entries marked reviewed
    unchanged: int = 0
    kept_reviewed: int = 0  # reviewed entries a unit that was not reviewed left alone
    conflicts: list[str] = field(default_factory=list)  # "file: unit id", catalog kept
    dropped: int = 0  # entries someone else changed meanwhile (po.update kept theirs)
    written: list[Path] = field(default_factory=list)


def merge_unit(entry: polib.POEntry, unit: Unit, origin: str, reviewer: str | None) -> str:
    """Apply one unit to its entry (the rules of the module doc); what happened: unchanged,
    filled, reviewed, kept-reviewed or conflict. `reviewer` is needed for a reviewed unit."""
    target = unit.target
    if not target:
        return "unchanged"
    state = conv.entry_state(entry)
    if state is State.REVIEWED:
        if target == entry.msgstr:
            return "unchanged"
        return "conflict" if unit.reviewed else "kept-reviewed"
    if unit.reviewed:
        if reviewer is None:
            raise ValueError("a reviewed unit needs a reviewer")
        conv.mark_reviewed(entry, target, reviewer)
        return "reviewed"
    if target == entry.msgstr:
        return "unchanged"
    conv.fill(entry, target, f"xliff={origin}")
    return "filled"


def _catalog_of(project: Project, file: XliffFile) -> Path:
    from transflow.project.languages import normalize_language

    try:
        lang = normalize_language(file.lang)
    except LanguageError:
        raise HandoffError(
            f"names no target language we know ({file.lang!r}).",
            path=shown(file.path),
            hint="The XLIFF file's target language must be one of the project's.",
        ) from None
    # CAT tools often add a region (ko-KR for ko, zh-CN = zh-Hans-CN for zh-Hans or zh)
    parts = lang.split("-")
    shorter = ("-".join(parts[:n]) for n in range(len(parts), 0, -1))
    lang = next((tag for tag in shorter if tag in project.target_languages), lang)
    slug = Path(file.original).stem
    path = project.catalog_path(lang, slug)
    if lang not in project.target_languages or not slug or not path.is_file():
        raise HandoffError(
            f"belongs to no catalog of this project (original {file.original!r}, language "
            f"{lang}; no {project.relative(path)}).",
            path=shown(file.path),
            hint="Import the file into the project it was exported from.",
        )
    return path


def _match(
    unit: Unit, by_id: dict[str, polib.POEntry], by_source: dict[str, list[polib.POEntry]]
) -> polib.POEntry | None:
    """The entry a unit translates: by our id (its source must then be the msgid), else by
    its source text (and msgctxt), as po2xliff's numbered units are found."""
    entry = by_id.get(unit.id)
    if entry is not None:
        return entry if entry.msgid == unit.source else None
    candidates = by_source.get(unit.source, [])
    exact = [e for e in candidates if (e.msgctxt or "") == unit.context]
    found = exact or candidates
    return found[0] if len(found) == 1 else None


def import_xliff(project: Project, paths: list[Path], reviewer: str | None = None) -> Imported:
    """Merge XLIFF files back into their catalogs: all units checked first, then every
    catalog committed at once through `po.update` (see the module doc)."""
    from transflow.po.catalog import active_entries, now_stamp
    from transflow.po.update import CatalogEdit, commit_edits

    documents = [file for path in paths for file in read_xliff(path)]
    edits: dict[Path, CatalogEdit] = {}
    plan: list[tuple[CatalogEdit, polib.POEntry, Unit, str]] = []
    refused: list[str] = []
    result = Imported(files=len(documents))
    for file in documents:
        catalog = _catalog_of(project, file)
        if catalog not in edits:
            edits[catalog] = CatalogEdit(catalog, project.root)
        edit = edits[catalog]
        entries = [e for e in active_entries(edit.po) if not e.msgid_plural]
        by_id = {unit_id(e.msgctxt or "", e.msgid): e for e in entries}
        by_source: dict[str, list[polib.POEntry]] = {}
        for entry in entries:
            by_source.setdefault(entry.msgid, []).append(entry)
        for unit in file.units:
            result.units += 1
            found = _match(unit, by_id, by_source)
            if found is None:
                refused.append(unit.id if len(paths) == 1 else f"{unit.id} ({shown(file.path)})")
            else:
                plan.append((edit, found, unit, file.path.name))
    if refused:
        named = ", ".join(refused[:_SHOWN_IDS]) + (" ..." if len(refused) > _SHOWN_IDS else "")
        raise HandoffError(
            f"{len(refused)} unit(s) no longer match their catalog's source: {named}. "
            "The article changed since the export (or the source was edited in the CAT "
            "tool); nothing was imported.",
            path=shown(paths[0]) if len(paths) == 1 else None,
            hint="Export the article again, carry the translations over in the CAT tool "
            "(its memory has them), and import the new file.",
        )
    who = _reviewer(project, reviewer) if any(u.reviewed for _, _, u, _ in plan) else None
    for _edit, entry, unit, origin in plan:
        outcome = merge_unit(entry, unit, origin, who)
        if outcome == "filled":
            result.filled += 1
        elif outcome == "reviewed":
            result.reviewed += 1
        elif outcome == "kept-reviewed":
            result.kept_reviewed += 1
        elif outcome == "conflict":
            result.conflicts.append(f"{origin}: unit {unit.id}")
        else:
            result.unchanged += 1
    ordered = list(edits.values())
    commits = commit_edits(ordered, {"PO-Revision-Date": now_stamp()})
    for edit, commit in zip(ordered, commits, strict=True):
        result.dropped += len(commit.dropped)
        if commit.written:
            result.written.append(edit.path)
    return result


def _reviewer(project: Project, given: str | None) -> str:
    from transflow.review.session import resolve_reviewer

    return resolve_reviewer(project, given).name
