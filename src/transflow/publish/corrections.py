"""Corrections readers can see: when the source of a published edition changed and the new
translation passed the gate, the new edition says so.

How a correction is found: every edition records the hashes of its source's sentences
(`source_sentences` in its front matter, beside `source_sha256`). When an edition is
published over a published (non-draft) edition whose `source_sha256` differs from the
source's, the sentences whose hash the previous edition does not list are the changed ones
(new or reworded; a reworded sentence is a new sentence to the reader), and the hashes no
longer there, less as many as there are changed sentences, count the removed ones. A source
whose bytes changed but whose sentences did not (a front-matter fix) makes no correction. An
edition published before sentence hashes were recorded gets one without the sentences.

What the new edition carries: `corrections:` in its front matter, every correction so far
(`date`, `sentences`: the changed sentences as translated, `removed`: how many went), oldest
first, and `updated:` the date of the last one (what a feed entry's `updated` is); the page
shows the notes in the reader's language (`labels.correction_labels`). The previous edition's
Markdown file is kept as `<lang>/<slug>/history/<its source_sha256[:12]>.md`: a deployed site
has no git history, and the file name ties it to the source it was translated from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

from markupsafe import Markup

from transflow.extract.sources import Article
from transflow.publish.frontmatter import Edition, parse_date, sha256_file
from transflow.publish.labels import correction_labels


def sentence_hash(text: str) -> str:
    """A short, stable hash of a source sentence (12 hex digits: no collision in practice
    among one article's sentences)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def source_sentences(article: Article) -> list[str]:
    """The hashes of the article's unique sentences, in document order."""
    return [sentence_hash(t) for t in dict.fromkeys(s.text for s in article.segments())]


def history_path(edition: Edition) -> Path:
    """Where the previous edition is kept when a correction replaces it."""
    sha = str(edition.meta.get("source_sha256") or "unknown")[:12]
    return edition.path.parent / edition.slug / "history" / f"{sha}.md"


def corrections_meta(
    previous: Edition | None,
    article: Article,
    translations: Mapping[str, str],
    today: dt.date,
    *,
    reviewed: bool = True,
) -> tuple[dict[str, object], tuple[Path, str] | None]:
    """The front-matter keys an edition of `article` about to be published gets
    (`source_sentences`, and `corrections` and `updated` once it has been corrected), and the
    previous edition's file to keep in history (None when this is no correction). A draft
    (`reviewed=False`) keeps the corrections so far and makes none."""
    hashes = source_sentences(article)
    meta: dict[str, object] = {"source_sentences": hashes}
    earlier = _corrections(previous)
    kept = None
    if (
        reviewed
        and previous is not None
        and not previous.draft
        and previous.meta.get("source_sha256") != sha256_file(article.path)
    ):
        old = previous.meta.get("source_sentences")
        known = {str(h) for h in old} if isinstance(old, list) else None
        unique = list(dict.fromkeys(s.text for s in article.segments()))
        changed = [t for t in unique if known is not None and sentence_hash(t) not in known]
        # a reworded sentence is one gone and one new: only what no new one replaced counts
        gone = len(known - set(hashes)) if known is not None else 0
        removed = max(0, gone - len(changed))
        if known is None or changed or removed:
            entry: dict[str, object] = {
                "date": today,
                "sentences": [translations.get(t, t) for t in changed],
            }
            if removed:
                entry["removed"] = removed
            earlier.append(entry)
            kept = (history_path(previous), previous.path.read_text(encoding="utf-8"))
    if earlier:
        meta["corrections"] = earlier
        meta["updated"] = max(
            (d for c in earlier if (d := parse_date(c.get("date"))) is not None), default=today
        )
    return meta, kept


def _corrections(edition: Edition | None) -> list[dict[str, object]]:
    """The corrections an edition on disk lists (entries that are no mapping are dropped)."""
    found = edition.meta.get("corrections") if edition is not None else None
    if not isinstance(found, list):
        return []
    return [dict(c) for c in found if isinstance(c, dict)]


def page_notes(
    edition: Edition,
    format_date: Callable[[object], str],
    render_inline: Callable[[str], str],
) -> list[dict[str, object]]:
    """The correction notes of an edition's page, newest first, worded in its language;
    sentences are inline Markdown, rendered by the page's (sanitizing) renderer."""
    words = correction_labels(edition.lang)
    notes: list[dict[str, object]] = []
    for entry in reversed(_corrections(edition)):
        date = parse_date(entry.get("date"))
        sentences = entry.get("sentences")
        removed = entry.get("removed")
        notes.append(
            {
                "heading": words["correction"],
                "date_iso": date.isoformat() if date else "",
                "text": words["corrected_on"].format(date=format_date(entry.get("date"))),
                "changed": words["changed"],
                "sentences": [
                    Markup(render_inline(str(s)))
                    for s in (sentences if isinstance(sentences, list) else [])
                ],
                "removed": words["removed"].format(count=removed)
                if isinstance(removed, int) and removed > 0
                else "",
            }
        )
    return notes
