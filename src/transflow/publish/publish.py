"""`transflow publish`: the gate, then Markdown and HTML editions of what passed it.

For each requested article and language the gate (`gate.py`) decides; a passing article is
reassembled in the language (`reassemble.py`) into a Markdown edition (`frontmatter.py`),
and the HTML pages of every edition are rendered (`html.py`). `draft=True` publishes what
fails the gate anyway when there is a catalog to show, marked `draft: true` with a notice
saying what is machine-translated and what is not translated, untranslated sentences left in
the source language and marked as such. Editions already on disk that no longer match a
passing article are reported (and removed with `prune=True`, `stale.py`), never silently
left behind.

Everything is computed before anything is written or removed, so a broken project template
leaves the output folder as it was; then every file is written and removed as one batch of
the writer, so a full disk or a read-only folder leaves it as it was too. Files are written
only when their bytes change: re-running publish changes no byte.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from transflow.checks import Finding, check_project
from transflow.extract.sources import Article, parse_article
from transflow.project.choices import SiteLayout
from transflow.project.fsutil import WriteBatch
from transflow.project.project import CatalogFile, Project
from transflow.publish.corrections import corrections_meta
from transflow.publish.feeds import feed_pages, stale_feeds
from transflow.publish.frontmatter import (
    Edition,
    find_editions,
    front_matter,
    glossary_hash,
    markdown_edition,
    parse_edition,
)
from transflow.publish.gate import Gate, evaluate_gate, finding_of
from transflow.publish.html import Site, Templates, markdown_renderer, render_site
from transflow.publish.labels import DraftState
from transflow.publish.reassemble import reassemble, source_span
from transflow.publish.sanitize import sanitize_markdown as sanitize
from transflow.publish.stale import orphan_pages, stale_editions

PUBLISHED, DRAFT, HELD = "published", "draft", "held"


@dataclass
class EditionResult:
    """One requested edition: what the gate said and, unless held back, its files."""

    slug: str
    lang: str
    status: str  # published | draft | held
    gate: Gate
    paths: list[str] = field(default_factory=list)  # files of the edition (relative)


@dataclass
class StaleEdition:
    """An edition on disk that no longer matches what passes the gate."""

    slug: str
    lang: str
    path: str
    reason: str
    removed: bool = False


@dataclass
class PublishReport:
    """What publish did: every requested edition, what is stale, every page and file written."""

    out_dir: Path
    results: list[EditionResult] = field(default_factory=list)
    stale: list[StaleEdition] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # HTML pages (editions and indexes)
    written: list[str] = field(default_factory=list)  # every file whose bytes changed
    removed_pages: list[str] = field(default_factory=list)  # HTML left without an edition
    warnings: list[str] = field(default_factory=list)
    orphans: list[CatalogFile] = field(default_factory=list)  # catalogs of no article

    @property
    def ok(self) -> bool:
        """Every requested edition was published (as a draft when asked)."""
        return all(r.status != HELD for r in self.results)

    @property
    def held(self) -> list[EditionResult]:
        return [r for r in self.results if r.status == HELD]

    def as_dict(self) -> dict[str, object]:
        return {
            "out_dir": str(self.out_dir),
            "ok": self.ok,
            "editions": [
                {
                    "slug": r.slug,
                    "lang": r.lang,
                    "status": r.status,
                    "reasons": r.gate.reasons(),
                    "untranslated": r.gate.untranslated,
                    "unreviewed": r.gate.unreviewed,
                    "findings": [_finding_dict(f) for f in r.gate.findings],
                    "files": r.paths,
                }
                for r in self.results
            ],
            "stale": [s.__dict__ for s in self.stale],
            "pages": self.pages,
            "written": self.written,
            "removed_pages": self.removed_pages,
            "warnings": self.warnings,
        }


def _finding_dict(finding: Finding) -> dict[str, object]:
    keys = ("check", "severity", "file", "line", "lang", "msgid", "msgstr", "message")
    return {k: getattr(finding, k, None) for k in keys}


# --- publishing --------------------------------------------------------------------------------


def publish(
    project: Project,
    select: list[str] | None = None,
    langs: list[str] | None = None,
    *,
    draft: bool = False,
    out_dir: Path | None = None,
    prune: bool = False,
) -> PublishReport:
    """Gate and reassemble the requested editions, render the HTML of every edition, then
    write: nothing under the output folder changes unless everything could be rendered."""
    walk = project.catalogs(select, langs)
    out = Path(out_dir).resolve() if out_dir else project.folder("editions")
    report = PublishReport(out, orphans=walk.orphans)
    articles: dict[str, Article] = {}
    for ref in walk.catalogs:
        if ref.slug not in articles:
            articles[ref.slug] = parse_article(ref.source.path, project.source_language)
    glossary = glossary_hash(project.folder("glossary"))

    def rel(path: Path) -> str:
        return project.relative(path) if out_dir is None else path.as_posix()

    layout = SiteLayout(project.settings.get("publish", {}).get("layout", SiteLayout.PLAIN))
    root = out / "content" if layout is SiteLayout.HUGO else out  # where <lang>/<slug>.md go
    pending: dict[Path, str] = {}  # the Markdown editions to write
    on_disk = {e.path: e for e in find_editions(root)}
    history: dict[Path, str] = {}  # previous editions kept by a correction
    today = dt.date.today()
    held: dict[tuple[str, str], list[str]] = {}
    findings: list[Finding] = []
    if articles:  # one run: the glossary loads once
        findings = check_project(project, articles=list(articles), langs=walk.languages)
    for ref in walk.catalogs:
        article, lang = articles[ref.slug], ref.lang
        catalog = project.relative(ref.path)
        own = [f for f in findings if finding_of(f, catalog, article.slug, lang)]
        gate, reviewed, usable, reviewers = evaluate_gate(project, ref, article, own)
        md_path = root / lang / f"{article.slug}.md"
        if not gate.passed and not (draft and ref.exists):  # no catalog: nothing to show
            report.results.append(EditionResult(article.slug, lang, HELD, gate))
            held[(lang, article.slug)] = gate.reasons()
            continue
        state = None
        if not gate.passed:
            counts = (gate.segments, gate.unreviewed, gate.untranslated, len(gate.findings))
            state = DraftState(*counts, project.source_language)
        mark = source_span(project.source_language) if state else None
        table = usable if state else reviewed
        doc = reassemble(article, table, lang, drop_title=True, mark=mark, sanitize=sanitize)
        meta = front_matter(
            project,
            article,
            lang,
            doc.title,
            reviewers,
            state,
            glossary,
            title_missing=doc.title_missing,
            layout=layout,
        )
        previous = on_disk.get(md_path)
        extra, kept = corrections_meta(previous, article, reviewed, today, reviewed=gate.passed)
        meta.update(extra)
        if kept is not None:
            history[kept[0]] = kept[1]
        pending[md_path] = markdown_edition(meta, doc.body)
        status = PUBLISHED if gate.passed else DRAFT
        result = EditionResult(article.slug, lang, status, gate)
        result.paths = [rel(md_path)]
        if layout is SiteLayout.PLAIN:
            result.paths.append(rel(md_path.with_suffix(".html")))
        report.results.append(result)

    # The editions the output folder will hold: those on disk, with the new ones in place.
    planned = dict(on_disk)
    for path, text in pending.items():
        edition = parse_edition(path, text)
        assert edition is not None  # front_matter() has the keys that mark an edition
        planned[path] = edition
    source = project.source_language
    republish = not project.settings.get("publish", {}).get("source_url")
    if republish:  # the original, as the source-language edition of every translated article
        translated = {e.slug for e in planned.values() if e.lang != source}
        for article in articles.values():
            if article.slug in translated:
                path, text = _original_edition(project, article, root, glossary, layout)
                pending[path] = text
                planned[path] = parse_edition(path, text)  # type: ignore[assignment]
    editions = sorted(planned.values(), key=lambda e: e.path)
    current = {source.slug: source for source in walk.sources}
    languages = [*project.target_languages, *([source] if republish else [])]
    stale = stale_editions(editions, current, languages, held, source)
    other_root = out if root != out else out / "content"  # what another layout wrote
    stale += [(e, "written for another [publish] layout") for e in find_editions(other_root)]
    for edition, reason in stale:
        where = rel(edition.path)
        report.stale.append(StaleEdition(edition.slug, edition.lang, where, reason, prune))
    removed = [p for e, _ in stale for p in (e.path, e.html_path)] if prune else []
    editions = [e for e in editions if e.path not in removed]
    plain = layout is SiteLayout.PLAIN
    orphans = orphan_pages(out, editions, pending, removed, pages=plain)
    for page in orphans:
        report.removed_pages.append(rel(page))
        if plain and page.name != "index.html" and page.parent != out:  # an edition's page
            gone = "its Markdown edition is gone"
            report.stale.append(StaleEdition(page.stem, page.parent.name, rel(page), gone, True))
    pages = _render_pages(project, out, editions, report) if plain else []
    for path in stale_feeds(out, pages):
        orphans.append(path)
        report.removed_pages.append(rel(path))

    # Everything is computed: only now does the output folder change, all or nothing.
    batch = WriteBatch()
    for path, text in [*pending.items(), *history.items(), *pages]:
        batch.write_text(path, text)
    for path in removed + orphans:
        batch.remove(path)
    report.written = [rel(path) for path in batch.commit()]
    report.pages = [rel(path) for path, _ in pages]
    return report


def _original_edition(
    project: Project, article: Article, root: Path, glossary: str | None, layout: SiteLayout
) -> tuple[Path, str]:
    """The source article as the source-language edition: editions/<source>/<slug>.md, laid
    out the way the translated editions are, so that every link stays in the output folder."""
    lang = project.source_language
    itself = {segment.text: segment.text for segment in article.segments()}
    doc = reassemble(article, itself, lang, drop_title=True, sanitize=sanitize)
    meta = front_matter(
        project, article, lang, doc.title, [], None, glossary, original=True, layout=layout
    )
    return root / lang / f"{article.slug}.md", markdown_edition(meta, doc.body)


def _render_pages(
    project: Project,
    out: Path,
    editions: list[Edition],
    report: PublishReport,
) -> list[tuple[Path, str]]:
    """Every HTML page of `editions`; locale fallbacks become warnings of the report."""
    settings = project.settings.get("publish", {})
    template = settings.get("source_url", "")
    links = {}
    if template:
        links = {e.slug: template.replace("{slug}", e.slug) for e in editions}
    site = Site(
        project.name, project.source_language, out, editions, links, settings.get("base_url", "")
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pages = render_site(Templates(project.folder("templates"), project.relative), site)
    pages += feed_pages(site, markdown_renderer())
    for message in dict.fromkeys(str(w.message) for w in caught):
        report.warnings.append(message)
    return pages
