"""Inconsistent translations: the same source sentence translated differently in the project.

A project-level check: it sees every checked entry of a language at once. The reference is
the most frequent reviewed translation (or the most frequent one when none is reviewed); each
entry translated otherwise gets a warning naming where the reference is.
"""

from __future__ import annotations

from collections import Counter

from transflow.checks.base import WARNING, Check, Entry, Problem, ignored, register


@register
class Inconsistent(Check):
    id = "inconsistent"
    name = "Inconsistent translation"
    description = "The same source sentence is translated differently elsewhere in the project."
    severity = WARNING
    project_level = True

    def run(self, entry: Entry):  # per-entry runs have nothing to compare with
        return ()

    def run_all(self, records):
        """(record, Problem) for every record departing from its group's reference.

        A record is (lang, msgctxt, msgid, msgstr, state, file, line, flags).
        """
        groups: dict[tuple[str, str, str], list[tuple]] = {}
        for r in records:
            if r[3] and self.id not in ignored(r[7]):
                groups.setdefault((r[0], r[1] or "", r[2]), []).append(r)
        for group in groups.values():
            if len(group) < 2 or len({r[3] for r in group}) < 2:
                continue
            reviewed = [r[3] for r in group if r[4] == "reviewed"]
            counts = Counter(reviewed or [r[3] for r in group])
            best = max(counts.values())
            reference = next(r for r in group if counts.get(r[3]) == best)
            for r in group:
                if r[3] != reference[3]:
                    yield (
                        r,
                        Problem(f"translated as “{reference[3]}” in {reference[5]}:{reference[6]}"),
                    )
