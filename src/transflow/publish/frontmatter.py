"""The Markdown edition: `editions/<lang>/<slug>.md`, YAML front matter then the body.

The front matter is what a Hugo or Jekyll multilingual site can use as-is, plus the hashes of
the source and the glossary the translation was checked against, so an edition whose source
changed since it was published can be told apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from transflow.extract.sources import FRONT_MATTER_RE, Article, BadDate, load_yaml
from transflow.project.choices import SiteLayout
from transflow.project.project import Project
from transflow.publish.labels import DraftState, draft_notice

# Front-matter keys that mark a Markdown file in editions/ as ours.
MARKER_KEYS = ("translationKey", "source_sha256")
# What a draft is made of (`DraftState`): sentences, unreviewed MT, untranslated, findings.
DRAFT_KEYS = ("sentences", "machine_translated", "untranslated", "error_findings")


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


def parse_date(value: object) -> dt.date | None:
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


# A wire dateline: "SEOUL, Nov. 27 (Yonhap) --", "GENEVA, Nov 24, 2026 (Reuters) -" (AP style
# month abbreviations, or the month's name; the year may be left out).
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_DATELINE = re.compile(
    r"^[A-Z][A-Za-z.' -]*,(?:\s*[A-Z][A-Za-z.' -]*,)?\s*"
    r"(?P<month>Jan|Feb|March|Mar|April|Apr|May|June|Jun|July|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?\s*(?:\(|--|[-–—])"
)


def article_date(article: Article, default: dt.date | None) -> dt.date | None:
    """An article's date: its front matter's; for a wire article, its dateline's (the year,
    when the dateline gives none, taken from `default`), else `default` (`[sources] date`)."""
    date = parse_date(article.metadata.get("date"))
    if date is not None or article.format != "wire":
        return date
    first = next((b.text for b in article.blocks if b.kind == "paragraph"), "")
    found = _DATELINE.match(first)
    if found is None:
        return default
    year = int(found["year"]) if found["year"] else default.year if default else None
    if year is None:
        return None
    try:
        return dt.date(year, _MONTHS[found["month"][:3].lower()], int(found["day"]))
    except ValueError:  # Feb. 30
        return default


# --- Markdown edition ------------------------------------------------------------------------


def front_matter(
    project: Project,
    article: Article,
    lang: str,
    title: str,
    reviewers: list[str],
    draft: DraftState | None,
    glossary: str | None,
    *,
    title_missing: bool = False,
    original: bool = False,
    layout: SiteLayout = SiteLayout.PLAIN,
) -> dict[str, object]:
    """The front matter of an edition: identity, provenance, reviewers, draft state (what is
    machine-translated, what is left in the source language), hashes. The `original` edition
    (the source republished) says `original: true` instead of where it was translated from.
    Hugo reads `title`, `date`, `slug`, `translationKey` and `draft` as they are; for Jekyll a
    draft also says `published: false` (Jekyll ignores `draft`) and every edition its
    `permalink` (/<lang>/<slug>/)."""
    meta: dict[str, object] = {
        "title": title,
        "lang": lang,
        "date": article_date(article, project.settings.get("sources", {}).get("date")),
        "slug": article.slug,
        "translationKey": article.slug,  # Hugo links the editions of one article by this
        "translated_from": project.source_language,
        "source": project.relative(article.path),
    }
    if meta["date"] is None:
        del meta["date"]
    if original:
        del meta["translated_from"]
        meta["original"] = True
    reserved = set(meta) | {"reviewers", "draft", "notice", "source_sha256", "glossary_sha256"}
    reserved |= set(DRAFT_KEYS) | {"title_lang", "original", "translated_from"}
    reserved |= {"published", "permalink"}
    for key, value in article.metadata.items():  # author, tags, ... carried over
        if key not in reserved:
            meta[key] = value
    if not original:
        meta["reviewers"] = reviewers
    meta["draft"] = draft is not None
    if layout is SiteLayout.JEKYLL:
        if draft is not None:
            meta["published"] = False
        meta["permalink"] = f"/{lang}/{article.slug}/"
    if draft is not None:
        if title_missing:
            meta["title_lang"] = project.source_language  # the title is not translated yet
        meta["notice"] = draft_notice(lang, draft)
        counts = (draft.total, draft.machine, draft.missing, draft.findings)
        meta.update(zip(DRAFT_KEYS, counts, strict=True))
    meta["source_sha256"] = sha256_file(article.path)
    meta["glossary_sha256"] = glossary
    return meta


def markdown_edition(meta: Mapping[str, object], body: str) -> str:
    """YAML front matter + body; keys keep their order so the file diffs well."""
    head = yaml.safe_dump(
        meta, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10000
    )
    return f"---\n{head}---\n\n{body.rstrip()}\n"


@dataclass
class Edition:
    """An edition: found on disk, or about to be written."""

    lang: str
    slug: str
    path: Path  # the .md file
    meta: dict[str, object]
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

    def draft_state(self, source: str) -> DraftState | None:
        """What the draft is made of, as its front matter says (None for a reviewed edition
        or a draft written before transflow counted)."""
        counts = [self.meta.get(key) for key in DRAFT_KEYS]
        if not self.draft or not all(isinstance(n, int) for n in counts):
            return None
        total, machine, missing, findings = (int(n) for n in counts)  # type: ignore[call-overload]
        return DraftState(total, machine, missing, findings, source)


def read_edition(path: Path) -> Edition | None:
    """Parse `editions/<lang>/<slug>.md`; None when it is not a transflow edition."""
    return parse_edition(path, path.read_text(encoding="utf-8"))


def parse_edition(path: Path, text: str) -> Edition | None:
    """The edition `text` is once written to `path`; None when it is not a transflow edition."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as reading it back gives it
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None
    try:
        meta = load_yaml(match.group(1) or "")
    except (yaml.YAMLError, BadDate):
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
