"""Terminology at decode time, then a terminology-aware choice among the n-best.

Before decoding, `suppression` lists the forbidden variants of the glossary terms a source
sentence holds (with Korean particles attached), which the engine passes to CTranslate2 as
`suppress_sequences`, so no hypothesis contains them. A variant whose tokens lie inside an
approved term's tokens (forbidden 탈북 vs approved 탈북민) would block the approved term too:
it is not suppressed, and the choice below still catches it.

The engine then proposes n translations with model scores (higher is better); we keep the
one that satisfies the most glossary constraints of the source sentence (an accepted target
variant for each source term, no forbidden variant), and break ties by model score, then by
rank. The choice is recorded in the provenance comment (`glossary=2/2 suppressed=1/1
pick=3/4`: terms rendered, forbidden variants suppressed of those the sentence's terms
have, the rank of the hypothesis kept).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from transflow.glossary.korean import with_particles
from transflow.glossary.matching import target_term
from transflow.glossary.model import Glossary, TermMatch
from transflow.project.languages import base_language

# a target string -> the token sequences an engine would suppress for it
TokenForms = Callable[[str], list[list[str]]]


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
    suppression: Suppression | None = None  # what decoding was kept from producing

    @property
    def compliant(self) -> bool:
        return self.satisfied == self.total and not self.forbidden

    def provenance(self) -> str:
        """Fields for the `#. transflow:` comment; empty when the glossary had no say."""
        if not self.total and not self.forbidden:
            return ""
        text = f"glossary={self.satisfied}/{self.total}"
        plan = self.suppression
        if plan is not None and (plan.variants or plan.kept):
            text += f" suppressed={len(plan.variants)}/{len(plan.variants) + len(plan.kept)}"
        if self.forbidden:
            text += f" forbidden={self.forbidden}"
        if self.candidates > 1:
            text += f" pick={self.index + 1}/{self.candidates}"
        return text


@dataclass
class Suppression:
    """What a sentence's decoding must not produce, for `Engine.translate(suppress=...)`."""

    variants: list[str] = field(default_factory=list)  # forbidden variants suppressed
    # not suppressed: approved for another term, would block an approved term, or the
    # engine's vocabulary cannot write it
    kept: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)  # variants and their inflected forms


def suppression(terms: list[TermMatch], lang: str, tokens: TokenForms | None = None) -> Suppression:
    """The forbidden `lang` variants of the concepts of `terms` (a source sentence's glossary
    terms), to suppress at decode time.

    Left out: a variant approved for another concept of the sentence, one the engine's
    vocabulary cannot write (`tokens` gives no sequence), and one whose suppression would
    block an approved variant of the sentence's concepts: its token sequences (`tokens`, the
    engine's) inside an approved variant's, or, without `tokens`, its text inside an
    approved variant's text. Korean variants also go with particles
    attached (`korean.with_particles`), as a tokenizer may cut 탈북자는 as ▁탈북 자는."""
    concepts = list({id(m.concept): m.concept for m in terms}.values())
    approved = [v for c in concepts for v in c.variants(lang)]
    approved_norms = [target_term(v, lang) for v in approved]
    approved_tokens: list[list[str]] = (
        [seq for v in approved for seq in tokens(v)] if tokens is not None else []
    )

    def blocks(text: str) -> bool:
        if tokens is None:
            norm = target_term(text, lang)
            return any(norm in a for a in approved_norms)
        return any(_inside(seq, a) for seq in tokens(text) for a in approved_tokens)

    plan = Suppression()
    korean = base_language(lang) == "ko"
    for concept in concepts:
        for variant in concept.forbidden_variants(lang):
            if variant in plan.variants or variant in plan.kept:
                continue
            unwritable = tokens is not None and not tokens(variant)
            if unwritable or target_term(variant, lang) in approved_norms or blocks(variant):
                plan.kept.append(variant)
                continue
            plan.variants.append(variant)
            plan.strings.append(variant)
            if korean:
                plan.strings.extend(f for f in with_particles(variant) if not blocks(f))
    return plan


def _inside(needle: list[str], hay: list[str]) -> bool:
    """`needle` occurs in `hay` as consecutive tokens (what suppressing it would block)."""
    n = len(needle)
    return any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def select_hypothesis(
    source: str,
    hypotheses: Sequence[HypothesisLike],
    lang: str,
    glossary: Glossary | None,
    terms: list[TermMatch] | None = None,
    suppressed: Suppression | None = None,
) -> Selection:
    """The hypothesis satisfying the most glossary constraints; ties go to the model score.

    `suppressed`: what the engine was kept from producing, for the provenance."""
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
                    suppressed,
                ),
            )
        )
    return max(ranked, key=lambda r: r[:3])[3]
