"""`transflow status`: how far each article is in each language, read from the PO files."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from transflow.extract.sources import load_articles
from transflow.po.catalog import (
    REVIEWED,
    UNREVIEWED,
    UNTRANSLATED,
    active_entries,
    catalog_path,
    entry_state,
    load_catalog,
)
from transflow.project.project import Project


@dataclass
class StatusRow:
    slug: str
    lang: str
    catalog: str  # path relative to the project root
    segments: int
    untranslated: int
    unreviewed: int
    reviewed: int
    stale: bool  # the catalog does not match the source: run `transflow extract`

    @property
    def percent_reviewed(self) -> float:
        return round(100.0 * self.reviewed / self.segments, 1) if self.segments else 100.0

    def as_dict(self) -> dict:
        return {**asdict(self), "percent_reviewed": self.percent_reviewed}


def project_status(
    project: Project, select: list[str] | None = None, langs: list[str] | None = None
) -> list[StatusRow]:
    """One row per article x target language. A missing catalog counts as all untranslated."""
    targets = project.targets(langs)
    rows = []
    for article in load_articles(project.sources_dir, project.source_language, select):
        sentences = {seg.text for seg in article.segments()}
        for lang in targets:
            path = catalog_path(project.translations_dir, lang, article.slug)
            counts = {UNTRANSLATED: 0, UNREVIEWED: 0, REVIEWED: 0}
            if path.exists():
                entries = active_entries(load_catalog(path))
                for entry in entries:
                    counts[entry_state(entry)] += 1
                stale = {e.msgid for e in entries} != sentences
                total = len(entries)
            else:
                counts[UNTRANSLATED] = total = len(sentences)
                stale = True
            rows.append(
                StatusRow(
                    article.slug,
                    lang,
                    project.relative(path),
                    total,
                    counts[UNTRANSLATED],
                    counts[UNREVIEWED],
                    counts[REVIEWED],
                    stale,
                )
            )
    return rows
