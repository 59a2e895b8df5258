"""House-style rules: a newsroom's own rules, written in transflow.toml as `[[check.rule]]`.

A rule is a regular expression a translation must not match, in the languages it names,
and only where its source regex (if any) matches the source sentence: a Korean desk that
writes the plain news style forbids the formal ending (`translation = '습니다[.?!]?$'`); a
rule for clock times fires only on sources that give one (`source = '\\d [ap]\\.m\\.'`).
Each rule is a check of its own: its id (`house-...`, a namespace no built-in check uses)
names its findings, silences it on an entry (`#, ignore-house-...`) and turns it off
(`disable`, `--disable`), like any check's. The rules are validated and compiled when the
project loads (`project.config.HouseRule`); this is what runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from transflow.checks.base import Check, Entry, Problem

if TYPE_CHECKING:
    from transflow.project.config import HouseRule


class HouseStyle(Check):
    """A house-style rule of transflow.toml (`[[check.rule]]`): its message is its
    description, its id and severity are the rule's."""

    name = "House-style rule"

    def __init__(self, rule: HouseRule) -> None:
        self.rule = rule
        self.id = rule.id
        self.severity = rule.severity
        self.description = rule.message
        self.languages = frozenset(rule.languages)
        source = rule.source
        self._applies: Callable[[str], bool] | None = (
            None if source is None else lambda text: source.search(text) is not None
        )

    def parameters(self, langs: Iterable[str]) -> list[tuple[str, str, bool]]:
        rule = self.rule  # all of it from transflow.toml, none a built-in value changed
        shown = [("language", ", ".join(rule.languages) or "every target", False)]
        shown.append(("translation", f"'{rule.translation.pattern}'", False))
        if rule.source is not None:
            shown.append(("source", f"'{rule.source.pattern}'", False))
        return shown

    def run(self, entry: Entry) -> Iterable[Problem]:
        if self.languages and entry.lang not in self.languages:
            if entry.base not in self.languages:
                return ()
        if self._applies is not None and not entry.source_memo(self.id, self._applies):
            return ()
        translation = self.rule.translation
        if translation.search(entry.msgstr) is None:  # most entries: no span list to build
            return ()
        spans = tuple(m.span() for m in translation.finditer(entry.msgstr))
        return (Problem(self.rule.message, target_spans=spans),)
