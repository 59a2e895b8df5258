"""Korean word boundaries of glossary terms (issue 13), as a table: `data/korean_terms.csv`.

Each row is a Korean sentence and a term: a `required` term (is it present in the
translation?) or a `forbidden` variant with its concept's preferred term (is it reported?).
`expected` is the truth a Korean editor gives; `rule` and `kiwi` are what the rule alone and
the rule with the kiwipiepy analyzer answer today. Both are asserted, so a change of either
shows up here; a row where one differs from `expected` is a known miss of that path.
`benchmarks/korean_terms.py` prints the counts (and `--write` records the two columns).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transflow.glossary import korean
from transflow.glossary.model import Concept, Glossary

CASES = Path(__file__).parent / "data" / "korean_terms.csv"


def cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def judge(row: dict[str, str]) -> int:
    """1 when the term is present (required) or reported (forbidden), else 0."""
    if row["kind"] == "required":
        glossary = Glossary([Concept({"en": ("term",), "ko": (row["term"],)})])
        report = glossary.evaluate("the term", row["sentence"], "ko")
        return len(report.satisfied)
    concept = Concept({"en": ("term",), "ko": (row["preferred"],)}, {"ko": (row["term"],)})
    return min(1, len(Glossary([concept]).forbidden_in(row["sentence"], "ko")))


def _id(row: dict[str, str]) -> str:
    return f"{row['kind']}-{row['term']}-{row['sentence'][:12]}"


@pytest.fixture
def rule_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule without the analyzer, whether kiwipiepy is installed or not."""
    monkeypatch.setattr(korean, "analyzer", lambda: None)


@pytest.mark.parametrize("row", cases(), ids=_id)
def test_rule(row: dict[str, str], rule_only: None) -> None:
    assert judge(row) == int(row["rule"]), row["why"]


@pytest.mark.skipif(not korean.available(), reason="kiwipiepy is not installed (extra: korean)")
@pytest.mark.parametrize("row", cases(), ids=_id)
def test_kiwi(row: dict[str, str]) -> None:
    assert judge(row) == int(row["kiwi"]), row["why"]


def test_the_table_covers_the_issue() -> None:
    """Short terms inside words, particles, compounds both ways, forbidden variants glued
    into compounds and made by joining words; and the rule is right on most rows."""
    rows = cases()
    required = [r for r in rows if r["kind"] == "required"]
    forbidden = [r for r in rows if r["kind"] == "forbidden"]
    assert len(required) >= 50 and len(forbidden) >= 15
    assert sum(r["expected"] == "0" for r in required) >= 15  # inside or starting other words
    assert sum(r["rule"] == r["expected"] for r in rows) >= 0.9 * len(rows)


SYLLABLES = ["핵", "당", "북한", "심", "무기", "을", "이", "의", "에서는", "들", "시", "결", "대북"]
around = st.lists(st.sampled_from([*SYLLABLES, " ", ".", "a"]), max_size=4).map("".join)


@given(st.sampled_from(["핵", "당", "북한", "제재"]), around, around, around)
def test_the_fast_path_of_present_is_place(
    term: str, before: str, between: str, after: str
) -> None:
    """`present` finds the common case with one regular expression: it must say what
    asking `place` about every occurrence says."""
    text = before + term + between + term + after
    real = korean.analyzer
    korean.analyzer = lambda: None  # type: ignore[assignment]
    try:
        assert korean.present(text, term) == korean.placed(text, term)
    finally:
        korean.analyzer = real
