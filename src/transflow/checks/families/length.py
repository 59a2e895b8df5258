"""Length ratio: a translation far shorter or longer than usual for its language pair.

Characters of translation per character of English differ by script: Korean ~0.55,
Chinese ~0.33, Japanese ~0.5, European languages ~1.15. A sentence is an outlier when its
ratio is below 40% or above 250% of that (for sources of 40+ characters, where the ratio
is stable): half a sentence dropped, or two sentences merged into one entry.
"""

from __future__ import annotations

from collections.abc import Iterable

from transflow.checks.base import WARNING, Check, Entry, Problem

EXPECTED = {"ko": 0.55, "zh": 0.33, "ja": 0.5, "en": 1.0}
DEFAULT_RATIO = 1.15
LOW, HIGH = 0.4, 2.5
MIN_SOURCE = 40


class LengthRatio(Check):
    """The translation is much shorter or longer than usual for the language pair (a
    dropped clause, a merged sentence)."""

    id = "length-ratio"
    name = "Length ratio outlier"
    severity = WARNING

    def run(self, entry: Entry) -> Iterable[Problem]:
        source = entry.msgid
        if len(source) < MIN_SOURCE:
            return
        expected = EXPECTED.get(entry.base, DEFAULT_RATIO)
        ratio = len(entry.msgstr.strip()) / len(source.strip())
        if ratio < expected * LOW:
            yield Problem(
                f"the translation is unusually short ({ratio:.2f} characters per source "
                f"character; about {expected:.2f} is usual): is a part missing?"
            )
        elif ratio > expected * HIGH:
            yield Problem(
                f"the translation is unusually long ({ratio:.2f} characters per source "
                f"character; about {expected:.2f} is usual)"
            )
