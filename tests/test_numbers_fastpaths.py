"""The numbers check's tuned paths against plain references (property tests).

- the source reads most numbers with a plain regex, and the full pattern only where the tail
  hint says a %, scale word, a.m./p.m. or unit may follow: the hint never misses one;
- the quick accept's keys are the values of the full source parse, and whatever the quick
  accept takes, the full comparison finds nothing in;
- the hint for spelled-out numbers that are compared like digits (三天, 四分之一, 세 명) finds
  every one the full parse reports;
- trie alternations match what a plain alternation matches; CJK amounts read back the value
  they were written from.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from transflow.checks.families.numbers.check import compare
from transflow.checks.families.numbers.quantity import value_key
from transflow.checks.families.numbers.quick import quick_accept, required_keys
from transflow.checks.families.numbers.source import (
    _PLAIN_SOURCE,
    _SOURCE_NUMBER,
    _TAIL_HINT,
    _source_quantities,
    source_required,
    source_text,
    trie_regex,
)
from transflow.checks.families.numbers.target import _spelled, cjk_value, sure_hint

NUMBERS = ["3", "12", "9", "11", "0", "70", "1960", "1,200", "3,45,120", "2.5", "480", "30"]
JOINERS = [" ", " ", "-", "/", ":", "", "'", ".", ","]
TAILS = [
    "%", " percent", " per cent", " million", "bn", " lakh", " crores", " p.m.", "a.m.",
    " miles", " mi", " feet", "°F", " degrees Fahrenheit", " acres", " square miles", " mph",
    " lbs", "st", "th", "s", "'s", " thousand", " pounds",
]  # fmt: skip
LETTERS = ["G", "F-", "Covid-", "Mid-", "mid-", "Rs", "MH", "NE", "A", "x", "KM", "PM", "S"]
WORDS = [
    " in ", " the ", " two", " three-quarters", " two decades", " one in four", " June ",
    " May ", " people", ".", ",", " half", " a quarter", " of ",
]  # fmt: skip
SOURCE = st.lists(st.sampled_from(NUMBERS + JOINERS + TAILS + LETTERS + WORDS), max_size=14).map(
    "".join
)


@given(SOURCE)
def test_the_tail_hint_misses_no_tail(text: str) -> None:
    """Where the hint says no tail follows a number, the full pattern reads none either."""
    text = source_text(text)
    for m in _PLAIN_SOURCE.finditer(text):
        if _TAIL_HINT.match(text, m.end() - 1):
            continue
        full = _SOURCE_NUMBER.match(text, m.start())
        assert full is not None
        assert full.group("num") == m.group()
        assert not any(full.group(g) for g in ("pct", "scale", "ampm", "unit")), full.group()
        assert "°" not in full.group()


@given(SOURCE)
def test_quick_keys_are_the_values_of_the_full_parse(text: str) -> None:
    keys = required_keys(text)
    sets = [frozenset(map(value_key, q.values)) for q in source_required(text)]
    assert keys.single == frozenset().union(*(s for s in sets if len(s) == 1))
    assert set(keys.choices) == {s for s in sets if len(s) > 1}
    optional = {value_key(v) for q in _source_quantities(text) if not q.required for v in q.values}
    assert keys.every == frozenset().union(*sets, optional)
    assert keys.digits == bool(sets)


# a target: the source's numbers in the forms translators write, and CJK pieces around them
TARGET_PIECES = [
    "万", " 万", "만", " 만", "亿", "억", "천", "년대", "年代", "、", "~", "分之", "분의", "四",
    "三", "十", "两", "一", "天", "名", "人", "第", "세", " 명", "명", " ", "㎥", "²", "，",
    "%", "퍼센트", "半", "一半", "절반", "成", "点", "시", " 반", "월", "日", "제", "조", "９",
    "１", "5", "0", "년", "六", "七", "八", "九", "艘",
]  # fmt: skip


@st.composite
def pairs(draw: st.DrawFn) -> tuple[str, str, str]:
    source = draw(SOURCE)
    lang = draw(st.sampled_from(["zh", "ko"]))
    parts = []
    for q in source_required(source) + _source_quantities(source):
        value = draw(st.sampled_from(q.values))
        written = f"{value:g}" if value < 1e15 else "1"
        parts.append(draw(st.sampled_from([written, written.translate(_FULL_WIDTH), q.text])))
    parts += draw(st.lists(st.sampled_from(TARGET_PIECES), max_size=8))
    return source, "".join(draw(st.permutations(parts))), lang


_FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@given(pairs())
def test_what_the_quick_accept_takes_the_full_comparison_passes(pair: tuple[str, str, str]) -> None:
    source, target, lang = pair
    if quick_accept(required_keys(source), source, target, "en", lang, lang, {}):
        assert compare(source, target, "en", lang) == ([], [])


SPELLED = st.lists(
    st.sampled_from(
        list("零一二两三四五六七八九十百千万亿第分之个名人天年次枚周倍数几上的 ")
        + [
            "分之",
            "百分之",
            "3",
            " 万",
            "세",
            "두",
            "한",
            "열",
            "네",
            " ",
            "명",
            "척",
            "채",
            "배",
            "분의",
            "사람",
            "4",
        ]
    ),
    max_size=12,
).map("".join)


@given(SPELLED, st.sampled_from(["zh", "ko"]))
def test_the_hint_finds_every_spelled_number_compared_like_digits(text: str, lang: str) -> None:
    sure = [q for q in _spelled(text, lang) if not q.soft]
    assert not sure or sure_hint(text, lang), sure


@given(st.sets(st.text(alphabet="abcé.", min_size=1, max_size=4), min_size=1, max_size=8))
def test_trie_alternation_matches_the_plain_alternation(words: set[str]) -> None:
    trie = re.compile(f"(?:{trie_regex(words)})")
    plain = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    for probe in [*words, *(w + "a" for w in words), *(w[:-1] for w in words), "", "ab"]:
        assert bool(trie.fullmatch(probe)) == bool(plain.fullmatch(probe)), probe


@given(
    st.integers(min_value=1, max_value=9_999_999_999_999),
    st.sampled_from(["万亿", "만억"]),
    st.booleans(),
)
def test_cjk_amounts_read_back_their_value(n: int, units: str, spaced: bool) -> None:
    """n written with 万/亿 (만/억) and digits, as Chinese and Korean papers write it: 1.7万亿
    is written here 1万7000亿, 3만5000, 12억 3456만 7890."""
    ten_thousand, hundred_million = units
    high, rest = divmod(n, 10**8)
    mid, low = divmod(rest, 10**4)
    gap = " " if spaced else ""
    parts = []
    if high:
        parts.append(
            f"{high}{hundred_million}"
            if high < 10**4
            else f"{high // 10**4}{ten_thousand}{high % 10**4 or ''}{hundred_million}"
        )
    if mid:
        parts.append(f"{mid}{ten_thousand}")
    if low:
        parts.append(str(low))
    assert cjk_value(gap.join(parts), ".") == (float(n),)
