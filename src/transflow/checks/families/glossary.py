"""Terminology checks: a source term rendered without an accepted target, forbidden terms.

Matching is the glossary's (transflow.glossary.matching): inflection-aware on the English
side, particle- and spacing-aware in Korean, substring with width folding in Chinese and
Japanese. When a translation uses a forbidden variant of the very concept it should render,
only glossary-forbidden is reported (it already says what to use instead).
"""

from __future__ import annotations

from collections.abc import Iterable

from transflow.checks.base import ERROR, Check, Entry, Problem
from transflow.glossary.model import TermReport


def term_report(entry: Entry) -> TermReport | None:
    """The glossary's verdict on this entry, computed once for both checks (None: nothing
    to report, or no glossary)."""
    glossary = entry.glossary
    if not glossary:
        return None
    cached = entry.term_report
    if cached is None:
        terms = entry.per_source.get("terms")
        if terms is None:
            terms = entry.per_source["terms"] = glossary.find_terms(entry.msgid)
        if not terms:
            # nothing to require: only forbidden variants can be reported, and a clean
            # translation needs no report at all (what `evaluate` would find, without it)
            forbidden = glossary.forbidden_in(entry.msgstr, entry.lang) if entry.msgstr else []
            cached = TermReport([], [], forbidden) if forbidden else None
        else:
            cached = glossary.evaluate(entry.msgid, entry.msgstr, entry.lang, terms)
        entry.term_report = cached or False
    return cached or None


def _quote(variants: tuple[str, ...]) -> str:
    return " or ".join(f"“{v}”" for v in variants[:3])


class GlossaryMissing(Check):
    """A source term of the glossary appears in the sentence, but the translation holds
    none of its accepted target terms (particles, spacing and inflection are allowed)."""

    id = "glossary-missing"
    name = "Glossary term not used"
    severity = ERROR

    def run(self, entry: Entry) -> Iterable[Problem]:
        report = term_report(entry)
        if report is None or not report.missing:
            return
        used_forbidden = {id(c) for c, _ in report.forbidden}
        for match in report.missing:
            concept = match.concept
            if id(concept) in used_forbidden:
                continue
            variants = concept.variants(entry.lang)
            yield Problem(
                f"“{match.text}” should be translated as {_quote(variants)} "
                f"(glossary {concept.origin})",
                source_spans=((match.start, match.end),),
            )


class GlossaryForbidden(Check):
    """The translation uses a term the glossary forbids (outside an approved term)."""

    id = "glossary-forbidden"
    name = "Forbidden term"
    severity = ERROR

    def run(self, entry: Entry) -> Iterable[Problem]:
        report = term_report(entry)
        glossary = entry.glossary
        if report is None or not report.forbidden or glossary is None:
            return
        terms = {id(m.concept): m for m in report.missing + report.satisfied}
        for concept, variant in report.forbidden:
            preferred = concept.preferred(entry.lang)
            instead = f"; use “{preferred}”" if preferred else ""
            match = terms.get(id(concept))
            yield Problem(
                f"“{variant}” is forbidden by the glossary{instead} ({concept.origin})",
                source_spans=((match.start, match.end),) if match else (),
                target_spans=tuple(glossary.highlight(entry.msgstr, entry.lang, (variant,))),
            )
