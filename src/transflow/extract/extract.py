"""`transflow extract`: bring every article's PO catalogs in line with its source.

Two phases so bad input writes nothing: first every source and every existing catalog is
parsed and merged in memory; only when all of that succeeded are files written, as one
batch of the writer (all or none of them, each only when its bytes change, so a second run
changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from transflow.extract.sources import Article, parse_article
from transflow.po.catalog import MergeStats, load_catalog, merge, now_stamp, render
from transflow.project.fsutil import WriteBatch
from transflow.project.project import CatalogFile, Project


@dataclass
class ExtractedCatalog:
    slug: str
    lang: str
    path: Path
    stats: MergeStats
    written: bool = False
    created: bool = False


@dataclass
class ExtractReport:
    results: list[ExtractedCatalog] = field(default_factory=list)
    orphans: list[CatalogFile] = field(default_factory=list)  # reported, never touched

    @property
    def written(self) -> list[ExtractedCatalog]:
        return [r for r in self.results if r.written]


def extract(
    project: Project, select: list[str] | None = None, langs: list[str] | None = None
) -> ExtractReport:
    """Create or update translations/<lang>/<slug>.po for the chosen articles and languages.

    Orphan catalogs are reported, never deleted: they may hold reviewed work someone wants
    to move."""
    walk = project.catalogs(select, langs)
    articles: dict[Path, Article] = {}
    for ref in walk.catalogs:
        if ref.source.path not in articles:
            articles[ref.source.path] = parse_article(ref.source.path, project.source_language)
    planned: list[tuple[ExtractedCatalog, str]] = []
    for ref in walk.catalogs:
        article = articles[ref.source.path]
        source_rel = project.relative(article.path)
        old = load_catalog(ref.path) if ref.exists else None
        po, stats = merge(old, article, ref.lang, project.source_language, source_rel)
        text = render(po)
        old_text = ref.path.read_text(encoding="utf-8") if old is not None else None
        if old_text is not None and text != old_text:
            po.metadata["POT-Creation-Date"] = now_stamp()
            text = render(po)
        result = ExtractedCatalog(ref.slug, ref.lang, ref.path, stats, created=old is None)
        planned.append((result, text))
    report = ExtractReport(orphans=walk.orphans)
    batch = WriteBatch()  # every catalog or none: a full disk or read-only folder writes none
    for result, text in planned:
        batch.write_text(result.path, text)
    written = set(batch.commit())
    for result, _ in planned:
        result.written = result.path in written
        report.results.append(result)
    return report
