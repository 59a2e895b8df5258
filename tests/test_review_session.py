"""The review session without a terminal: states, navigation, writes, reload-merge, identity."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from transflow.po.catalog import entry_key, fields_of, load_catalog
from transflow.po.conventions import State
from transflow.project.choices import ReviewOrder
from transflow.review.assist import Assistant, source_diff
from transflow.review.pending import pending_segments
from transflow.review.resume import STATE_FILE, Place, load_place, save_place
from transflow.review.risk import Tier, low_score_cutoff
from transflow.review.session import (
    ALL,
    FILTERS,
    PENDING,
    WITH_FINDINGS,
    Reviewer,
    ReviewError,
    ReviewSession,
    choose_catalog,
    resolve_reviewer,
)

from .conftest import SLUG_WIRE, msgfmt_check, run_cli
from .review_fixtures import (
    KO,
    S1,
    S2,
    S3,
    S3_WRONG,
    S4,
    TITLE,
    edit_on_disk,
    other_catalog,
    reread,
    review_project,
    risky_project,
)

KIM = Reviewer("Kim Ji-woo", "jiwoo@example.org")


@pytest.fixture
def reviewed(project: Path):
    config, path = review_project(project)
    return config, path, ReviewSession(config, path, "ko", KIM)


def key(msgid: str) -> tuple[str, str]:
    return ("", msgid)


def test_states_filters_and_navigation(reviewed) -> None:
    _, _, s = reviewed
    assert [s.state(i) for i in range(5)] == [
        State.MACHINE,
        State.REVIEWED,
        State.CHANGED,
        State.MACHINE,
        State.UNTRANSLATED,
    ]
    assert s.first_pending() == 0
    assert s.visible(PENDING) == [0, 2, 3, 4]
    assert s.visible(ALL) == [0, 1, 2, 3, 4]
    assert s.visible(WITH_FINDINGS) == []
    assert s.next_pending(0) == 2 and s.next_pending(4) == 0  # skips reviewed, wraps
    s.findings[key(S3)] = [type("F", (), {"severity": "error"})()]
    s.findings[key(S4)] = [type("F", (), {"severity": "info"})()]  # info does not count
    assert s.visible(WITH_FINDINGS) == [3] and s.next_with_findings(4) == 3
    assert s.search("SEOUL", None) == 1 and s.search("유엔", 1) == 2
    assert s.search("nowhere", 0) is None
    assert s.counts()[PENDING] == 4


def test_accept_writes_reviewed_entry_header_and_valid_po(reviewed) -> None:
    config, path, s = reviewed
    outcome = s.accept(key(TITLE), KO[TITLE])
    assert outcome.written and not outcome.conflict
    entry = reread(path)[TITLE]
    assert entry.msgstr == KO[TITLE] and "fuzzy" not in entry.flags
    assert "transflow: reviewed-by=Kim Ji-woo" in entry.comment.split("\n")
    assert "transflow: mt=argos:en-ko@1.1 score=-0.42" in entry.comment  # provenance kept
    header = polib.pofile(str(path)).metadata
    assert header["Last-Translator"] == "Kim Ji-woo <jiwoo@example.org>"
    msgfmt_check(path)
    # a changed source: accepting drops `#| msgid` too
    s.accept(key(S2), "그들은 유엔 인권이사회에 행동을 촉구했다.")
    entry = reread(path)[S2]
    assert entry.previous_msgid is None and not entry.flags
    # accepting twice keeps one reviewed-by line
    s.accept(key(S2), "그들은 유엔 인권이사회에 행동을 촉구했다.")
    assert reread(path)[S2].comment.count("reviewed-by") == 1


def test_accept_refuses_empty_translation_and_writes_nothing(reviewed) -> None:
    _, path, s = reviewed
    before = path.read_bytes()
    with pytest.raises(ReviewError, match="empty"):
        s.accept(key(S4), "  ")
    assert path.read_bytes() == before and not s.undo_stack


def test_edit_keeps_or_makes_entries_unreviewed(reviewed) -> None:
    _, path, s = reviewed
    s.accept(key(S1), KO[S1])  # reviewed-by line on it
    s.edit(key(S1), "활동가들이 화요일에 서울에 모였다.")
    entry = reread(path)[S1]
    assert "fuzzy" in entry.flags and "reviewed-by" not in entry.comment
    s.edit(key(S4), "이 박사는 이를 범죄라고 불렀다.")
    assert reread(path)[S4].flags == ["fuzzy"]
    s.edit(key(S3), "")
    assert reread(path)[S3].msgstr == "" and reread(path)[S3].flags == []
    before = path.read_bytes()
    assert not s.edit(key(S4), "이 박사는 이를 범죄라고 불렀다.").written  # same text: no write
    assert path.read_bytes() == before


def test_note_is_a_translator_comment(reviewed) -> None:
    _, path, s = reviewed
    s.set_note(key(S3), "  Check the number with the desk.  \n")
    assert reread(path)[S3].tcomment == "Check the number with the desk."
    assert "# Check the number with the desk." in path.read_text()
    s.set_note(key(S3), "")
    assert reread(path)[S3].tcomment == ""
    msgfmt_check(path)


def test_undo_restores_entries_in_reverse_order(reviewed) -> None:
    _, path, s = reviewed
    original = {m: fields_of(e) for m, e in reread(path).items()}
    s.accept(key(TITLE), KO[TITLE])
    s.accept(key(S2), "바뀐 번역")
    assert s.undo().key == key(S2)
    assert fields_of(reread(path)[S2]) == original[S2]
    assert reread(path)[TITLE].flags == []  # the first accept still stands
    assert s.undo().key == key(TITLE)
    assert fields_of(reread(path)[TITLE]) == original[TITLE]
    assert s.undo() is None


def test_change_on_disk_to_another_entry_is_merged(reviewed) -> None:
    _, path, s = reviewed
    edit_on_disk(path, S4, msgstr="다른 검토자의 번역", flags=["fuzzy"])
    outcome = s.accept(key(TITLE), KO[TITLE])
    assert outcome.reloaded and outcome.written and not outcome.conflict
    entries = reread(path)
    assert entries[S4].msgstr == "다른 검토자의 번역"  # theirs kept
    assert entries[TITLE].flags == []  # ours applied
    assert s.entry(key(S4)).msgstr == "다른 검토자의 번역"  # the session sees theirs


def test_change_on_disk_to_a_field_we_do_not_touch_is_merged(reviewed) -> None:
    _, path, s = reviewed
    seen = fields_of(s.entry(key(S3)))
    edit_on_disk(path, S3, tcomment="desk: number confirmed")
    outcome = s.accept(key(S3), KO[S3], expect=seen)
    assert outcome.written and not outcome.conflict
    entry = reread(path)[S3]
    assert entry.tcomment == "desk: number confirmed" and entry.flags == []


def test_conflicting_change_keeps_both_versions(reviewed) -> None:
    _, path, s = reviewed
    seen = fields_of(s.entry(key(S3)))
    edit_on_disk(path, S3, msgstr="그들의 번역", flags=[])
    outcome = s.accept(key(S3), "우리의 번역", expect=seen)
    assert outcome.conflict and not outcome.written
    assert reread(path)[S3].msgstr == "그들의 번역"  # theirs not overwritten
    side = {e.msgid: e for e in polib.pofile(str(outcome.conflict_path))}
    assert side[S3].msgstr == "우리의 번역" and side[S3].flags == []
    assert outcome.conflict_path == path.with_name(path.name + ".conflict")
    assert s.conflicts[key(S3)] == "우리의 번역"
    assert "yours is kept in" in outcome.message
    msgfmt_check(outcome.conflict_path)
    # with their version now in view, accepting again is an ordinary accept
    assert s.accept(key(S3), "우리의 번역").written
    assert key(S3) not in s.conflicts


def test_conflict_file_keeps_line_separators_and_is_never_overwritten(reviewed) -> None:
    """A second conflict reads the first conflict file as msgfmt does (a raw U+2028 inside a
    string is text, not a line end); one it cannot read is left as it is and the new version
    goes beside it."""
    _, path, s = reviewed
    seen = fields_of(s.entry(key(S3)))
    edit_on_disk(path, S3, msgstr="그들의 번역", flags=[])
    first = s.accept(key(S3), "우리의\u2028번역", expect=seen)
    assert first.conflict_path == path.with_name(path.name + ".conflict")
    seen = fields_of(s.entry(key(S3)))
    edit_on_disk(path, S3, msgstr="그들의 두 번째 번역", flags=[])
    second = s.accept(key(S3), "우리의\u2028두 번째", expect=seen)
    assert second.conflict_path == first.conflict_path
    assert {e.msgid: e.msgstr for e in load_catalog(second.conflict_path)}[S3] == (
        "우리의\u2028두 번째"
    )
    damaged = b'msgid "unterminated\n'
    first.conflict_path.write_bytes(damaged)
    seen = fields_of(s.entry(key(S3)))
    edit_on_disk(path, S3, msgstr="그들의 세 번째 번역", flags=[])
    third = s.accept(key(S3), "세 번째", expect=seen)
    assert first.conflict_path.read_bytes() == damaged
    assert third.conflict_path == path.with_name(path.name + ".conflict.2")
    assert {e.msgid: e.msgstr for e in load_catalog(third.conflict_path)}[S3] == "세 번째"
    assert "conflict.2" in third.message


def test_unreadable_file_on_disk_is_left_alone(reviewed) -> None:
    _, path, s = reviewed
    broken = path.read_text() + "<<<<<<< HEAD\n"
    path.write_text(broken)
    outcome = s.accept(key(TITLE), KO[TITLE])
    assert outcome.conflict and "can no longer be read" in outcome.message
    assert path.read_text() == broken
    assert {e.msgid for e in polib.pofile(str(outcome.conflict_path))} == {TITLE}


def test_undo_refuses_when_the_entry_changed_since(reviewed) -> None:
    _, path, s = reviewed
    s.accept(key(TITLE), KO[TITLE])
    edit_on_disk(path, TITLE, msgstr="누군가 고친 제목")
    outcome = s.undo()
    assert outcome.conflict and "cannot undo" in outcome.message
    assert reread(path)[TITLE].msgstr == "누군가 고친 제목"
    assert not outcome.conflict_path


def test_poll_sees_changes_on_disk(reviewed) -> None:
    _, path, s = reviewed
    assert not s.poll().changed
    edit_on_disk(path, S4, msgstr="새 번역")
    result = s.poll()
    assert result.changed == {key(S4)} and not result.structure
    path.write_text("garbage\n")
    assert "syntax error" in s.poll().problem


def test_reviewer_identity_order(project: Path, monkeypatch, tmp_path: Path) -> None:
    config, _ = review_project(project)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ReviewError, match="who is reviewing"):
        resolve_reviewer(config, None)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "config", "user.name", "Git User"], check=True)
    subprocess.run(["git", "-C", str(project), "config", "user.email", "g@x.org"], check=True)
    assert resolve_reviewer(config, None) == Reviewer("Git User", "g@x.org")
    config.settings["review"]["reviewer"] = "Desk Editor <desk@x.org>"
    assert resolve_reviewer(config, None) == Reviewer("Desk Editor", "desk@x.org")
    assert resolve_reviewer(config, "Lee") == Reviewer("Lee")


def test_reviewer_in_config_file(project: Path) -> None:
    toml = project / "transflow.toml"
    toml.write_text(toml.read_text() + '\n[review]\nreviewer = "Park Min"\n')
    from transflow.project.config import load_project

    assert resolve_reviewer(load_project(project), None).name == "Park Min"


def test_choose_catalog(project: Path) -> None:
    config, path = review_project(project)
    assert choose_catalog(config) == (SLUG_WIRE, "ko", path)  # zh has no catalog yet
    assert choose_catalog(config, SLUG_WIRE, "ko") == (SLUG_WIRE, "ko", path)
    source = str(project / "sources" / "rights-groups-urge-china.txt")
    assert choose_catalog(config, source, "ko")[2] == path
    with pytest.raises(ReviewError, match="transflow extract"):
        choose_catalog(config, SLUG_WIRE, "zh")
    s = ReviewSession(config, path, "ko", KIM)
    for i in s.visible(PENDING):
        s.accept(entry_key(s.entries[i]), "번역")
    assert choose_catalog(config) is None


def test_pending_segments_and_list_cli(project: Path) -> None:
    config, path = review_project(project)
    found = pending_segments(config, None, ["ko"]).segments
    assert [(p.state, p.msgid) for p in found] == [
        (State.MACHINE, TITLE),
        (State.CHANGED, S2),
        (State.MACHINE, S3),
        (State.UNTRANSLATED, S4),
    ]
    assert found[1].previous_msgid == "They urged the U.N. to act."
    assert found[0].provenance == ["mt=argos:en-ko@1.1 score=-0.42"]
    lines = path.read_text().split("\n")
    assert lines[found[3].line - 1].startswith("#") and S4 in "\n".join(lines[found[3].line :])
    res = run_cli("review", "--list", "--lang", "ko", cwd=project)
    assert res.code == 0, res.stderr
    out = res.stdout.splitlines()
    assert out[0] == f"translations/ko/{SLUG_WIRE}.po:{found[0].line}: machine: {TITLE}"
    assert len(out) == 4 and "4 pending segments" in res.stderr
    res = run_cli("review", "--list", "--json", SLUG_WIRE, "--lang", "ko", cwd=project)
    rows = json.loads(res.stdout)
    assert [r["state"] for r in rows] == ["machine", "changed", "machine", "untranslated"]
    assert rows[2]["msgstr"] == KO[S3] and rows[2]["lang"] == "ko"


@pytest.mark.parametrize("article", [(SLUG_WIRE,), ()])
def test_list_without_a_catalog_says_run_extract(project: Path, article: tuple[str, ...]) -> None:
    """Every segment of a catalog not extracted yet is pending: no "0 pending" exit 0."""
    review_project(project)  # ko only
    res = run_cli("review", "--list", *article, cwd=project)
    assert (res.code, res.stdout) == (2, "")
    assert res.stderr.startswith(f"error: translations/zh/{SLUG_WIRE}.po: does not exist:")
    assert "Run `transflow extract` first" in res.stderr


def test_review_without_a_terminal_says_so(project: Path) -> None:
    review_project(project)
    res = run_cli("review", "--reviewer", "X", cwd=project)  # stdin is not a terminal
    assert res.code == 2
    assert "needs an interactive terminal" in res.stderr and "--list" in res.stderr
    assert "Traceback" not in res.stderr


def test_source_diff_marks_words() -> None:
    assert source_diff("They urged the U.N. to act.", "They urged the council to act.") == [
        ("equal", "They urged the "),
        ("delete", "U.N."),
        ("insert", "council"),
        ("equal", " to act."),
    ]


def test_a_broken_stage_is_reported_and_the_others_keep_working(project: Path) -> None:
    config, _ = review_project(project)
    (project / "glossary").mkdir(exist_ok=True)
    (project / "glossary" / "terms.csv").write_text("en,ko,qq\nenvoy,특사,x\n", "utf-8")
    assistant = Assistant(config, "ko")
    assert "terms.csv:1: unknown column" in assistant.glossary.unavailable
    assert assistant.terms(S1, KO[S1]) == []
    found = assistant.findings(S1, "활동가들이 화요일 서울에 모였다 99.")
    assert [f.check for f in found] == ["numbers"]
    assert assistant.checks.unavailable == ""


def test_tm_suggestions_come_from_other_catalogs(project: Path) -> None:
    config, path = review_project(project)
    other_catalog(
        path, "Activists gathered in Seoul on Monday.", "활동가들이 월요일 서울에 모였다.", "4"
    )
    assistant = Assistant(config, "ko")
    own = "sources/rights-groups-urge-china.txt"
    found = assistant.tm_suggestions(S1, exclude_origin=own)
    assert [(s.text, s.kind) for s in found] == [("활동가들이 월요일 서울에 모였다.", "tm")]
    assert found[0].score >= 70 and found[0].origin.startswith("tm=sources/other-article.md (")
    assert assistant.tm_suggestions("Completely unrelated words here.", own) == []


def test_list_and_cli_import_no_textual(project: Path) -> None:
    review_project(project)
    code = (
        "import sys\n"
        "from transflow.cli import app\n"
        "loaded = 'textual' in sys.modules\n"
        "try:\n"
        "    app(['review', '--list', '--lang', 'ko'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(loaded, 'textual' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert proc.stderr.strip().endswith("False False"), proc.stderr
    assert TITLE in proc.stdout


def test_plural_entries_are_left_to_a_po_editor_and_kept(project: Path) -> None:
    config, path = review_project(project)
    po = polib.pofile(str(path), wrapwidth=78)
    po.append(
        polib.POEntry(
            msgid="%d person", msgid_plural="%d people", msgstr_plural={0: "%d명"}, flags=["fuzzy"]
        )
    )
    po.save(str(path))
    session = ReviewSession(config, path, "ko", KIM)
    assert session.plural_entries == 1
    assert all(not e.msgid_plural for e in session.entries)
    session.accept(("", S3), KO[S3])
    kept = polib.pofile(str(path)).find("%d person")
    assert kept.msgstr_plural == {0: "%d명"} and "fuzzy" in kept.flags


def test_accept_can_silence_checks_on_the_entry(reviewed) -> None:
    _, path, s = reviewed
    s.accept(key(S3), S3_WRONG, ignore=["numbers", "length-ratio"])
    entry = reread(path)[S3]
    assert entry.msgstr == S3_WRONG and entry.flags == ["ignore-numbers", "ignore-length-ratio"]
    msgfmt_check(path)
    s.undo()
    assert reread(path)[S3].flags == ["fuzzy"]


def _conflict(s: ReviewSession, path: Path, msgid: str, mine: str):
    seen = fields_of(s.entry(key(msgid)))
    edit_on_disk(path, msgid, msgstr=f"{mine}: theirs", flags=[])
    return s.accept(key(msgid), mine, expect=seen)


def test_conflict_file_goes_once_every_entry_kept_in_it_is_accepted(reviewed) -> None:
    _, path, s = reviewed
    side = _conflict(s, path, S3, "우리의 S3").conflict_path
    _conflict(s, path, S4, "우리의 S4")
    assert {e.msgid for e in load_catalog(side)} == {S3, S4}
    assert s.accept(key(S3), "우리의 S3").removed is None  # S4 is still unresolved
    assert side.exists() and key(S3) not in s.conflicts and key(S4) in s.conflicts
    assert s.accept(key(S4), "그들의 S4 그대로").removed == side  # theirs taken: resolved too
    assert not side.exists()


def test_conflict_file_holding_other_entries_is_kept(reviewed) -> None:
    config, path, s = reviewed
    earlier = ReviewSession(config, path, "ko", Reviewer("Lee"))  # another reviewer's
    side = _conflict(earlier, path, TITLE, "이전 제목").conflict_path
    s = ReviewSession(config, path, "ko", KIM)
    assert _conflict(s, path, S3, "우리의 S3").conflict_path == side
    outcome = s.accept(key(S3), "우리의 S3")
    assert outcome.written and outcome.removed is None
    assert {e.msgid for e in load_catalog(side)} == {TITLE, S3}  # left as it was


def test_accepted_counts_each_segment_once_while_it_stays_reviewed(reviewed) -> None:
    _, _, s = reviewed
    s.accept(key(TITLE), KO[TITLE])
    s.accept(key(TITLE), KO[TITLE] + " ")
    s.accept(key(S3), KO[S3])
    assert s.accepted() == 2
    s.edit(key(S3), "고친 번역")  # unreviewed again
    assert s.accepted() == 1


def test_place_is_kept_per_catalog_under_transflow(reviewed) -> None:
    config, path, _ = reviewed
    rel = config.relative(path)
    assert load_place(config, rel, FILTERS) is None
    assert save_place(config, rel, Place(key(S3), ALL, ReviewOrder.RISK))
    assert save_place(
        config, "translations/zh/other.po", Place(key(S1), PENDING, ReviewOrder.DOCUMENT)
    )
    assert load_place(config, rel, FILTERS) == Place(key(S3), ALL, ReviewOrder.RISK)
    state = config.root / STATE_FILE
    data = json.loads(state.read_text("utf-8"))
    data["catalogs"][rel]["order"] = "alphabetical"  # written by a later version
    state.write_text(json.dumps(data), "utf-8")
    assert load_place(config, rel, FILTERS) is None
    assert load_place(config, "translations/zh/other.po", FILTERS) is not None
    wrong_type = json.dumps({"catalogs": {rel: {"msgctxt": "", "msgid": 1}}})
    for damaged in ("{", "[]", '{"catalogs": 3}', wrong_type):
        state.write_text(damaged, "utf-8")
        assert load_place(config, rel, FILTERS) is None


def test_terms_keep_the_period_of_an_abbreviation(project: Path) -> None:
    config, _ = review_project(project)
    (project / "glossary").mkdir(exist_ok=True)
    (project / "glossary" / "terms.csv").write_text("en,ko\nU.N.|UN,유엔\n", "utf-8")
    (hit,) = Assistant(config, "ko").terms(S2, KO[S2])
    assert hit.term == "U.N." and S2[slice(*hit.spans[0])] == "U.N."


def test_risk_tiers_and_order(project: Path) -> None:
    config, _ = risky_project(project)
    found = pending_segments(config, None, ["ko"], ReviewOrder.RISK).segments
    assert [(p.msgid, p.risk.tier) for p in found] == [
        (S3, Tier.ERROR),
        (S2, Tier.LOW_MT),
        (S4, Tier.TERMS),
        (TITLE, Tier.REST),
    ]
    assert [p.risk.summary for p in found] == [
        "error: numbers · MT -0.30",
        "low MT score -2.50",
        "1 glossary term unmet",
        "MT -0.42",
    ]
    res = run_cli("review", "--list", "--order", "risk", "--lang", "ko", cwd=project)
    assert res.code == 0, res.stderr
    assert [line.split(": ", 1)[1].split(":")[0] for line in res.stdout.splitlines()] == [
        "machine [error",
        "changed [low MT score -2.50]",
        "untranslated [1 glossary term unmet]",
        "machine [MT -0.42]",
    ]
    args = ("review", "--list", "--json", "--lang", "ko")
    rows = json.loads(run_cli(*args, "--order", "risk", cwd=project).stdout)
    assert rows[1]["risk"] == {"tier": "low_mt", "score": -2.5, "reason": "low MT score -2.50"}
    assert "risk" not in json.loads(run_cli(*args, cwd=project).stdout)[0]


def test_low_mt_scores_are_the_catalogs_lowest_quarter() -> None:
    assert low_score_cutoff([-0.1, -0.2, -0.3]) is None  # too few for a quarter
    assert low_score_cutoff([-0.1, -0.2, -0.3, -2.0]) == -2.0
    assert low_score_cutoff([-0.5 * i for i in range(9)]) == -3.0  # the lowest 3 of 9
