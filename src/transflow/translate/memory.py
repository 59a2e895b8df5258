"""`transflow tm import | export`: the project's imported memories, and the TMX export.

An imported memory is a PO compendium per language, `tm/<lang>/<name>.po`: msgid the source
sentence, msgstr the reviewed translation, nothing fuzzy. PO rather than TMX because it is
what the rest of the project is: one reader (`po.reader`, with line numbers for search's
hits), a line per string in a git diff, and any PO editor opens it to fix a bad unit.

Import reads the whole file first (TMX with defusedxml, a PO file with the one reader), then
writes every language's memory in one batch of the writer: all or none. Importing the same
file again replaces its memory (`--into` names another). Where a file translates a sentence
more than once, every distinct translation is kept, in the file's order: the first as the
entry, the others as alternatives (`msgctxt "alternative 2"`, ...), which the memory counts
as votes (ties: the first). Export writes the preferred pair first, so an export imported
again is the same memory.

Export writes every reviewed pair of the project (catalogs first, then imported memories),
each distinct pair once, with its language and the PO-Revision-Date of its file as the date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.po.conventions import State, entry_state
from transflow.po.reader import read_po
from transflow.project.choices import TMFormat
from transflow.project.errors import LanguageError, PathError, TMError, shown
from transflow.project.fsutil import WriteBatch, atomic_write_text
from transflow.project.languages import base_language, normalize_language

if TYPE_CHECKING:
    from transflow.project.project import Project
    from transflow.translate.tmx import TmxPair

MEMORY_SUFFIX = ".po"


@dataclass
class ImportReport:
    """What `import_memory` wrote: units per language, and what it left out."""

    written: dict[str, Path] = field(default_factory=dict)  # lang -> tm/<lang>/<name>.po
    units: dict[str, int] = field(default_factory=dict)  # lang -> units
    alternatives: int = 0  # a sentence translated again, differently: kept after the first
    skipped_languages: set[str] = field(default_factory=set)  # not a target language


def memory_files(project: Project, lang: str) -> list[Path]:
    """The imported memories of `lang`, by name."""
    folder = project.folder("tm") / lang
    return sorted(folder.glob(f"*{MEMORY_SUFFIX}")) if folder.is_dir() else []


def _target_for(tag: str, targets: list[str]) -> str | None:
    """The project's target language a file's language tag means: the same tag, else the
    one target of the same base language (`ko-KR` -> `ko`, `zh-CN` -> `zh`)."""
    try:
        lang = normalize_language(tag)
    except LanguageError:
        return None
    if lang in targets:
        return lang
    same = [t for t in targets if base_language(t) == base_language(lang)]
    return same[0] if len(same) == 1 else None


def _memory_name(project: Project, file: Path, into: str | None) -> str:
    name = into if into is not None else file.stem
    if not name.strip() or name in (".", "..") or any(sep in name for sep in "/\\"):
        raise PathError(
            f"--into {name!r} is not a plain name: the memory is written to "
            f"{project.relative(project.folder('tm'))}/<lang>/<name>.po.",
            hint="Example: --into omegat-2025",
        )
    return name.removesuffix(MEMORY_SUFFIX)


Units = dict[str, dict[str, list[str]]]  # lang -> source -> distinct translations, in order


def _add(units: Units, lang: str, msgid: str, msgstr: str, report: ImportReport) -> None:
    found = units.setdefault(lang, {}).setdefault(msgid, [])
    if msgstr not in found:
        report.alternatives += bool(found)
        found.append(msgstr)


def _units_from_tmx(project: Project, file: Path, report: ImportReport) -> Units:
    from transflow.translate.tmx import read_tmx

    srclang, units = read_tmx(file)
    source = project.source_language
    found: Units = {}
    for unit in units:
        sources = [t for t, text in unit.segments.items() if text.strip()]
        in_source = [t for t in sources if base_language(t) == base_language(source)]
        if not in_source:
            continue
        key = srclang if srclang in in_source else in_source[0]
        msgid = unit.segments[key]
        for tag, text in unit.segments.items():
            if tag == key or not text.strip():
                continue
            lang = _target_for(tag, project.target_languages)
            if lang is None:
                report.skipped_languages.add(tag)
                continue
            _add(found, lang, msgid, text, report)
    return found


def _units_from_po(project: Project, file: Path, lang: str | None, report: ImportReport) -> Units:
    data = read_po(file)
    tag = lang or data.headers.get("Language", "")
    target = _target_for(tag, project.target_languages) if tag else None
    if target is None:
        raise TMError(
            f"is a compendium of language {tag!r}, which is no target language of the "
            f"project ({', '.join(project.target_languages)})."
            if tag
            else "has no Language header: which language does it translate into?",
            path=shown(file),
            hint="Name the language with --lang.",
        )
    found: Units = {}
    for item in data.items:
        if item.msgid and not item.msgid_plural and entry_state(item) is State.REVIEWED:
            _add(found, target, item.msgid, item.msgstr, report)
    return found


def _memory_text(
    project: Project, lang: str, origin: str, units: dict[str, list[str]], stamp: str
) -> str:
    import polib

    from transflow.po.catalog import WRAP_WIDTH, language_headers, render
    from transflow.project.languages import display_name

    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    po.header = (
        f"{display_name(lang, 'en')} translation memory imported from {origin}\n"
        "Made by transflow tm import; every entry is a reviewed translation."
    )
    po.metadata = {
        "Project-Id-Version": origin,
        "PO-Revision-Date": stamp,
        **language_headers(lang, project.source_language),
    }
    for msgid, translations in units.items():
        for number, msgstr in enumerate(translations, 1):
            context = f"alternative {number}" if number > 1 else None
            po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=context))
    return render(po)


def _memory_file_text(
    project: Project, path: Path, lang: str, origin: str, units: dict[str, list[str]]
) -> str:
    """The memory file to write at `path`, dated now, unless `path` holds these very units
    already: then as it is, so importing the same file again changes no byte."""
    from transflow.po.catalog import now_stamp
    from transflow.po.reader import read_po
    from transflow.project.errors import TransflowError

    if path.is_file():
        try:
            data = read_po(path)
            same = _memory_text(project, lang, origin, units, data.headers["PO-Revision-Date"])
            if path.read_bytes() == same.encode("utf-8"):
                return same
        except (TransflowError, KeyError, OSError):  # damaged or foreign: written anew
            pass
    return _memory_text(project, lang, origin, units, now_stamp())


def import_memory(
    project: Project, file: Path, lang: str | None = None, into: str | None = None
) -> ImportReport:
    """Import a TMX file or a PO compendium into `tm/<lang>/<name>.po` (one per language)."""
    report = ImportReport()
    suffix = file.suffix.lower()
    if suffix == ".tmx":
        found = _units_from_tmx(project, file, report)
        if lang is not None:
            wanted = _target_for(lang, project.target_languages)
            found = {k: v for k, v in found.items() if k == wanted}
    elif suffix in (".po", ".pot"):
        found = _units_from_po(project, file, lang, report)
    else:
        raise TMError(
            "is neither a TMX file (.tmx) nor a PO compendium (.po).",
            path=shown(file),
            hint="Export the memory as TMX from your CAT tool, or as a PO file.",
        )
    name = _memory_name(project, file, into)
    batch = WriteBatch()
    for target, units in found.items():
        if not units:
            continue
        path = project.folder("tm") / target / f"{name}{MEMORY_SUFFIX}"
        batch.write_text(path, _memory_file_text(project, path, target, file.name, units))
        report.written[target] = path
        report.units[target] = sum(len(found) for found in units.values())
    if not report.written:
        raise TMError(
            "holds no translation from the project's source language "
            f"({project.source_language}) into a target language "
            f"({', '.join(project.target_languages)}).",
            path=shown(file),
            hint="Check the languages of the file (xml:lang, or the PO Language header).",
        )
    batch.commit()
    return report


# --- export ----------------------------------------------------------------------------------


def _tmx_date(stamp: str) -> str:
    """A PO-Revision-Date (`2026-11-29 23:55+0000`) as TMX writes dates, "" if unreadable."""
    try:
        when = datetime.strptime(stamp.strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return ""
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def reviewed_files(project: Project, lang: str) -> list[Path]:
    """The files whose reviewed entries are the memory of `lang`: every catalog on disk
    (orphans too, by name), then the imported memories."""
    walk = project.catalogs(langs=[lang], sources_required=False)
    return [*(found.path for found in walk.files_in(lang)), *memory_files(project, lang)]


def export_pairs(project: Project, langs: list[str] | None = None) -> list[TmxPair]:
    """Every distinct reviewed pair of the chosen languages, in file order."""
    from transflow.translate.tmx import TmxPair

    pairs: dict[tuple[str, str, str], TmxPair] = {}
    for lang in project.targets(langs):
        for path in reviewed_files(project, lang):
            data = read_po(path)
            date = _tmx_date(data.headers.get("PO-Revision-Date", ""))
            for item in data.items:
                if not item.msgid or item.msgid_plural or entry_state(item) is not State.REVIEWED:
                    continue
                key = (lang, item.msgid, item.msgstr)
                if key not in pairs:
                    pairs[key] = TmxPair(item.msgid, item.msgstr, lang, date)
    return list(pairs.values())


def export_text(project: Project, fmt: TMFormat, langs: list[str] | None = None) -> str:
    from transflow.translate.tmx import tmx_text

    writer = {TMFormat.TMX: tmx_text}[fmt]
    return writer(export_pairs(project, langs), project.source_language)


def export_file(
    project: Project, fmt: TMFormat, output: Path, force: bool, langs: list[str] | None
) -> None:
    """Write the export to `output`; a file the project reads only with `force`."""
    project.guard_export(output, force)
    atomic_write_text(output, export_text(project, fmt, langs))
