"""Brackets and quotation marks: balanced in the translation when they are in the source.

Each pair is checked on its own ((), （）, [], 【】, 「」, 『』, 《》, “”, ‘’ ...), in order
(a closer before its opener is unbalanced). A news quotation may open in one sentence and
close in a later one, so a source sentence that is itself unbalanced excuses the target for
that family of marks. Quotes may change style (“ ” to 「 」), brackets may be added or
dropped as long as each pair that is used is complete. ’ is also the apostrophe: single
quotes are only checked when ‘ is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transflow.checks.base import ERROR, Check, Entry, Problem

PAIRS = {
    "(": ")",
    "（": "）",
    "[": "]",
    "［": "］",
    "{": "}",
    "｛": "｝",
    "【": "】",
    "〔": "〕",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
    "“": "”",
    "‘": "’",
    "«": "»",
}
FAMILY = {
    "(": "paren",
    "（": "paren",
    "[": "square",
    "［": "square",
    "【": "square",
    "〔": "square",
    "{": "brace",
    "｛": "brace",
    "「": "quote",
    "『": "quote",
    "“": "quote",
    "«": "quote",
    "《": "title",
    "〈": "title",
    "‘": "single",
}
CLOSE = {v: k for k, v in PAIRS.items()}
MARKS = set(PAIRS) | set(CLOSE) | {'"'}


_MARKS_RE = re.compile("[" + re.escape("".join(sorted(MARKS))) + "]")


def _plainly_balanced(text: str, marks: list[str]) -> bool:
    """The common case, decided without walking the text: straight quotes are even, and
    each pair that is used has as many closers as openers, its first opener before its
    first closer (a closer first is the rare order problem the walk below finds).

    Looks only at the few marks found (no Counter, no loop over all of PAIRS): this runs
    for most sentences."""
    for mark in set(marks):
        if mark == '"':
            if marks.count('"') % 2:
                return False
            continue
        opener = CLOSE.get(mark, mark)
        closer = PAIRS[opener]
        if marks.count(opener) != marks.count(closer):
            return False
        if text.find(opener) > text.find(closer):
            return False
    return True


def imbalance(text: str) -> dict[str, tuple[str, int]]:
    """Family -> (mark, position) of the first unbalanced mark."""
    marks = _MARKS_RE.findall(text)
    if not marks or _plainly_balanced(text, marks):
        return {}
    single = "‘" in text
    stacks: dict[str, list[int]] = {}
    bad: dict[str, tuple[str, int]] = {}
    straight = []
    for i, ch in enumerate(text):
        if ch == '"':
            straight.append(i)
        elif ch in PAIRS:
            if ch == "‘" and not single:
                continue
            stacks.setdefault(ch, []).append(i)
        elif ch in CLOSE:
            opener = CLOSE[ch]
            if opener == "‘" and not single:
                continue
            if stacks.get(opener):
                stacks[opener].pop()
            else:
                bad.setdefault(FAMILY[opener], (ch, i))
    for opener, left in stacks.items():
        if left:
            bad.setdefault(FAMILY[opener], (opener, left[0]))
    if len(straight) % 2:
        bad.setdefault("quote", ('"', straight[-1]))
    return bad


class Brackets(Check):
    """Every bracket and quotation mark used in the translation is closed, unless the
    source sentence itself leaves that kind open (a quote spanning sentences)."""

    id = "brackets"
    name = "Unbalanced brackets or quotes"
    severity = ERROR

    def run(self, entry: Entry) -> Iterable[Problem]:
        target_bad = imbalance(entry.msgstr)
        if not target_bad:
            return
        source_bad = entry.source_memo("brackets", imbalance)
        for family, (mark, pos) in target_bad.items():
            excused = family in source_bad or (family == "single" and "quote" in source_bad)
            if family == "quote" and "single" in source_bad:
                excused = True
            if not excused:
                yield Problem(f"unbalanced “{mark}”", target_spans=((pos, pos + 1),))
