"""Terminology-aware choice among an engine's n-best hypotheses.

The engine proposes n translations with model scores (higher is better); we keep the one
that satisfies the most glossary constraints of the source sentence (an accepted target
variant for each source term, no forbidden variant), and break ties by model score, then by
rank. The choice is recorded in the provenance comment (`glossary=2/2 pick=3/4`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from transflow.glossary.model import Glossary, TermMatch


class HypothesisLike(Protocol):
    text: str
    score: float


@dataclass(frozen=True)
class Selection:
    index: int  # position in the n-best list (0 = the engine's 1-best)
    text: str
    score: float
    satisfied: int  # glossary constraints met by the chosen text
    total: int  # glossary constraints of the source sentence (for this language)
    forbidden: int  # forbidden variants in the chosen text
    candidates: int

    @property
    def compliant(self) -> bool:
        return self.satisfied == self.total and not self.forbidden

    def provenance(self) -> str:
        """Fields for the `#. transflow:` comment; empty when the glossary had no say."""
        if not self.total and not self.forbidden:
            return ""
        text = f"glossary={self.satisfied}/{self.total}"
        if self.forbidden:
            text += f" forbidden={self.forbidden}"
        if self.candidates > 1:
            text += f" pick={self.index + 1}/{self.candidates}"
        return text


def select_hypothesis(
    source: str,
    hypotheses: Sequence[HypothesisLike],
    lang: str,
    glossary: Glossary | None,
    terms: list[TermMatch] | None = None,
) -> Selection:
    """The hypothesis satisfying the most glossary constraints; ties go to the model score."""
    if not hypotheses:
        raise ValueError("select_hypothesis needs at least one hypothesis")
    if not glossary:
        best = max(range(len(hypotheses)), key=lambda i: (hypotheses[i].score, -i))
        h = hypotheses[best]
        return Selection(best, h.text, h.score, 0, 0, 0, len(hypotheses))
    terms = glossary.find_terms(source) if terms is None else terms
    ranked = []
    for i, h in enumerate(hypotheses):
        report = glossary.evaluate(source, h.text, lang, terms)
        ranked.append(
            (
                len(report.satisfied) - len(report.forbidden),
                h.score,
                -i,
                Selection(
                    i,
                    h.text,
                    h.score,
                    len(report.satisfied),
                    report.total,
                    len(report.forbidden),
                    len(hypotheses),
                ),
            )
        )
    return max(ranked, key=lambda r: r[:3])[3]
