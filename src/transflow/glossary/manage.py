"""`transflow glossary add | import | export`: edit and exchange `glossary/*.csv`.

Every change is validated against the whole glossary (all files) before anything is
written, and written atomically; rows and comment lines already in a file are kept.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from transflow.glossary import glossary_files, read_file, validate
from transflow.glossary.csvfile import FORBIDDEN_SUFFIX, parse_csv
from transflow.glossary.model import Concept
from transflow.project.choices import GlossaryFormat
from transflow.project.errors import GlossaryError
from transflow.project.fsutil import atomic_write_text
from transflow.project.languages import normalize_language

DEFAULT_FILE = "glossary.csv"


def default_target(project) -> Path:
    files = glossary_files(project)
    return files[0] if len(files) == 1 else project.folder("glossary") / DEFAULT_FILE


def _languages(project, concepts: list[Concept]) -> list[str]:
    langs = [project.source_language, *project.target_languages]
    for c in concepts:
        for lang in [*c.terms, *c.forbidden]:
            if lang not in langs:
                langs.append(lang)
    return langs


def _column_names(concept: Concept) -> dict[str, str]:
    cells = {lang: "|".join(v) for lang, v in concept.terms.items()}
    cells.update(
        {f"{lang}{FORBIDDEN_SUFFIX}": "|".join(v) for lang, v in concept.forbidden.items()}
    )
    if concept.note:
        cells["note"] = concept.note
    if concept.case_sensitive:
        cells["case"] = "sensitive"
    return cells


def _merged_text(path: Path, concepts: list[Concept], project) -> str:
    """The file's text with `concepts` appended (columns added when needed)."""
    rows: list[list[str]] = []
    if path.exists():
        text = path.read_bytes().decode("utf-8-sig", errors="strict")
        rows = [r for r in csv.reader(io.StringIO(text, newline=""))]
    if not rows:
        rows = [[project.source_language, *project.target_languages, "note"]]
    header = rows[0]
    names = {}
    for i, name in enumerate(header):
        key = name.strip()
        low = key.lower()
        if low in ("note", "case"):
            names[low] = i
        elif low.endswith(FORBIDDEN_SUFFIX):
            try:
                names[normalize_language(key[: -len(FORBIDDEN_SUFFIX)]) + FORBIDDEN_SUFFIX] = i
            except Exception:
                names[key] = i
        else:
            try:
                names[normalize_language(key)] = i
            except Exception:
                names[key] = i
    for concept in concepts:
        cells = _column_names(concept)
        for column in cells:
            if column not in names:
                names[column] = len(header)
                header.append(column)
        row = [""] * len(header)
        for column, value in cells.items():
            row[names[column]] = value
        rows.append(row)
    width = len(header)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        if any(cell.strip() for cell in row):
            row = row + [""] * (width - len(row)) if len(row) < width else row
        writer.writerow(row)
    return out.getvalue()


def _save(project, path: Path, concepts: list[Concept]) -> int:
    """Append `concepts` to `path` after validating the whole glossary; returns rows added."""
    others: list[Concept] = []
    for other in glossary_files(project):
        if other.resolve() != path.resolve():
            others += read_file(other, project.source_language, project.relative(other))[0]
    existing = {
        (c.preferred(project.source_language), tuple(sorted((k, v) for k, v in c.terms.items())))
        for c in others
    }
    if path.exists():
        mine, _ = read_file(path, project.source_language, project.relative(path))
        existing |= {
            (c.preferred(project.source_language), tuple(sorted(c.terms.items()))) for c in mine
        }
    fresh = [
        c
        for c in concepts
        if (c.preferred(project.source_language), tuple(sorted(c.terms.items()))) not in existing
    ]
    if not fresh:
        return 0
    text = _merged_text(path, fresh, project)
    merged, _ = parse_csv(text, path, project.source_language, project.relative(path))
    validate(others + merged, project.source_language)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    return len(fresh)


def add_term(
    project,
    term: str,
    targets: dict[str, list[str]],
    forbidden: dict[str, list[str]] | None = None,
    note: str = "",
    case_sensitive: bool = False,
    file: str | None = None,
) -> tuple[Path, int]:
    """Add one concept; returns (file, rows added: 0 when the same row already exists)."""
    if not term.strip():
        raise GlossaryError("the source term is empty.", hint="Give the term to add.")
    source = project.source_language
    terms = {source: tuple(v.strip() for v in term.split("|") if v.strip())}
    for lang, values in targets.items():
        terms[normalize_language(lang)] = tuple(values)
    bad = {normalize_language(k): tuple(v) for k, v in (forbidden or {}).items()}
    path = project.folder("glossary") / file if file else default_target(project)
    if path.suffix != ".csv":
        raise GlossaryError("glossary files are .csv files.", path=path)
    concept = Concept(terms, bad, note, case_sensitive, project.relative(path), 0)
    return path, _save(project, path, [concept])


def import_file(project, source: Path, into: str | None = None) -> tuple[Path, int]:
    """Import a TBX or CSV glossary into `glossary/<into or its name>.csv`."""
    concepts, _ = read_file(source, project.source_language)
    usable = [c for c in concepts if c.variants(project.source_language)]
    if not usable:
        raise GlossaryError(
            f"holds no entry with a {project.source_language} term.",
            path=source,
            hint="Each concept needs a term in the project's source language.",
        )
    name = into or (source.stem + ".csv")
    if not name.endswith(".csv"):
        name += ".csv"
    path = project.folder("glossary") / name
    return path, _save(project, path, usable)


def export_text(glossary, project, fmt: GlossaryFormat) -> str:
    from transflow.glossary.csvfile import csv_text
    from transflow.glossary.tbx import tbx_text

    langs = _languages(project, glossary.concepts)
    source, targets = langs[0], langs[1:]
    writer = {GlossaryFormat.CSV: csv_text, GlossaryFormat.TBX: tbx_text}[fmt]
    return writer(glossary.concepts, source, targets)
