"""A finding quotes and highlights the source and translation as written (issue 13).

Matching runs on NFKC text, whose length differs from the text a user wrote (ﬁ is fi, ㎞ is
km, decomposed Hangul composes); one map (`text.normal.nfkc_map`) takes offsets back. The
properties: the map gives NFKC exactly, and over random sentences full of characters NFKC
changes, HTML entities and mojibake, every span a check reports is the term or number it
names, and its message quotes exactly the text at that span.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from transflow.checks.base import Entry
from transflow.checks.families.glossary import GlossaryForbidden, GlossaryMissing
from transflow.checks.families.numbers.check import Numbers
from transflow.glossary.matching import source_key
from transflow.glossary.model import Concept, Glossary
from transflow.text.normal import nfkc_map

# what NFKC changes (ligatures, full width, squared units, Roman numerals, decomposed Hangul
# and accents, half-width katakana with its voicing mark), what casefolding changes (ß, İ),
# entities and mojibake left in a text, and plain words and punctuation
PIECES = [
    "ﬁ", "ﬂ", "ﬃ", "Ｋ", "ａ", "１２", "㎞", "㈜", "Ⅻ", "½", "…", "－", "（", "）", "，",
    "\u1112\u1161\u11ab", "ᄀ", "ᅡ", "e\u0301", "Å", "ｶﾞ", "ß", "İ", "ǅ", "\u3000", "\u00a0",
    "&amp;", "&#8217;", "&nbsp;", "â€™", "Ã©", "ì•ˆë…•", "í•œêµ", "Â", "the", "said", "on",
    "한국", "탈북민", " ", " ", ".", ",", "’s", "-", "U.S.", "\u200b",
]  # fmt: skip
filler = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
any_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=12).map("".join)

# how a term of the glossary may be written in a source: as is, in full width, with a ligature
TERMS = {
    "North Korea": ["North Korea", "Ｎｏｒｔｈ Ｋｏｒｅａ", "North-Korea", "north korea"],
    "fishing boat": ["fishing boat", "ﬁshing boats", "ﬁshing-boat"],
    "defector": ["defector", "defectors", "ｄｅｆｅｃｔｏｒ’s"],
}
GLOSSARY = Glossary(
    [
        Concept({"en": ("North Korea",), "ko": ("북한",)}, {"ko": ("북조선",)}),
        Concept({"en": ("fishing boat",), "ko": ("어선",)}),
        Concept({"en": ("defector",), "ko": ("탈북민",)}, {"ko": ("탈북자",)}),
    ]
)
QUOTED = re.compile(r"“(.*?)”")


@given(any_text)
def test_the_map_is_nfkc_and_covers_each_character(text: str) -> None:
    normal = nfkc_map(text)
    assert normal.text == unicodedata.normalize("NFKC", text)
    assert len(normal.starts) == len(normal.ends) == len(normal.text)
    for i, (start, end) in enumerate(zip(normal.starts, normal.ends, strict=True)):
        assert 0 <= start < end <= len(text)
        assert normal.text[i] in unicodedata.normalize("NFKC", text[start:end])
    assert list(normal.starts) == sorted(normal.starts)


@given(
    filler,
    st.sampled_from(sorted(TERMS)).flatmap(lambda t: st.sampled_from(TERMS[t])),
    filler,
)
def test_a_missing_term_quotes_the_source_as_written(before: str, term: str, after: str) -> None:
    source = f"{before} {term} {after}"
    entry = Entry(source, "번역문.", "ko", glossary=GLOSSARY)
    problems = list(GlossaryMissing().run(entry))
    assert problems
    for problem in problems:
        ((start, end),) = problem.source_spans
        assert QUOTED.search(problem.message).group(1) == source[start:end]
        # the span is the term itself, as the user wrote it
        assert source_key(source[start:end])[0] == source_key(term)[0]


@given(filler, st.sampled_from(["탈북자", "탈북자들", "\u1110\u1161\u11af북자", "북조선"]), filler)
def test_a_forbidden_term_is_highlighted_as_written(before: str, used: str, after: str) -> None:
    target = f"{before} {used}이 {after}"
    entry = Entry("A defector from North Korea", target, "ko", glossary=GLOSSARY)
    problems = list(GlossaryForbidden().run(entry))
    assert problems
    for problem in problems:
        variant = QUOTED.search(problem.message).group(1)
        assert problem.target_spans
        for start, end in problem.target_spans:
            assert unicodedata.normalize("NFKC", target[start:end]) == variant
        ((start, end),) = problem.source_spans
        assert source_key(entry.msgid[start:end])[0] in (" defector ", " north korea ")


@given(filler, st.integers(1, 99_999), st.sets(st.integers(0, 4)), filler)
def test_a_missing_number_quotes_the_source_as_written(
    before: str, number: int, wide: set[int], after: str
) -> None:
    digits = "".join(chr(ord(d) + 0xFEE0) if i in wide else d for i, d in enumerate(str(number)))
    source = f"{before} {digits} people {after}"
    entry = Entry(source, "사람들.", "ko")
    problems = [p for p in Numbers().run(entry) if p.source_spans]
    assert problems
    for problem in problems:
        ((start, end),) = problem.source_spans
        assert QUOTED.search(problem.message).group(1) == source[start:end].strip()
    quoted = {
        unicodedata.normalize("NFKC", source[s:e]) for p in problems for s, e in p.source_spans
    }
    assert str(number) in quoted
