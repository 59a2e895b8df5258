"""Careful human news translations raise nothing; one injected error raises the right check.

`data/human_translations.json` holds Korean and Chinese translations of sentences of the
sample articles written the way newsroom translators write them (reordered clauses, 유엔 for
U.N., 6월 3일 for June 3, dropped "South Korea's", 北/中 in headlines, 中朝 for "China and
North Korea", quotes as “ ” or 「」, ...). Each injection below changes one thing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transflow.checks import check_entry
from transflow.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = load_glossary([ROOT / "glossary" / "newsroom.csv"], source_language="en")
PAIRS = json.loads((Path(__file__).parent / "data" / "human_translations.json").read_text())


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p['lang']}-{p['target'][:16]}" for p in PAIRS])
def test_human_translation_raises_nothing(pair) -> None:
    found = check_entry(pair["source"], pair["target"], pair["lang"], glossary=GLOSSARY)
    assert found == [], [(f.check, f.message) for f in found]


# (index into PAIRS, text to replace, replacement, the check that must fire)
INJECTIONS = [
    (10, "480명", "840명", "numbers"),
    (11, "480人", "48人", "numbers"),
    (8, "1200명", "2100명", "numbers"),
    (9, "11月1日", "11月11日", "numbers"),
    (4, "오후 3시", "오후 4시", "numbers"),
    (30, "350만", "35만", "numbers"),
    (9, "约有1200名", "约有一千二百名", None),  # the same value in Chinese numerals: fine
    (10, "12.4%", "14.2%", "numbers"),
    (2, "탈북민", "탈북자", "glossary-forbidden"),
    (9, "沈阳", "沉阳", "glossary-missing"),
    (5, "联合国人权理事会", "联合国人权委员会", "glossary-missing"),
    (8, "단둥", "단동", "glossary-forbidden"),
    (13, "首尔", "汉城", "glossary-forbidden"),
    (6, "유엔난민기구", "유엔 기구", "glossary-missing"),
    (2, "했다.", "했다", "end-punctuation"),
    (3, "处决。", "处决.", "end-punctuation"),
    (30, "(https://example.org/repatriation-cases)", "(https://example.org/cases)", "urls"),
    (
        31,
        "[有据可查的案例清单](https://example.org/repatriation-cases)",
        "有据可查的案例清单",
        "markdown",
    ),
    (12, "”고 말했다.", "고 말했다.", "brackets"),
    (13, "。”", "。", "brackets"),
    (18, "중국 외교부는", "중국  외교부는", "whitespace"),
    (19, "驳斥了这一批评", "驳斥了 这一批评", "whitespace"),
    (0, "유엔 패널, 中에 탈북민 강제북송 중단 촉구", PAIRS[0]["source"], "unchanged"),
    (
        3,
        "并警告说，被关押在边境拘留中心的数百人一旦被遣返回朝鲜，可能面临酷刑、强迫劳动甚至处决",
        "并警告",
        "length-ratio",
    ),
]


@pytest.mark.parametrize(("index", "old", "new", "check_id"), INJECTIONS)
def test_injected_error_is_caught(index, old, new, check_id) -> None:
    pair = PAIRS[index]
    assert old in pair["target"]
    target = pair["target"].replace(old, new, 1)
    found = check_entry(pair["source"], target, pair["lang"], glossary=GLOSSARY)
    if check_id is None:
        assert found == [], [(f.check, f.message) for f in found]
    else:
        assert check_id in {f.check for f in found}, [(f.check, f.message) for f in found]
