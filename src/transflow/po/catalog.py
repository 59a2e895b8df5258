"""PO catalogs: one `translations/<lang>/<slug>.po` per article and target language.

The PO file is the source of truth for translation state (see DESIGN.md, "PO conventions"):
empty msgstr = untranslated, `fuzzy` = machine output or otherwise unreviewed, non-empty
without `fuzzy` = reviewed. `merge` gives msgmerge semantics so a reviewed translation is
never lost when the source changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from transflow import __version__
from transflow.extract.sources import Article, Segment
from transflow.project.errors import CatalogError
from transflow.project.fsutil import atomic_write_text, read_utf8
from transflow.project.languages import display_name, gettext_language, plural_forms

WRAP_WIDTH = 78  # what GNU gettext tools write, so msgcat/msgmerge round trips stay quiet
FUZZY_CUTOFF = 60.0  # similarity (0-100) below which an old translation is no suggestion;
# GNU msgmerge uses 0.6 as well.
TYPE_PREFIX = "type: "
PO_UTF8_HINT = "transflow reads and writes UTF-8 PO files; convert it with `msgconv -t UTF-8`."
PROVENANCE_PREFIX = "transflow:"


def catalog_path(translations_dir: Path, lang: str, slug: str) -> Path:
    return translations_dir / lang / f"{slug}.po"


# --- reading -------------------------------------------------------------------------------

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\[\\"abfnrtv]|\\[0-7]{1,3}|\\x[0-9a-fA-F]+)*"\s*$')


def _lint(text: str, path: Path) -> None:
    """Catch what polib's lenient parser lets through (unterminated strings, bad escapes,
    duplicate entries, merge-conflict markers), naming the line like msgfmt does."""
    seen: dict[tuple[str, str], int] = {}
    entry: dict[str, str] = {}  # keyword -> unquoted text, for the entry being read
    entry_line = 0
    keyword = ""
    last = ""  # previous keyword

    def finish() -> None:
        msgid = entry.get("msgid")
        if msgid:  # the header (empty msgid) is not an entry
            key = (entry.get("msgctxt", "\x04"), msgid)
            if key in seen:
                raise CatalogError(
                    f"duplicate entry for msgid {msgid[:60]!r} (first at line {seen[key]}).",
                    path=path,
                    line=entry_line,
                    hint="Remove one of them (msguniq can help), then run again.",
                )
            seen[key] = entry_line
        entry.clear()

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue  # obsolete (#~) and previous (#|) entries are checked by polib
        if line.startswith(("<<<<<<<", "=======", ">>>>>>>")):
            raise CatalogError(
                "holds a git merge-conflict marker.",
                path=path,
                line=number,
                hint="Resolve the conflict (keep one translation), then run again.",
            )
        match = _KEYWORD.match(line)
        if not match and not line.startswith('"'):
            raise CatalogError(
                f"syntax error: unexpected {line[:40]!r}.",
                path=path,
                line=number,
                hint="Each line must be a comment, a keyword (msgid, msgstr, ...) or a quoted "
                "string; fix it in an editor or restore it from git.",
            )
        string = match.group(2) if match else line
        if not _STRING.match(string):
            raise CatalogError(
                "syntax error: unterminated string or invalid escape sequence.",
                path=path,
                line=number,
                hint='Close the quotes and escape inner quotes as \\".',
            )
        if match:
            keyword = match.group(1)
            starts_entry = keyword == "msgctxt" or (keyword == "msgid" and last != "msgctxt")
            if starts_entry:
                finish()
                entry_line = number
            last = keyword
            entry[keyword] = ""
        entry[keyword] = entry.get(keyword, "") + string.strip()[1:-1]
    finish()


def load_catalog(path: Path) -> polib.POFile:
    """Parse a PO file, turning every parser complaint into a CatalogError with file:line."""
    text = read_utf8(path, CatalogError, PO_UTF8_HINT)
    _lint(text, path)
    try:
        po = polib.pofile(text, wrapwidth=WRAP_WIDTH)
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


# --- state ---------------------------------------------------------------------------------

UNTRANSLATED, UNREVIEWED, REVIEWED = "untranslated", "unreviewed", "reviewed"


def entry_state(entry: polib.POEntry) -> str:
    if not entry.msgstr:
        return UNTRANSLATED
    return UNREVIEWED if "fuzzy" in entry.flags else REVIEWED


def active_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


# --- building and merging --------------------------------------------------------------------


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def new_catalog(article: Article, lang: str, source_lang: str, source_rel: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    po.header = (
        f"{display_name(lang, 'en')} translation of {source_rel}\n"
        "Made by transflow extract; edit msgstr only (any PO editor will do)."
    )
    po.metadata = {
        "Project-Id-Version": article.slug,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now_stamp(),
        "PO-Revision-Date": now_stamp(),
        "Last-Translator": "",
        "Language-Team": display_name(lang, "en"),
        "Language": gettext_language(lang),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Source-Language": source_lang,
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


def _provenance(entry: polib.POEntry) -> list[str]:
    return [
        line for line in (entry.comment or "").split("\n") if line.startswith(PROVENANCE_PREFIX)
    ]


def _carry(old: polib.POEntry, new: polib.POEntry) -> None:
    """Copy translation, state, notes and provenance from an old entry."""
    new.msgstr = old.msgstr
    new.flags = list(old.flags)
    new.tcomment = old.tcomment
    new.previous_msgid = old.previous_msgid
    new.previous_msgctxt = old.previous_msgctxt
    new.comment = "\n".join([*new.comment.split("\n"), *_provenance(old)])


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
    - an obsolete entry whose sentence is back is revived with its state.
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
            comment=f"{TYPE_PREFIX}{first.kind}",
        )
        if first.text in old_active:
            _carry(old_active[first.text], entry)
            stats.kept += 1
        elif first.text in old_obsolete:
            _carry(old_obsolete[first.text], entry)
            stats.revived += 1
        else:
            best = process.extractOne(
                first.text, pool_ids, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if best is not None:
                match = pool[best[2]]
                _carry(match, entry)
                entry.previous_msgid = match.msgid
                entry.previous_msgctxt = None
                if "fuzzy" not in entry.flags:
                    entry.flags.insert(0, "fuzzy")
                consumed.add(best[2])
                stats.fuzzy += 1
            else:
                stats.added += 1
        po.append(entry)

    # Sentences that are gone: obsolete, unless their translation moved into a suggestion.
    consumed_ids = {pool[i].msgid for i in consumed}
    for msgid, entry in old_active.items():
        if msgid in wanted or msgid in consumed_ids:
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
    # Entries with a msgctxt are not ours to manage: keep them as they were.
    for entry in active_entries(old) if old else []:
        if entry.msgctxt:
            po.append(entry)
    return po, stats
