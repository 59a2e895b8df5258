"""Published editions: the Markdown file with front matter, and the HTML rendered from it.

`editions/<lang>/<slug>.md` is the edition (YAML front matter a Hugo or Jekyll multilingual
site can use as-is, then the translated Markdown body). The HTML pages are a pure function of
the Markdown editions on disk: `<slug>.html` per edition, `<lang>/index.html` per language and
`index.html` for the whole site, so links between editions always match what is published.

HTML safety: translations are untrusted text. Markdown is rendered by markdown-it-py with raw
HTML disabled (a `<script>` in a translation comes out as text) and a link validator that
only lets http(s), mailto and relative links through; every other value goes through Jinja2
with autoescape on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transflow.extract.sources import FRONT_MATTER_RE
from transflow.project.languages import base_language, display_name

# Front-matter keys that mark a Markdown file in editions/ as ours.
MARKER_KEYS = ("translationKey", "source_sha256")

# Interface text of the HTML pages, per base language (English for the rest).
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "draft_notice": "Machine translation, not yet reviewed.",
        "languages": "Languages",
        "original": "(original)",
        "colon": ": ",
        "reviewed_by": "Reviewed by",
        "by": "By",
        "all_languages": "All languages",
        "articles": "Articles",
        "draft": "Draft",
    },
    "ko": {
        "draft_notice": "기계 번역입니다. 아직 검토되지 않았습니다.",
        "languages": "다른 언어",
        "original": "(원문)",
        "colon": ": ",
        "reviewed_by": "검토",
        "by": "글",
        "all_languages": "모든 언어",
        "articles": "기사",
        "draft": "초안",
    },
    "zh": {
        "draft_notice": "机器翻译，尚未经过审校。",
        "languages": "其他语言",
        "original": "（原文）",
        "colon": "：",
        "reviewed_by": "审校",
        "by": "作者",
        "all_languages": "所有语言",
        "articles": "文章",
        "draft": "草稿",
    },
    "ja": {
        "draft_notice": "機械翻訳です。まだ校閲されていません。",
        "languages": "他の言語",
        "original": "（原文）",
        "colon": "：",
        "reviewed_by": "校閲",
        "by": "筆者",
        "all_languages": "すべての言語",
        "articles": "記事",
        "draft": "下書き",
    },
}

_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:)", re.I)
_ANY_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def labels(lang: str) -> dict[str, str]:
    return {**LABELS["en"], **LABELS.get(base_language(lang), {})}


def draft_notice(lang: str) -> str:
    """The notice a draft carries, in its language and in English for the editors."""
    local = labels(lang)["draft_notice"]
    english = LABELS["en"]["draft_notice"]
    return local if local == english else f"{local} ({english})"


# --- hashing ---------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def glossary_hash(folder: Path) -> str | None:
    """One hash over every glossary file (names and bytes), or None without a glossary."""
    if not folder.is_dir():
        return None
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        return None
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# --- dates -------------------------------------------------------------------------------------


def parse_date(value: Any) -> dt.date | None:
    """A front-matter date (YAML date, datetime or ISO string) or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


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


# --- Markdown edition ------------------------------------------------------------------------


def markdown_edition(front_matter: dict[str, Any], body: str) -> str:
    """YAML front matter + body; keys keep their order so the file diffs well."""
    import yaml

    head = yaml.safe_dump(
        front_matter, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10000
    )
    return f"---\n{head}---\n\n{body.rstrip()}\n"


@dataclass
class Edition:
    """An edition as found on disk."""

    lang: str
    slug: str
    path: Path  # the .md file
    meta: dict[str, Any]
    body: str

    @property
    def html_path(self) -> Path:
        return self.path.with_suffix(".html")

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.slug)

    @property
    def draft(self) -> bool:
        return bool(self.meta.get("draft"))

    @property
    def date(self) -> dt.date | None:
        return parse_date(self.meta.get("date"))


def read_edition(path: Path) -> Edition | None:
    """Parse `editions/<lang>/<slug>.md`; None when it is not a transflow edition."""
    import yaml

    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict) or not all(k in meta for k in MARKER_KEYS):
        return None
    return Edition(
        lang=path.parent.name,
        slug=path.stem,
        path=path,
        meta=meta,
        body=text[match.end() :].lstrip("\n"),
    )


def find_editions(out_dir: Path) -> list[Edition]:
    """Every transflow edition under `out_dir`, sorted by language then slug."""
    if not out_dir.is_dir():
        return []
    found = []
    for folder in sorted(p for p in out_dir.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.md")):
            edition = read_edition(path)
            if edition is not None:
                found.append(edition)
    return found


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


def _markup(html: str):
    from markupsafe import Markup

    return Markup(html)  # made by markdown_renderer(): raw HTML off, links validated


def relative_href(target: Path, from_dir: Path) -> str:
    return Path(os.path.relpath(target, from_dir)).as_posix()
