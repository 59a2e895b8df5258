"""How transflow keeps translation state in standard PO fields: the contract between stages.

- untranslated: empty msgstr;
- machine (or otherwise unreviewed): the `fuzzy` flag;
- changed: `fuzzy` with `#| msgid`, the source sentence changed since it was translated;
- reviewed: a msgstr without `fuzzy`.

A plural entry (`msgid_plural`, from outside transflow: extract makes none) has a form per
number class, msgstr[0..n-1]: it is untranslated while any form is empty, and reviewed only
when every form is translated and it is not fuzzy.

Provenance and the reviewer are extracted-comment lines that start with `transflow:`
(`#. transflow: mt=argos:en-ko@1.1 score=-0.42`, `#. transflow: tm=sources/x.md (100%)`,
`#. transflow: reviewed-by=Kim`); the segment's kind is `#. type: paragraph`.

Every stage reads and changes these only through this module, on a polib entry (to
change it) or on a reader item (`po.reader.POItem`, to read it fast); both carry msgstr,
flags, previous_msgid and the extracted comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import polib

FUZZY = "fuzzy"
PROVENANCE_PREFIX = "transflow:"
TYPE_PREFIX = "type: "
REVIEWED_BY = f"{PROVENANCE_PREFIX} reviewed-by="
_ORIGINS = (f"{PROVENANCE_PREFIX} mt=", f"{PROVENANCE_PREFIX} tm=")
_MACHINE = f"{PROVENANCE_PREFIX} mt="
_REVIEWED_BY = re.compile(r"transflow:\s*reviewed-by=(.+)")  # as written by hand, too
_MACHINE_SCORE = re.compile(r"transflow:\s*mt=\S+\s+score=(-?\d+(?:\.\d+)?)(?!\S)")


class State(StrEnum):
    """A segment's state, as the reviewer sees it."""

    UNTRANSLATED = "untranslated"
    MACHINE = "machine"  # fuzzy: machine output or otherwise unreviewed
    CHANGED = "changed"  # fuzzy with `#| msgid`: the source changed since translation
    REVIEWED = "reviewed"

    @property
    def unreviewed(self) -> bool:
        """Translated but not reviewed (fuzzy): machine or changed."""
        return self is State.MACHINE or self is State.CHANGED

    @property
    def pending(self) -> bool:
        """Still waiting for a reviewer."""
        return self is not State.REVIEWED


class EntryLike(Protocol):
    """What the state rules need of an entry: a polib.POEntry or a reader POItem."""

    @property
    def msgid(self) -> str: ...

    @property
    def msgstr(self) -> str: ...

    @property
    def msgid_plural(self) -> str: ...

    @property
    def msgstr_plural(self) -> Mapping[int, str]: ...

    @property
    def flags(self) -> Sequence[str]: ...

    @property
    def previous_msgid(self) -> str | None: ...

    @property
    def comment(self) -> str: ...


def translations(entry: EntryLike) -> list[str]:
    """What the translator wrote: the msgstr, or a plural entry's forms msgstr[0..n-1]."""
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        return [forms[index] for index in sorted(forms)]
    return [entry.msgstr]


def form_sources(entry: EntryLike) -> list[str]:
    """The source text each of a plural entry's forms translates, as checks compare them:
    msgid for msgstr[0] and msgid_plural for the others, or msgid_plural for the one form of
    a language that does not inflect for number (Korean, Chinese)."""
    count = len(entry.msgstr_plural)
    if count == 1:
        return [entry.msgid_plural]
    return [entry.msgid, *[entry.msgid_plural] * (count - 1)]


def entry_state(entry: EntryLike) -> State:
    """The one rule every stage applies."""
    if entry.msgid_plural:
        forms = translations(entry)
        if not forms or not all(forms):
            return State.UNTRANSLATED
    elif not entry.msgstr:
        return State.UNTRANSLATED
    if FUZZY in entry.flags:
        return State.CHANGED if entry.previous_msgid else State.MACHINE
    return State.REVIEWED


def previous_source(entry: EntryLike) -> str | None:
    """The source sentence a changed entry's translation was made for (`#| msgid`)."""
    return entry.previous_msgid or None


# --- extracted comments -------------------------------------------------------------------------


def _comment_lines(comment: str | None) -> list[str]:
    return (comment or "").split("\n")


def provenance(entry: EntryLike) -> list[str]:
    """The `transflow: ...` lines without their prefix (engine and score, TM origin, reviewer)."""
    return [
        line[len(PROVENANCE_PREFIX) :].strip()
        for line in _comment_lines(entry.comment)
        if line.startswith(PROVENANCE_PREFIX)
    ]


def reviewers(entry: EntryLike) -> list[str]:
    """Who accepted the entry (`transflow: reviewed-by=NAME`)."""
    found = (_REVIEWED_BY.match(line.strip()) for line in _comment_lines(entry.comment))
    return [match.group(1).strip() for match in found if match]


def machine_score(entry: EntryLike) -> float | None:
    """The engine's score of the machine translation (`mt=... score=-0.42`: a log-probability,
    higher is more confident); None when the text did not come from an engine."""
    for line in _comment_lines(entry.comment):
        match = _MACHINE_SCORE.match(line)
        if match:
            return float(match.group(1))
    return None


def is_machine_output(entry: EntryLike) -> bool:
    """Unreviewed text that an engine wrote (an `mt=` provenance line)."""
    return entry_state(entry).unreviewed and any(
        line.startswith(_MACHINE) for line in _comment_lines(entry.comment)
    )


def kind_in(comment_lines: Iterable[str]) -> str:
    """The segment's kind from its `type: ...` extracted-comment line (title, heading,
    paragraph, ...): the first word after the prefix; "" when there is none."""
    for line in comment_lines:
        if line.startswith(TYPE_PREFIX[:-1]):
            words = line[len(TYPE_PREFIX) - 1 :].split()
            return words[0] if words else ""
    return ""


def kind_of(entry: EntryLike) -> str:
    return kind_in(_comment_lines(entry.comment))


def kind_comment(kind: str) -> str:
    return f"{TYPE_PREFIX}{kind}"


def _is_reviewed_by(line: str) -> bool:
    return _REVIEWED_BY.match(line.strip()) is not None


def _replace_lines(entry: polib.POEntry, drop: Callable[[str], bool], add: Iterable[str]) -> None:
    kept = [line for line in _comment_lines(entry.comment) if line and not drop(line)]
    entry.comment = "\n".join([*kept, *add])


def _provenance_line(text: str) -> str:
    return text if text.startswith(PROVENANCE_PREFIX) else f"{PROVENANCE_PREFIX} {text}"


def provenance_lines(entry: polib.POEntry) -> list[str]:
    """The entry's `transflow:` lines as written, to carry them to another entry."""
    return [line for line in _comment_lines(entry.comment) if line.startswith(PROVENANCE_PREFIX)]


# --- changing state -----------------------------------------------------------------------------


def _set_fuzzy(entry: polib.POEntry, fuzzy: bool) -> None:
    if fuzzy and FUZZY not in entry.flags:
        entry.flags = [FUZZY, *entry.flags]
    elif not fuzzy and FUZZY in entry.flags:
        entry.flags = [f for f in entry.flags if f != FUZZY]


def fill(entry: polib.POEntry, text: str, origin: str, previous_source: str | None = None) -> None:
    """Machine or memory output: the text, unreviewed, with where it came from.

    Any earlier `transflow:` line goes (the text is new, nobody reviewed it). A fuzzy
    memory match passes the source its translation was made for as `previous_source`
    (`#| msgid`, as `msgmerge --compendium` writes it), so a PO editor and review show
    what differs."""
    entry.msgstr = text
    _set_fuzzy(entry, True)
    entry.previous_msgid = previous_source or None
    entry.previous_msgctxt = None
    _replace_lines(
        entry, lambda line: line.startswith(PROVENANCE_PREFIX), [_provenance_line(origin)]
    )


def carry(entry: polib.POEntry, old: polib.POEntry, previous_source: str | None = None) -> None:
    """Carry an old entry's translation (a plural entry's forms too), state, notes and
    provenance onto `entry`; with a `previous_source` (the old entry's msgid), as a fuzzy
    suggestion for a changed source."""
    entry.msgstr = old.msgstr
    entry.msgid_plural = old.msgid_plural
    entry.msgstr_plural = dict(old.msgstr_plural)
    entry.flags = list(old.flags)
    entry.tcomment = old.tcomment
    entry.previous_msgid = old.previous_msgid
    entry.previous_msgctxt = old.previous_msgctxt
    entry.comment = "\n".join([*_comment_lines(entry.comment), *provenance_lines(old)])
    if previous_source is not None:
        entry.previous_msgid = previous_source
        entry.previous_msgctxt = None
        _set_fuzzy(entry, True)


def origin_of(entry: EntryLike) -> str:
    """Where the text came from: the `mt=...` or `tm=...` line without its prefix, "" when
    it has none (typed by hand)."""
    for line in _comment_lines(entry.comment):
        if line.startswith(_ORIGINS):
            return line[len(PROVENANCE_PREFIX) :].strip()
    return ""


def machine_engine(entry: EntryLike) -> str | None:
    """The engine and model version that wrote the text, as its `mt=` line names them
    (`mt=argos:en-ko@1.1 score=-0.42`: `argos:en-ko@1.1`), whatever the state; None when the
    text came from elsewhere (a memory, an XLIFF file, typed by hand)."""
    origin = origin_of(entry)
    words = origin[len("mt=") :].split(maxsplit=1) if origin.startswith("mt=") else []
    return words[0] if words else None


def set_origin(entry: polib.POEntry, origin: str | None) -> None:
    """Replace the mt=/tm= line when the text came from a suggestion (None: keep it; "":
    remove it, the text came from nowhere, e.g. a suggestion taken back)."""
    if origin is not None:
        lines = [_provenance_line(origin)] if origin else []
        _replace_lines(entry, lambda line: line.startswith(_ORIGINS), lines)


def mark_reviewed(entry: polib.POEntry, text: str, reviewer: str) -> None:
    """Accepted by `reviewer`: the text, no fuzzy, no previous msgid, `reviewed-by` noted."""
    entry.msgstr = text
    _set_fuzzy(entry, False)
    entry.previous_msgid = None
    entry.previous_msgctxt = None
    _replace_lines(entry, _is_reviewed_by, [f"{REVIEWED_BY}{reviewer}"])


def mark_edited(entry: polib.POEntry, text: str) -> None:
    """A translation saved without accepting it: unreviewed (fuzzy), or untranslated when
    empty; a reviewed-by line goes, since nobody reviewed the new text."""
    entry.msgstr = text
    _set_fuzzy(entry, bool(text))
    _replace_lines(entry, _is_reviewed_by, [])
