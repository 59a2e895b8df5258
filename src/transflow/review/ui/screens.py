"""The modal screens over the review app: help, note, search, picking a suggestion, and
confirming an accept despite error findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from transflow.project.choices import SearchIn
from transflow.project.errors import TransflowError
from transflow.review.assist import Suggestion
from transflow.review.ui.widgets import Look, findings_text, suggestion_text
from transflow.translate.search import SearchHit, search_project

if TYPE_CHECKING:
    from transflow.checks import Finding
    from transflow.project.project import Project

PROJECT_LIMIT = 50  # hits shown by the project-wide search

HELP = """\
[b]transflow review[/b] · the editor has the focus; Esc moves to the list
  [b]Enter[/b]   accept: mark reviewed, go to the next pending segment. With an
          error finding it asks first: Enter accepts anyway, [b]i[/b] accepts
          and silences the check here ([b]#, ignore-<check>[/b]), Esc goes back
  [b]ctrl+n[/b]  next segment             [b]ctrl+p[/b]  previous segment
  [b]ctrl+g[/b]  next with findings       [b]ctrl+r[/b]  undo the last accept
  [b]ctrl+a[/b]  select all the text      [b]ctrl+k[/b]  clear the translation
  [b]ctrl+e[/b]  copy the source into the editor (then translate around names)
  [b]ctrl+z[/b]  undo typing, clearing, copying or an inserted suggestion
  [b]ctrl+b[/b]  insert a suggestion: TM match (its source diff shown), MT
          alternative, or your version after a conflict
  [b]ctrl+t[/b]  retranslate: the engine's n-best alternatives
  [b]ctrl+o[/b]  note (translator comment)
  [b]ctrl+f[/b]  search source, translation and notes; ctrl+f again in the search:
          the whole project (every catalog and memory of this language),
          Enter on a hit inserts its translation (ctrl+z takes it back)
  [b]ctrl+l[/b]  filter: pending -> with findings -> all
  [b]ctrl+↓[/b] [b]ctrl+↑[/b] (or alt+↓ ↑) scroll a long source; PgDn PgUp the text
  [b]ctrl+s[/b]  save the text being typed now (saved after 1 s anyway)
  [b]F1[/b]      this help    [b]ctrl+q[/b]  quit (it reopens here next time)
In the list: [b]a[/b] accept, [b]Enter[/b]/[b]e[/b] edit, [b]n[/b]/[b]p[/b]/arrows move,
  [b]f[/b] findings, [b]u[/b] undo, [b]c[/b] note, [b]t[/b] retranslate, [b]s[/b] suggestions,
  [b]/[/b] search, [b]v[/b] filter, [b]?[/b] help, [b]q[/b] quit.
Markers: [b]U[/b] untranslated [b]M[/b] machine (unreviewed) [b]C[/b] source changed
  [b]R[/b] reviewed [b]![/b] has findings; findings: [b]E[/b] error [b]W[/b] warning [b]i[/b] info.
  With --order risk the list has errors, low MT scores and unmet
  glossary terms first, the reason in each row.
Each accept, edit and note is written to the PO file at once. If the
file changes on disk (git pull, another reviewer) it is re-read and your
change re-applied; if the same segment changed, theirs stays and yours
is kept in <catalog>.conflict (removed once you have accepted what it
holds). Any key closes this help."""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(HELP, id="help-text")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(None)


class NoteScreen(ModalScreen[str | None]):
    """Edit the translator comment; ctrl+s saves, Esc cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical { width: 70; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; }
    NoteScreen TextArea { height: 6; }
    """

    def __init__(self, note: str, segment: str) -> None:
        super().__init__()
        self.note = note
        self.segment = segment

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Note for: {self.segment}", no_wrap=True, overflow="ellipsis"))
            yield TextArea(self.note, id="note-editor", soft_wrap=True)
            yield Static("ctrl+s save · Esc cancel · an empty note removes it")

    def on_mount(self) -> None:
        area = self.query_one("#note-editor", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-editor", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SearchScreen(ModalScreen[tuple[str, bool] | None]):
    """Search this catalog: Enter returns (query, False); ctrl+f returns (query, True),
    to search the whole project instead."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("ctrl+f", "project", "Whole project", priority=True),
    ]
    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen > Vertical { width: 60; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; }
    """

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Search source, translation and notes (Enter: next match)")
            yield Input(self.query_text, id="search-input")
            yield Static("ctrl+f: search the whole project instead · Esc: cancel")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss((event.value, False))

    def action_project(self) -> None:
        self.dismiss((self.query_one("#search-input", Input).value, True))

    def action_cancel(self) -> None:
        self.dismiss(None)


def hit_text(hit: SearchHit, look: Look, number: int) -> Text:
    """A project search hit as written (no markup): source -> target, state, location."""
    out = Text()
    out.append(f"{number} ", style=look["key"])
    out.append(hit.source)
    out.append(" → ", style=look["label"])
    out.append(hit.target)
    out.append(f"\n    {hit.state} · {hit.kind} · {hit.location}", style=look["label"])
    if hit.sources:
        out.append(f" · {hit.sources[0]}", style=look["label"])
    return out


class ProjectSearchScreen(ModalScreen[SearchHit | None]):
    """The concordance (`transflow search`) over the whole project in one language: Enter in
    the input searches (in a thread), Enter on a hit returns it to insert; Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]
    DEFAULT_CSS = """
    ProjectSearchScreen { align: center middle; }
    ProjectSearchScreen > Vertical { width: 90%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1; }
    ProjectSearchScreen OptionList { height: auto; max-height: 14; border: none; }
    """

    def __init__(self, project: Project, lang: str, query: str, look: Look) -> None:
        super().__init__()
        self.project = project
        self.lang = lang
        self.query_text = query
        self.look = look
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Search the whole project ({self.lang}): sources and translations")
            yield Input(self.query_text, id="project-input")
            yield Static("", id="project-status")
            yield OptionList(id="project-hits")
            yield Static("Enter on a hit: insert its translation (ctrl+z takes it back) · Esc")

    def on_mount(self) -> None:
        self.query_one("#project-input", Input).focus()
        if self.query_text.strip():
            self.start(self.query_text)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.start(event.value)

    def start(self, text: str) -> None:
        self.query_one("#project-status", Static).update(Text(f"Searching for {text!r}…"))
        self.search(text)

    @work(thread=True, exclusive=True, group="project-search")
    def search(self, text: str) -> None:
        try:
            found = search_project(self.project, text, [self.lang], SearchIn.BOTH, PROJECT_LIMIT)
        except TransflowError as exc:
            self.app.call_from_thread(self.show_status, exc.render())
            return
        hits = [hit for hit in found.hits if hit.target]
        self.app.call_from_thread(self.show_hits, text, hits, found.total)

    def show_status(self, message: str) -> None:
        if not self.is_attached:  # dismissed while the search ran
            return
        self.query_one("#project-status", Static).update(Text(message))

    def show_hits(self, text: str, hits: list[SearchHit], total: int) -> None:
        if not self.is_attached:  # dismissed while the search ran
            return
        self.hits = hits
        listing = self.query_one("#project-hits", OptionList)
        listing.clear_options()
        listing.add_options(
            [Option(hit_text(hit, self.look, n), id=str(n - 1)) for n, hit in enumerate(hits, 1)]
        )
        more = f" (of {total})" if total > len(hits) else ""
        self.show_status(f"{len(hits)} translated unit(s) contain {text!r}{more}")
        if hits:
            listing.highlighted = 0
            listing.focus()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmAccept(ModalScreen[str | None]):
    """Accepting a translation with error findings: Enter accepts anyway, `i` accepts and
    silences those checks on this segment (`#, ignore-<check>`), Esc goes back to editing.
    Returns "accept", "ignore" or None."""

    BINDINGS = [
        Binding("enter,y", "choose('accept')", "Accept anyway", priority=True),
        Binding("i", "choose('ignore')", "Accept, ignore the checks", priority=True),
        Binding("escape,n", "choose(None)", "Back", priority=True),
    ]
    DEFAULT_CSS = """
    ConfirmAccept { align: center middle; }
    ConfirmAccept > Vertical { width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: thick $error; background: $surface; padding: 0 1; }
    """

    def __init__(self, findings: list[Finding], look: Look) -> None:
        super().__init__()
        self.findings = findings
        self.look = look

    def compose(self) -> ComposeResult:
        count = len(self.findings)
        checks = sorted({f.check for f in self.findings})
        body = Text()
        body.append(f"Accept with {count} error{'s' if count != 1 else ''}?\n", style="bold")
        body.append_text(findings_text(self.findings, self.look))
        body.append("\nEnter", style="bold")
        body.append(": accept anyway · ")
        body.append("i", style="bold")
        body.append(f": accept and ignore {', '.join(checks)} on this segment")
        body.append(
            f" (#, {', '.join('ignore-' + c for c in checks)}) · ", style=self.look["label"]
        )
        body.append("Esc", style="bold")
        body.append(": back to the translation")
        with Vertical():
            yield Static(body, id="confirm-text")

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)


class PickScreen(ModalScreen[Suggestion | None]):
    """Choose one of several suggestions (1-9 or arrows + Enter); Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]
    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Vertical { width: 90%; height: auto; max-height: 90%; border: round $accent;
        background: $surface; padding: 0 1; }
    PickScreen OptionList { height: auto; max-height: 16; border: none; }
    """

    def __init__(self, title: str, suggestions: list[Suggestion], source: str, look: Look) -> None:
        super().__init__()
        self.title_text = title
        self.suggestions = suggestions
        self.source = source  # the segment's source, that TM matches are compared with
        self.look = look

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, no_wrap=True, overflow="ellipsis"))
            options = [
                Option(suggestion_text(s, self.source, self.look, number), id=str(number - 1))
                for number, s in enumerate(self.suggestions, 1)
            ]
            yield OptionList(*options, id="pick-list")
            yield Static("1-9 or Enter: insert (ctrl+z takes it back) · Esc: cancel")

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.suggestions):
                event.stop()
                self.dismiss(self.suggestions[index])

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.suggestions[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
