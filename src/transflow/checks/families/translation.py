"""Untranslated and unchanged entries.

`untranslated` (info): the entry has no translation yet; CI lists it without failing.
`unchanged` (error): the translation is the source text again, or has no word of the target
script at all (an English sentence left in a Korean edition). Names, acronyms, numbers and
URLs alone are not "real text", so `CNN` or `Human Rights Watch` kept as is are fine. A
title or heading in Title Case capitalises the lowercase words that tell a sentence from a
name, so there a capitalised function word (`A Very Long Sentence Test`) or four capitalised
words make it real text too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transflow.checks.base import ERROR, INFO, Check, Entry, Problem
from transflow.text.inline import mask

_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


def _real_words(text: str) -> list[str]:
    return _WORD.findall(mask(text))


def is_real_text(text: str) -> bool:
    """At least two words, one of them lowercase (not just a name or an acronym).

    Walks the words only until that is known: most sentences decide within a few words,
    and this runs on every source sentence."""
    count = 0
    lower = False
    for m in _WORD.finditer(mask(text)):
        count += 1
        lower = lower or m.group().islower()
        if lower and count >= 2:
            return True
    return False


_LETTERS = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = frozenset(
    "a an the and or but nor of to in on at by for from with into over after as is are was "
    "were be".split()
)
_HEADINGS = ("title", "heading")


def is_title_case_text(text: str) -> bool:
    """A Title Case heading that is text, not a name: a capitalised function word (`A`,
    `The`, `From`) among two words or more, or four capitalised words (not acronyms)."""
    words = _LETTERS.findall(mask(text))
    if len(words) < 2:
        return False
    capitalised = [w for w in words if w[0].isupper() and (len(w) == 1 or not w.isupper())]
    return any(w.lower() in _FUNCTION_WORDS for w in capitalised) or (
        sum(len(w) > 1 for w in capitalised) >= 4
    )


class Untranslated(Check):
    """The entry has no translation yet (information only: CI does not fail)."""

    id = "untranslated"
    name = "Untranslated"
    severity = INFO
    on_untranslated = True

    def run(self, entry: Entry) -> Iterable[Problem]:
        if not entry.msgstr.strip():
            yield Problem("not translated yet")


class Unchanged(Check):
    """The translation equals the source, or holds no word of the target script (Korean,
    Chinese, Japanese targets), for real text (not only names, acronyms or numbers; an
    English title or heading in Title Case is real text)."""

    id = "unchanged"
    name = "Unchanged"
    severity = ERROR

    def run(self, entry: Entry) -> Iterable[Problem]:
        source, target = entry.msgid.strip(), entry.msgstr.strip()
        if source != target and (not entry.cjk or _CJK.search(target)):
            return  # changed, and in the target script where one is expected: fine either way
        if not entry.source_memo("real-text", is_real_text) and not (
            entry.kind in _HEADINGS and entry.source_memo("title-case", is_title_case_text)
        ):
            return
        if source == target:
            yield Problem("the translation is identical to the source")
        elif entry.cjk and not _CJK.search(target) and len(_real_words(target)) >= 3:
            yield Problem("the translation holds no Korean/Chinese/Japanese text: still English?")
