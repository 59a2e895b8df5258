"""Inconsistent translations: the same source sentence translated differently in the project.

A project-level check: it sees every checked entry of a language at once. The reference is
the most frequent reviewed translation (or the most frequent one when none is reviewed); each
entry translated otherwise gets a warning naming where the reference is.
"""

from __future__ import annotations

from collections import Counter

from transflow.checks.base import WARNING, Check, Entry, Problem, register


@register
class Inconsistent(Check):
    id = "inconsistent"
    name = "Inconsistent translation"
    description = "The same source sentence is translated differently elsewhere in the project."
    severity = WARNING
    project_level = True

    def run(self, entry: Entry):  # per-entry runs have nothing to compare with
        return ()

    def run_all(self, records, resolve):
        """(lang, file, line, msgid, msgstr, Problem) for entries departing from their group.

        Records are compact so a 100k-entry project stays cheap to gather across processes:
        (lang, msgctxt, hash(msgid), hash(msgstr), reviewed, file, line, ignored). Only the
        groups with two different translations are resolved to text, by `resolve(file, line)
        -> (msgid, msgstr)`."""
        groups: dict[tuple, list[tuple]] = {}
        for r in records:
            if not r[7]:
                groups.setdefault((r[0], r[1] or "", r[2]), []).append(r)
        for group in groups.values():
            if len(group) < 2 or len({r[3] for r in group}) < 2:
                continue
            texts = [(r, *resolve(r[5], r[6])) for r in group]
            by_source: dict[str, list] = {}
            for item in texts:  # a hash collision must not mix two sources
                by_source.setdefault(item[1], []).append(item)
            for same in by_source.values():
                if len({t[2] for t in same}) < 2:
                    continue
                reviewed = [t[2] for t in same if t[0][4]]
                counts = Counter(reviewed or [t[2] for t in same])
                best = max(counts.values())
                ref = next(t for t in same if counts.get(t[2]) == best)
                for r, msgid, msgstr in same:
                    if msgstr != ref[2]:
                        where = f"{ref[0][5]}:{ref[0][6]}"
                        yield (
                            r[0],
                            r[5],
                            r[6],
                            msgid,
                            msgstr,
                            Problem(f"translated as “{ref[2]}” in {where}"),
                        )
