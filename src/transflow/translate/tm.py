"""Translation memory: the reviewed translations of every catalog of one language.

There is no separate TM database: the PO files are the memory. A reviewed entry (non-empty
msgstr, not fuzzy, not obsolete) of any `translations/<lang>/*.po`, then of the imported
memories `tm/<lang>/*.po` (`translate.memory`), is a unit; its origin is the source file of
its first occurrence (`sources/<slug>.md`), or the memory file (`tm/ko/omegat.po`). When two
files translate the same sentence differently, the one more files agree on wins, then the
first in that order (catalogs by name, then memories by name), so the project's own
reviewed work comes before an imported memory and results do not depend on directory order.

`best()` feeds `transflow translate`: an exact match, else the most similar reviewed unit
at or above `[tm] min_score`, is reused before any machine translation; `fuzzy()`
(rapidfuzz's `ratio`, the similarity msgmerge-style merges use in `po.catalog` too) gives
the review UI its suggestions. Scores are shown floored (`percent`), so only an exact match
reads 100%.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from transflow.po.conventions import State, entry_state
from transflow.po.reader import read_po
from transflow.project.project import Project


@dataclass(frozen=True)
class TMMatch:
    source: str
    target: str
    score: float  # 0-100; 100 for an exact match
    origin: str  # "sources/<file>" of the reviewed entry

    @property
    def percent(self) -> int:
        """The score as shown (`tm=... (87%)`): floored, so 99.6 is 99%, never 100%."""
        return int(self.score)

    @property
    def provenance(self) -> str:
        return f"tm={self.origin} ({self.percent}%)"


class TranslationMemory:
    def __init__(self, units: dict[str, TMMatch] | None = None) -> None:
        self.units: dict[str, TMMatch] = units or {}
        self._keys: list[str] | None = None

    def __len__(self) -> int:
        return len(self.units)

    @classmethod
    def from_catalogs(cls, paths: list[Path], root: Path | None = None) -> TranslationMemory:
        """The memory of these PO files, earlier files first on a tie."""
        votes: dict[str, Counter[str]] = {}
        first: dict[tuple[str, str], str] = {}
        for path in paths:
            for entry in read_po(path).items:
                if entry.plural or entry_state(entry) is not State.REVIEWED:
                    continue
                occurrences = entry.occurrences
                if occurrences:
                    origin = occurrences[0][0]
                elif root is not None:
                    origin = path.resolve().relative_to(root.resolve()).as_posix()
                else:
                    origin = path.as_posix()
                votes.setdefault(entry.msgid, Counter())[entry.msgstr] += 1
                first.setdefault((entry.msgid, entry.msgstr), origin)
        units = {}
        for msgid, counter in votes.items():
            best = max(counter.items(), key=lambda kv: kv[1])[0]  # ties: first seen
            units[msgid] = TMMatch(msgid, best, 100.0, first[(msgid, best)])
        return cls(units)

    @classmethod
    def for_language(cls, project: Project, lang: str) -> TranslationMemory:
        """Every catalog of `lang` on disk, orphans included (reviewed work is memory even
        when its article is gone), then the imported memories."""
        from transflow.translate.memory import reviewed_files

        return cls.from_catalogs(reviewed_files(project, lang), project.root)

    def exact(self, msgid: str) -> TMMatch | None:
        return self.units.get(msgid)

    def best(self, msgid: str, min_score: float) -> TMMatch | None:
        """The exact match, else the most similar unit scoring at least `min_score`."""
        found = self.exact(msgid)
        if found is None and min_score < 100:
            near = self.fuzzy(msgid, limit=1, cutoff=min_score)
            found = near[0] if near else None
        return found

    def fuzzy(self, msgid: str, limit: int = 3, cutoff: float = 70) -> list[TMMatch]:
        """The `limit` most similar reviewed units (rapidfuzz ratio >= cutoff), best first."""
        if not self.units:
            return []
        from rapidfuzz import fuzz, process

        if self._keys is None:
            self._keys = list(self.units)
        found = process.extract(
            msgid, self._keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit
        )
        out = []
        for key, score, _index in found:
            unit = self.units[key]
            out.append(TMMatch(unit.source, unit.target, round(float(score), 1), unit.origin))
        return out
