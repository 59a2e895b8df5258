"""find_terms picks leftmost-longest, non-overlapping terms (checked against brute force).

find_terms skips its sort-and-choose step when the automaton's hits do not overlap; this
property test makes sure both paths agree with a plain reference on random glossaries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from transflow.glossary.model import Concept, Glossary

WORDS = ["north", "korean", "defector", "forced", "repatriation", "council", "rights", "un"]


def reference(terms: list[tuple[str, ...]], words: list[str]) -> list[tuple[int, int, int]]:
    """(first, stop, term index) by hand: at each word, the longest term starting there."""
    out, i = [], 0
    while i < len(words):
        best = None
        for index, term in enumerate(terms):
            if tuple(words[i : i + len(term)]) == term and (best is None or len(term) > best[1]):
                best = (index, len(term))
        if best is None:
            i += 1
            continue
        out += [
            (i, i + best[1], j)
            for j, t in enumerate(terms)
            if len(t) == best[1] and t == terms[best[0]]
        ]
        i += best[1]
    return out


@given(
    st.lists(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(tuple),
        min_size=1,
        max_size=8,
        unique=True,
    ),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=12),
)
def test_find_terms_is_leftmost_longest(terms, words) -> None:
    concepts = [
        Concept({"en": (" ".join(t),), "ko": (f"용어{i}",)}, row=i + 2) for i, t in enumerate(terms)
    ]
    glossary = Glossary(concepts)
    found = [(m.first, m.stop, m.concept.row - 2) for m in glossary.find_terms(" ".join(words))]
    assert found == reference(terms, words)
