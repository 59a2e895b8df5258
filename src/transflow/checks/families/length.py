"""Length ratio: a translation far shorter or longer than usual for its language pair.

Characters of translation per character of English differ by script: Korean ~0.55,
Chinese ~0.33, Japanese ~0.5, European languages ~1.15. A sentence is an outlier when its
ratio is below 40% or above 250% of that (for sources of 40+ characters, where the ratio
is stable): half a sentence dropped, or two sentences merged into one entry. A project sets
its own bounds per target language, and the shortest source measured, in transflow.toml's
`[check.length-ratio]` (`ko = [0.3, 1.6]`, `min_source = 40`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from transflow.checks.base import WARNING, Check, Entry, Problem
from transflow.project.languages import base_language

EXPECTED = {"ko": 0.55, "zh": 0.33, "ja": 0.5, "en": 1.0}
DEFAULT_RATIO = 1.15
LOW, HIGH = 0.4, 2.5
MIN_SOURCE = 40

Bounds = tuple[float, float]  # lowest, highest characters of translation per source character


def usual_bounds(lang: str) -> Bounds:
    """The built-in bounds of a language: its usual ratio times LOW and HIGH."""
    expected = EXPECTED.get(base_language(lang), DEFAULT_RATIO)
    return expected * LOW, expected * HIGH


class LengthRatio(Check):
    """The translation is much shorter or longer than usual for the language pair (a
    dropped clause, a merged sentence)."""

    id = "length-ratio"
    name = "Length ratio outlier"
    severity = WARNING

    def __init__(
        self, bounds: Mapping[str, Bounds] | None = None, min_source: int | None = None
    ) -> None:
        self.configured = dict(bounds or {})  # language (or base language) -> bounds
        self.min_source = MIN_SOURCE if min_source is None else min_source
        self.min_source_configured = min_source is not None
        self._bounds: dict[str, Bounds] = {}

    def bounds(self, lang: str) -> Bounds:
        """The bounds of a language: configured for it or for its base language (zh for
        zh-Hant), else the built-in ones."""
        found = self._bounds.get(lang)
        if found is None:
            configured = self.configured.get(lang) or self.configured.get(base_language(lang))
            found = self._bounds[lang] = configured or usual_bounds(lang)
        return found

    def parameters(self, langs: Iterable[str]) -> list[tuple[str, str, bool]]:
        shown = [("min_source", str(self.min_source), self.min_source_configured)]
        for lang in langs:
            low, high = self.bounds(lang)
            configured = lang in self.configured or base_language(lang) in self.configured
            shown.append((lang, f"[{low:.2f}, {high:.2f}]", configured))
        return shown

    def run(self, entry: Entry) -> Iterable[Problem]:
        source = entry.msgid
        if len(source) < self.min_source:
            return
        low, high = self.bounds(entry.lang)
        ratio = len(entry.msgstr.strip()) / len(source.strip())
        if ratio < low:
            yield Problem(
                f"the translation is unusually short ({ratio:.2f} characters per source "
                f"character; {low:.2f} to {high:.2f} is usual for {entry.lang}): is a part "
                "missing?"
            )
        elif ratio > high:
            yield Problem(
                f"the translation is unusually long ({ratio:.2f} characters per source "
                f"character; {low:.2f} to {high:.2f} is usual for {entry.lang})"
            )
