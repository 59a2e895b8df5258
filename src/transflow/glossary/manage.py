"""`transflow glossary add | import | export`: edit and exchange `glossary/*.csv`.

An edit keeps a file as its author wrote it: new rows are appended in the file's own
dialect (line break, quoting, BOM), a merge rewrites its one row, and a column the file
lacks lengthens only the header line (the reader takes shorter rows as empty cells).
Every change is validated against the whole glossary (all files) before anything is
written, and written atomically: a refused change leaves every file byte for byte.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from transflow.glossary import glossary_files, read_file, term_key, validate
from transflow.glossary.csvfile import (
    FORBIDDEN_SUFFIX,
    Column,
    header_columns,
    neutralise,
    parse_csv,
)
from transflow.glossary.model import Concept, Glossary
from transflow.project.choices import GlossaryFormat
from transflow.project.errors import GlossaryError, PathError
from transflow.project.fsutil import atomic_write_text, read_utf8
from transflow.project.languages import normalize_language

if TYPE_CHECKING:
    from transflow.project.project import Project

DEFAULT_FILE = "glossary.csv"

# a record whose every cell is quoted: "a","b ""c""",""
_ALL_QUOTED = re.compile(r'"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*')


def glossary_file(project: Project, name: str, option: str) -> Path:
    """`glossary/<name>` for an option naming a glossary file (`--file`, `--into`): a plain
    file name, so nothing is written outside the glossary folder (nor into a subfolder,
    which the glossary does not read)."""
    folder = project.folder("glossary")
    if not name.strip() or name in (".", "..") or any(sep in name for sep in "/\\"):
        raise PathError(
            f"{option} {name!r} is not a file name inside {project.relative(folder)}/: the "
            f"glossary is the .csv files directly in that folder, and {option} names one "
            "of them, without a folder or '..'.",
            hint=f"Example: {option} imported.csv",
        )
    return folder / name


def default_target(project: Project) -> Path:
    """The one glossary file, or `glossary/glossary.csv` when there are none or several."""
    files = glossary_files(project)
    return files[0] if len(files) == 1 else project.folder("glossary") / DEFAULT_FILE


def _languages(project: Project, concepts: list[Concept]) -> list[str]:
    langs = [project.source_language, *project.target_languages]
    for c in concepts:
        for lang in [*c.terms, *c.forbidden]:
            if lang not in langs:
                langs.append(lang)
    return langs


@dataclass
class _Sheet:
    """A glossary CSV as written: the raw text of each record (with its own line break) and
    its cells, so an edit replaces or appends whole records and leaves the others as they are.
    """

    raw: list[str]
    cells: list[list[str]]
    starts: list[int]  # each record's first line (the `row` of its Concept)
    bom: bool
    eol: str
    quote_all: bool

    @classmethod
    def parse(cls, text: str, bom: bool = False) -> _Sheet:
        """Split valid CSV `text` (without its BOM) into records; the dialect comes from its
        header's line break and from whether every row quotes every cell."""
        lines = io.StringIO(text, newline="").readlines()
        reader = csv.reader(iter(lines), strict=True)
        raw, cells, starts, first = [], [], [], 0
        for row in reader:
            raw.append("".join(lines[first : reader.line_num]))
            cells.append(row)
            starts.append(first + 1)
            first = reader.line_num
        header = raw[0] if raw else ""
        eol = header[len(header.rstrip("\r\n")) :] or "\n"
        rows = [r for r, c in zip(raw, cells, strict=True) if _is_row(c)]
        quote_all = bool(rows) and all(_ALL_QUOTED.fullmatch(r.rstrip("\r\n")) for r in rows)
        return cls(raw, cells, starts, bom, eol, quote_all)

    def text(self) -> str:
        return ("\ufeff" if self.bom else "") + "".join(self.raw)

    def format(self, cells: list[str]) -> str:
        """One record in this file's quoting, without a line break; no cell a spreadsheet
        would run as a formula (csvfile.neutralise, which the reader undoes)."""
        out = io.StringIO()
        # formatted with \r\n so that a cell holding either character is always quoted
        csv.writer(
            out,
            lineterminator="\r\n",
            quoting=csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL,
        ).writerow([neutralise(cell) for cell in cells])
        return out.getvalue()[:-2]

    def add_columns(self, names: list[str]) -> None:
        """Lengthen the header line by `names`; every other line stays as it is."""
        head = self.raw[0].rstrip("\r\n")
        self.raw[0] = head + "," + self.format(names) + self.raw[0][len(head) :]
        self.cells[0] = self.cells[0] + names

    def replace(self, index: int, cells: list[str]) -> None:
        """Rewrite record `index`, keeping its line break."""
        old = self.raw[index]
        self.raw[index] = self.format(cells) + old[len(old.rstrip("\r\n")) :]
        self.cells[index] = cells

    def append(self, cells: list[str]) -> None:
        """Add a record at the end; a file without a final line break keeps having none."""
        last = self.raw[-1]
        if last.endswith(("\n", "\r")):
            self.raw.append(self.format(cells) + self.eol)
        else:
            self.raw[-1] = last + self.eol
            self.raw.append(self.format(cells))
        self.cells.append(cells)


def _is_row(cells: list[str]) -> bool:
    """A row the reader takes as a concept or header (not blank, not a `#` comment)."""
    return any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#")


def _open(project: Project, path: Path) -> _Sheet:
    """`path` as a sheet, or a new sheet with a header of the project's languages and note."""
    if not path.exists():
        return _Sheet.parse(
            ",".join([project.source_language, *project.target_languages]) + ",note\n"
        )
    text = read_utf8(path, GlossaryError, "Save it as UTF-8.")
    parse_csv(text, path, project.source_language, project.relative(path))  # valid as it is
    with path.open("rb") as fh:
        bom = fh.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
    return _Sheet.parse(text, bom)


def _cells(concept: Concept) -> dict[Column, str]:
    """The non-empty cells of `concept`'s row, by column."""
    cells: dict[Column, str] = {("term", lang): "|".join(v) for lang, v in concept.terms.items()}
    cells.update({("forbidden", lang): "|".join(v) for lang, v in concept.forbidden.items()})
    if concept.note:
        cells[("note", None)] = concept.note
    if concept.case_sensitive:
        cells[("case", None)] = "sensitive"
    return cells


def _column_name(column: Column) -> str:
    kind, lang = column
    if kind == "term" and lang:
        return lang
    return f"{lang}{FORBIDDEN_SUFFIX}" if kind == "forbidden" else kind


def _columns(sheet: _Sheet, path: Path, wanted: list[Column]) -> list[Column]:
    """The sheet's columns, after adding to its header those of `wanted` it lacks."""
    columns = header_columns(sheet.cells[0], path)
    missing = list(dict.fromkeys(c for c in wanted if c not in columns))
    if missing:
        sheet.add_columns([_column_name(c) for c in missing])
    return columns + missing


def _row(columns: list[Column], values: dict[Column, str], cells: list[str]) -> list[str]:
    """`cells` (padded to the header) with `values` written into their columns."""
    row = cells + [""] * (len(columns) - len(cells))
    for column, value in values.items():
        row[columns.index(column)] = value
    if not _is_row(row):
        raise GlossaryError(
            f"the row would start with {row[0].strip()!r}, which makes it a comment line.",
            hint="Put a variant that does not start with '#' first.",
        )
    return row


def _glossary(project: Project, target: Path) -> dict[Path, list[Concept]]:
    """The concepts of every glossary file and of `target` if it exists, by resolved path."""
    paths = glossary_files(project)
    if target.exists() and target.resolve() not in {p.resolve() for p in paths}:
        paths.append(target)
    source = project.source_language
    return {p.resolve(): read_file(p, source, project.relative(p))[0] for p in paths}


def _write(
    project: Project, glossary: dict[Path, list[Concept]], path: Path, sheet: _Sheet
) -> list[Concept]:
    """Validate the whole glossary with `sheet` as `path`, then write it; its concepts."""
    text = sheet.text()
    concepts, _ = parse_csv(
        text.removeprefix("\ufeff"), path, project.source_language, project.relative(path)
    )
    others = [c for p, found in glossary.items() if p != path.resolve() for c in found]
    validate(others + concepts, project.source_language)
    atomic_write_text(path, text)
    return concepts


def _append(
    project: Project, glossary: dict[Path, list[Concept]], path: Path, concepts: list[Concept]
) -> list[Concept]:
    """Append one row per concept to `path`; the new rows as read back."""
    sheet = _open(project, path)
    values = [_cells(c) for c in concepts]
    columns = _columns(sheet, path, [column for cells in values for column in cells])
    for cells in values:
        sheet.append(_row(columns, cells, []))
    return _write(project, glossary, path, sheet)[-len(concepts) :]


class Added(NamedTuple):
    """What `add_term` did, and the row (file:line) of the concept it concerns."""

    change: Literal["added", "merged", "unchanged"]
    origin: str


def _merged(old: Concept, new: Concept, source: str) -> Concept:
    """`old` with what `new` adds: new variants after its own (its preferred terms stay
    first; source variants that are the same term are not repeated), the note appended."""

    def extend(
        have: tuple[str, ...], more: tuple[str, ...], key: Callable[[str], str]
    ) -> tuple[str, ...]:
        seen = {key(v) for v in have}
        out = list(have)
        for value in more:
            if key(value) not in seen:
                seen.add(key(value))
                out.append(value)
        return tuple(out)

    terms = dict(old.terms)
    for lang, values in new.terms.items():
        key: Callable[[str], str] = partial(term_key, old) if lang == source else str
        terms[lang] = extend(terms.get(lang, ()), values, key)
    forbidden = dict(old.forbidden)
    for lang, values in new.forbidden.items():
        forbidden[lang] = extend(forbidden.get(lang, ()), values, str)
    note = old.note
    if new.note and new.note != old.note:
        note = f"{old.note}; {new.note}" if old.note else new.note
    return replace(old, terms=terms, forbidden=forbidden, note=note)


def _already_a_concept(term: str, concepts: list[Concept], source: str) -> GlossaryError:
    """The error for a new term that is already one concept (or several), at the first."""
    first = concepts[0]
    variants = " | ".join(first.variants(source))
    if len(concepts) == 1:
        message = f"{term!r} is already a concept: {variants}."
        hint = "Add the new terms to that row as variants with --merge, or edit the row."
    else:
        others = ", ".join(c.origin for c in concepts[1:])
        message = f"{term!r} names {len(concepts)} concepts: this row ({variants}) and {others}."
        hint = "Merge those rows into one first; --merge adds to exactly one row."
    return GlossaryError(message, path=first.file, line=first.row, hint=hint)


def add_term(
    project: Project,
    term: str,
    targets: dict[str, list[str]],
    forbidden: dict[str, list[str]] | None = None,
    note: str = "",
    case_sensitive: bool = False,
    file: str | None = None,
    merge: bool = False,
) -> Added:
    """Add one concept to `file` (the default glossary file when None).

    A term that is already a concept (a source variant is the same term as one of an
    existing row, see `term_key`) is refused, naming that row; with `merge` what the new
    concept adds goes into that row instead, wherever it is. Adding only what the row
    already says changes nothing and is no error, so a script can add a term twice.
    """
    if not term.strip():
        raise GlossaryError("the source term is empty.", hint="Give the term to add.")
    source = project.source_language
    terms = {source: tuple(v.strip() for v in term.split("|") if v.strip())}
    for lang, values in targets.items():
        terms[normalize_language(lang)] = tuple(values)
    bad = {normalize_language(k): tuple(v) for k, v in (forbidden or {}).items()}
    path = glossary_file(project, file, "--file") if file else default_target(project)
    if path.suffix != ".csv":
        raise GlossaryError("glossary files are .csv files.", path=path)
    concept = Concept(terms, bad, note, case_sensitive, project.relative(path), 0)

    glossary = _glossary(project, path)
    keys = {term_key(concept, v) for v in terms[source]}
    same = [
        (p, c)
        for p, found in glossary.items()
        for c in found
        if any(term_key(c, v) in keys for v in c.variants(source))
    ]
    if not same:
        return Added("added", _append(project, glossary, path, [concept])[0].origin)
    where, old = same[0]
    new = _merged(old, concept, source)
    if len(same) == 1 and new == old:
        return Added("unchanged", old.origin)
    if not merge or len(same) > 1:
        raise _already_a_concept(term, [c for _, c in same], source)
    sheet = _open(project, where)
    before, after = _cells(old), _cells(new)
    changed = {column: value for column, value in after.items() if before.get(column) != value}
    columns = _columns(sheet, where, list(changed))
    index = sheet.starts.index(old.row)
    sheet.replace(index, _row(columns, changed, sheet.cells[index]))
    _write(project, glossary, where, sheet)
    return Added("merged", old.origin)


def _same_terms(
    concept: Concept, source: str
) -> tuple[str | None, tuple[tuple[str, tuple[str, ...]], ...]]:
    """What an imported concept must differ in from every row to be added."""
    return concept.preferred(source), tuple(sorted(concept.terms.items()))


def import_file(project: Project, source: Path, into: str | None = None) -> tuple[Path, int]:
    """Import a TBX or CSV glossary into `glossary/<into or its name>.csv`; returns the file
    and how many concepts it added (a concept whose terms are already in the glossary is
    skipped, so importing a file twice adds nothing)."""
    name = into or (source.stem + ".csv")
    if not name.endswith(".csv"):
        name += ".csv"
    path = glossary_file(project, name, "--into")
    concepts, _ = read_file(source, project.source_language)
    usable = [c for c in concepts if c.variants(project.source_language)]
    if not usable:
        raise GlossaryError(
            f"holds no entry with a {project.source_language} term.",
            path=source,
            hint="Each concept needs a term in the project's source language.",
        )
    glossary = _glossary(project, path)
    known = {_same_terms(c, project.source_language) for cs in glossary.values() for c in cs}
    fresh = [c for c in usable if _same_terms(c, project.source_language) not in known]
    if fresh:
        _append(project, glossary, path, fresh)
    return path, len(fresh)


def export_file(
    glossary: Glossary, project: Project, fmt: GlossaryFormat, output: Path, force: bool
) -> None:
    """Write the export to `output`; a file the project reads only with `force`."""
    project.guard_export(output, force)
    atomic_write_text(output, export_text(glossary, project, fmt))


def export_text(glossary: Glossary, project: Project, fmt: GlossaryFormat) -> str:
    from transflow.glossary.csvfile import csv_text
    from transflow.glossary.tbx import tbx_text

    langs = _languages(project, glossary.concepts)
    source, targets = langs[0], langs[1:]
    writer = {GlossaryFormat.CSV: csv_text, GlossaryFormat.TBX: tbx_text}[fmt]
    return writer(glossary.concepts, source, targets)
