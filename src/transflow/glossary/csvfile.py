"""`glossary/*.csv`: one concept per row, columns named by language code.

    en,ko,zh,ko.forbidden,note,case
    North Korean defector|defector,탈북민,脱北者,탈북자,Style guide: 탈북민 since 2005,

- a language column holds variants separated by `|`, the preferred one first;
- `<lang>.forbidden` lists variants that must not be used;
- `note` is free text for translators; `case` is `sensitive` to match the source term's case
  exactly (acronyms such as `UN` or `WHO` are always matched case-sensitively);
- blank lines and lines whose first cell starts with `#` are ignored;
- a row may be shorter than the header: its missing cells are empty, so a column can be
  added by changing the header line alone (what `glossary add` does).

Errors name the file and the row (the line number an editor shows).

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula (CSV injection), so an exported cell that starts so gets a leading `'`, as
OWASP advises (and so does one that starts with `'` before such a character or another `'`);
the reader takes that `'` off again, so export and import give back every term exactly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

from transflow.glossary.model import Concept
from transflow.project.errors import GlossaryError, LanguageError
from transflow.project.fsutil import read_utf8
from transflow.project.languages import normalize_language

FORBIDDEN_SUFFIX = ".forbidden"
CASE_VALUES = {"": False, "insensitive": False, "sensitive": True}

# ('term', 'ko'), ('forbidden', 'ko'), ('note', None), ('case', None)
Column = tuple[Literal["term", "forbidden"], str] | tuple[Literal["note", "case"], None]
EXTRA_COLUMNS: dict[str, Column] = {"note": ("note", None), "case": ("case", None)}


_FORMULA_START = frozenset("=+-@\t\r")
_ESCAPED_START = _FORMULA_START | {"'"}


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet shows it as text: a leading `'` where it would start a
    formula, or where `restore` would otherwise take one off."""
    if cell[:1] in _FORMULA_START or (cell[:1] == "'" and cell[1:2] in _ESCAPED_START):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The cell `neutralise` was given."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _ESCAPED_START else cell


def split_variants(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split("|") if v.strip())


def header_columns(cells: list[str], path: Path) -> list[Column]:
    """Each column of a header row as (kind, lang); an unknown or repeated name is an error."""
    columns: list[Column] = []
    seen: set[Column] = set()
    for raw in cells:
        name = raw.strip().lstrip("\ufeff")
        low = name.lower()
        if low in EXTRA_COLUMNS:
            column = EXTRA_COLUMNS[low]
        else:
            kind: Literal["term", "forbidden"] = "term"
            code = name
            if low.endswith(FORBIDDEN_SUFFIX):
                kind, code = "forbidden", name[: -len(FORBIDDEN_SUFFIX)]
            try:
                column = (kind, normalize_language(code))
            except LanguageError as exc:
                raise GlossaryError(
                    f"unknown column {name!r}: {exc.message}",
                    path=path,
                    line=1,
                    hint="Columns are language codes (en, ko, zh, ...), '<lang>.forbidden', "
                    "'note' and 'case'.",
                ) from None
        if column in seen:
            raise GlossaryError(f"column {name!r} appears twice.", path=path, line=1)
        seen.add(column)
        columns.append(column)
    return columns


def read_csv(
    path: Path, source_language: str | None = None, display: str | None = None
) -> tuple[list[Concept], str]:
    """Concepts of one CSV file and the source language (given, or its first language column)."""
    try:
        text = read_utf8(path, GlossaryError, "Save it as UTF-8.")
    except OSError as exc:
        raise GlossaryError(f"cannot be read: {exc.strerror}.", path=path) from None
    return parse_csv(text, path, source_language, display)


def parse_csv(
    text: str, path: Path, source_language: str | None = None, display: str | None = None
) -> tuple[list[Concept], str]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = []
        start = 1
        for cells in reader:
            rows.append((start, [restore(cell) for cell in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            # a quote never closed runs to the end of the file: name where it opened
            ran_on = f" (read as one cell up to line {reader.line_num})"
            raise GlossaryError(
                "is not valid CSV: a quoted cell of this row is never closed"
                + (ran_on if reader.line_num > start else "")
                + ".",
                path=path,
                line=start,
                hint='Close the quote, or double a quote inside a cell (""), then run again.',
            ) from None
        raise GlossaryError(
            f"is not valid CSV ({exc}).",
            path=path,
            line=reader.line_num,
            hint="Quote cells that contain commas or quotes with double quotes.",
        ) from None
    if not rows or not any(c.strip() for c in rows[0][1]):
        raise GlossaryError(
            "has no header row.",
            path=path,
            line=1,
            hint="The first row names the columns, e.g. en,ko,zh,ko.forbidden,note",
        )
    columns = header_columns(rows[0][1], path)
    langs = [lang for kind, lang in columns if kind == "term"]
    source = source_language or (langs[0] if langs else None)
    if source is None or source not in langs:
        raise GlossaryError(
            f"has no column for the source language {source or ''}".rstrip() + ".",
            path=path,
            line=1,
            hint=f"Add a '{source or 'en'}' column holding the source terms.",
        )
    concepts = []
    for line, cells in rows[1:]:
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise GlossaryError(
                f"row has {len(cells)} cells but the header names {len(columns)} columns.",
                path=path,
                line=line,
                hint="Quote cells that contain commas.",
            )
        terms: dict[str, tuple[str, ...]] = {}
        forbidden: dict[str, tuple[str, ...]] = {}
        note, case = "", False
        for column, cell in zip(columns, cells, strict=False):
            if column[0] == "note":
                note = cell.strip()
            elif column[0] == "case":
                value = cell.strip().lower()
                if value not in CASE_VALUES:
                    raise GlossaryError(
                        f"bad value {cell!r} in column 'case'.",
                        path=path,
                        line=line,
                        hint="Use 'sensitive' or leave it empty.",
                    )
                case = CASE_VALUES[value]
            elif column[0] == "term" and split_variants(cell):
                terms[column[1]] = split_variants(cell)
            elif column[0] == "forbidden" and split_variants(cell):
                forbidden[column[1]] = split_variants(cell)
        if source not in terms:
            raise GlossaryError(
                f"empty source term (column '{source}').",
                path=path,
                line=line,
                hint="Every row needs the source-language term; delete the row or fill it in.",
            )
        for lang, bad in forbidden.items():
            clash = set(bad) & set(terms.get(lang, ()))
            if clash:
                raise GlossaryError(
                    f"{sorted(clash)[0]!r} is both accepted and forbidden for {lang}.",
                    path=path,
                    line=line,
                )
        shown = display or _display(path)
        concepts.append(Concept(terms, forbidden, note, case, file=shown, row=line))
    return concepts, source


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def csv_text(concepts: list[Concept], source: str, targets: list[str]) -> str:
    """CSV text for `concepts`: source, targets, forbidden columns, note, case; no cell a
    spreadsheet would run as a formula."""
    forbidden = [t for t in targets if any(c.forbidden_variants(t) for c in concepts)]
    has_case = any(c.case_sensitive for c in concepts)
    header = [source, *targets, *(f"{t}{FORBIDDEN_SUFFIX}" for t in forbidden), "note"]
    if has_case:
        header.append("case")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for c in concepts:
        row = ["|".join(c.variants(lang)) for lang in [source, *targets]]
        row += ["|".join(c.forbidden_variants(t)) for t in forbidden]
        row.append(c.note)
        if has_case:
            row.append("sensitive" if c.case_sensitive else "")
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
