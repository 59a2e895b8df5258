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
from transflow.po.catalog import MergeStats, merge, now_stamp, render
from transflow.po.update import Loaded, Snapshot, changed_since, project_lock, read
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
    to move. A catalog saved by someone else between our reading and our writing (a
    reviewer, a git pull) is merged again as it is then, so their change is kept."""
    walk = project.catalogs(select, langs)
    articles: dict[Path, Article] = {}
    for ref in walk.catalogs:
        if ref.source.path not in articles:
            articles[ref.source.path] = parse_article(ref.source.path, project.source_language)
    planned: list[tuple[ExtractedCatalog, Article, Snapshot | None, str]] = []
    for ref in walk.catalogs:
        article = articles[ref.source.path]
        old = read(ref.path) if ref.exists else None
        result = ExtractedCatalog(ref.slug, ref.lang, ref.path, MergeStats(), created=old is None)
        text = _merged(project, article, result, old)
        planned.append((result, article, old.snapshot if old else None, text))
    report = ExtractReport(orphans=walk.orphans)
    # Under the project's lock, every catalog or none (a full disk or a read-only folder
    # writes none); one saved by someone else since we read it is merged again as it is now.
    with project_lock(project.root):
        batch = WriteBatch()
        for result, article, snapshot, text in planned:
            if changed_since(result.path, snapshot):
                text = _merged(project, article, result, read(result.path))
            batch.write_text(result.path, text)
        written = set(batch.commit())
    for result, *_ in planned:
        result.written = result.path in written
        report.results.append(result)
    return report


def _merged(
    project: Project, article: Article, result: ExtractedCatalog, old: Loaded | None
) -> str:
    """The text of the catalog `old` brought in line with `article` (stats into `result`)."""
    source = project.relative(article.path)
    po, result.stats = merge(
        old.po if old else None, article, result.lang, project.source_language, source
    )
    text = render(po)
    if old is not None and text != old.text:
        po.metadata["POT-Creation-Date"] = now_stamp()
        text = render(po)
    return text
