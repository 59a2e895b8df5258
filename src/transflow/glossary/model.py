"""The glossary in memory: concepts, and the lookups checks and translation build on.

`Glossary.find_terms(source)` lists the concepts whose source term occurs in a sentence;
`Glossary.evaluate(source, target, lang)` says which of them the translation satisfies,
which it misses and which forbidden variants it uses. Both run on Aho-Corasick automata
built once per language, so a 5,000-term glossary costs the same per sentence as a 5-term one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple, Protocol, TypeVar

from transflow.glossary.korean import forbidden_here, is_short, normal, present, spaced
from transflow.glossary.matching import (
    is_spaceless,
    source_key,
    source_normal,
    target_normal,
    target_spans,
    target_term,
    token_spans,
)
from transflow.project.languages import base_language


@dataclass(frozen=True)
class Concept:
    """One glossary row: a concept with its terms per language (preferred first)."""

    terms: dict[str, tuple[str, ...]]  # lang -> variants, preferred first
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""
    case_sensitive: bool = False
    file: str = ""
    row: int = 0

    def __hash__(self) -> int:  # rows are unique by origin; dict fields are not hashable
        return hash((self.file, self.row, tuple(self.terms.get(k, ()) for k in sorted(self.terms))))

    @property
    def origin(self) -> str:
        return f"{self.file}:{self.row}" if self.file else f"row {self.row}"

    def variants(self, lang: str) -> tuple[str, ...]:
        return _lookup(self.terms, lang)

    def forbidden_variants(self, lang: str) -> tuple[str, ...]:
        return _lookup(self.forbidden, lang)

    def preferred(self, lang: str) -> str | None:
        found = self.variants(lang)
        return found[0] if found else None


def _lookup(table: dict[str, tuple[str, ...]], lang: str) -> tuple[str, ...]:
    """Exact tag first (zh-Hant), then the base language (zh)."""
    if lang in table:
        return table[lang]
    return table.get(base_language(lang), ())


class TermMatch:
    """A concept's source term found in a source sentence (words first..stop-1).

    Character offsets are worked out only when asked (messages, highlighting)."""

    __slots__ = ("concept", "first", "stop", "source")

    def __init__(self, concept: Concept, first: int, stop: int, source: str) -> None:
        self.concept, self.first, self.stop, self.source = concept, first, stop, source

    @property
    def start(self) -> int:
        spans = token_spans(self.source)
        return spans[self.first][0] if self.first < len(spans) else 0

    @property
    def end(self) -> int:
        spans = token_spans(self.source)
        return spans[self.stop - 1][1] if self.stop - 1 < len(spans) else len(self.source)

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]

    def __repr__(self) -> str:
        return f"TermMatch({self.text!r}, {self.concept.origin})"


class TermReport(NamedTuple):
    """How a translation fares against the glossary terms of its source sentence.

    A NamedTuple rather than a frozen dataclass: one is made per checked translation, and a
    frozen dataclass costs ~4x as much to build."""

    satisfied: list[TermMatch]  # source terms whose target has an accepted variant
    missing: list[TermMatch]  # source terms with a target column but no accepted variant
    forbidden: list[tuple[Concept, str]]  # forbidden variants used (concept, variant)

    @property
    def total(self) -> int:
        return len(self.satisfied) + len(self.missing)

    @property
    def score(self) -> int:
        """Constraints satisfied minus forbidden variants used: what n-best selection ranks."""
        return len(self.satisfied) - len(self.forbidden)


_V = TypeVar("_V")


class Automaton(Protocol[_V]):
    """What this module uses of `ahocorasick.Automaton` (pyahocorasick ships no type
    information): words with a value each, found as (end offset, value)."""

    def add_word(self, key: str, value: _V, /) -> bool: ...

    def make_automaton(self) -> None: ...

    def iter(self, string: str, /) -> Iterator[tuple[int, _V]]: ...


def _automaton(words: Iterable[tuple[str, _V]]) -> Automaton[_V]:
    import ahocorasick

    auto: Automaton[_V] = ahocorasick.Automaton()
    for key, value in words:
        auto.add_word(key, value)
    auto.make_automaton()
    return auto


# a source term: its concept, its number of words, its words as written when case matters
SourceTerm = tuple[Concept, int, tuple[str, ...] | None]
# key " w1 w2 " (the folded words) -> (len(key) - 2, the source terms of that key)
SourceAutomaton = Automaton[tuple[int, list[SourceTerm]]]
# normalised target variant -> (its length, the (concept, variant) it forbids / the concepts
# it is an approved variant of)
ForbiddenAutomaton = Automaton[tuple[int, list[tuple[Concept, str]]]]
ApprovedAutomaton = Automaton[tuple[int, list[Concept]]]
# per target language: (forbidden automaton or None, approved automaton or None,
# {concept id: accepted variants, normalised})
TargetIndex = tuple[ForbiddenAutomaton | None, ApprovedAutomaton | None, dict[int, tuple[str, ...]]]


class Glossary:
    """All concepts of a project (or of the files given), with per-language automata."""

    def __init__(self, concepts: list[Concept], source_language: str = "en") -> None:
        self.concepts = list(concepts)
        self.source_language = source_language
        self._targets: dict[str, TargetIndex] = {}

    def __len__(self) -> int:
        return len(self.concepts)

    def __bool__(self) -> bool:
        return bool(self.concepts)

    @property
    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.concepts:
            for lang in c.terms:
                seen.setdefault(lang, None)
        return list(seen)

    # --- source side -------------------------------------------------------------------

    @cached_property
    def _source_automaton(self) -> SourceAutomaton | None:
        table: dict[str, list[SourceTerm]] = {}
        for concept in self.concepts:
            for variant in concept.variants(self.source_language):
                key, cased = source_key(variant)
                if not key.strip():
                    continue
                letters = [ch for ch in variant if ch.isalpha()]
                sensitive = concept.case_sensitive or (
                    len(letters) >= 2 and all(ch.isupper() for ch in letters)
                )
                table.setdefault(key, []).append(
                    (concept, len(cased), cased if sensitive else None)
                )
        if not table:
            return None
        return _automaton((key, (len(key) - 2, values)) for key, values in table.items())

    def find_terms(self, source: str) -> list[TermMatch]:
        """Concepts whose source term occurs in `source`: leftmost-longest, no overlaps,
        so `Human Rights Watch` is one term, not also `human rights`."""
        auto = self._source_automaton
        if auto is None:
            return []
        norm, cased = source_normal(source)
        hits: list[tuple[int, int, int, Concept]] = []
        cased_tokens: list[str] | None = None
        count_spaces = norm.count
        overlap = False
        last_stop = 0
        for end, (length, values) in auto.iter(norm):
            # the key is " w1 w2 ": its first word is the number of spaces before it, minus 1
            first = count_spaces(" ", 0, end - length) - 1
            for concept, count, case in values:
                if case is not None:
                    if cased_tokens is None:
                        cased_tokens = cased.split()
                    words = cased_tokens[first : first + count]
                    if len(words) != count or not all(
                        w.startswith(c) for w, c in zip(words, case, strict=True)
                    ):
                        continue  # same words, other case (who / WHO)
                if first < last_stop:
                    overlap = True
                last_stop = first + count
                # (first, -length, arrival): sorts leftmost-longest, stable, without a key
                hits.append((first, -count, len(hits), concept))
        if not overlap:  # hits come in text order: no overlap means nothing to choose
            return [TermMatch(c, first, first - neg, source) for first, neg, _, c in hits]
        hits.sort()
        chosen: list[tuple[int, int, Concept]] = []
        last_end = -1
        for first, neg, _, concept in hits:
            stop = first - neg
            if first < last_end:
                same = chosen[-1][0] == first and chosen[-1][1] == stop
                if same and all(c is not concept for a, b, c in chosen if (a, b) == (first, stop)):
                    chosen.append((first, stop, concept))  # two concepts, same words
                continue
            chosen.append((first, stop, concept))
            last_end = stop
        return [TermMatch(concept, first, stop, source) for first, stop, concept in chosen]

    # --- target side -------------------------------------------------------------------

    def _target_index(self, lang: str) -> TargetIndex:
        """(forbidden automaton or None, approved automaton or None, {concept id: variants}).

        Forbidden variants get their own automaton: a clean sentence costs one C-level scan;
        approved spans are only looked for when a forbidden variant was found."""
        if lang in self._targets:
            return self._targets[lang]
        accepted: dict[int, tuple[str, ...]] = {}
        good: dict[str, list[Concept]] = {}
        bad: dict[str, list[tuple[Concept, str]]] = {}
        for concept in self.concepts:
            norms = tuple(n for n in (target_term(v, lang) for v in concept.variants(lang)) if n)
            accepted[id(concept)] = norms
            for n in norms:
                good.setdefault(n, []).append(concept)
            for v in concept.forbidden_variants(lang):
                n = target_term(v, lang)
                if n:
                    bad.setdefault(n, []).append((concept, v))
        index: TargetIndex = (None, None, accepted)
        if bad:  # without forbidden variants approved spans are never looked for
            index = (
                _automaton((key, (len(key), values)) for key, values in bad.items()),
                _automaton((key, (len(key), values)) for key, values in good.items()),
                accepted,
            )
        self._targets[lang] = index
        return index

    def accepted_variants(self, concept: Concept, lang: str) -> tuple[str, ...]:
        return self._target_index(lang)[2].get(id(concept), ())

    def forbidden_in(
        self, target: str, lang: str, norm: str | None = None
    ) -> list[tuple[Concept, str]]:
        """Forbidden variants used in `target`, except inside an approved term
        (forbidden 북송 inside approved 강제북송 is fine)."""
        bad_auto, good_auto, _ = self._target_index(lang)
        if bad_auto is None:
            return []
        norm = norm if norm is not None else target_normal(target, lang)
        spaceless = is_spaceless(lang)
        bad: list[tuple[int, int, Concept, str]] = []
        for end, (length, values) in bad_auto.iter(norm):
            start = end - length + 1
            if not spaceless and start > 0 and norm[start - 1].isalnum():
                continue
            for concept, variant in values:
                bad.append((start, end, concept, variant))
        if not bad:
            return []
        assert good_auto is not None  # built with bad_auto
        approved = [(end - length + 1, end) for end, (length, _) in good_auto.iter(norm)]
        out: list[tuple[Concept, str]] = []
        korean = spaced(target) if base_language(lang) == "ko" else None
        for start, end, concept, variant in bad:
            # inside an approved term, or the same string approved for another concept
            if any(a <= start and end <= b for a, b in approved):
                continue
            # in Korean, where the variant stands: glued into a compound (북한탈북자들) is
            # use, made by joining two words (집단 동원 -> 단동) or inside another is not
            if korean is not None and not forbidden_here(
                korean, start, end + 1, norm[start : end + 1]
            ):
                continue
            out.append((concept, variant))
        return out

    def evaluate(
        self, source: str, target: str, lang: str, terms: list[TermMatch] | None = None
    ) -> TermReport:
        """Which source terms the translation renders with an accepted variant."""
        terms = self.find_terms(source) if terms is None else terms
        norm = target_normal(target, lang)
        bad_auto, _, accepted = self._target_index(lang)  # accepted = accepted_variants()
        forbidden: list[tuple[Concept, str]] = []
        # most translations hold no forbidden variant at all: one C scan says so
        if target and bad_auto is not None and next(bad_auto.iter(norm), None) is not None:
            forbidden = self.forbidden_in(target, lang, norm)
        satisfied: list[TermMatch] = []
        missing: list[TermMatch] = []
        text: str | None = None  # the translation with its spaces, for short Korean terms
        for match in terms:
            variants = accepted.get(id(match.concept), ())
            if not variants:
                continue  # no target term for this language: nothing to require
            # a plain substring test either way: spaceless variants match anywhere, the
            # others carry their leading space, so `in` is the word-start test
            for v in variants:
                if v in norm:
                    # a short Korean term: 핵 is not in 핵심, where does it stand?
                    if is_short(v) and base_language(lang) == "ko":
                        if text is None:
                            text = normal(target)
                        if not present(text, v):
                            continue
                    satisfied.append(match)
                    break
            else:
                missing.append(match)
        if missing and satisfied:
            # "South Korea’s Ministry of Unification" may become plain 통일부: a term that only
            # modifies the next term, itself rendered, is absorbed by it
            starts = {m.first for m in satisfied}
            absorbed = [m for m in missing if m.stop in starts]
            if absorbed:
                missing = [m for m in missing if m not in absorbed]
                satisfied = satisfied + absorbed
        return TermReport(satisfied, missing, forbidden)

    def highlight(self, target: str, lang: str, variants: tuple[str, ...]) -> list[tuple[int, int]]:
        """Original-offset spans of any of `variants` in `target` (for rendering only)."""
        spans: list[tuple[int, int]] = []
        for v in variants:
            spans.extend(target_spans(target, lang, v))
        return sorted(set(spans))
