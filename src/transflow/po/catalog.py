"""Catalogs to change: loading into polib, msgmerge-style updates, writing.

A file is accepted or refused by the one reader (`po.reader.parse`) before polib sees it, so
every stage names a broken file's line the same way. `merge` gives msgmerge semantics, so a
reviewed translation is never lost when the source changes; state itself is read and set
through `po.conventions`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import polib

from transflow import __version__
from transflow.extract.sources import Article, Segment
from transflow.po.conventions import carry, kind_comment
from transflow.po.reader import PO_UTF8_HINT, parse
from transflow.project.errors import CatalogError
from transflow.project.fsutil import atomic_write_text, decode_utf8
from transflow.project.languages import display_name, gettext_language, plural_forms

WRAP_WIDTH = 78  # what GNU gettext tools write, so msgcat/msgmerge round trips stay quiet
FUZZY_CUTOFF = 60.0  # similarity (0-100) below which an old translation is no suggestion;
# GNU msgmerge uses 0.6 as well.


class _LinesEndAtLF(str):
    """A PO file's text as polib must read it. polib splits a text with `str.splitlines()`,
    which also ends a line at U+2028, U+2029, U+0085 and \\x1c-\\x1e; a PO string may hold
    those raw (polib writes a field that has one as several strings, each ending in it;
    msgfmt and `po.reader` read them as text). Cut there, an entry would read back different,
    and every extract would find one new sentence and one obsolete."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        return re.findall(r"[^\n]*\n|[^\n]+", self) if keepends else self.split("\n")


def load_catalog(path: Path) -> polib.POFile:
    """Parse a PO file, turning every parser complaint into a CatalogError with file:line."""
    return parse_catalog(path.read_bytes(), path)


def parse_catalog(data: bytes, path: Path) -> polib.POFile:
    """Parse the bytes of the PO file at `path` (checked by the one reader first)."""
    text = decode_utf8(data, path, CatalogError, PO_UTF8_HINT)
    parse(text, path)
    try:
        po = polib.pofile(_LinesEndAtLF(text), wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise CatalogError(
            f"malformed PO file: {exc}.",
            path=path,
            line=int(match.group(1)) if match else None,
            hint="Fix it in a PO editor or restore it from git (`git checkout -- FILE`).",
        ) from None
    po.fpath = str(path)
    return po


def render(po: polib.POFile) -> str:
    text = str(po)
    return text if text.endswith("\n") else text + "\n"


def save_catalog(po: polib.POFile, path: Path) -> bool:
    """Write atomically; returns whether the bytes on disk changed."""
    return atomic_write_text(path, render(po))


Key = tuple[str, str]  # (msgctxt or "", msgid): an entry's identity, stable across reloads


def entry_key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid)


def unit_id(msgctxt: str, msgid: str) -> str:
    """An entry's stable id outside its catalog: `u` + the first 16 hex digits of the SHA-256
    of `msgctxt U+0004 msgid` (gettext's own key), the same in every language and across
    re-extractions. XLIFF units and the machine-output store are keyed by it."""
    digest = hashlib.sha256(f"{msgctxt}\x04{msgid}".encode()).hexdigest()
    return f"u{digest[:16]}"


# The parts of an entry a translator can change, by name (polib's attributes): flags a
# tuple, msgstr_plural a tuple of (index, form), previous_msgid and previous_msgctxt a str or
# None, the others a str.
EntryFields = dict[str, str | tuple[str, ...] | tuple[tuple[int, str], ...] | None]


def fields_of(entry: polib.POEntry) -> EntryFields:
    """The parts of an entry a translator can change, comparable across reloads: what a
    field-by-field merge with a changed file on disk looks at."""
    return {
        "msgstr": entry.msgstr,
        "msgstr_plural": tuple(sorted(entry.msgstr_plural.items())),
        "flags": tuple(entry.flags),
        "tcomment": entry.tcomment or "",
        "comment": entry.comment or "",
        "previous_msgid": entry.previous_msgid or None,
        "previous_msgctxt": entry.previous_msgctxt or None,
    }


def apply_fields(entry: polib.POEntry, values: EntryFields) -> None:
    for name, value in values.items():
        if name == "msgstr_plural":
            entry.msgstr_plural = dict(cast(tuple[tuple[int, str], ...], value))
        elif name == "flags":
            entry.flags = list(cast(tuple[str, ...], value))
        else:
            setattr(entry, name, value)


def active_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


# --- building and merging --------------------------------------------------------------------


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def language_headers(lang: str, source_lang: str) -> dict[str, str]:
    """The headers every PO file transflow writes carries, in order, from Last-Translator
    on: the language, its plural forms (Babel), UTF-8 and the source language."""
    return {
        "Last-Translator": "",
        "Language-Team": display_name(lang, "en"),
        "Language": gettext_language(lang),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Source-Language": source_lang,
    }


def new_catalog(article: Article, lang: str, source_lang: str, source_rel: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    po.header = (
        f"{display_name(lang, 'en')} translation of {source_rel}\n"
        "Made by transflow extract; edit msgstr only (any PO editor will do)."
    )
    stamp = now_stamp()  # one instant: both dates alike, even across a minute's turn
    po.metadata = {
        "Project-Id-Version": article.slug,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        **language_headers(lang, source_lang),
        "X-Generator": f"transflow {__version__}",
    }
    return po


def _unique_segments(segments: Iterable[Segment]) -> list[tuple[Segment, list[Segment]]]:
    """One item per distinct sentence text, in order of first occurrence."""
    order: dict[str, tuple[Segment, list[Segment]]] = {}
    for seg in segments:
        if seg.text in order:
            order[seg.text][1].append(seg)
        else:
            order[seg.text] = (seg, [seg])
    return list(order.values())


@dataclass
class MergeStats:
    added: int = 0
    kept: int = 0
    fuzzy: int = 0  # changed sources that got the closest old translation as a suggestion
    obsoleted: int = 0
    revived: int = 0  # obsolete entries that matched again


def merge(
    old: polib.POFile | None,
    article: Article,
    lang: str,
    source_lang: str,
    source_rel: str,
) -> tuple[polib.POFile, MergeStats]:
    """The catalog for `article` given the previous catalog: msgmerge semantics.

    - unchanged sentence: translation, flags, comments kept;
    - new sentence: untranslated, unless an unused old translation is at least
      FUZZY_CUTOFF similar: then that translation is kept as a `fuzzy` suggestion with
      `#| msgid` (the previous source);
    - sentence gone: entry becomes obsolete (`#~`), never dropped;
    - an obsolete entry whose sentence is back is revived with its state;
    - entries transflow does not make (a msgctxt, a msgid_plural) are kept as they are; a
      sentence whose text is a plural entry's msgid is that entry (forms and state kept).
    """
    from rapidfuzz import fuzz, process

    stats = MergeStats()
    po = new_catalog(article, lang, source_lang, source_rel)
    if old is not None:
        po.header = old.header
        po.metadata = dict(old.metadata)
        po.metadata["Language"] = gettext_language(lang)
        po.metadata["Plural-Forms"] = plural_forms(lang)
        po.metadata["X-Source-Language"] = source_lang

    old_active = {e.msgid: e for e in (active_entries(old) if old else []) if not e.msgctxt}
    old_obsolete = {e.msgid: e for e in (old.obsolete_entries() if old else [])}
    items = _unique_segments(article.segments())
    wanted = {seg.text for seg, _ in items}

    # Old translations no current sentence uses exactly: the pool for fuzzy suggestions.
    pool = [e for e in old_active.values() if e.msgid not in wanted and e.msgstr]
    pool += [e for e in old_obsolete.values() if e.msgid not in wanted and e.msgstr]
    pool_ids = [e.msgid for e in pool]
    consumed: set[int] = set()

    for first, occurrences in items:
        entry = polib.POEntry(
            msgid=first.text,
            msgstr="",
            occurrences=[(source_rel, str(s.line)) for s in occurrences],
            comment=kind_comment(first.kind),
        )
        if first.text in old_active:
            carry(entry, old_active[first.text])
            stats.kept += 1
        elif first.text in old_obsolete:
            carry(entry, old_obsolete[first.text])
            stats.revived += 1
        else:
            best = process.extractOne(
                first.text, pool_ids, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if best is not None:
                match = pool[best[2]]
                carry(entry, match, previous_source=match.msgid)
                consumed.add(best[2])
                stats.fuzzy += 1
            else:
                stats.added += 1
        po.append(entry)

    # Sentences that are gone: obsolete, unless their translation moved into a suggestion.
    consumed_ids = {pool[i].msgid for i in consumed}
    for msgid, entry in old_active.items():
        if msgid in wanted or msgid in consumed_ids or entry.msgid_plural:
            continue
        gone = polib.POEntry(
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            flags=list(entry.flags),
            tcomment=entry.tcomment,
            comment=entry.comment,
            obsolete=True,
        )
        po.append(gone)
        stats.obsoleted += 1
    for msgid, entry in old_obsolete.items():
        if msgid not in wanted and msgid not in consumed_ids:
            po.append(entry)
    # Entries with a msgctxt, and plural entries no sentence uses, are not ours to manage:
    # keep them as they were.
    for entry in active_entries(old) if old else []:
        if entry.msgctxt or (entry.msgid_plural and entry.msgid not in wanted):
            po.append(entry)
    return po, stats
