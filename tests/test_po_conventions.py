"""The PO conventions every stage shares: state, provenance, reviewer, kind."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from transflow.po.catalog import render
from transflow.po.conventions import (
    State,
    carry,
    entry_state,
    fill,
    is_machine_output,
    kind_of,
    machine_engine,
    machine_score,
    mark_edited,
    mark_reviewed,
    origin_of,
    previous_source,
    provenance,
    reviewers,
    set_origin,
    translations,
)
from transflow.po.reader import parse


@pytest.mark.parametrize(
    ("msgstr", "flags", "previous", "state"),
    [
        ("", [], None, State.UNTRANSLATED),
        ("", ["fuzzy"], "old", State.UNTRANSLATED),
        ("번역", ["fuzzy"], None, State.MACHINE),
        ("번역", ["c-format", "fuzzy"], "old source", State.CHANGED),
        ("번역", [], None, State.REVIEWED),
        ("번역", ["ignore-numbers"], "stale #| without fuzzy", State.REVIEWED),
    ],
)
def test_one_state_rule_for_polib_entries_and_reader_items(
    msgstr: str, flags: list[str], previous: str | None, state: State
) -> None:
    entry = polib.POEntry(msgid="Source.", msgstr=msgstr, flags=flags, previous_msgid=previous)
    assert entry_state(entry) is state
    po = polib.POFile()
    po.append(entry)
    (item,) = parse(render(po), Path("x.po")).items
    assert entry_state(item) is state
    assert state.pending == (state is not State.REVIEWED)
    assert state.unreviewed == (state in (State.MACHINE, State.CHANGED))


def test_fill_marks_machine_output_and_replaces_older_provenance() -> None:
    entry = polib.POEntry(
        msgid="A.",
        msgstr="",
        previous_msgid="Old A.",
        comment="type: paragraph\ntransflow: tm=sources/x.md (100%)",
        flags=["c-format"],
    )
    fill(entry, "가.", "mt=argos:en-ko@1.1 score=-0.42")
    assert entry.msgstr == "가." and entry.flags == ["fuzzy", "c-format"]
    assert previous_source(entry) is None
    assert entry.comment == "type: paragraph\ntransflow: mt=argos:en-ko@1.1 score=-0.42"
    assert is_machine_output(entry) and entry_state(entry) is State.MACHINE
    assert provenance(entry) == ["mt=argos:en-ko@1.1 score=-0.42"]
    assert kind_of(entry) == "paragraph"


def test_accept_and_edit_keep_one_reviewer_line() -> None:
    entry = polib.POEntry(
        msgid="A.",
        msgstr="가.",
        flags=["fuzzy"],
        previous_msgid="Old A.",
        comment="type: title\ntransflow: mt=argos:en-ko@1.1 score=-0.4",
    )
    set_origin(entry, "tm=sources/y.md (93%)")
    mark_reviewed(entry, "가!", "Kim")
    assert entry_state(entry) is State.REVIEWED and previous_source(entry) is None
    assert provenance(entry) == ["tm=sources/y.md (93%)", "reviewed-by=Kim"]
    mark_reviewed(entry, "가!", "Lee")
    assert reviewers(entry) == ["Lee"] and not is_machine_output(entry)
    mark_edited(entry, "가?")  # a new text nobody reviewed yet
    assert entry_state(entry) is State.MACHINE and reviewers(entry) == []
    mark_edited(entry, "")
    assert entry_state(entry) is State.UNTRANSLATED and "fuzzy" not in entry.flags


def test_reviewers_written_by_hand_are_read_too() -> None:
    entry = polib.POEntry(msgid="A.", msgstr="가.", comment="transflow:reviewed-by= Park ")
    assert reviewers(entry) == ["Park"]
    mark_reviewed(entry, "가.", "Kim")
    assert entry.comment == "transflow: reviewed-by=Kim"


def test_carry_keeps_a_translation_as_a_suggestion_for_a_changed_source() -> None:
    old = polib.POEntry(
        msgid="They urged the U.N. to act.",
        msgstr="그들은 유엔에 촉구했다.",
        tcomment="checked with the desk",
        comment="type: paragraph\ntransflow: reviewed-by=Kim",
    )
    new = polib.POEntry(
        msgid="They urged the U.N. Human Rights Council to act.", comment="type: paragraph"
    )
    carry(new, old, previous_source=old.msgid)
    assert entry_state(new) is State.CHANGED and previous_source(new) == old.msgid
    assert new.tcomment == "checked with the desk" and reviewers(new) == ["Kim"]
    same = polib.POEntry(msgid=old.msgid, comment="type: paragraph")
    carry(same, old)
    assert entry_state(same) is State.REVIEWED and same.msgstr == old.msgstr


@pytest.mark.parametrize(
    ("forms", "flags", "state"),
    [
        ({0: "", 1: ""}, [], State.UNTRANSLATED),
        ({0: "사람 %d명", 1: ""}, [], State.UNTRANSLATED),  # a form missing: not done
        ({0: "사람 %d명", 1: ""}, ["fuzzy"], State.UNTRANSLATED),
        ({0: "사람 %d명", 1: "사람들 %d명"}, ["fuzzy"], State.MACHINE),
        ({0: "사람 %d명", 1: "사람들 %d명"}, [], State.REVIEWED),
    ],
)
def test_a_plural_entry_is_reviewed_only_when_every_form_is(
    forms: dict[int, str], flags: list[str], state: State
) -> None:
    entry = polib.POEntry(
        msgid="%d person", msgid_plural="%d people", msgstr_plural=forms, flags=flags
    )
    assert entry_state(entry) is state
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(entry)
    (item,) = parse(render(po), Path("x.po")).items
    assert entry_state(item) is state
    assert translations(item) == translations(entry) == [forms[0], forms[1]]


def test_carry_keeps_a_plural_entry_whole() -> None:
    old = polib.POEntry(msgid="%d file", msgid_plural="%d files", msgstr_plural={0: "파일 %d개"})
    new = polib.POEntry(msgid="%d file", comment="type: paragraph")
    carry(new, old)
    assert new.msgid_plural == "%d files" and new.msgstr_plural == {0: "파일 %d개"}
    assert entry_state(new) is State.REVIEWED


@pytest.mark.parametrize(
    ("comment", "score"),
    [
        ("transflow: mt=argos:en-ko@1.1 score=-0.42", -0.42),
        ("type: paragraph\ntransflow: mt=argos:en-ko@1.1 score=-1.50 glossary=1/2", -1.5),
        ("transflow: mt=argos:en-ko@1.1 score=0", 0.0),
        ("transflow: tm=sources/x.md (100%)", None),  # the memory, not an engine
        ("transflow: mt=argos:en-ko@1.1 score=-0.4x", None),
        ("", None),
    ],
)
def test_machine_score_is_read_from_the_provenance(comment: str, score: float | None) -> None:
    assert machine_score(polib.POEntry(msgid="a", msgstr="b", comment=comment)) == score


@pytest.mark.parametrize(
    ("comment", "engine"),
    [
        ("transflow: mt=argos:en-ko@1.1 score=-0.42", "argos:en-ko@1.1"),
        (
            "type: title\ntransflow: mt=ct2:nllb/nllb-600m#a1b2c3 score=-1.0",
            "ct2:nllb/nllb-600m#a1b2c3",
        ),
        ("transflow: mt=argos:en-ko@1.1\ntransflow: reviewed-by=Kim", "argos:en-ko@1.1"),
        ("transflow: tm=sources/x.md (100%)", None),
        ("transflow: xliff=court.xlf", None),
        ("transflow: mt=", None),
        ("", None),
    ],
)
def test_machine_engine_is_read_from_the_provenance(comment: str, engine: str | None) -> None:
    entry = polib.POEntry(msgid="a", msgstr="b", comment=comment)
    assert machine_engine(entry) == engine
    po = polib.POFile()
    po.append(entry)
    (item,) = parse(render(po), Path("x.po")).items
    assert machine_engine(item) == engine  # a reader item reads the same


def test_origin_is_replaced_kept_or_removed() -> None:
    entry = polib.POEntry(
        msgid="A.", msgstr="가.", comment="transflow: mt=argos:en-ko@1.1 score=-0.4"
    )
    assert origin_of(entry) == "mt=argos:en-ko@1.1 score=-0.4"
    set_origin(entry, None)  # kept
    assert origin_of(entry) == "mt=argos:en-ko@1.1 score=-0.4"
    set_origin(entry, "tm=sources/y.md (93%)")
    assert provenance(entry) == ["tm=sources/y.md (93%)"]
    set_origin(entry, "")  # a suggestion taken back: the text came from nowhere
    assert origin_of(entry) == "" and provenance(entry) == []
