"""The HTML pages, a pure function of the Markdown editions: `<slug>.html` per edition,
`<lang>/index.html` per language and `index.html` for the whole site, so links between
editions always match what is published.

HTML safety: translations are untrusted text. Markdown is rendered by markdown-it-py with raw
HTML disabled (a `<script>` in a translation comes out as text) and a link validator that
only lets http(s), mailto and relative links through; every other value goes through Jinja2
with autoescape on.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transflow.project.languages import base_language, display_name
from transflow.publish.frontmatter import Edition, parse_date
from transflow.publish.labels import draft_notice, labels

_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:)", re.I)
_ANY_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


# --- locale: dates, names, direction --------------------------------------------------------


def _locale(lang: str):
    """Babel locale for `lang`, falling back to its base language with a warning."""
    from babel import Locale, UnknownLocaleError

    for candidate in (lang, base_language(lang)):
        try:
            locale = Locale.parse(candidate.replace("_", "-"), sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        if candidate != lang:
            warnings.warn(
                f"no locale data for {lang!r}: dates and names use {candidate!r}.",
                stacklevel=3,
            )
        return locale
    warnings.warn(f"no locale data for {lang!r}: dates use ISO 8601.", stacklevel=3)
    return None


def format_date(value: Any, lang: str) -> str:
    """The date as a reader of `lang` writes it (2026년 11월 27일, 2026年11月27日)."""
    date = parse_date(value)
    if date is None:
        return "" if value is None else str(value)
    locale = _locale(lang)
    if locale is None:
        return date.isoformat()
    from babel.dates import format_date as babel_format_date

    return babel_format_date(date, format="long", locale=locale)


def text_direction(lang: str) -> str:
    locale = _locale(lang)
    return getattr(locale, "text_direction", "ltr") if locale is not None else "ltr"


def native_name(lang: str) -> str:
    """The language's name in itself (한국어, 中文), as a language switcher shows it."""
    name = display_name(lang)
    return name[:1].upper() + name[1:] if name else lang


# --- HTML --------------------------------------------------------------------------------------


def safe_link(url: str) -> bool:
    """Links a translation may carry: http(s), mailto, and relative or fragment links."""
    cleaned = _CONTROL.sub("", url)
    if _SAFE_SCHEME.match(cleaned):
        return True
    return not _ANY_SCHEME.match(cleaned)


def markdown_renderer():
    """CommonMark + tables, raw HTML off, links validated: the only way body HTML is made."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


def template_environment(project_templates: Path | None = None):
    """Jinja2 with autoescape on; a project's templates/ folder overrides the packaged ones."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

    loaders = []
    if project_templates is not None and project_templates.is_dir():
        loaders.append(FileSystemLoader(str(project_templates)))
    loaders.append(PackageLoader("transflow.publish", "templates"))
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass
class Site:
    """What the HTML pages need to know about the whole set of editions."""

    name: str
    source_language: str
    out_dir: Path
    editions: list[Edition]
    source_links: dict[str, str] = field(default_factory=dict)  # slug -> href of the source

    def by_slug(self, slug: str) -> list[Edition]:
        return [e for e in self.editions if e.slug == slug]

    def languages(self) -> list[str]:
        return sorted({e.lang for e in self.editions})


def _language_entry(lang: str, href: str, current: bool) -> dict[str, Any]:
    return {"lang": lang, "name": native_name(lang), "href": href, "current": current}


def render_edition_html(env, md, site: Site, edition: Edition) -> str:
    lang = edition.lang
    siblings = site.by_slug(edition.slug)
    alternates = [
        _language_entry(e.lang, f"../{e.lang}/{e.slug}.html", e.lang == lang) for e in siblings
    ]
    source_href = site.source_links.get(edition.slug)
    source = None
    if source_href:
        source = _language_entry(site.source_language, source_href, False)
    reviewers = edition.meta.get("reviewers") or []
    context = {
        "lang": lang,
        "dir": text_direction(lang),
        "title": edition.title,
        "site_name": site.name,
        "date_iso": edition.date.isoformat() if edition.date else "",
        "date_display": format_date(edition.meta.get("date"), lang),
        "author": edition.meta.get("author") or "",
        "reviewers": [str(r) for r in reviewers] if isinstance(reviewers, list) else [],
        "draft": edition.draft,
        "notice": edition.meta.get("notice") or draft_notice(lang),
        "body": _markup(md.render(edition.body)),
        "alternates": alternates,
        "source": source,
        "t": labels(lang),
        "home": "../index.html",
        "language_index": "index.html",
    }
    return env.get_template("edition.html").render(**context)


def render_language_index(env, site: Site, lang: str) -> str:
    items = sorted(
        (e for e in site.editions if e.lang == lang),
        key=lambda e: (-(e.date.toordinal() if e.date else 0), e.slug),
    )
    context = {
        "lang": lang,
        "dir": text_direction(lang),
        "title": f"{site.name} · {native_name(lang)}",
        "site_name": site.name,
        "language_name": native_name(lang),
        "articles": [
            {
                "title": e.title,
                "href": f"{e.slug}.html",
                "date_iso": e.date.isoformat() if e.date else "",
                "date_display": format_date(e.meta.get("date"), lang),
                "draft": e.draft,
            }
            for e in items
        ],
        "languages": [
            _language_entry(other, f"../{other}/index.html", other == lang)
            for other in site.languages()
        ],
        "home": "../index.html",
        "t": labels(lang),
    }
    return env.get_template("language_index.html").render(**context)


def render_site_index(env, site: Site) -> str:
    lang = site.source_language
    slugs = sorted({e.slug for e in site.editions})
    context = {
        "lang": lang,
        "dir": text_direction(lang),
        "title": site.name,
        "site_name": site.name,
        "languages": [
            {
                **_language_entry(other, f"{other}/index.html", False),
                "count": sum(1 for e in site.editions if e.lang == other),
            }
            for other in site.languages()
        ],
        "articles": [
            {
                "slug": slug,
                "editions": [
                    {
                        "lang": e.lang,
                        "name": native_name(e.lang),
                        "title": e.title,
                        "href": f"{e.lang}/{e.slug}.html",
                        "draft": e.draft,
                    }
                    for e in site.by_slug(slug)
                ],
            }
            for slug in slugs
        ],
        "t": labels(lang),
    }
    return env.get_template("index.html").render(**context)


def render_site(env, site: Site) -> list[tuple[Path, str]]:
    """Every page: one per edition, one index per language, and the site index (kept, listing
    no edition, once the last edition is gone)."""
    md = markdown_renderer()
    out = site.out_dir
    pages = [(e.html_path, render_edition_html(env, md, site, e)) for e in site.editions]
    for lang in site.languages():
        pages.append((out / lang / "index.html", render_language_index(env, site, lang)))
    if site.editions or (out / "index.html").exists():
        pages.append((out / "index.html", render_site_index(env, site)))
    return pages


def _markup(html: str):
    from markupsafe import Markup

    return Markup(html)  # made by markdown_renderer(): raw HTML off, links validated


def relative_href(target: Path, from_dir: Path) -> str:
    return Path(os.path.relpath(target, from_dir)).as_posix()
