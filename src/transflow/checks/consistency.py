"""Inconsistent translations: the same source sentence translated differently in the project.

A project-level check: it sees every checked entry of a language at once. The reference is
the most frequent reviewed translation (or the most frequent one when none is reviewed); each
entry translated otherwise gets a warning naming where the reference is.
"""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

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
        ((lang, msgctxt or "", hash(msgid)), hash(msgstr), reviewed, file, line, ignored).
        Only the groups with two different translations are resolved to text, by
        `resolve(file, line) -> (msgid, msgstr)`."""
        # most sentences occur once per language: count the keys at C speed (Counter over
        # itemgetter) and group only the records whose key is shared
        counts = Counter(map(itemgetter(0), records))
        shared = {key for key, n in counts.items() if n > 1}
        groups: dict[tuple, list[tuple]] = {}
        for r in records:
            if r[0] in shared and not r[5]:
                groups.setdefault(r[0], []).append(r)
        for group in groups.values():
            if len(group) < 2 or len({r[1] for r in group}) < 2:
                continue
            texts = [(r, *resolve(r[3], r[4])) for r in group]
            by_source: dict[str, list] = {}
            for item in texts:  # a hash collision must not mix two sources
                by_source.setdefault(item[1], []).append(item)
            for same in by_source.values():
                if len({t[2] for t in same}) < 2:
                    continue
                reviewed = [t[2] for t in same if t[0][2]]
                counts = Counter(reviewed or [t[2] for t in same])
                best = max(counts.values())
                ref = next(t for t in same if counts.get(t[2]) == best)
                for r, msgid, msgstr in same:
                    if msgstr != ref[2]:
                        where = f"{ref[0][3]}:{ref[0][4]}"
                        yield (
                            r[0][0],
                            r[3],
                            r[4],
                            msgid,
                            msgstr,
                            Problem(f"translated as “{ref[2]}” in {where}"),
                        )
