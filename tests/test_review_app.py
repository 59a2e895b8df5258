"""The review app driven headless with Textual's pilot; every action re-read from disk."""

from __future__ import annotations

import asyncio
import functools
import re
from pathlib import Path

import polib
import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import OptionList, Static

from transflow.checks import check_files
from transflow.engines import Hypothesis
from transflow.project.choices import ReviewOrder
from transflow.review.assist import Assistant
from transflow.review.session import ALL, PENDING, WITH_FINDINGS, Reviewer, ReviewSession
from transflow.review.ui.app import ReviewApp
from transflow.review.ui.screens import HELP, ConfirmAccept, PickScreen, ProjectSearchScreen
from transflow.review.ui.widgets import (
    Heights,
    SegmentList,
    TranslationEditor,
    fit_hints,
    fit_title,
    plan_heights,
)

from .review_fixtures import (
    KO,
    LONG,
    S1,
    S2,
    S3,
    S3_WRONG,
    S4,
    TITLE,
    edit_on_disk,
    long_project,
    other_catalog,
    reread,
    review_project,
    risky_project,
)

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

    def translate(
        self, texts: list[str], n_best: int = 1, suppress: list[list[str]] | None = None
    ) -> list[list[Hypothesis]]:
        self.calls.append((texts, n_best))
        return [
            [Hypothesis(f"대안 {i + 1}: {text[:10]}", -0.1 * (i + 1)) for i in range(n_best)]
            for text in texts
        ]


def app_maker(config, path):
    """Make review apps over `path` (each a fresh session, as a new `transflow review`)."""

    def make(engine=None, filter_: str | None = None, order=None) -> ReviewApp:
        session = ReviewSession(config, path, "ko", Reviewer("Kim Ji-woo"))
        assistant = Assistant(config, "ko")
        if engine is not None:
            assistant.use_engine(engine)
        return ReviewApp(session, assistant, filter_=filter_, order=order, background=False)

    make.path = path
    make.config = config
    return make


@pytest.fixture
def make_app(project: Path, no_argos_models):
    return app_maker(*review_project(project))


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
        await pilot_.press("enter")  # "2" is no number of the source: an error, asked first
        assert isinstance(app.screen, ConfirmAccept)
        await pilot_.press("enter")
        entry = reread(make_app.path)[S4]
        assert entry.msgstr == f"대안 2: {S4[:10]}" and entry.flags == []
        assert "transflow: mt=echo:en-ko@0 score=-0.20" in entry.comment.split("\n")


@pilot
async def test_an_inserted_machine_suggestion_is_kept_for_post_edit_stats(make_app) -> None:
    from transflow.po.catalog import unit_id
    from transflow.translate.machine_output import read_store, store_path

    app = make_app(engine=EchoEngine())
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n", "ctrl+n", "ctrl+n")  # S4
        await pilot_.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot_.pause()
        await pilot_.press("2", "end", "!")  # the reviewer edits the suggestion
        await pilot_.press("enter", "enter")  # accept, confirming past the numbers error
        suggested = f"대안 2: {S4[:10]}"
        assert reread(make_app.path)[S4].msgstr == suggested + "!"
        store = read_store(store_path(make_app.path))
        assert store == {(unit_id("", S4), "echo:en-ko@0"): suggested}


@pilot
async def test_a_damaged_machine_output_store_never_costs_typed_text(make_app) -> None:
    from transflow.translate.machine_output import store_path

    store_path(make_app.path).write_text("{}\n", encoding="utf-8")
    app = make_app(engine=EchoEngine())
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n", "ctrl+n", "ctrl+n")  # S4
        await pilot_.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot_.pause()
        await pilot_.press("2", "end", "!", "ctrl+s")
        assert reread(make_app.path)[S4].msgstr == f"대안 2: {S4[:10]}!"  # saved all the same
        assert any(
            "mt.jsonl:1: is no machine-output record" in n.message for n in app._notifications
        )
        await pilot_.press("enter", "enter")  # accepting it now needs no store
        assert reread(make_app.path)[S4].flags == []


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
        await pilot_.press("1", "enter")  # English left as it is: an error, asked first
        assert isinstance(app.screen, ConfirmAccept)
        await pilot_.press("enter")
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
        editor(app).insert("나의 수정.")
        app.clear_notifications()
        await pilot_.press("enter")
        assert reread(make_app.path)[S2].msgstr == "그들의 수정"  # not overwritten
        conflict = Path(str(make_app.path) + ".conflict")
        assert [e.msgstr for e in polib.pofile(str(conflict))] == ["나의 수정."]
        (said,) = app._notifications  # one message, saying what happened and where
        assert said.severity == "warning" and said.message.startswith("Segment #3: ")
        assert "their version is in the catalog, yours is kept in" in said.message
        assert current_msgid(app) == S2 and editor(app).text == "그들의 수정"
        suggestions = app.current_suggestions()
        assert suggestions[0].kind == "mine" and suggestions[0].text == "나의 수정."
        await pilot_.press("ctrl+b")  # insert yours (the only suggestion), accept it
        if isinstance(app.screen, PickScreen):
            await pilot_.press("1")
        await pilot_.press("enter")
        assert reread(make_app.path)[S2].msgstr == "나의 수정."
        assert not conflict.exists()  # resolved: nothing left in it
        assert "removed it" in list(app._notifications)[-1].message


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


def test_snapshot_without_colour_shows_finding_markers(make_app, snap_compare, monkeypatch) -> None:
    """NO_COLOR: the `!` of a row with findings and the `E` of an error are reverse video
    (Textual turns colours to shades of grey there: red on grey would vanish)."""
    monkeypatch.setenv("NO_COLOR", "1")
    edit_on_disk(make_app.path, S3, msgstr=S3_WRONG)
    app = make_app()

    async def on_s3(pilot_) -> None:
        editor(app).cursor_blink = False
        await pilot_.press("ctrl+n", "ctrl+n")
        await pilot_.pause()
        row = app.segment_list.get_option_at_index(2).prompt
        assert row.plain.startswith("M!")
        assert "reverse" in str(row.get_style_at_offset(app.console, 1))
        details = app.details_view.content
        badge = details.plain.index(" E ")
        assert "reverse" in str(details.get_style_at_offset(app.console, badge + 1))

    assert snap_compare(app, terminal_size=SIZE, run_before=on_s3)


@pytest.fixture
def make_long(project: Path, no_argos_models):
    return app_maker(*long_project(project))


@pilot
async def test_long_segment_scrolls_and_opens_at_its_start_80x24(make_long) -> None:
    app = make_long()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n")  # the ~1,800-character sentence, after the title
        await pilot_.pause()
        assert current_msgid(app) == LONG
        panel, area = app.source_panel, editor(app)
        assert panel.size.height >= 8  # the short list (2 rows) leaves the source room
        shown = re.search(r"lines 1-(\d+) of (\d+) \(ctrl\+↓↑\)", panel.border_title)
        assert shown and int(shown[1]) < int(shown[2]) == panel.virtual_size.height
        assert area.cursor_location == (0, 0) and area.scroll_y == 0  # its start shows
        assert re.search(r"lines 1-\d+ of \d+ \(PgDn/PgUp\)", area.border_title)
        await pilot_.press("ctrl+down")
        await pilot_.pause()
        top = int(panel.scroll_y)
        assert top > 0 and f"lines {top + 1}-" in panel.border_title
        await pilot_.press("ctrl+up")
        await pilot_.pause()
        assert panel.scroll_y == 0


@pilot
async def test_select_all_clear_and_copy_source_are_keys_undone_with_ctrl_z(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        area = editor(app)
        await pilot_.press("ctrl+a")
        assert area.selected_text == KO[TITLE]
        await pilot_.press("ctrl+k")
        assert area.text == ""
        await pilot_.press("ctrl+e")
        assert area.text == TITLE
        await pilot_.press("ctrl+z")
        assert area.text == ""
        await pilot_.press("ctrl+z")
        assert area.text == KO[TITLE]
        hints = app.key_hints.content.plain
        assert cell_len(hints) <= SIZE[0]
        for hint in ("⏎ Accept", "F1 Help", "^q Quit", "^a All", "^k Clear", "^e Source"):
            assert hint in hints
    assert all(key in HELP for key in ("ctrl+a", "ctrl+k", "ctrl+e", "ctrl+z"))


@pilot
async def test_accept_with_an_error_asks_first_and_can_ignore_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n", "ctrl+n")  # S3
        area = editor(app)
        area.clear()
        area.insert(S3_WRONG)  # 300 for 200: the numbers check reports errors
        await pilot_.press("enter")
        assert isinstance(app.screen, ConfirmAccept)
        assert "numbers" in app.screen.query_one("#confirm-text", Static).content.plain
        await pilot_.press("escape")  # back to the translation: nothing accepted
        assert not isinstance(app.screen, ConfirmAccept) and current_msgid(app) == S3
        assert "fuzzy" in reread(make_app.path)[S3].flags
        await pilot_.press("enter", "i")  # accept, silencing the check on this segment
        entry = reread(make_app.path)[S3]
        assert entry.msgstr == S3_WRONG and entry.flags == ["ignore-numbers"]
        assert not [f for f in check_files([make_app.path]) if f.msgid == S3]  # as check sees it
        assert current_msgid(app) == S4
        await pilot_.press("ctrl+p", "ctrl+p")  # the title: a doubled space is a warning
        area.clear()
        area.insert(KO[TITLE].replace(" ", "  ", 1))
        await pilot_.press("enter")
        assert not isinstance(app.screen, ConfirmAccept)
        assert reread(make_app.path)[TITLE].flags == []


@pilot
async def test_tm_suggestion_shows_its_source_diff_and_its_insertion_undoes(make_app) -> None:
    other_catalog(
        make_app.path, "Dr. Kim called it a crime.", "김 박사는 이를 범죄라고 불렀다.", "4"
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n", "ctrl+n", "ctrl+n")  # S4, untranslated
        details = app.details_view.content.plain
        assert re.search(r"1 TM \d\d% sources/other-article\.md: 김 박사는", details)
        assert "source: Dr. [-Kim-]{+Lee+} called it a crime." in details
        await pilot_.press(*"이 박사")
        await pilot_.press("ctrl+b")  # the only suggestion: inserted
        assert editor(app).text == "김 박사는 이를 범죄라고 불렀다."
        await pilot_.press("ctrl+s")  # saved with its origin, as the auto-save would
        assert " tm=sources/other-article.md" in reread(make_app.path)[S4].comment
        await pilot_.press("ctrl+z", "ctrl+s")  # takes it back, and its provenance with it
        assert editor(app).text == "이 박사"
        entry = reread(make_app.path)[S4]
        assert entry.msgstr == "이 박사" and " tm=" not in entry.comment
        await pilot_.press("ctrl+b", "enter")
        entry = reread(make_app.path)[S4]
        assert entry.msgstr == "김 박사는 이를 범죄라고 불렀다."
        assert any(
            line.startswith("transflow: tm=sources/other-article.md (")
            for line in entry.comment.split("\n")
        )


@pilot
async def test_resize_lays_the_rows_out_again(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.resize_terminal(120, 40)
        await pilot_.pause()
        rows = app.segment_list
        widths = {cell_len(o.prompt.plain) for o in rows.options}
        assert widths == {rows.scrollable_content_region.width - 1} and max(widths) > 100
        hints = app.key_hints.content.plain  # more keys fit
        assert "^g Findings" in hints and "^r Undo accept" in hints


@pilot
async def test_reopens_at_the_segment_and_filter_left(make_app, project: Path) -> None:
    before = make_app.path.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+l", "ctrl+l", "ctrl+n", "ctrl+n", "ctrl+n")  # all; S3
        assert (app.filter, current_msgid(app)) == (ALL, S3)
        await pilot_.press("ctrl+q")
    assert make_app.path.read_bytes() == before  # the place is not kept in the PO file
    again = make_app()
    async with again.run_test(size=SIZE):
        assert (again.filter, current_msgid(again)) == (ALL, S3)
    (project / ".transflow" / "review-state.json").write_text("{damaged", "utf-8")
    fresh = make_app()
    async with fresh.run_test(size=SIZE):
        assert (fresh.filter, current_msgid(fresh)) == (PENDING, TITLE)


@pilot
async def test_list_and_editor_agree_and_accepts_count_once(make_app) -> None:
    app = make_app(filter_=ALL)
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("enter")  # the title
        await pilot_.press("ctrl+p", "ctrl+p", "enter")  # back to it, accepted again
        await pilot_.press("ctrl+p")
        assert current_msgid(app) == S1  # reviewed; typing makes it machine (unreviewed)
        await pilot_.press("end", *" 추가", "ctrl+s")
        row = app.segment_list.get_option_at_index(app.rows.index(app.current)).prompt
        assert row.plain[0] == "M" and "Translation · M machine" in editor(app).border_title
        await pilot_.press("ctrl+q")
    assert app.return_value["accepted"] == 1


@pilot
async def test_risk_order_lists_errors_low_scores_and_terms_first(project: Path) -> None:
    make = app_maker(*risky_project(project))
    app = make(order=ReviewOrder.RISK)
    async with app.run_test(size=SIZE) as pilot_:
        order = [app.session.entries[i].msgid for i in app.rows]
        assert order == [S3, S2, S4, TITLE] and current_msgid(app) == S3
        labels = [o.prompt.plain[7:21].strip() for o in app.segment_list.options]
        assert labels == ["E numbers", "MT -2.50 low", "1 term unmet", "MT -0.42"]
        assert "riskiest first" in app.segment_list.border_title
        await pilot_.press("ctrl+n", "ctrl+q")
    again = make()  # the order is kept with the place
    async with again.run_test(size=SIZE):
        assert again.order is ReviewOrder.RISK and current_msgid(again) == S2
    other = make(order=ReviewOrder.DOCUMENT)  # another order asked for starts at its top
    async with other.run_test(size=SIZE):
        assert current_msgid(other) == TITLE


def test_title_fits_by_cutting_the_slug_first() -> None:
    slug, who = "defector-families-seek-answers-from-beijing-and-seoul", "Kim Ji-woo"
    assert fit_title("ko", slug, who, 100) == f"transflow review · ko · {slug} · {who}"
    assert fit_title("ko", slug, who, 78) == (
        "transflow review · ko · defector-families-seek-answers-from-beij… · Kim Ji-woo"
    )
    assert fit_title("ko", slug, who, 40) == "review · ko · defector-fam… · Kim Ji-woo"
    assert all(cell_len(fit_title("zh", slug, "김지우 기자", w)) <= w for w in range(10, 90))


def test_key_hints_are_chosen_by_priority_and_kept_in_order() -> None:
    hints = [("⏎", "Accept", 0), ("^g", "Findings", 9), ("^q", "Quit", 2), ("F1", "Help", 1)]
    assert fit_hints(hints, 80) == [0, 1, 2, 3]
    assert fit_hints(hints, 27) == [0, 2, 3]  # "⏎ Accept ^q Quit F1 Help": Findings waits


def test_panel_heights_put_the_segment_first() -> None:
    long_both = plan_heights(18, rows=25, source=24, editor=20, details=5)  # 80x24
    assert long_both == Heights(segments=3, source=7, editor=5, details=3)
    short = plan_heights(18, rows=25, source=1, editor=1, details=4)
    assert short.source == 1 and short.editor == 2 and short.segments > 10
    few_rows = plan_heights(18, rows=2, source=24, editor=2, details=3)
    assert few_rows.segments == 2 and few_rows.source == 8
    for case in ((18, 25, 24, 20, 5), (34, 40, 60, 30, 9), (18, 1, 1, 1, 1)):
        assert sum(vars(plan_heights(*case)).values()) == case[0]


@pilot
async def test_project_search_shows_a_hit_elsewhere_and_inserts_it_undoably(make_app) -> None:
    other_catalog(
        make_app.path,
        "The [bold] ministry declined to comment.",
        "[bold] 부처는 논평을 거부했다.",
        "7",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot_:
        await pilot_.press("ctrl+n", "ctrl+n", "ctrl+n")  # S4, untranslated
        await pilot_.press(*"이 박사", "ctrl+f", *"declined to", "ctrl+f")  # whole project
        await app.workers.wait_for_complete()
        await pilot_.pause()
        screen = app.screen
        assert isinstance(screen, ProjectSearchScreen) and len(screen.hits) == 1
        shown = screen.query_one(OptionList).get_option_at_index(0).prompt
        assert isinstance(shown, Text)  # as written: "[bold]" is not markup
        assert "The [bold] ministry declined to comment. → [bold] 부처는" in shown.plain
        assert "translations/ko/other-article.po:" in shown.plain
        await pilot_.press("enter")  # the highlighted hit: inserted
        assert editor(app).text == "[bold] 부처는 논평을 거부했다."
        await pilot_.press("ctrl+z")
        assert editor(app).text == "이 박사"
