"""The risk-first review queue (`transflow review --order risk`, `review --list --order risk`).

A segment's tier, the riskiest first:

1. **error**: a check reports an error (a forbidden or missing glossary term, a number that
   differs, an English sentence left in, ...);
2. **low MT score**: unreviewed machine output among the lowest quarter of the catalog's
   engine scores (`#. transflow: mt=... score=-1.42`). A score is the model's
   log-probability, on the model's own scale, so "low" is relative to the catalog's other
   machine translations; a catalog needs at least `MIN_SCORED` of them for a quarter to mean
   anything;
3. **terms**: glossary terms of the source that the translation does not render (all of
   them while the segment is untranslated);
4. the rest.

Within a tier segments keep the document order, except low MT scores: the lowest first.
The app and the list use this one module, so they show the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from transflow.po.conventions import EntryLike, entry_state, machine_score

if TYPE_CHECKING:
    from transflow.checks import Finding
    from transflow.glossary import Glossary

MIN_SCORED = 4  # machine translations a catalog needs before its lowest quarter is "low"


class Tier(IntEnum):
    ERROR = 0
    LOW_MT = 1
    TERMS = 2
    REST = 3


@dataclass(frozen=True)
class Risk:
    tier: Tier
    score: float | None  # the MT score, when the text came from an engine
    reason: str  # why it is in its tier ("" for the rest), for the list and --list

    @property
    def label(self) -> str:
        """A few cells for the app's list: the reason, or the MT score of the rest."""
        if self.tier is Tier.ERROR:
            return "E " + self.reason.removeprefix("error: ")
        if self.tier is Tier.LOW_MT:
            return f"MT {self.score:.2f} low"
        if self.tier is Tier.TERMS:
            return self.reason.replace(" glossary", "")
        return "" if self.score is None else f"MT {self.score:.2f}"

    @property
    def summary(self) -> str:
        """The reason and the MT score, for `review --list` ("-" when there is neither)."""
        parts = [self.reason] if self.reason else []
        if self.score is not None and self.tier is not Tier.LOW_MT:
            parts.append(f"MT {self.score:.2f}")
        return " · ".join(parts) or "-"

    def as_dict(self) -> dict[str, object]:
        return {"tier": self.tier.name.lower(), "score": self.score, "reason": self.reason}


def unmet_terms(glossary: Glossary | None, msgid: str, msgstr: str, lang: str) -> int:
    """Glossary concepts of the source whose target terms the translation does not use
    (every concept with a target term in `lang` while the segment is untranslated)."""
    if not glossary:
        return 0
    matches = glossary.find_terms(msgid)
    if not matches:
        return 0
    if not msgstr:
        return len({id(m.concept) for m in matches if m.concept.variants(lang)})
    report = glossary.evaluate(msgid, msgstr, lang, matches)
    return len({id(m.concept) for m in report.missing})


def low_score_cutoff(scores: Iterable[float]) -> float | None:
    """The MT score at or below which a catalog's machine output counts as low."""
    values = sorted(scores)
    if len(values) < MIN_SCORED:
        return None
    return values[(len(values) - 1) // 4]


def assess(entry: EntryLike, findings: Iterable[Finding], unmet: int, cutoff: float | None) -> Risk:
    """The tier of one segment, given its findings and its unmet glossary terms."""
    score = machine_score(entry)
    errors = list(dict.fromkeys(f.check for f in findings if f.severity == "error"))
    if errors:
        return Risk(Tier.ERROR, score, "error: " + ", ".join(errors))
    unreviewed = entry_state(entry).unreviewed
    if unreviewed and score is not None and cutoff is not None and score <= cutoff:
        return Risk(Tier.LOW_MT, score, f"low MT score {score:.2f}")
    if unmet:
        return Risk(Tier.TERMS, score, f"{unmet} glossary term{'s' if unmet != 1 else ''} unmet")
    return Risk(Tier.REST, score, "")


def assess_catalog(
    entries: Sequence[EntryLike], findings: Sequence[Iterable[Finding]], unmet: Sequence[int]
) -> list[Risk]:
    """The risk of every entry of one catalog (the low-score cutoff is the catalog's)."""
    scored = (machine_score(e) for e in entries)
    cutoff = low_score_cutoff(s for s in scored if s is not None)
    return [assess(e, f, u, cutoff) for e, f, u in zip(entries, findings, unmet, strict=True)]


def sort_key(risk: Risk) -> tuple[int, float]:
    return risk.tier, risk.score if risk.tier is Tier.LOW_MT and risk.score is not None else 0.0


def by_risk(indices: Iterable[int], risks: Mapping[int, Risk]) -> list[int]:
    """`indices` (in document order) riskiest first; stable, so ties keep document order."""
    return sorted(indices, key=lambda i: sort_key(risks[i]))
