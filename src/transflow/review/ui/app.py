"""`transflow review`: a full-screen, keyboard-driven review of one catalog (Textual).

The screen, top to bottom: a title line; the segment list (state marker, findings marker,
number, source | translation); the current source with glossary terms highlighted (and, for
a changed source, what changed); the translation editor; the details panel (findings as you
type, required target terms, provenance, note, suggestions); the footer with the keys.

All state and every write live in `ReviewSession` (session.py); this module only renders it
and maps keys to session actions. Checks, glossary and translation memory are loaded in a
background thread after the first paint; the MT engine only when retranslate is pressed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

import polib
from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from transflow.po.catalog import EntryFields, Key, entry_key, fields_of
from transflow.po.conventions import State, kind_of, previous_source, provenance
from transflow.project.errors import TransflowError
from transflow.review.assist import Assistant, Suggestion, TermHit, source_diff
from transflow.review.session import (
    ALL,
    FILTERS,
    PENDING,
    WITH_FINDINGS,
    Outcome,
    ReviewError,
    ReviewSession,
)
from transflow.review.ui.screens import HelpScreen, NoteScreen, PickScreen, SearchScreen
from transflow.review.ui.widgets import SegmentList, TranslationEditor, fit

if TYPE_CHECKING:
    from transflow.checks import Finding

MARKERS = {  # one ASCII letter each, so states stay distinct without colour (NO_COLOR)
    State.UNTRANSLATED: ("U", "bold red"),
    State.MACHINE: ("M", "yellow"),
    State.CHANGED: ("C", "bold magenta"),
    State.REVIEWED: ("R", "green"),
}
FINDING_MARK = ("!", "bold red")
SEVERITY_MARK = {"error": ("E", "bold red"), "warning": ("W", "yellow"), "info": ("i", "cyan")}
EDIT_SAVE_DELAY = 1.0  # seconds of no typing before the text being typed is saved
LIVE_CHECK_DELAY = 0.15  # seconds of no typing before the findings are recomputed
POLL_INTERVAL = 2.0  # seconds between looks at the catalog on disk


class ReviewSummary(TypedDict):
    """What the app returns when it quits (and `transflow review` prints)."""

    catalog: str  # relative to the project root
    accepted: int  # segments accepted in this session
    pending: int
    segments: int


class ReviewApp(App[ReviewSummary]):
    """The review UI over one `ReviewSession`."""

    TITLE = "transflow review"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen { layout: vertical; }
    #title { height: 1; background: $primary; color: $text; padding: 0 1; }
    #segments { height: 1fr; min-height: 3; border: none; border-top: solid $primary;
        padding: 0; }
    #segments:focus { border-top: solid $accent; }
    #source { height: auto; max-height: 8; border-top: solid $primary; padding: 0 1; }
    #editor { height: auto; min-height: 3; max-height: 7; border: none;
        border-top: solid $primary; padding: 0 1; }
    #editor:focus { border-top: solid $accent; }
    #details { height: 1fr; min-height: 3; border-top: solid $primary; padding: 0 1; }
    """
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+p", "previous", "Prev"),
        Binding("ctrl+g", "next_finding", "Findings"),
        Binding("ctrl+r", "undo", "Undo"),
        Binding("ctrl+o", "note", "Note"),
        Binding("ctrl+t", "retranslate", "Retranslate"),
        Binding("ctrl+b", "suggest", "Suggest"),
        Binding("ctrl+f", "search", "Search"),
        Binding("ctrl+l", "cycle_filter", "Filter"),
        Binding("ctrl+s", "save", "Save", show=False),
    ]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification as written: they hold file names, the reviewer's search and
        messages quoting translations, which Textual would otherwise read as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a dialog (note, search, help, suggestions) is open, only it takes keys."""
        if isinstance(self.screen, ModalScreen) and action != "quit":
            return False
        return True

    def __init__(
        self,
        session: ReviewSession,
        assistant: Assistant | None = None,
        *,
        filter_: str = PENDING,
        background: bool = True,
    ) -> None:
        super().__init__()
        self.session = session
        self.assistant = assistant or Assistant(session.project, session.lang)
        self.filter = filter_
        self.background = background  # load checks/glossary/TM in a thread (tests: inline)
        self.current: int | None = None
        self.rows: list[int] = []  # entry indices shown in the list
        self.loaded: EntryFields = {}  # the current entry's fields when it was shown
        self.loaded_text = ""
        self.origin: str | None = None  # provenance of an inserted suggestion
        self.assist_ready = False
        self.assist_note = "loading checks, glossary and translation memory…"
        self.suggestions: dict[Key, list[Suggestion]] = {}  # MT alternatives, per segment
        self.search_query = ""
        self.accepted = 0
        self._save_timer: Timer | None = None
        self._check_timer: Timer | None = None
        self._live_findings: list[Finding] = []
        self._disk_problem = ""

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Kept as attributes: a query would search the dialog on top when one is open.
        self.title_bar = Static(id="title")
        self.segment_list = SegmentList(id="segments")
        self.source_view = Static(id="source")
        self.editor = TranslationEditor(id="editor", soft_wrap=True, show_line_numbers=False)
        self.details_view = Static(id="details-text")
        yield self.title_bar
        yield self.segment_list
        yield self.source_view
        yield self.editor
        with VerticalScroll(id="details"):
            yield self.details_view
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list(select=self.session.first_pending())
        if self.current is None and self.session.entries:
            self.show(0)
        self.editor.focus()
        self.set_interval(POLL_INTERVAL, self.poll_disk)
        if self.background:
            self.call_after_refresh(self.load_assist)  # after the first paint
        else:
            self._load_assist_inline()

    def on_resize(self) -> None:
        self.refresh_list()

    # -- the list ------------------------------------------------------------------------------

    def _row(self, index: int, width: int) -> Text:
        entry = self.session.entries[index]
        letter, style = MARKERS[self.session.state(index)]
        row = Text(no_wrap=True)
        row.append(letter, style=style)
        row.append(FINDING_MARK[0] if self.session.has_findings(index) else " ", FINDING_MARK[1])
        row.append(f"{index + 1:>4} ")
        rest = max(width - cell_len(row.plain), 10)
        left = (rest - 3) // 2
        row.append_text(fit(entry.msgid, left))
        row.append(" │ ", style="dim")
        row.append_text(fit(entry.msgstr, rest - 3 - left))
        return row

    def refresh_list(self, select: int | None = None) -> None:
        """Rebuild the rows under the current filter, keeping (or moving) the selection."""
        widget = self.segment_list
        self.rows = self.session.visible(self.filter)
        width = max((widget.size.width or self.size.width) - 2, 20)
        wanted = self.current if select is None else select
        with self.prevent(OptionList.OptionHighlighted):
            widget.set_options(Option(self._row(i, width), id=str(i)) for i in self.rows)
            if wanted is not None and wanted in self.rows:
                widget.highlighted = self.rows.index(wanted)
        if select is not None:
            self.show(select)
        self.refresh_title()

    def refresh_row(self, index: int) -> None:
        if index in self.rows:
            widget = self.segment_list
            width = max(widget.size.width - 2, 20)
            widget.replace_option_prompt(str(index), self._row(index, width))

    def refresh_title(self) -> None:
        s = self.session
        title = f"transflow review · {s.lang} · {s.slug} · {s.reviewer.name}"
        self.title_bar.update(Text(title, no_wrap=True, overflow="ellipsis"))
        counts = s.counts()
        findings = f"{counts[WITH_FINDINGS]} with findings" if self.assist_ready else "checking…"
        label = {PENDING: "pending", WITH_FINDINGS: "with findings", ALL: "all"}[self.filter]
        heading = f"{counts[PENDING]} pending of {len(s.entries)} · {findings} · showing {label}"
        if not self.rows and self.filter != ALL:
            heading += " (none: ctrl+l shows others)"
        if s.plural_entries:
            heading += f" · {s.plural_entries} plural entries: edit them in a PO editor"
        self.segment_list.border_title = escape(heading)

    @on(OptionList.OptionHighlighted, "#segments")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = int(event.option.id or 0)
        if index != self.current:
            self.show(index)

    @on(OptionList.OptionSelected, "#segments")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    # -- the current segment ---------------------------------------------------------------

    @property
    def current_entry(self) -> polib.POEntry | None:
        if self.current is None or self.current >= len(self.session.entries):
            return None
        return self.session.entries[self.current]

    @property
    def current_key(self) -> Key | None:
        entry = self.current_entry
        return None if entry is None else entry_key(entry)

    def show(self, index: int | None) -> None:
        """Make `index` the current segment (saving the text typed in the previous one)."""
        self.save_edit()
        editor = self.editor
        if index is None or not self.session.entries:
            self.current = None
            self.loaded, self.loaded_text = {}, ""
            editor.load_text("")
            self.render_segment()
            return
        self.current = index
        entry = self.session.entries[index]
        self.loaded = fields_of(entry)
        self.loaded_text = entry.msgstr
        self.origin = None
        editor.load_text(entry.msgstr)
        editor.move_cursor(editor.document.end)
        if index in self.rows:
            widget = self.segment_list
            with self.prevent(OptionList.OptionHighlighted):
                widget.highlighted = self.rows.index(index)
        self._live_findings = self._findings_for(entry.msgstr)
        self.render_segment()

    def _findings_for(self, text: str) -> list[Finding]:
        if not self.assist_ready or self.current is None:
            return []
        entry = self.session.entries[self.current]
        try:
            return self.assistant.findings(entry.msgid, text, entry.flags, kind_of(entry))
        except TransflowError as exc:
            self.assist_note = exc.render()
            return []

    def render_segment(self) -> None:
        source = self.source_view
        editor = self.editor
        details = self.details_view
        if self.current is None:
            source.update("Nothing to show under this filter.")
            source.border_title = "Source"
            editor.border_title = "Translation"
            details.update("")
            return
        entry = self.session.entries[self.current]
        state = self.session.state(self.current)
        kind = kind_of(entry)
        where = f"{entry.occurrences[0][0]}:{entry.occurrences[0][1]}" if entry.occurrences else ""
        title = " · ".join(part for part in (f"Source #{self.current + 1}", kind, where) if part)
        source.border_title = escape(title)
        terms = self._terms(entry.msgid, self.editor.text)
        text = Text(entry.msgid)
        for hit in terms:
            for start, end in hit.spans:
                text.stylize("bold underline cyan", start, end)
        previous = previous_source(entry)
        if previous:
            text.append("\nchanged: ", style="bold magenta")
            for op, part in source_diff(previous, entry.msgid):
                if op == "delete":  # git word-diff marks, readable without colour
                    text.append(f"[-{part}-]", style="strike red")
                elif op == "insert":
                    text.append(f"{{+{part}+}}", style="bold green")
                else:
                    text.append(part)
        source.update(text)
        letter, _ = MARKERS[state]
        editor.border_title = escape(
            f"Translation · {letter} {state}"
            + (" · source changed: check the translation" if state is State.CHANGED else "")
        )
        details.update(self._details(entry, terms))

    def _terms(self, msgid: str, translation: str) -> list[TermHit]:
        if not self.assist_ready:
            return []
        try:
            return self.assistant.terms(msgid, translation)
        except TransflowError as exc:
            self.assist_note = exc.render()
            return []

    def _details(self, entry: polib.POEntry, terms: list[TermHit]) -> Text:
        out = Text()
        if not self.assist_ready:
            out.append(self.assist_note + "\n", style="dim")
        else:
            problem = self.assistant.checks.unavailable
            if problem:
                out.append(f"Findings: checks unavailable ({problem})\n", style="dim")
            elif self._live_findings:
                out.append(f"Findings ({len(self._live_findings)}):\n", style="bold")
                for f in self._live_findings:
                    letter, style = SEVERITY_MARK.get(f.severity, ("?", ""))
                    out.append(f" {letter} ", style=style)
                    out.append(f"{f.check}: ", style="bold")
                    out.append(f"{f.message}\n")
            else:
                out.append("Findings: none\n", style="green")
            if terms:
                out.append("Terms: ", style="bold")
                for n, hit in enumerate(terms):
                    if n:
                        out.append(" · ")
                    out.append(hit.term, style="cyan")
                    targets = " / ".join(hit.targets) or "(no target term)"
                    out.append(f" → {targets}")
                    if hit.satisfied is True:
                        out.append(" ok", style="green")
                    elif hit.satisfied is False:
                        out.append(" missing", style="bold red")
                    if hit.forbidden:
                        out.append(f" (not: {', '.join(hit.forbidden)})", style="dim")
                out.append("\n")
            elif self.assistant.glossary.unavailable:
                out.append(
                    f"Terms: glossary unavailable ({self.assistant.glossary.unavailable})\n",
                    style="dim",
                )
        lines = provenance(entry)
        if lines:
            out.append("Provenance: ", style="bold")
            out.append(" · ".join(lines) + "\n")
        if entry.tcomment:
            out.append("Note: ", style="bold")
            out.append(entry.tcomment.replace("\n", " / ") + "\n")
        suggestions = self.current_suggestions()
        if suggestions:
            out.append("Suggestions (ctrl+b to insert):\n", style="bold")
            for n, s in enumerate(suggestions, 1):
                out.append(f" {n} ", style="bold")
                out.append(f"{s.label}: ", style="dim")
                out.append(s.text + "\n")
        elif self.assist_ready:
            problem = self.assistant.tm.unavailable
            if problem:
                out.append(f"TM unavailable ({problem})\n", style="dim")
            else:
                out.append("TM: no match ≥ 70% · ctrl+t: machine translation\n", style="dim")
        out.rstrip()
        return out

    def current_suggestions(self) -> list[Suggestion]:
        key, entry = self.current_key, self.current_entry
        if key is None or entry is None:
            return []
        out: list[Suggestion] = []
        if key in self.session.conflicts:
            out.append(Suggestion(self.session.conflicts[key], "mine", 100.0, None, "your version"))
        if self.assist_ready:
            own = entry.occurrences[0][0] if entry.occurrences else None
            try:
                out += self.assistant.tm_suggestions(entry.msgid, exclude_origin=own)
            except TransflowError as exc:
                self.assist_note = exc.render()
        out += self.suggestions.get(key, [])
        return out

    # -- typing ----------------------------------------------------------------------------

    @on(TextArea.Changed, "#editor")
    def _typed(self) -> None:
        if self.current is None:
            return
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(LIVE_CHECK_DELAY, self._live_check)
        if self.editor.text != self.loaded_text:
            if self._save_timer is not None:
                self._save_timer.stop()
            self._save_timer = self.set_timer(EDIT_SAVE_DELAY, self.save_edit)

    def _live_check(self) -> None:
        if self.current is None:
            return
        text = self.editor.text
        self._live_findings = self._findings_for(text)
        key = self.current_key
        if self.assist_ready and key is not None:
            self.session.findings[key] = self._live_findings
            self.refresh_row(self.current)
            self.refresh_title()
        self.render_segment()

    def save_edit(self) -> None:
        """Write the text being typed (unreviewed) if it differs from what was loaded."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        key = self.current_key
        if key is None:
            return
        text = self.editor.text
        if text == self.loaded_text and self.origin is None:
            return
        self._apply(self.session.edit(key, text, expect=self.loaded, origin=self.origin))

    def _apply(self, outcome: Outcome) -> bool:
        """Bring the screen in line after a write; True when the action was written."""
        if outcome.reloaded:
            self.notify(
                f"{self.session.rel_path} changed on disk: re-read, your change re-applied."
            )
        if outcome.conflict:
            self.notify(outcome.message, severity="warning", timeout=12)
            index = self.session.index_of(outcome.key)
            self.refresh_list()
            if index is not None:
                self.current = None  # force a reload of their version
                self.origin = None
                self.show(index)
            return False
        entry = self.session.entry(outcome.key)
        if entry is not None and outcome.key == self.current_key:
            self.loaded = fields_of(entry)
            self.loaded_text = entry.msgstr
            self.origin = None
        if outcome.reloaded:
            self.refresh_list()
        elif self.current is not None:
            self.refresh_row(self.current)
            self.refresh_title()
        return True

    # -- actions ---------------------------------------------------------------------------

    def action_accept(self) -> None:
        key = self.current_key
        if key is None:
            self.notify("Nothing to accept here.", severity="warning")
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        text = self.editor.text
        try:
            outcome = self.session.accept(key, text, expect=self.loaded, origin=self.origin)
        except ReviewError as exc:
            self.notify(exc.render(), severity="warning")
            return
        if not self._apply(outcome):
            return
        self.accepted += 1
        index = self.session.index_of(key)
        nxt = self.session.next_pending(index)
        self.loaded_text = text  # already written: nothing left to save
        self.refresh_list(select=nxt if nxt is not None else index)
        if nxt is None:
            self.notify("All segments of this catalog are reviewed.", title="Done")

    def _move(self, step: int) -> None:
        if not self.rows:
            return
        if self.current in self.rows:
            pos = max(0, min(self.rows.index(self.current) + step, len(self.rows) - 1))
            target = self.rows[pos]
        elif step > 0:  # the current one left the filter: the nearest visible one
            target = next((i for i in self.rows if i > (self.current or -1)), self.rows[-1])
        else:
            target = next((i for i in reversed(self.rows) if i < (self.current or 0)), self.rows[0])
        self.show(target)

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def action_next_finding(self) -> None:
        if not self.assist_ready:
            self.notify("Still checking… try again in a moment.")
            return
        index = self.session.next_with_findings(self.current)
        if index is None:
            self.notify("No segment has findings.")
            return
        if index not in self.rows:
            self.filter = ALL if self.filter == PENDING else self.filter
        self.refresh_list(select=index)

    def action_undo(self) -> None:
        self.save_edit()
        outcome = self.session.undo()
        if outcome is None:
            self.notify("Nothing to undo: no accept in this session yet.")
            return
        if outcome.conflict:
            self.notify(outcome.message, severity="warning", timeout=10)
            self.refresh_list()
            return
        self.accepted -= 1
        index = self.session.index_of(outcome.key)
        self.current = None
        self.refresh_list(select=index)
        self.notify("Accept undone.")

    def action_note(self) -> None:
        key, entry = self.current_key, self.current_entry
        if key is None or entry is None:
            return

        def done(note: str | None) -> None:
            if note is None or self.current_key != key:
                return
            self.save_edit()
            outcome = self.session.set_note(key, note, expect=self.loaded)
            if self._apply(outcome):
                self.render_segment()
                self.notify("Note saved." if note.strip() else "Note removed.")

        self.push_screen(NoteScreen(entry.tcomment or "", entry.msgid), done)

    def action_search(self) -> None:
        def done(query: str | None) -> None:
            if not query:
                return
            self.search_query = query
            index = self.session.search(query, self.current)
            if index is None:
                self.notify(f"No segment contains {query!r}.")
                return
            if index not in self.rows:
                self.filter = ALL
            self.refresh_list(select=index)

        self.push_screen(SearchScreen(self.search_query), done)

    def action_cycle_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        select = self.current if self.current in self.session.visible(self.filter) else None
        if select is None:
            rows = self.session.visible(self.filter)
            select = rows[0] if rows else None
        self.refresh_list(select=select)
        if select is None:
            self.show(None)
        self.notify(f"Filter: {self.filter}", timeout=2)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_edit(self) -> None:
        self.editor.focus()

    def action_to_list(self) -> None:
        self.save_edit()
        self.segment_list.focus()

    def action_save(self) -> None:
        self.save_edit()
        self.notify("Saved.", timeout=2)

    def insert(self, suggestion: Suggestion | None) -> None:
        if suggestion is None:
            return
        editor = self.editor
        editor.load_text(suggestion.text)
        editor.move_cursor(editor.document.end)
        editor.focus()
        self.origin = suggestion.origin

    def action_suggest(self) -> None:
        suggestions = self.current_suggestions()
        if not suggestions:
            self.notify("No suggestion for this segment (ctrl+t asks the MT engine).")
        elif len(suggestions) == 1:
            self.insert(suggestions[0])
        else:
            self.push_screen(PickScreen("Insert a suggestion", suggestions), self.insert)

    def action_retranslate(self) -> None:
        key = self.current_key
        if key is None:
            return
        self.notify("Translating (the model loads on first use)…", timeout=3)
        self.retranslate(key)

    @work(thread=True, exclusive=True, group="mt")
    def retranslate(self, key: Key) -> None:
        try:
            found = self.assistant.retranslate(key[1])
        except TransflowError as exc:
            self.call_from_thread(self.notify, exc.render(), severity="error", timeout=10)
            return
        self.call_from_thread(self._alternatives, key, found)

    def _alternatives(self, key: Key, found: list[Suggestion]) -> None:
        self.suggestions[key] = found
        if key != self.current_key:
            return
        self.render_segment()
        if found:
            self.push_screen(
                PickScreen("Machine translation: n-best alternatives", found), self.insert
            )
        else:
            self.notify("The engine returned no translation.", severity="warning")

    async def action_quit(self) -> None:
        self.save_edit()
        self.exit(self.summary())

    def summary(self) -> ReviewSummary:
        counts = self.session.counts()
        return {
            "catalog": self.session.rel_path,
            "accepted": self.accepted,
            "pending": counts[PENDING],
            "segments": len(self.session.entries),
        }

    # -- background --------------------------------------------------------------------------

    def _warm_up(self) -> dict[Key, list[Finding]]:
        """Load checks, glossary and TM, and check every segment (runs off the UI thread)."""
        for stage in (self.assistant.checks, self.assistant.glossary, self.assistant.tm):
            stage.get()
        found: dict[Key, list[Finding]] = {}
        for entry in list(self.session.entries):
            try:
                found[entry_key(entry)] = self.assistant.findings(
                    entry.msgid, entry.msgstr, entry.flags, kind_of(entry)
                )
            except TransflowError as exc:
                self.assist_note = exc.render()
                break
        return found

    def _assist_loaded(self, found: dict[Key, list[Finding]]) -> None:
        self.session.findings.update(found)
        self.assist_ready = True
        self.refresh_list()
        if self.current is not None:
            text = self.editor.text
            self._live_findings = self._findings_for(text)
            self.render_segment()

    @work(thread=True, exclusive=True, group="assist")
    def load_assist(self) -> None:
        found = self._warm_up()
        self.call_from_thread(self._assist_loaded, found)

    def _load_assist_inline(self) -> None:
        self._assist_loaded(self._warm_up())

    def poll_disk(self) -> None:
        result = self.session.poll()
        if result.problem:
            if result.problem != self._disk_problem:
                self._disk_problem = result.problem
                self.notify(
                    f"{self.session.rel_path} cannot be read right now ({result.problem}); "
                    "your next change will be kept aside instead of written.",
                    severity="warning",
                    timeout=10,
                )
            return
        self._disk_problem = ""
        if not result.changed and not result.structure:
            return
        key = self.current_key
        typing = self.editor.text != self.loaded_text
        self.notify(f"{self.session.rel_path} changed on disk: re-read.", timeout=4)
        index = self.session.index_of(key) if key else None
        if key in result.changed and not typing and index is not None:
            self.current = None  # show their version
            self.refresh_list(select=index)
            return
        if key in result.changed:
            self.notify(
                "This segment changed on disk while you were typing; accepting keeps their "
                "version in the catalog and yours in the .conflict file.",
                severity="warning",
                timeout=10,
            )
        if index is None and key is not None:
            self.current = None
        self.refresh_list()
