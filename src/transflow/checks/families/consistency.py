"""Inconsistent translations: the same source sentence translated differently in the project.

A project-level check: it sees every checked entry of a language at once. The reference is
the most frequent reviewed translation (or the most frequent one when none is reviewed); each
entry translated otherwise gets a warning naming where the reference is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import compress

from transflow.checks.base import (
    REVIEWED,
    SILENCED,
    WARNING,
    FileRecords,
    Problem,
    ProjectCheck,
    ProjectProblem,
    Resolve,
)


class Inconsistent(ProjectCheck):
    """The same source sentence is translated differently elsewhere in the project."""

    id = "inconsistent"
    name = "Inconsistent translation"
    severity = WARNING

    def run_all(self, files: list[FileRecords], resolve: Resolve) -> Iterator[ProjectProblem]:
        """(lang, file, line, msgid, msgstr, Problem) for entries departing from their group.

        Only the groups of a shared key with two different translations are resolved to
        text, by `resolve(file, line) -> (msgctxt, msgid, msgstr)`; texts are compared, so a
        hash collision cannot mix two sources."""
        # most sentences occur once per language: count the keys and pick the shared ones
        # with C loops (Counter, compress), and look at those entries only
        counts: Counter = Counter()
        for f in files:
            counts.update(f.keys)
        shared = {key for key, n in counts.items() if n > 1}
        if not shared:
            return
        groups: dict[int, list[tuple]] = {}
        for f in files:
            for i in compress(range(len(f.keys)), map(shared.__contains__, f.keys)):
                if not f.states[i] & SILENCED:
                    groups.setdefault(f.keys[i], []).append(
                        (f.lang, f.file, f.lines[i], f.values[i], bool(f.states[i] & REVIEWED))
                    )
        for group in groups.values():
            if len(group) < 2 or len({g[3] for g in group}) < 2:
                continue
            by_source: dict[tuple, list] = {}
            for lang, file, line, _, reviewed in group:
                ctxt, msgid, msgstr = resolve(file, line)
                by_source.setdefault((lang, ctxt, msgid), []).append(
                    (lang, file, line, msgid, msgstr, reviewed)
                )
            for same in by_source.values():
                if len({t[4] for t in same}) < 2:
                    continue
                texts = Counter([t[4] for t in same if t[5]] or [t[4] for t in same])
                best = max(texts.values())
                ref = next(t for t in same if texts.get(t[4]) == best)
                for lang, file, line, msgid, msgstr, _ in same:
                    if msgstr != ref[4]:
                        yield (
                            lang,
                            file,
                            line,
                            msgid,
                            msgstr,
                            Problem(f"translated as “{ref[4]}” in {ref[1]}:{ref[2]}"),
                        )
