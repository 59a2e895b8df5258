"""`transflow extract`: bring every article's PO catalogs in line with its source.

Two phases so bad input writes nothing: first every source and every existing catalog is
parsed and merged in memory; only when all of that succeeded are files written (each one
atomically, and only when its bytes change, so a second run changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from transflow.extract.sources import load_articles
from transflow.po.catalog import MergeStats, catalog_path, load_catalog, merge, now_stamp, render
from transflow.project.fsutil import atomic_write_text
from transflow.project.project import Project


@dataclass
class CatalogResult:
    slug: str
    lang: str
    path: Path
    stats: MergeStats
    written: bool = False
    created: bool = False


@dataclass
class ExtractReport:
    results: list[CatalogResult] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)  # catalogs with no article or language

    @property
    def written(self) -> list[CatalogResult]:
        return [r for r in self.results if r.written]


def extract(
    project: Project, select: list[str] | None = None, langs: list[str] | None = None
) -> ExtractReport:
    """Create or update translations/<lang>/<slug>.po for the chosen articles and languages."""
    targets = project.targets(langs)
    articles = load_articles(project.sources_dir, project.source_language, select)
    planned: list[tuple[CatalogResult, str]] = []
    for article in articles:
        source_rel = project.relative(article.path)
        for lang in targets:
            path = catalog_path(project.translations_dir, lang, article.slug)
            old = load_catalog(path) if path.exists() else None
            po, stats = merge(old, article, lang, project.source_language, source_rel)
            text = render(po)
            old_text = path.read_text(encoding="utf-8") if old is not None else None
            if old_text is not None and text != old_text:
                po.metadata["POT-Creation-Date"] = now_stamp()
                text = render(po)
            result = CatalogResult(article.slug, lang, path, stats, created=old is None)
            planned.append((result, text))
    report = ExtractReport(orphans=find_orphans(project, {a.slug for a in articles}, select))
    for result, text in planned:
        result.written = atomic_write_text(result.path, text)
        report.results.append(result)
    return report


def find_orphans(project: Project, slugs: set[str], select: list[str] | None) -> list[Path]:
    """PO files whose article or language is gone from the project.

    They are reported, never deleted: they may hold reviewed work someone wants to move.
    """
    folder = project.translations_dir
    if not folder.is_dir():
        return []
    orphans = []
    for path in sorted(folder.glob("*/*.po")):
        lang, slug = path.parent.name, path.stem
        if lang not in project.target_languages or (not select and slug not in slugs):
            orphans.append(path)
    return orphans
