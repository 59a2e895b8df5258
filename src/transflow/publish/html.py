"""The HTML pages, a pure function of the Markdown editions: `<slug>.html` per edition,
`<lang>/index.html` per language and `index.html` for the whole site, so links between
editions always match what is published.

HTML safety: translations are untrusted text. Markdown is rendered by markdown-it-py with raw
HTML disabled (a `<script>` in a translation comes out as text) and a link validator that
only lets http(s), mailto and relative links through (`sanitize.safe_link`, the policy the
Markdown editions follow too); every other value goes through Jinja2 with autoescape on.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
)
from jinja2.loaders import split_template_path
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markupsafe import Markup

from transflow.project.errors import TemplateError
from transflow.project.fsutil import read_utf8
from transflow.project.languages import base_language, display_name
from transflow.publish.corrections import page_notes
from transflow.publish.frontmatter import Edition, parse_date
from transflow.publish.labels import draft_notices, labels
from transflow.publish.sanitize import safe_link
from transflow.text.markdown import cjk_friendly_emphasis

# --- locale: dates, names, direction --------------------------------------------------------


def _locale(lang: str) -> Locale | None:
    """Babel locale for `lang`, falling back to its base language with a warning."""
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


def format_date(value: object, lang: str) -> str:
    """The date as a reader of `lang` writes it (2026년 11월 27일, 2026年11月27日)."""
    date = parse_date(value)
    if date is None:
        return "" if value is None else str(value)
    locale = _locale(lang)
    if locale is None:
        return date.isoformat()
    return babel_format_date(date, format="long", locale=locale)


def text_direction(lang: str) -> str:
    locale = _locale(lang)
    return locale.text_direction if locale is not None else "ltr"


def native_name(lang: str) -> str:
    """The language's name in itself (한국어, 中文), as a language switcher shows it."""
    name = display_name(lang)
    return name[:1].upper() + name[1:] if name else lang


# --- HTML --------------------------------------------------------------------------------------


def markdown_renderer() -> MarkdownIt:
    """CommonMark + tables, raw HTML off, links validated: the only way body HTML is made.

    The one tag let through is a draft's `<span lang="…">…</span>` around a sentence left in
    the source language (`reassemble.source_span`), so that browsers, screen readers and
    search engines know its language. A translation cannot forge it: the Markdown editions
    escape the raw HTML of translations (`sanitize`)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = safe_link  # type: ignore[method-assign]
    md.inline.ruler.before("autolink", "source_span", _source_span)
    cjk_friendly_emphasis(md)  # **“인용”**은 is bold
    return md


_SPAN_OPEN = re.compile(r'<span lang="([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)">')
_SPAN_CLOSE = "</span>"
_SPAN_DEPTH = "transflow.source_span"


def _source_span(state: StateInline, silent: bool) -> bool:
    """`<span lang="xx">` with its `</span>` later in the same inline content, and that
    `</span>`: an html_inline token each (rebuilt, not copied)."""
    src, pos = state.src, state.pos
    if src[pos] != "<":
        return False
    opened = _SPAN_OPEN.match(src, pos)
    depth = state.env.get(_SPAN_DEPTH, 0)
    if opened is not None and src.find(_SPAN_CLOSE, opened.end(), state.posMax) >= 0:
        html, end, depth = f'<span lang="{opened.group(1)}">', opened.end(), depth + 1
    elif depth and src.startswith(_SPAN_CLOSE, pos):
        html, end, depth = _SPAN_CLOSE, pos + len(_SPAN_CLOSE), depth - 1
    else:
        return False
    if not silent:
        state.push("html_inline", "", 0).content = html
        state.env[_SPAN_DEPTH] = depth
    state.pos = end
    return True


class Templates:
    """The page templates, Jinja2 with autoescape on: a project's templates/ folder overrides
    the packaged ones.

    A project's template is the user's to fix: whatever goes wrong loading or rendering it (a
    syntax error, an undefined name, a missing include, a file that is not UTF-8) becomes a
    TemplateError naming the file and line. An error where no project template is involved
    is a bug in the packaged templates and propagates as such.
    """

    def __init__(self, folder: Path | None = None, shown_as: Callable[[Path], str] = str) -> None:
        self._folder = _absolute(folder) if folder is not None and folder.is_dir() else None
        self._shown_as = shown_as  # how messages name a file of the project
        loaders: list[BaseLoader] = []
        if self._folder is not None:
            loaders.append(_ProjectLoader(self._folder, shown_as))
        loaders.append(PackageLoader("transflow.publish", "templates"))
        self._env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, name: str, context: Mapping[str, object]) -> str:
        try:
            return self._env.get_template(name).render(**context)
        except TemplateError:
            raise
        except Exception as exc:
            error = self._user_error(exc)
            if error is None:
                raise
            raise error from exc

    def _user_error(self, exc: Exception) -> TemplateError | None:
        """`exc` as a TemplateError at its template line; None when no project template led
        to it."""
        lines = self._template_lines(exc)
        own = [(path, line) for path, line in lines if self._own_name(path)]
        if not own:
            return None
        path, line = lines[-1]  # where it went wrong
        own_path, own_line = own[-1]  # the project's template that led there
        message = _jinja_words(exc)
        if path != own_path:
            message += f" (reached from {self._name(own_path)}:{own_line})"
        hint = "Fix the template"
        if (_PACKAGED / self._own_name(own_path)).is_file():
            hint += f", or remove {self._name(own_path)} to use the packaged one"
        if isinstance(exc, jinja2.UndefinedError):
            hint = f"A page gets the variables the packaged templates use. {hint}"
        elif isinstance(exc, jinja2.TemplateNotFound):
            packaged = ", ".join(sorted(p.name for p in _PACKAGED.glob("*.html")))
            folder = self._shown_as(self._folder) if self._folder else "templates"
            hint = f"Templates are looked up in {folder}/, then among {packaged}. {hint}"
        if not message.endswith("."):
            message += "."
        return TemplateError(message, path=self._name(path), line=line, hint=hint + ".")

    def _template_lines(self, exc: Exception) -> list[tuple[Path, int]]:
        """The template lines the error passed through, outermost first. Jinja rewrites the
        traceback so that a template's frame carries the template's file and line; of a syntax
        error it keeps the line of the error only."""
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            return [(_absolute(exc.filename), exc.lineno)]
        found = []
        tb = exc.__traceback__
        while tb is not None:
            path = _absolute(tb.tb_frame.f_code.co_filename)
            if self._own_name(path) or path.is_relative_to(_PACKAGED):
                found.append((path, tb.tb_lineno))
            tb = tb.tb_next
        return found

    def _own_name(self, path: Path) -> str:
        """The name of a template in the project's folder ("" for any other file)."""
        if self._folder is None or not path.is_relative_to(self._folder):
            return ""
        return path.relative_to(self._folder).as_posix()

    def _name(self, path: Path) -> str:
        """A template file as a message names it."""
        if self._own_name(path):
            return self._shown_as(path)
        if path.is_relative_to(_PACKAGED):
            return "transflow/publish/templates/" + path.relative_to(_PACKAGED).as_posix()
        return str(path)


class _ProjectLoader(FileSystemLoader):
    """The project's templates/ folder: a file there that is not UTF-8 is a TemplateError."""

    def __init__(self, folder: Path, shown_as: Callable[[Path], str]) -> None:
        super().__init__(str(folder))
        self._folder = folder
        self._shown_as = shown_as

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            path = self._folder.joinpath(*split_template_path(template))
            try:
                read_utf8(path, TemplateError, "Save it as UTF-8.")
            except TemplateError as bad:  # the same error, with the file named as the project's
                raise TemplateError(
                    bad.message, path=self._shown_as(path), line=bad.line, hint=bad.hint
                ) from None
            raise


def _absolute(path: str | Path) -> Path:
    """`path` made absolute the way Jinja names template files (symbolic links kept)."""
    return Path(os.path.abspath(path))


_PACKAGED = _absolute(Path(__file__).with_name("templates"))


def _jinja_words(exc: Exception) -> str:
    """What went wrong, as Jinja says it."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if type(exc) is jinja2.TemplateNotFound:
        return f"template {exc.name!r} not found"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


@dataclass
class Site:
    """What the HTML pages need to know about the whole set of editions.

    The source-language editions (`editions/en/<slug>.html`, the original republished) are
    among `editions` unless `[publish] source_url` links the original elsewhere
    (`source_links`). With `base_url`, canonical and hreflang links are absolute URLs under it;
    without it every link is relative and stays inside the output folder."""

    name: str
    source_language: str
    out_dir: Path
    editions: list[Edition]
    source_links: dict[str, str] = field(default_factory=dict)  # slug -> URL of the original
    base_url: str = ""  # ends in "/"

    def by_slug(self, slug: str) -> list[Edition]:
        return [e for e in self.editions if e.slug == slug]

    def languages(self) -> list[str]:
        return sorted({e.lang for e in self.editions})

    def published(self) -> list[Edition]:
        """The reviewed editions: the only ones a reviewed page or an index links to."""
        return [e for e in self.editions if not e.draft]

    def drafts(self) -> list[Edition]:
        return [e for e in self.editions if e.draft]

    def href(self, target: Path, from_dir: Path) -> str:
        """A link to the page `target` from a page in `from_dir`: relative."""
        return relative_href(target, from_dir)

    def url(self, target: Path, from_dir: Path) -> str:
        """The URL of the page `target` as canonical and hreflang links give it: absolute
        under `base_url`, else relative from `from_dir`."""
        if self.base_url:
            return self.base_url + target.relative_to(self.out_dir).as_posix()
        return relative_href(target, from_dir)

    def cluster(self, edition: Edition) -> list[dict[str, object]]:
        """The reviewed editions of `edition`'s article (the original first), with the
        original linked by `source_url` when it is not republished here; what hreflang, the
        sitemap and reviewed pages' switchers list."""
        here = edition.path.parent
        out: list[dict[str, object]] = []
        external = self.source_links.get(edition.slug)
        if external and safe_link(external):  # a Project made in code skipped the config
            out.append(_alternate(self.source_language, external, external, True))
        for other in sorted(self.by_slug(edition.slug), key=self._order):
            if other.draft and other is not edition:
                continue
            original = other.lang == self.source_language
            href, url = self.href(other.html_path, here), self.url(other.html_path, here)
            out.append(_alternate(other.lang, href, url, original, other is edition))
        return out

    def _order(self, edition: Edition) -> tuple[bool, str]:
        return (edition.lang != self.source_language, edition.lang)


def _alternate(
    lang: str, href: str, url: str, original: bool, current: bool = False
) -> dict[str, object]:
    return {
        "lang": lang,
        "name": native_name(lang),
        "href": href,
        "url": url,
        "original": original,
        "current": current,
    }


def _language_entry(lang: str, href: str, current: bool) -> dict[str, object]:
    return {"lang": lang, "name": native_name(lang), "href": href, "current": current}


def render_edition_html(templates: Templates, md: MarkdownIt, site: Site, edition: Edition) -> str:
    """One edition's page. A reviewed edition links (switcher and hreflang, x-default: the
    original) only to the reviewed editions of its article; a draft's switcher links to every
    edition of its article, and it has no hreflang: it is kept out of search engines' language
    clusters (noindex)."""
    lang = edition.lang
    here = edition.path.parent
    cluster = site.cluster(edition)
    alternates = cluster
    if edition.draft:
        drafts = [e for e in site.by_slug(edition.slug) if e.draft and e is not edition]
        alternates = cluster + [
            _alternate(e.lang, site.href(e.html_path, here), "", False) for e in drafts
        ]
        alternates.sort(key=lambda a: (not a["original"], str(a["lang"])))
    original = next((a for a in cluster if a["original"]), None)
    reviewers = edition.meta.get("reviewers") or []
    state = edition.draft_state(site.source_language)
    notices = draft_notices(lang, state) if state else [labels(lang)["draft_notice"]]
    context = {
        "lang": lang,
        "dir": text_direction(lang),
        "title": edition.title,
        "title_lang": str(edition.meta.get("title_lang") or ""),
        "site_name": site.name,
        "date_iso": edition.date.isoformat() if edition.date else "",
        "date_display": format_date(edition.meta.get("date"), lang),
        "author": edition.meta.get("author") or "",
        "reviewers": [str(r) for r in reviewers] if isinstance(reviewers, list) else [],
        "draft": edition.draft,
        "notices": notices,
        "body": Markup(md.render(edition.body)),  # raw HTML off, links validated
        "corrections": page_notes(edition, lambda d: format_date(d, lang), md.renderInline),
        "alternates": alternates,
        "hreflang": [] if edition.draft or len(cluster) < 2 else cluster,
        "x_default": original["url"] if original and not edition.draft else "",
        "canonical": site.url(edition.html_path, here) if site.base_url else "",
        "t": labels(lang),
        "home": site.href(site.out_dir / "index.html", here),
        "language_index": "index.html",
    }
    return templates.render("edition.html", context)


def newest_first(editions: list[Edition]) -> list[Edition]:
    """Editions by date, newest first (undated last), then by slug."""
    return sorted(editions, key=lambda e: (-(e.date.toordinal() if e.date else 0), e.slug))


def render_language_index(templates: Templates, site: Site, lang: str) -> str:
    """A language's index: its reviewed editions, newest first (drafts are on drafts.html)."""
    items = newest_first([e for e in site.published() if e.lang == lang])
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
        "feed": "feed.xml" if site.base_url and any(e.date for e in items) else "",
        "t": labels(lang),
    }
    return templates.render("language_index.html", context)


def render_site_index(templates: Templates, site: Site) -> str:
    """The site index: the languages, then a section per language in that language (its name,
    its reviewed articles' titles as headings, newest first, dates as its readers write
    them), the original's language first."""
    lang = site.source_language
    published = site.published()
    order = sorted(site.languages(), key=lambda other: (other != lang, other))
    sections = []
    for other in order:
        items = newest_first([e for e in published if e.lang == other])
        if not items:
            continue
        sections.append(
            {
                **_language_entry(other, f"{other}/index.html", False),
                "count": len(items),
                "articles": [
                    {
                        "title": e.title,
                        "href": f"{e.lang}/{e.slug}.html",
                        "date_iso": e.date.isoformat() if e.date else "",
                        "date_display": format_date(e.meta.get("date"), other),
                    }
                    for e in items
                ],
            }
        )
    context = {
        "lang": lang,
        "dir": text_direction(lang),
        "title": site.name,
        "site_name": site.name,
        "languages": sections,
        "sections": sections,
        "t": labels(lang),
    }
    return templates.render("index.html", context)


def render_drafts_index(templates: Templates, site: Site) -> str:
    """drafts.html: every draft with what it is made of, for the desk (noindex, and linked
    from no reviewed page)."""
    lang = site.source_language
    context = {
        "lang": lang,
        "dir": text_direction(lang),
        "title": f"{site.name} · {labels(lang)['drafts']}",
        "site_name": site.name,
        "draft": True,
        "drafts": [
            {
                "lang": e.lang,
                "name": native_name(e.lang),
                "title": e.title,
                "title_lang": str(e.meta.get("title_lang") or e.lang),
                "href": f"{e.lang}/{e.slug}.html",
                "notices": draft_notices(lang, state) if state else [],
            }
            for e in sorted(site.drafts(), key=lambda e: (e.slug, e.lang))
            for state in [e.draft_state(site.source_language)]
        ],
        "home": "index.html",
        "t": labels(lang),
    }
    return templates.render("drafts.html", context)


def render_site(templates: Templates, site: Site) -> list[tuple[Path, str]]:
    """Every page: one per edition, one index per language, the site index (kept, listing
    no edition, once the last edition is gone) and, while there are drafts, drafts.html."""
    md = markdown_renderer()
    out = site.out_dir
    pages = [(e.html_path, render_edition_html(templates, md, site, e)) for e in site.editions]
    for lang in site.languages():
        pages.append((out / lang / "index.html", render_language_index(templates, site, lang)))
    if site.editions or (out / "index.html").exists():
        pages.append((out / "index.html", render_site_index(templates, site)))
    if site.drafts():
        pages.append((out / DRAFTS_PAGE, render_drafts_index(templates, site)))
    return pages


DRAFTS_PAGE = "drafts.html"


def relative_href(target: Path, from_dir: Path) -> str:
    return Path(os.path.relpath(target, from_dir)).as_posix()
