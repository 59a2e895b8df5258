"""The machine output kept beside each catalog, and `transflow stats --post-edit` over it,
with real (copy-model) Argos packages, real review sessions and real PO files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transflow.po.catalog import unit_id
from transflow.po.conventions import fill
from transflow.po.update import CatalogEdit
from transflow.project.config import load_project
from transflow.project.errors import ReviewError
from transflow.review.session import Reviewer, ReviewSession
from transflow.translate.machine_output import commit_recording, read_store, store_path
from transflow.translate.stats import edit_rate, post_edit_stats

from .conftest import SLUG_WIRE, run_cli, snapshot, write
from .review_fixtures import S1, S2, S3, S4, TITLE, edit_on_disk

ENGINES = {"ko": "argos:en-ko@1.1", "zh": "argos:en-zh@1.0"}
SEGMENTS = (TITLE, S1, S2, S3, S4)
KIM = Reviewer("Kim")


def _catalog(project: Path, lang: str = "ko") -> Path:
    return project / "translations" / lang / f"{SLUG_WIRE}.po"


def _records(project: Path, lang: str = "ko") -> list[dict[str, str]]:
    text = store_path(_catalog(project, lang)).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _expected(engine: str, outputs: dict[str, str]) -> list[dict[str, str]]:
    records = [{"id": unit_id("", s), "engine": engine, "mt": t} for s, t in outputs.items()]
    return sorted(records, key=lambda record: record["id"])


@pytest.fixture
def translated(project: Path, argos_env: Path) -> Path:
    assert run_cli("extract", cwd=project).code == 0
    res = run_cli("translate", cwd=project)
    assert res.code == 0, res.stderr
    return project


def test_translate_keeps_each_machine_output_beside_its_catalog(translated: Path) -> None:
    assert store_path(_catalog(translated)).name == f"{SLUG_WIRE}.mt.jsonl"
    for lang, engine in ENGINES.items():
        # the copy model writes each source as it is: one line a segment, sorted by id
        assert _records(translated, lang) == _expected(engine, {s: s for s in SEGMENTS})
    first = store_path(_catalog(translated)).read_text(encoding="utf-8")
    assert first.startswith('{"id": "u') and first.endswith('"}\n')
    before = snapshot(translated / "translations")
    assert run_cli("translate", cwd=translated).code == 0  # nothing to do: nothing written
    assert snapshot(translated / "translations") == before


def test_retranslate_replaces_the_output_and_a_changed_source_drops_its_record(
    translated: Path,
) -> None:
    # as if an earlier model of the same version string had written S3 otherwise
    path = store_path(_catalog(translated))
    stale = path.read_text(encoding="utf-8").replace(f'"mt": "{S3}"', '"mt": "an older output"')
    path.write_text(stale, encoding="utf-8")
    edit_on_disk(_catalog(translated), S3, msgstr="an older output")
    assert read_store(path)[(unit_id("", S3), ENGINES["ko"])] == "an older output"
    res = run_cli("translate", "--lang", "ko", "--retranslate", "machine", cwd=translated)
    assert res.code == 0, res.stderr
    assert _records(translated) == _expected(ENGINES["ko"], {s: s for s in SEGMENTS})

    source = translated / "sources" / f"{SLUG_WIRE}.txt"
    source.write_text(source.read_text().replace(S4, "Dr. Lee called it a grave crime."))
    assert run_cli("extract", cwd=translated).code == 0  # S4's output: a fuzzy suggestion
    assert _records(translated) == _expected(ENGINES["ko"], {s: s for s in SEGMENTS})
    res = run_cli("translate", "--lang", "ko", "--retranslate", "machine", cwd=translated)
    assert res.code == 0, res.stderr
    new = "Dr. Lee called it a grave crime."
    outputs = {s: s for s in (TITLE, S1, S2, S3, new)}  # S4's record went with its entry
    assert _records(translated) == _expected(ENGINES["ko"], outputs)


def test_an_entry_a_reviewer_changed_meanwhile_is_not_recorded(translated: Path) -> None:
    catalog = _catalog(translated)
    store_path(catalog).unlink()
    edit = CatalogEdit(catalog, translated)
    entries = {entry.msgid: entry for entry in edit.po}
    fill(entries[S1], "기계 번역 1", "mt=argos:en-ko@2.0 score=-0.10")
    fill(entries[S2], "기계 번역 2", "mt=argos:en-ko@2.0 score=-0.20")
    fill(entries[S3], "메모리 번역", "tm=sources/other.md (100%)")  # the memory: no MT
    # meanwhile a reviewer saves S1 in their editor: theirs is kept, ours not recorded
    edit_on_disk(catalog, S1, msgstr="검토자의 번역", flags=[])
    [commit] = commit_recording([edit])
    assert commit.merged and commit.dropped == [("", S1)]
    assert _records(translated) == _expected("argos:en-ko@2.0", {S2: "기계 번역 2"})


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("{not json", "not JSON"),
        ('{"id": "u0123456789abcdef", "engine": "argos:en-ko@1.1"}', '"mt"'),
        ('{"id": "u0123456789abcdef", "engine": "argos:en-ko@1.1", "mt": 3}', '"mt"'),
        ('{"id": "x1", "engine": "argos:en-ko@1.1", "mt": "a"}', "bad id 'x1'"),
        ('{"id": "u0123456789abcdef", "engine": "argos en", "mt": "a"}', "engine 'argos en'"),
        ('{"id": "u0123456789abcdef", "engine": "e", "mt": "b"}', "second record"),
        ("<<<<<<< HEAD", "git merge conflict"),
    ],
)
def test_a_damaged_store_is_an_error_naming_its_line(
    translated: Path, line: str, says: str
) -> None:
    edit_on_disk(_catalog(translated), S3, msgstr="an older output")  # to be retranslated
    path = store_path(_catalog(translated))
    first = '{"id": "u0123456789abcdef", "engine": "e", "mt": "a"}'
    path.write_text(f"{path.read_text()}{first}\n\n{line}\n", encoding="utf-8")
    at = f"translations/ko/{SLUG_WIRE}.mt.jsonl:8:"  # 5 records, ours, a blank line, the bad one
    res = run_cli("stats", "--post-edit", cwd=translated)
    assert res.code == 2 and at in res.stderr and says in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
    # translate reads a store before it writes the catalog: nothing is written
    before = snapshot(translated / "translations")
    res = run_cli("translate", "--lang", "ko", "--retranslate", "machine", cwd=translated)
    assert res.code == 2 and at in res.stderr
    assert snapshot(translated / "translations") == before


@pytest.mark.parametrize(
    ("machine", "reviewed", "rate"),
    [
        ("Seoul", "Seoul", 0.0),
        ("They urged", "They urged all", 4 / 14),  # 4 characters inserted
        ("탈북민 송환", "탈북민을 송환", 1 / 7),  # a particle: one character of seven
        ("北京拒绝评论。", "北京拒绝置评。", 2 / 7),  # one word, two characters
        ("abc", "x", 3 / 1),  # a reviewer who shortened a lot: more than 100%
    ],
)
def test_edit_rate_counts_characters(machine: str, reviewed: str, rate: float) -> None:
    assert edit_rate(machine, reviewed) == pytest.approx(rate, abs=1e-12)


def _review(project: Path) -> None:
    """Korean: the title and S1 accepted as the engine wrote them; S2 with "Human " deleted
    (6 characters; 48 -> 42); S3 with one digit changed (42 characters); S4 replaced by a
    memory suggestion (not machine translation). Chinese: the title accepted as written; S1
    reviewed, its provenance an older model whose output was not kept (unmeasured); the
    rest left fuzzy (not reviewed)."""
    config = load_project(project)
    ko = ReviewSession(config, _catalog(project), "ko", KIM)
    for source, text in (
        (TITLE, TITLE),
        (S1, S1),
        (S2, "They urged the U.N. Rights Council to act."),
        (S3, "The groups said 300 people were sent back."),
    ):
        assert not ko.accept(("", source), text).conflict
    ko.accept(("", S4), "이 박사는 그것을 범죄라고 불렀다.", origin="tm=sources/old.md (100%)")
    zh = ReviewSession(config, _catalog(project, "zh"), "zh", KIM)
    zh.accept(("", TITLE), TITLE)
    zh.accept(("", S1), "活动人士周二在首尔集会。", origin="mt=argos:en-zh@0.9 score=-0.50")


def test_post_edit_against_a_hand_computation(translated: Path) -> None:
    _review(translated)
    report = post_edit_stats(load_project(translated))
    rows = [
        (t.lang, t.engine, t.segments, t.unchanged, t.unmeasured, t.mean_edit_rate)
        for t in report.engines
    ]
    # ko: 4 measured, 2 unchanged; rates 0, 0, 6/42, 1/42: mean 7/42/4 = 1/24.
    # zh: the title, unchanged (rate 0); S1 by en-zh@0.9, which has no output kept.
    assert rows == [
        ("ko", "argos:en-ko@1.1", 4, 2, 0, pytest.approx(1 / 24, abs=1e-12)),
        ("zh", "argos:en-zh@0.9", 0, 0, 1, None),
        ("zh", "argos:en-zh@1.0", 1, 1, 0, 0.0),
    ]
    assert report.engines[0].unchanged_share == 0.5

    res = run_cli("stats", "--post-edit", "--json", cwd=translated)
    assert res.code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["missing"] == []
    ko, old, zh = data["engines"]
    assert ko == {
        "lang": "ko",
        "engine": "argos:en-ko@1.1",
        "segments": 4,
        "unchanged": 2,
        "unchanged_share": 0.5,
        "mean_edit_rate": pytest.approx(1 / 24, abs=1e-12),
        "unmeasured": 0,
    }
    assert old["unmeasured"] == 1 and old["mean_edit_rate"] is None
    assert zh["segments"] == 1 and zh["unchanged_share"] == 1.0

    res = run_cli("stats", "--post-edit", "--lang", "ko", cwd=translated)
    assert res.code == 0, res.stderr
    [row] = [line for line in res.stdout.splitlines() if "argos:" in line]
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "ko",
        "argos:en-ko@1.1",
        "4",
        "50.0%",
        "4.2%",
        "0",
    ]
    assert res.stderr == ""


def test_nothing_measured_says_why(translated: Path) -> None:
    res = run_cli("stats", "--post-edit", cwd=translated)
    assert res.code == 0 and "no reviewed segment was machine-translated" in res.stderr
    assert res.stdout == ""  # no empty table
    _review(translated)
    store_path(_catalog(translated)).unlink()
    res = run_cli("stats", "--post-edit", "--lang", "ko", cwd=translated)
    assert res.code == 0 and "unmeasured segments were reviewed" in res.stderr
    write(translated / "sources" / "new-story.txt", "new-story\n\nA Title\n\nA sentence.\n")
    res = run_cli("stats", "--post-edit", "--json", cwd=translated)
    assert json.loads(res.stdout)["missing"] == [
        "translations/ko/new-story.po",
        "translations/zh/new-story.po",
    ]


def test_a_msgstr_wrapped_otherwise_is_the_same_text(translated: Path) -> None:
    """Line wrapping is the PO writer's, not the text's: an accepted output that another tool
    saved split over two lines still counts as accepted unchanged."""
    _review(translated)
    path = _catalog(translated)
    one_line = f'msgstr "{S1}"\n'
    text = path.read_text(encoding="utf-8")
    assert one_line in text
    path.write_text(
        text.replace(one_line, 'msgstr ""\n"Activists gathered "\n"in Seoul on Tuesday."\n'),
        encoding="utf-8",
    )
    [ko, *_] = post_edit_stats(load_project(translated), None, ["ko"]).engines
    assert (ko.segments, ko.unchanged) == (4, 2)


def test_a_machine_suggestion_accepted_in_review_replaces_the_kept_output(
    translated: Path,
) -> None:
    """A reviewer who takes another hypothesis of the engine (`ctrl+t` in review) post-edits
    that one: it becomes the kept output, and the edit rate is measured from it."""
    session = ReviewSession(load_project(translated), _catalog(translated), "ko", KIM)
    origin = "mt=argos:en-ko@1.1 score=-0.90"
    session.accept(("", S1), "Activists met in Seoul on Tuesday.", origin=origin, machine=S1)
    session.accept(("", S3), "The groups said 200 were sent back.", origin=origin, machine=S3[:-1])
    outputs = {s: s for s in SEGMENTS} | {S3: S3[:-1]}
    assert _records(translated) == _expected(ENGINES["ko"], outputs)
    [ko, *_] = post_edit_stats(load_project(translated), None, ["ko"]).engines
    # S1: "gathered" -> "met", 5 characters deleted and 2 substituted (one "e" kept): 7
    # edits over 34 characters; S3: "people " deleted and "." added: 8 edits over 35
    assert (ko.segments, ko.unchanged) == (2, 0)
    assert ko.mean_edit_rate == pytest.approx((7 / 34 + 8 / 35) / 2, abs=1e-12)


def test_a_damaged_store_stops_a_review_action_before_it_writes(translated: Path) -> None:
    path = store_path(_catalog(translated))
    path.write_text("{}\n", encoding="utf-8")
    before = snapshot(translated / "translations")
    session = ReviewSession(load_project(translated), _catalog(translated), "ko", KIM)
    with pytest.raises(ReviewError, match=r"mt\.jsonl:1: is no machine-output record"):
        session.accept(("", S1), S1, origin="mt=argos:en-ko@1.1 score=-0.90", machine=S1)
    assert snapshot(translated / "translations") == before
    assert not session.accept(("", S1), "활동가들이 모였다.").conflict  # typed: no store needed
