"""The newsroom's terminology: `glossary/*.csv` (TBX import/export), matching and lookups.

Public API (what checks, translation and the review UI build on):

- `load_glossary(project | paths, source_language=None) -> Glossary`
- `Glossary.find_terms(source) -> [TermMatch(concept, start, end, text)]`: the terms of a
  source sentence; `concept.variants(lang)` are the accepted targets (preferred first),
  `concept.forbidden_variants(lang)` the forbidden ones.
- `Glossary.evaluate(source, target, lang) -> TermReport(satisfied, missing, forbidden)`.
- `select_hypothesis(...)` in `transflow.translate.selection`: glossary-aware n-best choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from transflow.glossary.matching import source_key
from transflow.glossary.model import Concept, Glossary, TermMatch, TermReport
from transflow.project.errors import GlossaryError
from transflow.project.project import Project

__all__ = [
    "Concept",
    "Glossary",
    "TermMatch",
    "TermReport",
    "load_glossary",
    "glossary_files",
    "validate",
]


def glossary_files(project: Project) -> list[Path]:
    folder = project.folder("glossary")
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def read_file(
    path: Path, source_language: str | None, display: str | None = None
) -> tuple[list[Concept], str]:
    """Concepts of one glossary file (.csv or .tbx) and its source language."""
    from transflow.glossary.csvfile import read_csv

    if not path.is_file():
        raise GlossaryError("no such glossary file.", path=path)
    if path.suffix.lower() in (".tbx", ".xml"):
        from transflow.glossary.tbx import read_tbx

        concepts = read_tbx(path, display)
        langs = [lang for c in concepts for lang in c.terms]
        source = source_language or (langs[0] if langs else "en")
        return concepts, source
    if path.suffix.lower() != ".csv":
        raise GlossaryError(
            f"unsupported glossary format {path.suffix or '(no suffix)'!r}.",
            path=path,
            hint="Use a .csv glossary or a .tbx file.",
        )
    return read_csv(path, source_language, display)


def load_glossary(
    source: Project | Path | Iterable[Path],
    *,
    source_language: str | None = None,
    validate_rows: bool = True,
) -> Glossary:
    """The glossary of a project (a Project: every `glossary/*.csv`) or of the given files.

    Raises GlossaryError naming file and row for any invalid or conflicting row.
    """
    language: str | None
    if isinstance(source, Project):
        paths = glossary_files(source)
        language = source_language or source.source_language
        shown = {p: source.relative(p) for p in paths}
    else:
        paths = [source] if isinstance(source, Path) else [Path(p) for p in source]
        language = source_language
        shown = {}
    concepts: list[Concept] = []
    for path in paths:
        found, language = read_file(path, language, shown.get(path))
        concepts.extend(found)
    if validate_rows:
        validate(concepts, language or "en")
    return Glossary(concepts, language or "en")


def term_key(concept: Concept, variant: str) -> str:
    """What makes two source variants the same term: the matcher's folded key, or the
    exact words for a case-sensitive row (which is then a concept of its own)."""
    key, cased = source_key(variant)
    return " ".join(cased) if concept.case_sensitive else key


def validate(concepts: list[Concept], source: str) -> None:
    """The same source term must not map to different preferred targets in two rows."""
    first: dict[str, Concept] = {}
    for concept in concepts:
        if not concept.variants(source):
            raise GlossaryError(
                f"empty source term (column '{source}').",
                path=concept.file,
                line=concept.row or None,
            )
        for variant in concept.variants(source):
            key = term_key(concept, variant)
            other = first.get(key)
            if other is None:
                first[key] = concept
                continue
            if other is concept:
                continue
            for lang in set(concept.terms) | set(other.terms):
                if lang == source:
                    continue
                a, b = other.preferred(lang), concept.preferred(lang)
                if a and b and a != b:
                    raise GlossaryError(
                        f"source term {variant!r} is already in {other.origin} with preferred "
                        f"{lang} term {a!r}, but this row prefers {b!r}.",
                        path=concept.file or None,
                        line=concept.row or None,
                        hint="Keep one row per concept: merge them, listing the other "
                        "translation as a variant after '|'.",
                    )
