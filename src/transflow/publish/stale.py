"""What publishing would leave behind: editions on disk that no longer match, orphan pages.

An edition whose article is gone, whose language is no longer a target, whose source changed
since it was published or that no longer passes the gate is stale: reported, never silently
left (publish removes it with `prune=True`). An HTML page transflow wrote whose Markdown
edition is gone, or the index of a language left without editions, is an orphan.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from transflow.extract.sources import SourceFile
from transflow.publish.frontmatter import Edition, sha256_file
from transflow.publish.html import DRAFTS_PAGE


def stale_editions(
    editions: list[Edition],
    articles: dict[str, SourceFile],
    languages: list[str],
    held: dict[tuple[str, str], list[str]],
    source: str,
) -> list[tuple[Edition, str]]:
    """The editions that no longer match a passing article, each with the reason.

    `languages` are those editions are published in (the targets, and the `source` language
    when the original is republished); `held` maps (lang, slug) of the editions the gate held
    back to the gate's reasons. An original is stale once no translated edition is left.
    """
    found = []
    for edition in editions:
        reason = None
        article = articles.get(edition.slug)
        if article is None:
            reason = "its source article is gone"
        elif edition.lang not in languages:
            reason = f"{edition.lang} is no longer a target language"
            if edition.lang == source:
                reason = "[publish] source_url links the original elsewhere"
        elif (edition.lang, edition.slug) in held:
            why = "; ".join(held[(edition.lang, edition.slug)])
            if edition.draft:
                reason = (
                    f"a draft, not updated ({why}): `transflow publish --draft` updates it; "
                    "no reviewed page links to it"
                )
            else:
                reason = f"no longer passes the gate ({why}); the published file is older"
        elif edition.meta.get("source_sha256") != sha256_file(article.path):
            reason = "the source changed since it was published: run `transflow publish`"
        if reason is not None:
            found.append((edition, reason))
    gone = {id(edition) for edition, _ in found}
    left = {e.slug for e in editions if e.lang != source and id(e) not in gone}
    for edition in editions:
        if edition.lang == source and edition.slug not in left and id(edition) not in gone:
            found.append((edition, "no translated edition of it is left"))
    return found


def orphan_pages(
    out: Path,
    editions: list[Edition],
    written: Collection[Path],
    removed: Collection[Path],
    *,
    pages: bool = True,
) -> list[Path]:
    """HTML pages left without their Markdown edition, indexes of languages left empty and
    the drafts page left without drafts, once `written` is written and `removed` removed;
    `editions` are the editions left then. Without `pages` (a layout for a site generator,
    which makes the pages itself) every page transflow wrote is an orphan."""
    if not out.is_dir():
        return []
    with_editions = {e.path.parent for e in editions}
    found = []
    drafts, index = out / DRAFTS_PAGE, out / "index.html"
    if not (pages and any(e.draft for e in editions)) and drafts.is_file() and _ours(drafts):
        found.append(drafts)
    if not pages and index.is_file() and _ours(index):
        found.append(index)
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        for page in sorted(folder.glob("*.html")):
            if page in removed:
                continue
            if not pages:
                orphan = True
            elif page.name == "index.html":
                orphan = folder not in with_editions
            else:
                md = page.with_suffix(".md")
                orphan = md not in written and (md in removed or not md.exists())
            if orphan and _ours(page):
                found.append(page)
    return found


def _ours(path: Path) -> bool:
    """An HTML page transflow wrote (templates carry the generator meta tag)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
    return '<meta name="generator" content="transflow">' in head
