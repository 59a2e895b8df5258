"""`transflow stats`: word counts by match category, against a hand count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transflow.project.config import load_project
from transflow.translate.stats import count_words, project_stats

from .conftest import run_cli, write
from .test_tm_prefill import CountingEngine, _reviewed_story

ROOT = Path(__file__).resolve().parents[1]  # the sample project
COURT = "seoul-court-rules-on-detention-center-abuses"

# Counted by hand from sources/seoul-court-rules-on-detention-center-abuses.md, one number
# per segment in document order (a word: letters and digits, with - ' ’ . , inside;
# "$35,000," is one word, "Gen." one, "Chol-su" one, "plaintiffs’" one):
# title 9; "A Seoul court ... in 2019." 42; "The plaintiffs, who now live ..." 25; "One of
# them, a 41-year-old ..." 21; "“They asked me ...” she said." 16; "What the court found" 4;
# "In a 38-page ruling, ..." 15; the three list items 13, 10, 10; "The judges declined ..."
# 33; "Legal experts say ..." 22; "Kim Seon-a, a researcher ..." 16; "“For the first time,
# ...” she said." 17; "Human Rights Watch ..." 10; "The Ministry of Unification ..." 15.
# Cross-check: `wc -w` gives 292 for the file, less 19 for the front matter and 4 for the
# "##" and "1." "2." "3." markers = 269, plus the title's 9 = 278.
HAND_COUNT = [9, 42, 25, 21, 16, 4, 15, 13, 10, 10, 33, 22, 16, 17, 10, 15]


def test_sample_article_matches_the_hand_count() -> None:
    report = project_stats(load_project(ROOT), [COURT])
    assert report.unit == "words"
    assert [a.lang for a in report.articles] == ["ko", "zh"]
    for article in report.articles:  # reviewed in both languages
        assert article.tally.total_segments == len(HAND_COUNT) == 16
        assert article.tally.total_words == sum(HAND_COUNT) == 278
        assert article.tally.words["reviewed"] == 278


def test_sample_project_cli_json_totals() -> None:
    res = run_cli("stats", "--json", "--lang", "ko", cwd=ROOT)
    assert res.code == 0, res.stderr
    data = json.loads(res.stdout)
    court = next(a for a in data["articles"] if a["article"] == COURT)
    assert court["words"]["total"] == 278 and court["segments"]["reviewed"] == 16
    total = data["totals"]["ko"]
    assert total["words"]["total"] == sum(a["words"]["total"] for a in data["articles"])
    assert total["words"]["reviewed"] == 278


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Kim Jong-un met U.N. envoys.", 5),
        ("About $35,000, or 12.4%, went to 41-year-old Lee's family.", 9),
        ("See https://example.org/a_b and `code_x` and <b>bold</b> text.", 5),
        ('[the report](https://un.org/x "UN") says', 3),
        ("", 0),
    ],
)
def test_word_rule(text: str, words: int) -> None:
    assert count_words(text) == words


def test_cjk_sources_count_characters() -> None:
    assert count_words("北京 拒绝 评论。", "characters") == 7
    assert count_words("유엔 인권이사회 https://un.org", "characters") == 7


UPDATE_TWICE = """\
rights-groups-urge-china-update

Rights Groups Urge China to Halt Repatriations

Activists gathered in Seoul on Wednesday. They urged the U.N. Human Rights Council to act.

The groups said 200 people were sent back. Dr. Lee called it a grave crime.

Beijing did not respond to a request for comment.

Beijing did not respond to a request for comment.
"""


def _update(project: Path) -> dict[str, int]:
    report = project_stats(load_project(project), ["rights-groups-urge-china-update"], ["ko"])
    [article] = report.articles
    return {k: v for k, v in article.tally.segments.items() if v}


def test_leverage_categories_before_and_after_translate(project: Path) -> None:
    _reviewed_story(project)
    write(project / "sources" / "rights-groups-urge-china-update.txt", UPDATE_TWICE)
    assert run_cli("extract", cwd=project).code == 0
    # 3 sentences as reviewed yesterday, "on Wednesday" 92.5%, "a grave crime" 89.7%, and
    # the new sentence twice: the second time a repetition
    before = {"100%": 3, "85-94": 2, "new": 1, "repetition": 1}
    assert _update(project) == before
    from transflow.translate.translate import translate_project

    translate_project(
        load_project(project), langs=["ko"], engine_factory=lambda p, s, t: CountingEngine()
    )
    assert _update(project) == {"100%": 3, "85-94": 2, "machine": 1, "repetition": 1}
    report = project_stats(load_project(project), None, ["ko"])
    yesterday = next(a for a in report.articles if a.slug == "rights-groups-urge-china")
    assert {k: v for k, v in yesterday.tally.segments.items() if v} == {"reviewed": 5}


def test_missing_catalog_is_named(project: Path) -> None:
    res = run_cli("stats", cwd=project)
    assert res.code == 0 and "does not exist yet" in res.stderr
    assert "transflow extract" in res.stderr
