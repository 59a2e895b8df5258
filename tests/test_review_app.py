"""The review app driven headless with Textual's pilot; every action re-read from disk."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

import polib
import pytest

from transflow.engines import Hypothesis
from transflow.review.assist import Assistant
from transflow.review.session import ALL, PENDING, WITH_FINDINGS, Reviewer, ReviewSession
from transflow.review.ui.app import ReviewApp
from transflow.review.ui.screens import PickScreen
from transflow.review.ui.widgets import SegmentList, TranslationEditor

from .review_fixtures import KO, S1, S2, S3, S4, TITLE, edit_on_disk, reread, review_project

SIZE = (80, 24)


def pilot(test):
    """Run an async pilot scenario as a plain test (no pytest plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


class EchoEngine:
    """An engine object with the `Engine` protocol: n numbered variants of a fixed text."""

    name = "echo"
    provenance = "echo:en-ko@0"

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], int]] = []

    def translate(self, texts: list[str], n_best: int = 1) -> list[list[Hypothesis]]:
        self.calls.append((texts, n_best))
        return [
            [Hypothesis(f"대안 {i + 1}: {text[:10]}", -0.1 * (i + 1)) for i in range(n_best)]
            for text in texts
        ]


@pytest.fixture
def make_app(project: Path, no_argos_models):
    config, path = review_project(project)

    def make(engine=None, filter_: str = PENDING) -> ReviewApp:
        session = ReviewSession(config, path, "ko", Reviewer("Kim Ji-woo"))
        assistant = Assistant(config, "ko")
        if engine is not None:
            assistant.use_engine(engine)
        return ReviewApp(session, assistant, filter_=filter_, background=False)

    make.path = path
    make.config = config
    return make


def editor(app: ReviewApp) -> TranslationEditor:
    return app.query_one(TranslationEditor)


def current_msgid(app: ReviewApp) -> str:
    return app.session.entries[app.current].msgid


@pilot
async def test_starts_on_first_pending_and_accept_moves_on(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        assert current_msgid(app) == TITLE and editor(app).text == KO[TITLE]
        assert app.focused is editor(app)
        assert len(app.query_one(SegmentList).options) == 4  # pending only
        await pilot_.press("enter")
        assert reread(make_app.path)[TITLE].flags == []  # written at once
        assert "reviewed-by=Kim Ji-woo" in reread(make_app.path)[TITLE].comment
        assert current_msgid(app) == S2  # next pending (S1 is reviewed)
        assert len(app.query_one(SegmentList).options) == 3
        await pilot_.press("ctrl+q")
    assert app.return_value["accepted"] == 1 and app.return_value["pending"] == 3


@pilot
async def test_edit_then_accept(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n", "ctrl+n")  # S3
        assert current_msgid(app) == S3
        editor(app).clear()
        editor(app).insert("단체들은 200명이 북한으로 송환됐다고 밝혔다.")
        await pilot_.press("enter")
        entry = reread(make_app.path)[S3]
        assert entry.msgstr == "단체들은 200명이 북한으로 송환됐다고 밝혔다."
        assert entry.flags == []
        assert current_msgid(app) == S4


@pilot
async def test_typing_is_saved_unreviewed_without_accepting(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n", "ctrl+n", "ctrl+n")  # S4, untranslated
        assert current_msgid(app) == S4 and editor(app).text == ""
        await pilot_.press(*"Dr. Lee")
        await pilot_.press("ctrl+s")
        assert reread(make_app.path)[S4].msgstr == "Dr. Lee"
        assert reread(make_app.path)[S4].flags == ["fuzzy"]
        await pilot_.press(*" said")
        await pilot_.press("ctrl+p")  # leaving the segment saves it too
        assert reread(make_app.path)[S4].msgstr == "Dr. Lee said"


@pilot
async def test_note_undo_and_empty_accept(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+o")
        await pilot_.press(*"check title")
        await pilot_.press("ctrl+s")
        assert reread(make_app.path)[TITLE].tcomment == "check title"
        before = reread(make_app.path)[TITLE]
        await pilot_.press("enter")  # accept the title
        assert reread(make_app.path)[TITLE].flags == []
        await pilot_.press("ctrl+r")  # undo: back to fuzzy, selected again
        after = reread(make_app.path)[TITLE]
        assert after.flags == ["fuzzy"] and after.comment == before.comment
        assert current_msgid(app) == TITLE
        # Esc to the list, then letter keys: n next, c note, u undo (nothing left)
        await pilot_.press("escape")
        assert app.focused is app.query_one(SegmentList)
        await pilot_.press("n", "n", "n")
        assert current_msgid(app) == S4
        await pilot_.press("a")  # accepting an empty translation is refused
        assert reread(make_app.path)[S4].msgstr == ""
        assert any("empty" in n.message for n in app._notifications)


@pilot
async def test_filters_cycle(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        rows = app.query_one(SegmentList)
        assert app.filter == PENDING and len(rows.options) == 4
        await pilot_.press("ctrl+l")
        assert app.filter == WITH_FINDINGS
        assert len(rows.options) == len(app.session.visible(WITH_FINDINGS))
        await pilot_.press("ctrl+l")
        assert app.filter == ALL and len(rows.options) == 5
        assert current_msgid(app) == TITLE  # the selection survives filter changes
        await pilot_.press("ctrl+n")
        assert current_msgid(app) == S1  # reviewed ones are visible under "all"


@pilot
async def test_search_jumps_and_shows_all(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+f")
        await pilot_.press(*"Seoul", "enter")
        assert current_msgid(app) == S1 and app.filter == ALL


@pilot
async def test_notifications_show_user_text_as_written(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+f")
        await pilot_.press(*":100: [bold]x[/]", "enter")  # found nowhere: a notification
        (shown,) = app._notifications
        assert shown.message == "No segment contains ':100: [bold]x[/]'."
        assert not shown.markup  # Textual would show a bold "x" (and fail on a lone `[/]`)


@pilot
async def test_retranslate_offers_n_best_and_inserts_one(make_app) -> None:
    engine = EchoEngine()
    app = make_app(engine=engine)
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n", "ctrl+n", "ctrl+n")  # S4
        await pilot_.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot_.pause()
        assert isinstance(app.screen, PickScreen)
        assert engine.calls == [([S4], 4)]
        await pilot_.press("2")
        assert editor(app).text == f"대안 2: {S4[:10]}"
        await pilot_.press("enter")
        entry = reread(make_app.path)[S4]
        assert entry.msgstr == f"대안 2: {S4[:10]}" and entry.flags == []
        assert "transflow: mt=echo:en-ko@0 score=-0.20" in entry.comment.split("\n")


@pilot
async def test_retranslate_with_the_tiny_copy_model(make_app, argos_env) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n", "ctrl+n", "ctrl+n")  # S4
        await pilot_.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot_.pause()
        assert isinstance(app.screen, PickScreen)
        assert app.screen.suggestions[0].text == S4  # the copy model copies
        await pilot_.press("1", "enter")
        entry = reread(make_app.path)[S4]
        assert entry.msgstr == S4
        assert any(
            c.startswith("transflow: mt=argos:en-ko@1.1 ") for c in entry.comment.split("\n")
        )


@pilot
async def test_retranslate_without_a_model_says_how_to_get_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot_.pause()
        assert not isinstance(app.screen, PickScreen)
        messages = " ".join(n.message for n in app._notifications)
        assert "no translation model for en -> ko" in messages
        assert "transflow models" in messages


@pilot
async def test_change_on_disk_is_merged_or_kept_aside(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        edit_on_disk(make_app.path, S4, msgstr="다른 검토자", flags=["fuzzy"])
        await pilot_.press("enter")  # accept the title: merged with their S4
        entries = reread(make_app.path)
        assert entries[TITLE].flags == [] and entries[S4].msgstr == "다른 검토자"
        assert current_msgid(app) == S2
        edit_on_disk(make_app.path, S2, msgstr="그들의 수정")  # the segment on screen
        editor(app).clear()
        editor(app).insert("나의 수정")
        await pilot_.press("enter")
        assert reread(make_app.path)[S2].msgstr == "그들의 수정"  # not overwritten
        side = polib.pofile(str(make_app.path) + ".conflict")
        assert [e.msgstr for e in side] == ["나의 수정"]
        assert current_msgid(app) == S2 and editor(app).text == "그들의 수정"
        suggestions = app.current_suggestions()
        assert suggestions[0].kind == "mine" and suggestions[0].text == "나의 수정"
        await pilot_.press("ctrl+b")  # insert yours (the only suggestion), accept it
        if isinstance(app.screen, PickScreen):
            await pilot_.press("1")
        await pilot_.press("enter")
        assert reread(make_app.path)[S2].msgstr == "나의 수정"


@pilot
async def test_poll_shows_their_change(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        edit_on_disk(make_app.path, TITLE, msgstr="새 제목")
        app.poll_disk()
        await pilot_.pause()
        assert editor(app).text == "새 제목"


@pilot
async def test_without_colour_states_and_source_changes_read_as_text(make_app, monkeypatch) -> None:
    """Under NO_COLOR what colour shows is in the text: a letter per state, word-diff marks."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(filter_=ALL)
    async with app.run_test(size=SIZE) as pilot_:
        rows = app.query_one(SegmentList)
        letters = [rows.get_option_at_index(i).prompt.plain[0] for i in range(rows.option_count)]
        assert letters == ["M", "R", "C", "M", "U"]  # title, S1 .. S4 (see review_fixtures)
        await pilot_.press("ctrl+n", "ctrl+n")
        assert current_msgid(app) == S2
        assert editor(app).border_title.startswith("Translation · C changed")
        source = app.source_view.content.plain
        assert source == f"{S2}\nchanged: They urged the U.N. {{+Human Rights Council +}}to act."


def test_main_screen_snapshot_80x24_korean(make_app, snap_compare) -> None:
    app = make_app()

    async def settle(pilot_) -> None:
        editor(app).cursor_blink = False
        await pilot_.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
