"""`transflow publish`: the gate, then Markdown and HTML editions of what passed it.

Gate: an article is published in a language only when every one of its sentences has a
reviewed translation (non-empty msgstr, no `fuzzy`) and `transflow.checks` reports no
error-severity finding for it. `draft=True` publishes anyway, marked `draft: true` with a
visible notice, untranslated sentences left in the source language.

Everything is computed before anything is written, files are written atomically and only
when their bytes change (re-running publish changes no byte), and editions already on disk
that no longer match a passing article are reported (and removed with `prune=True`), never
silently left behind.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transflow.checks import check_project
from transflow.extract.sources import Article, load_articles, select_articles
from transflow.po.catalog import (
    REVIEWED,
    UNREVIEWED,
    catalog_path,
    entry_state,
    load_catalog,
)
from transflow.project.fsutil import atomic_write_text
from transflow.project.project import Project
from transflow.publish.editions import (
    Edition,
    Site,
    draft_notice,
    find_editions,
    glossary_hash,
    markdown_edition,
    markdown_renderer,
    read_edition,
    relative_href,
    render_edition_html,
    render_language_index,
    render_site_index,
    sha256_file,
    template_environment,
)
from transflow.publish.reassemble import reassemble

PUBLISHED, DRAFT, HELD = "published", "draft", "held"
# `transflow review` records who accepted an entry: `#. transflow: reviewed-by=NAME`.
_REVIEWER = re.compile(r"^transflow:\s*reviewed-by=(.+)$")
_EMAIL = re.compile(r"\s*<[^>]*>\s*$")


@dataclass
class Gate:
    """Whether one article may be published in one language, and why not."""

    slug: str
    lang: str
    catalog: str  # relative path of the PO file
    segments: int  # unique source sentences
    untranslated: int = 0  # no msgstr (or no entry: the catalog is stale)
    unreviewed: int = 0  # fuzzy
    not_in_catalog: int = 0  # part of `untranslated`: run `transflow extract`
    catalog_missing: bool = False
    findings: list[Any] = field(default_factory=list)  # error-severity check findings
    checks_ran: bool = False

    @property
    def passed(self) -> bool:
        return not (self.untranslated or self.unreviewed or self.findings)

    def reasons(self) -> list[str]:
        out = []
        if self.catalog_missing:
            out.append(f"no catalog {self.catalog}: run `transflow extract`")
        elif self.not_in_catalog:
            out.append(
                f"{self.not_in_catalog} source sentence(s) not in {self.catalog}: "
                "run `transflow extract`"
            )
        if self.untranslated:
            out.append(f"{self.untranslated} untranslated")
        if self.unreviewed:
            out.append(f"{self.unreviewed} unreviewed (fuzzy)")
        if self.findings:
            out.append(f"{len(self.findings)} error finding(s) from `transflow check`")
        return out


@dataclass
class EditionResult:
    slug: str
    lang: str
    status: str  # published | draft | held
    gate: Gate
    paths: list[str] = field(default_factory=list)  # files of the edition (relative)
    written: list[str] = field(default_factory=list)  # those whose bytes changed


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
    out_dir: Path
    results: list[EditionResult] = field(default_factory=list)
    stale: list[StaleEdition] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # HTML pages (editions and indexes)
    written: list[str] = field(default_factory=list)  # every file whose bytes changed
    removed_pages: list[str] = field(default_factory=list)  # HTML left without an edition
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every requested edition was published (as a draft when asked)."""
        return all(r.status != HELD for r in self.results)

    @property
    def held(self) -> list[EditionResult]:
        return [r for r in self.results if r.status == HELD]

    def as_dict(self) -> dict[str, Any]:
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


def _finding_dict(finding: Any) -> dict[str, Any]:
    keys = ("check", "severity", "file", "line", "lang", "msgid", "msgstr", "message")
    return {k: getattr(finding, k, None) for k in keys}


# --- the gate ----------------------------------------------------------------------------------


def _finding_of(finding: Any, catalog: str, slug: str, lang: str) -> bool:
    """Whether a check finding is about this article's catalog in this language."""
    file = str(getattr(finding, "file", ""))
    if file == catalog:
        return True
    return Path(file).stem == slug and getattr(finding, "lang", None) == lang


def evaluate_gate(
    project: Project, article: Article, lang: str, findings: list[Any], checks_ran: bool
) -> tuple[Gate, dict[str, str], dict[str, str], list[str]]:
    """The gate for one article and language, the reviewed and the usable translations
    (reviewed + fuzzy, for drafts), and the reviewers named in the catalog."""
    path = catalog_path(project.translations_dir, lang, article.slug)
    sentences = list(dict.fromkeys(seg.text for seg in article.segments()))
    gate = Gate(
        article.slug,
        lang,
        project.relative(path),
        len(sentences),
        findings=[f for f in findings if getattr(f, "severity", "") == "error"],
        checks_ran=checks_ran,
    )
    reviewed: dict[str, str] = {}
    usable: dict[str, str] = {}
    reviewers: list[str] = []
    if not path.exists():
        gate.catalog_missing = True
        gate.untranslated = gate.not_in_catalog = len(sentences)
        return gate, reviewed, usable, reviewers
    po = load_catalog(path)
    entries = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt}
    translator = _EMAIL.sub("", po.metadata.get("Last-Translator", "")).strip()
    if translator and "FULL NAME" not in translator:
        reviewers.append(translator)
    for text in sentences:
        entry = entries.get(text)
        if entry is None:
            gate.untranslated += 1
            gate.not_in_catalog += 1
            continue
        state = entry_state(entry)
        if state == REVIEWED:
            reviewed[text] = usable[text] = entry.msgstr
            for line in (entry.comment or "").split("\n"):
                found = _REVIEWER.match(line.strip())
                if found:
                    reviewers.append(_EMAIL.sub("", found.group(1)).strip())
        elif state == UNREVIEWED:
            gate.unreviewed += 1
            usable[text] = entry.msgstr
        else:
            gate.untranslated += 1
    return gate, reviewed, usable, sorted(set(reviewers))


# --- publishing --------------------------------------------------------------------------------


def _front_matter(
    project: Project,
    article: Article,
    lang: str,
    title: str,
    reviewers: list[str],
    draft: bool,
    glossary: str | None,
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": title,
        "lang": lang,
        "date": article.metadata.get("date"),
        "slug": article.slug,
        "translationKey": article.slug,  # Hugo links the editions of one article by this
        "translated_from": project.source_language,
        "source": project.relative(article.path),
    }
    if meta["date"] is None:
        del meta["date"]
    reserved = set(meta) | {"reviewers", "draft", "notice", "source_sha256", "glossary_sha256"}
    for key, value in article.metadata.items():  # author, tags, ... carried over
        if key not in reserved:
            meta[key] = value
    meta["reviewers"] = reviewers
    meta["draft"] = draft
    if draft:
        meta["notice"] = draft_notice(lang)
    meta["source_sha256"] = sha256_file(article.path)
    meta["glossary_sha256"] = glossary
    return meta


def publish(
    project: Project,
    select: list[str] | None = None,
    langs: list[str] | None = None,
    *,
    draft: bool = False,
    out_dir: Path | None = None,
    prune: bool = False,
) -> PublishReport:
    """Gate, reassemble and write the requested editions, then the HTML of every edition."""
    targets = project.targets(langs)
    out = Path(out_dir).resolve() if out_dir else project.folder("editions")
    report = PublishReport(out)
    every_article = load_articles(project.sources_dir, project.source_language)
    requested = select_articles(every_article, select, project.relative(project.sources_dir))
    glossary = glossary_hash(project.folder("glossary"))

    def rel(path: Path) -> str:
        return project.relative(path) if out_dir is None else path.as_posix()

    pending: list[tuple[Path, str]] = []  # (path, text): computed first, written at the end
    held_on_disk: dict[tuple[str, str], list[str]] = {}
    findings: list[Any] = []
    if requested:  # one run: the glossary loads once
        findings = list(check_project(project, articles=[a.slug for a in requested], langs=targets))
    for article in requested:
        for lang in targets:
            catalog = project.relative(catalog_path(project.translations_dir, lang, article.slug))
            own = [f for f in findings if _finding_of(f, catalog, article.slug, lang)]
            gate, reviewed, usable, reviewers = evaluate_gate(project, article, lang, own, True)
            md_path = out / lang / f"{article.slug}.md"
            if not gate.passed and not draft:
                report.results.append(EditionResult(article.slug, lang, HELD, gate))
                held_on_disk[(lang, article.slug)] = gate.reasons()
                continue
            doc = reassemble(article, reviewed if gate.passed else usable, lang, drop_title=True)
            meta = _front_matter(
                project, article, lang, doc.title, reviewers, not gate.passed, glossary
            )
            pending.append((md_path, markdown_edition(meta, doc.body)))
            status = PUBLISHED if gate.passed else DRAFT
            result = EditionResult(article.slug, lang, status, gate)
            result.paths = [rel(md_path), rel(md_path.with_suffix(".html"))]
            report.results.append(result)

    for path, text in pending:
        if atomic_write_text(path, text):
            report.written.append(rel(path))

    # Editions on disk that no longer match a passing article.
    current = {a.slug: a for a in every_article}
    for edition in find_editions(out):
        reason = None
        article = current.get(edition.slug)
        if article is None:
            reason = "its source article is gone"
        elif edition.lang not in project.target_languages:
            reason = f"{edition.lang} is no longer a target language"
        elif (edition.lang, edition.slug) in held_on_disk:
            why = "; ".join(held_on_disk[(edition.lang, edition.slug)])
            reason = f"no longer passes the gate ({why}); the published file is older"
        elif edition.meta.get("source_sha256") != sha256_file(article.path):
            reason = "the source changed since it was published: run `transflow publish`"
        if reason is None:
            continue
        stale = StaleEdition(edition.slug, edition.lang, rel(edition.path), reason)
        if prune:
            edition.path.unlink()
            edition.html_path.unlink(missing_ok=True)
            stale.removed = True
        report.stale.append(stale)

    _remove_orphan_pages(out, report, rel)
    _render_html(project, out, current, report, rel)
    return report


def _ours(path: Path) -> bool:
    """An HTML page transflow wrote (templates carry the generator meta tag)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
    return '<meta name="generator" content="transflow">' in head


def _remove_orphan_pages(out: Path, report: PublishReport, rel) -> None:
    """HTML pages whose Markdown edition is gone, and indexes of languages left empty."""
    if not out.is_dir():
        return
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        has_editions = any(read_edition(p) for p in folder.glob("*.md"))
        for page in sorted(folder.glob("*.html")):
            if page.name == "index.html":
                orphan = not has_editions
            else:
                orphan = not page.with_suffix(".md").exists()
            if not orphan or not _ours(page):
                continue
            page.unlink()
            report.removed_pages.append(rel(page))
            if page.name != "index.html":
                report.stale.append(
                    StaleEdition(
                        page.stem, folder.name, rel(page), "its Markdown edition is gone", True
                    )
                )


def _render_html(
    project: Project, out: Path, sources: dict[str, Article], report: PublishReport, rel
) -> None:
    editions: list[Edition] = find_editions(out)
    template = project.settings.get("publish", {}).get("source_url", "")
    links = {}
    for edition in editions:
        article = sources.get(edition.slug)
        if template:
            links[edition.slug] = template.replace("{slug}", edition.slug)
        elif article is not None:
            links[edition.slug] = relative_href(article.path, edition.path.parent)
    site = Site(project.name, project.source_language, out, editions, links)
    env = template_environment(project.folder("templates"))
    md = markdown_renderer()
    pages: list[tuple[Path, str]] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for edition in editions:
            pages.append((edition.html_path, render_edition_html(env, md, site, edition)))
        for lang in site.languages():
            pages.append((out / lang / "index.html", render_language_index(env, site, lang)))
        if editions or (out / "index.html").exists():
            pages.append((out / "index.html", render_site_index(env, site)))
    for message in dict.fromkeys(str(w.message) for w in caught):
        report.warnings.append(message)
    for path, html in pages:
        report.pages.append(rel(path))
        if atomic_write_text(path, html):
            report.written.append(rel(path))


__all__ = ["publish", "evaluate_gate", "PublishReport", "Gate", "read_edition"]
