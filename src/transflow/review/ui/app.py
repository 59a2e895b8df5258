"""`transflow review`: a full-screen, keyboard-driven review of one catalog (Textual).

The screen, top to bottom: a title line; the segment list (state marker, findings marker,
number, the risk reason in risk order, source | translation); the current source with
glossary terms highlighted (and, for a changed source, what changed); the translation
editor; the details panel (findings as you type, required target terms, provenance, note,
suggestions); the key hints. The panels share the height by what the current segment needs
(`widgets.plan_heights`): a long source or translation scrolls, and its panel title says
which lines are shown.

All state and every write live in `ReviewSession` (session.py); this module only renders it
and maps keys to session actions. Checks, glossary and translation memory are loaded in a
background thread after the first paint; the MT engine only when retranslate is pressed.
Where the reviewer left the catalog (segment, filter, order) is kept under `.transflow/`
(resume.py) and the app reopens there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

import polib
from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from transflow.po.catalog import EntryFields, Key, entry_key, fields_of
from transflow.po.conventions import State, kind_of, origin_of, previous_source, provenance
from transflow.project.choices import ReviewOrder
from transflow.project.errors import TransflowError
from transflow.review.assist import Assistant, Suggestion, TermHit, source_diff
from transflow.review.resume import Place, load_place, save_place
from transflow.review.risk import Risk, Tier, assess_catalog, by_risk, unmet_terms
from transflow.review.session import (
    ALL,
    FILTERS,
    PENDING,
    WITH_FINDINGS,
    Outcome,
    ReviewError,
    ReviewSession,
)
from transflow.review.ui.screens import (
    ConfirmAccept,
    HelpScreen,
    NoteScreen,
    PickScreen,
    ProjectSearchScreen,
    SearchScreen,
)
from transflow.review.ui.widgets import (
    KeyHints,
    Look,
    SegmentList,
    TranslationEditor,
    findings_text,
    fit,
    fit_title,
    plan_heights,
    suggestion_text,
)
from transflow.translate.search import SearchHit

if TYPE_CHECKING:
    from transflow.checks import Finding

MARKERS = {  # one ASCII letter each, so states stay distinct without colour (NO_COLOR)
    State.UNTRANSLATED: "U",
    State.MACHINE: "M",
    State.CHANGED: "C",
    State.REVIEWED: "R",
}
FINDING_MARK = "!"
RISK_WIDTH = 14  # cells of the risk reason in a row of the list, in risk order
EDIT_SAVE_DELAY = 1.0  # seconds of no typing before the text being typed is saved
LIVE_CHECK_DELAY = 0.15  # seconds of no typing before the findings are recomputed
POLL_INTERVAL = 2.0  # seconds between looks at the catalog on disk
CHROME = 6  # lines that are no panel's content: title, key hints, four panel borders

# The key hints, by action, in the footer's order: label and priority (lower first: what
# stays at 80 columns; F1 lists every key).
HINTS = {
    "accept": ("Accept", 0),
    "edit": ("Edit", 3),
    "next": ("Next", 3),
    "previous": ("Prev", 4),
    "suggest": ("Suggest", 5),
    "select_all": ("All", 6),
    "clear_translation": ("Clear", 7),
    "copy_source": ("Source", 8),
    "next_finding": ("Findings", 9),
    "scroll_source(1)": ("Scroll", 10),
    "undo_accept": ("Undo accept", 11),
    "cycle_filter": ("Filter", 12),
    "search": ("Search", 13),
    "note": ("Note", 14),
    "retranslate": ("MT", 15),
    "help": ("Help", 1),
    "quit": ("Quit", 2),
}


class ReviewSummary(TypedDict):
    """What the app returns when it quits (and `transflow review` prints)."""

    catalog: str  # relative to the project root
    accepted: int  # segments accepted in this session (each once)
    pending: int
    segments: int


class ReviewApp(App[ReviewSummary]):
    """The review UI over one `ReviewSession`."""

    TITLE = "transflow review"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen { layout: vertical; }
    #title { height: 1; background: $primary; color: $text; padding: 0 1; }
    #segments { height: 4; border: none; border-top: solid $primary; padding: 0; }
    #segments:focus { border-top: solid $accent; }
    #source { height: 2; border-top: solid $primary; padding: 0 1;
        scrollbar-size-vertical: 1; }
    #editor { height: 3; border: none; border-top: solid $primary; padding: 0 1; }
    #editor:focus { border-top: solid $accent; }
    #details { height: 1fr; border-top: solid $primary; padding: 0 1;
        scrollbar-size-vertical: 1; }
    #keys { height: 1; }
    """
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+p", "previous", "Prev"),
        Binding("ctrl+g", "next_finding", "Findings"),
        Binding("ctrl+r", "undo_accept", "Undo accept"),
        Binding("ctrl+o", "note", "Note"),
        Binding("ctrl+t", "retranslate", "Retranslate"),
        Binding("ctrl+b", "suggest", "Suggest"),
        Binding("ctrl+f", "search", "Search"),
        Binding("ctrl+l", "cycle_filter", "Filter"),
        Binding("ctrl+down,alt+down", "scroll_source(1)", "Scroll source"),
        Binding("ctrl+up,alt+up", "scroll_source(-1)", "Scroll source up", show=False),
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
        filter_: str | None = None,
        order: ReviewOrder | None = None,
        background: bool = True,
    ) -> None:
        """`filter_` and `order` left out: as the reviewer left this catalog (pending and
        document order the first time)."""
        super().__init__()
        self.session = session
        self.assistant = assistant or Assistant(session.project, session.lang)
        place = load_place(session.project, session.rel_path, FILTERS)
        self.filter = filter_ or (place.filter if place else PENDING)
        self.order = order or (place.order if place else ReviewOrder.DOCUMENT)
        # its segment, unless another order was asked for: that starts at its top
        self.place = place if place and place.order is self.order else None
        self.background = background  # load checks/glossary/TM in a thread (tests: inline)
        self.look = Look(self.no_color)
        self.current: int | None = None
        self.rows: list[int] = []  # entry indices shown in the list, in the list's order
        self.risks: dict[Key, Risk] = {}  # by segment, once checks and glossary are loaded
        self.loaded: EntryFields = {}  # the current entry's fields when it was shown
        self.loaded_text = ""
        self.origin: str | None = None  # provenance of an inserted suggestion
        self.machine: str | None = None  # its text, when it was machine translation
        # before the last replacement of the text (for ctrl+z): the text, self.origin,
        # self.machine, and the origin the entry had (an auto-save may write the suggestion's
        # meanwhile)
        self._before_insert: tuple[str, str | None, str | None, str] | None = None
        self._opened_at: int | None = None  # where the app opened (risk order may move on)
        self.assist_ready = False
        self.assist_note = "loading checks, glossary and translation memory…"
        self.suggestions: dict[Key, list[Suggestion]] = {}  # MT alternatives, per segment
        self.search_query = ""
        self._save_timer: Timer | None = None
        self._check_timer: Timer | None = None
        self._live_findings: list[Finding] = []
        self._disk_problem = ""
        self._shown = (Text(), Text())  # the source and details panels' text, as shown

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Kept as attributes: a query would search the dialog on top when one is open.
        self.title_bar = Static(id="title")
        self.segment_list = SegmentList(id="segments")
        self.source_view = Static(id="source-text")
        self.source_panel = VerticalScroll(self.source_view, id="source", can_focus=False)
        self.editor = TranslationEditor(id="editor", soft_wrap=True, show_line_numbers=False)
        self.details_view = Static(id="details-text")
        self.details_panel = VerticalScroll(self.details_view, id="details", can_focus=False)
        self.key_hints = KeyHints(id="keys")
        yield self.title_bar
        yield self.segment_list
        yield self.source_panel
        yield self.editor
        yield self.details_panel
        yield self.key_hints

    def on_mount(self) -> None:
        self.refresh_list(select=self._start())
        if self.current is None and self.session.entries:
            self.show(0)
        self._opened_at = self.current
        self.editor.focus()
        for panel in (self.source_panel, self.editor):  # the "lines 1-8 of 24" in the titles
            self.watch(panel, "scroll_y", self._scrolled, init=False)
            self.watch(panel, "virtual_size", self._scrolled, init=False)
        self.set_interval(POLL_INTERVAL, self.poll_disk)
        if self.background:
            self.call_after_refresh(self.load_assist)  # after the first paint
        else:
            self._load_assist_inline()

    def _start(self) -> int | None:
        """Where the review opens: the saved place, or the first visible segment after it
        (document order) when it is reviewed by now or gone; else the first pending."""
        place = self.place
        rows = self.session.visible(self.filter)
        index = self.session.index_of(place.key) if place else None
        if index is not None and index not in rows:
            index = next((i for i in rows if i > index), rows[0] if rows else None)
        if index is None:
            first = self.session.first_pending()
            index = first if first in rows else (rows[0] if rows else None)
        return index

    def on_resize(self, event: events.Resize) -> None:
        self.relayout(event.size.width, event.size.height)
        self.refresh_title(event.size.width)

    @on(SegmentList.Resized)
    def _list_resized(self) -> None:
        self.refresh_list()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_hints()

    def refresh_hints(self) -> None:
        """The key hints for the focused panel, from its bindings and the app's."""
        if isinstance(self.screen, ModalScreen):
            return
        keys: dict[str, str] = {}  # action -> its key (the focused panel's first)
        for active in self.screen.active_bindings.values():
            action = active.binding.action.removeprefix("app.")
            if action in HINTS and action not in keys:
                keys[action] = self.get_key_display(active.binding)
        self.key_hints.show([(keys[action], *HINTS[action]) for action in HINTS if action in keys])

    def relayout(self, width: int | None = None, height: int | None = None) -> None:
        """Share the screen's height among the panels by what the current segment needs."""
        height = height or self.size.height
        width = max((width or self.size.width) - 3, 10)  # padding and a scrollbar
        console = self.console
        source_lines = len(self._shown[0].wrap(console, width))
        editor_lines = len(Text(self.editor.text or " ").wrap(console, width))
        details_lines = len(self._shown[1].wrap(console, width))
        plan = plan_heights(
            max(height - CHROME, 4), len(self.rows), source_lines, editor_lines, details_lines
        )
        self.segment_list.styles.height = plan.segments + 1  # + the top border
        self.source_panel.styles.height = plan.source + 1
        self.editor.styles.height = plan.editor + 1
        self.details_panel.styles.height = plan.details + 1
        self.call_after_refresh(self._scrolled)

    def _scrolled(self) -> None:
        """Say in the source's and the editor's titles which lines show, when not all do."""
        self.source_panel.border_title = escape(self._source_title())
        self.editor.border_title = escape(self._editor_title())

    @staticmethod
    def _lines_shown(scroll_y: float, shown: int, total: int, keys: str) -> str:
        if total <= shown or shown <= 0:
            return ""
        top = int(scroll_y)
        return f"lines {top + 1}-{min(top + shown, total)} of {total} {keys} · "

    # -- the list ------------------------------------------------------------------------------

    def _row(self, index: int, width: int) -> Text:
        entry = self.session.entries[index]
        state = self.session.state(index)
        row = Text(no_wrap=True)
        row.append(MARKERS[state], style=self.look[state.value])
        if self.session.has_findings(index):
            row.append(FINDING_MARK, style=self.look["finding"])
        else:
            row.append(" ")
        row.append(f"{index + 1:>4} ")
        if self.order is ReviewOrder.RISK:
            risk = self.risks.get(entry_key(entry))
            label = risk.label if risk else ""
            style = self.look["error"] if risk and risk.tier is Tier.ERROR else ""
            row.append_text(fit(label, RISK_WIDTH - 1))
            row.stylize(style, len(row) - (RISK_WIDTH - 1), len(row))
            row.append(" ")
        rest = max(width - cell_len(row.plain), 10)
        left = (rest - 3) // 2
        row.append_text(fit(entry.msgid, left))
        row.append(" │ ", style="dim")
        row.append_text(fit(entry.msgstr, rest - 3 - left))
        return row

    def _ordered(self, indices: list[int]) -> list[int]:
        if self.order is not ReviewOrder.RISK or not self.risks:
            return indices
        keys = {i: entry_key(self.session.entries[i]) for i in indices}
        rest = Risk(Tier.REST, None, "")  # a segment that appeared since (a reload)
        return by_risk(indices, {i: self.risks.get(k, rest) for i, k in keys.items()})

    def _list_width(self) -> int:
        widget = self.segment_list
        width = widget.scrollable_content_region.width or self.size.width
        return max(width - 1, 20)

    def refresh_list(self, select: int | None = None) -> None:
        """Rebuild the rows under the current filter, keeping (or moving) the selection."""
        widget = self.segment_list
        self.rows = self._ordered(self.session.visible(self.filter))
        width = self._list_width()
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
            self.segment_list.replace_option_prompt(
                str(index), self._row(index, self._list_width())
            )

    def refresh_title(self, width: int | None = None) -> None:
        s = self.session
        room = max((width or self.size.width) - 2, 10)  # the title bar's padding
        self.title_bar.update(fit_title(s.lang, s.slug, s.reviewer.name, room))
        counts = s.counts()
        findings = f"{counts[WITH_FINDINGS]} with findings" if self.assist_ready else "checking…"
        label = {PENDING: "pending", WITH_FINDINGS: "with findings", ALL: "all"}[self.filter]
        heading = f"{counts[PENDING]} pending of {len(s.entries)} · {findings} · showing {label}"
        if self.order is ReviewOrder.RISK:
            heading += " · riskiest first"
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
        """Make `index` the current segment (saving the text typed in the previous one);
        the source and the translation open at their first line."""
        self.save_edit()
        editor = self.editor
        self._before_insert = None
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
        self.origin = self.machine = None
        editor.load_text(entry.msgstr)
        editor.move_cursor((0, 0))
        editor.scroll_home(animate=False)
        self.source_panel.scroll_home(animate=False)
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

    def _source_text(self) -> Text:
        entry = self.current_entry
        if entry is None:
            return Text("Nothing to show under this filter.")
        text = Text(entry.msgid)
        for hit in self._terms(entry.msgid, self.editor.text):
            for start, end in hit.spans:
                text.stylize(self.look["term"], start, end)
        previous = previous_source(entry)
        if previous:
            text.append("\nchanged: ", style=self.look["changed"])
            for op, part in source_diff(previous, entry.msgid):
                if op == "delete":  # git word-diff marks, readable without colour
                    text.append(f"[-{part}-]", style=self.look["deleted"])
                elif op == "insert":
                    text.append(f"{{+{part}+}}", style=self.look["inserted"])
                else:
                    text.append(part)
        return text

    def _source_title(self) -> str:
        entry = self.current_entry
        if entry is None or self.current is None:
            return "Source"
        panel = self.source_panel
        shown = self._lines_shown(
            panel.scroll_y,
            panel.scrollable_content_region.height,
            panel.virtual_size.height,
            "(ctrl+↓↑)",
        )
        kind = kind_of(entry)
        where = f"{entry.occurrences[0][0]}:{entry.occurrences[0][1]}" if entry.occurrences else ""
        head = f"Source #{self.current + 1} · {shown}"
        return head + " · ".join(part for part in (kind, where) if part)

    def _editor_title(self) -> str:
        if self.current is None:
            return "Translation"
        state = self.session.state(self.current)
        editor = self.editor
        shown = self._lines_shown(
            editor.scroll_y,
            editor.scrollable_content_region.height,
            editor.wrapped_document.height,
            "(PgDn/PgUp)",
        )
        changed = " · source changed: check the translation" if state is State.CHANGED else ""
        return f"Translation · {MARKERS[state]} {state} · {shown}".rstrip(" ·") + changed

    def render_segment(self) -> None:
        self._shown = (self._source_text(), self._details_text())
        self.source_view.update(self._shown[0])
        self.details_view.update(self._shown[1])
        self._scrolled()
        self.relayout()

    def _terms(self, msgid: str, translation: str) -> list[TermHit]:
        if not self.assist_ready:
            return []
        try:
            return self.assistant.terms(msgid, translation)
        except TransflowError as exc:
            self.assist_note = exc.render()
            return []

    def _details_text(self) -> Text:
        entry = self.current_entry
        if entry is None:
            return Text()
        look = self.look
        out = Text()
        if not self.assist_ready:
            out.append(self.assist_note + "\n", style=look["label"])
        else:
            problem = self.assistant.checks.unavailable
            if problem:
                out.append(f"Findings: checks unavailable ({problem})\n", style=look["label"])
            elif self._live_findings:
                out.append(f"Findings ({len(self._live_findings)}):\n", style="bold")
                out.append_text(findings_text(self._live_findings, look))
            else:
                out.append("Findings: none\n", style=look["ok"])
            terms = self._terms(entry.msgid, self.editor.text)
            if terms:
                out.append("Terms: ", style="bold")
                for n, hit in enumerate(terms):
                    if n:
                        out.append(" · ")
                    out.append(hit.term, style=look["term"])
                    targets = " / ".join(hit.targets) or "(no target term)"
                    out.append(f" → {targets}")
                    if hit.satisfied is True:
                        out.append(" ok", style=look["ok"])
                    elif hit.satisfied is False:
                        out.append(" missing", style=look["missing"])
                    if hit.forbidden:
                        out.append(f" (not: {', '.join(hit.forbidden)})", style=look["label"])
                out.append("\n")
            elif self.assistant.glossary.unavailable:
                out.append(
                    f"Terms: glossary unavailable ({self.assistant.glossary.unavailable})\n",
                    style=look["label"],
                )
        risk = self.risks.get(entry_key(entry)) if self.order is ReviewOrder.RISK else None
        if risk is not None and risk.reason:
            out.append("Risk: ", style="bold")
            out.append(risk.summary + "\n")
        lines = provenance(entry)
        if lines:
            out.append("Provenance: ", style="bold")
            out.append(" · ".join(lines) + "\n")
        if entry.tcomment:
            out.append("Note: ", style="bold")
            out.append(entry.tcomment.replace("\n", " / ") + "\n")
        suggestions = self.current_suggestions()
        if suggestions:
            out.append("Suggestions (ctrl+b inserts, ctrl+z takes it back):\n", style="bold")
            for n, s in enumerate(suggestions, 1):
                out.append(" ")
                out.append_text(suggestion_text(s, entry.msgid, look, n))
                out.append("\n")
        elif self.assist_ready:
            problem = self.assistant.tm.unavailable
            if problem:
                out.append(f"TM unavailable ({problem})\n", style=look["label"])
            else:
                out.append(
                    "TM: no match ≥ 70% · ctrl+t: machine translation\n", style=look["label"]
                )
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
        before, entry = self._before_insert, self.current_entry
        if before is not None and entry is not None and self.editor.text == before[0]:
            text, origin, machine, had = before  # the replacement was undone (ctrl+z)
            unsaved = origin_of(entry) == had
            self.origin = origin if unsaved else had
            self.machine = machine if unsaved else None
            self._before_insert = None
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

    def save_edit(self) -> bool | None:
        """Write the text being typed (unreviewed) if it differs from what was loaded:
        True when written, False when kept aside (a conflict), None when nothing changed."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        key = self.current_key
        if key is None:
            return None
        text = self.editor.text
        if text == self.loaded_text and self.origin is None:
            return None
        try:
            outcome = self.session.edit(
                key, text, expect=self.loaded, origin=self.origin, machine=self.machine
            )
        except ReviewError as exc:  # the machine-output store is damaged: save the text anyway
            self.notify(exc.render(), severity="warning", timeout=12)
            outcome = self.session.edit(key, text, expect=self.loaded, origin=self.origin)
        return self._apply(outcome)

    def _segment(self, key: Key) -> str:
        index = self.session.index_of(key)
        return f"Segment #{index + 1}: " if index is not None else ""

    def _apply(self, outcome: Outcome, done: str = "") -> bool:
        """Bring the screen in line after a write, with one message that says what happened
        (`done`: what the action did, when it did); True when the action was written."""
        relative = self.session.project.relative
        if outcome.conflict:
            self.notify(
                self._segment(outcome.key) + outcome.message, severity="warning", timeout=12
            )
            index = self.session.index_of(outcome.key)
            self.refresh_list()
            if index is not None:
                self.current = None  # force a reload of their version
                self.origin = self.machine = None
                self.show(index)
            return False
        said = [done] if done else []
        if outcome.reloaded:
            said.append(
                f"{self.session.rel_path} had changed on disk (another reviewer or a git pull): "
                "re-read, and your change applied on top."
            )
        if outcome.removed is not None:
            said.append(
                f"Every segment kept in {relative(outcome.removed)} is accepted now: removed it."
            )
        if said:
            self.notify(" ".join(said), timeout=6 if len(said) > 1 else 3)
        entry = self.session.entry(outcome.key)
        if entry is not None and outcome.key == self.current_key:
            self.loaded = fields_of(entry)
            self.loaded_text = entry.msgstr
            self.origin = self.machine = None
            self._scrolled()  # the state in the editor's title, as in the list
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
        if not self.assist_ready:
            self.notify("Still checking this catalog… accept again in a moment.")
            return
        text = self.editor.text
        errors = [f for f in self._findings_for(text) if f.severity == "error"]
        if not errors or not text.strip():
            self._accept(key, text)
            return

        def confirmed(choice: str | None) -> None:
            if choice is not None and self.current_key == key:
                ignore = sorted({f.check for f in errors}) if choice == "ignore" else []
                self._accept(key, text, ignore)

        self.push_screen(ConfirmAccept(errors, self.look), confirmed)

    def _accept(self, key: Key, text: str, ignore: list[str] | None = None) -> None:
        rows = list(self.rows)
        try:
            outcome = self.session.accept(
                key,
                text,
                expect=self.loaded,
                origin=self.origin,
                machine=self.machine,
                ignore=ignore or (),
            )
        except ReviewError as exc:
            self.notify(exc.render(), severity="warning")
            return
        done = f"Accepted, ignoring {', '.join(ignore)} on this segment." if ignore else ""
        if not self._apply(outcome, done):
            return
        index = self.session.index_of(key)
        entry = self.session.entry(key)
        if entry is not None and self.assist_ready:  # its flags may silence checks now
            self.session.findings[key] = self.assistant.findings(
                entry.msgid, entry.msgstr, entry.flags, kind_of(entry)
            )
        nxt = self._next_pending(rows, index) if not outcome.reloaded else None
        if nxt is None and outcome.reloaded:
            nxt = self.session.next_pending(index)
        self.loaded_text = text  # already written: nothing left to save
        self.refresh_list(select=nxt if nxt is not None else index)
        self.remember()
        if nxt is None:
            self.notify("All segments of this catalog are reviewed.", title="Done")

    def _next_pending(self, rows: list[int], index: int | None) -> int | None:
        """The next pending segment after `index` in the list's order (wrapping around)."""
        if index is None or index not in rows:
            return self.session.next_pending(index)
        at = rows.index(index)
        for candidate in rows[at + 1 :] + rows[:at]:
            if self.session.is_pending(candidate):
                return candidate
        return self.session.next_pending(index)  # pending ones hidden by the filter

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

    def action_undo_accept(self) -> None:
        self.save_edit()
        outcome = self.session.undo()
        if outcome is None:
            self.notify("Nothing to undo: no accept in this session yet.")
            return
        if outcome.conflict:
            self.notify(outcome.message, severity="warning", timeout=10)
            self.refresh_list()
            return
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
            if self._apply(outcome, "Note saved." if note.strip() else "Note removed."):
                self.render_segment()

        self.push_screen(NoteScreen(entry.tcomment or "", entry.msgid), done)

    def action_search(self) -> None:
        def done(asked: tuple[str, bool] | None) -> None:
            query, whole_project = asked or ("", False)
            if whole_project:
                self.project_search(query)
                return
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

    def project_search(self, query: str) -> None:
        """The concordance over every catalog and memory of this language; a chosen hit's
        translation goes into the editor as a suggestion (ctrl+z takes it back)."""
        if query:
            self.search_query = query

        def done(hit: SearchHit | None) -> None:
            if hit is None:
                return
            where = hit.sources[0].rsplit(":", 1)[0] if hit.sources else hit.path
            label = f"search {hit.location}"
            self.insert(
                Suggestion(hit.target, "tm", 100.0, f"tm={where} (search)", label, hit.source)
            )

        screen = ProjectSearchScreen(self.session.project, self.session.lang, query, self.look)
        self.push_screen(screen, done)

    def action_cycle_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        rows = self._ordered(self.session.visible(self.filter))
        select = self.current if self.current in rows else (rows[0] if rows else None)
        self.refresh_list(select=select)
        if select is None:
            self.show(None)
        self.remember()
        self.notify(f"Filter: {self.filter}", timeout=2)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_edit(self) -> None:
        self.editor.focus()

    def action_to_list(self) -> None:
        self.save_edit()
        self.segment_list.focus()

    def action_save(self) -> None:
        saved = self.save_edit()
        if saved is None:
            self.notify("Nothing to save: the translation is as written.", timeout=2)
        elif saved:
            self.notify("Saved.", timeout=2)

    def action_scroll_source(self, step: int) -> None:
        panel = self.source_panel
        page = max(panel.scrollable_content_region.height - 1, 1)
        panel.scroll_to(y=panel.scroll_y + step * page, animate=False)

    def _replace_text(self, text: str, origin: str | None, machine: str | None = None) -> None:
        """Put `text` in the editor as one step ctrl+z undoes, with its provenance (and, for
        machine translation, the engine's text)."""
        editor, entry = self.editor, self.current_entry
        if entry is None:
            return
        self._before_insert = (editor.text, self.origin, self.machine, origin_of(entry))
        editor.history.checkpoint()
        editor.replace(text, (0, 0), editor.document.end, maintain_selection_offset=False)
        editor.history.checkpoint()
        editor.move_cursor((0, 0))
        editor.scroll_home(animate=False)
        editor.focus()
        self.origin, self.machine = origin, machine

    def action_clear_translation(self) -> None:
        self._replace_text("", None)

    def action_copy_source(self) -> None:
        entry = self.current_entry
        if entry is not None:
            self._replace_text(entry.msgid, None)

    def insert(self, suggestion: Suggestion | None) -> None:
        if suggestion is not None:
            machine = suggestion.text if suggestion.kind == "mt" else None
            self._replace_text(suggestion.text, suggestion.origin, machine)

    def action_suggest(self) -> None:
        suggestions = self.current_suggestions()
        entry = self.current_entry
        if not suggestions or entry is None:
            self.notify("No suggestion for this segment (ctrl+t asks the MT engine).")
        elif len(suggestions) == 1:
            self.insert(suggestions[0])
        else:
            picker = PickScreen("Insert a suggestion", suggestions, entry.msgid, self.look)
            self.push_screen(picker, self.insert)

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
            title = "Machine translation: n-best alternatives"
            self.push_screen(PickScreen(title, found, key[1], self.look), self.insert)
        else:
            self.notify("The engine returned no translation.", severity="warning")

    async def action_quit(self) -> None:
        self.save_edit()
        self.remember()
        self.exit(self.summary())

    def remember(self) -> None:
        """Keep the place (segment, filter, order) for the next review of this catalog."""
        key = self.current_key
        if key is not None:
            place = Place(key, self.filter, self.order)
            save_place(self.session.project, self.session.rel_path, place)

    def summary(self) -> ReviewSummary:
        counts = self.session.counts()
        return {
            "catalog": self.session.rel_path,
            "accepted": self.session.accepted(),
            "pending": counts[PENDING],
            "segments": len(self.session.entries),
        }

    # -- background --------------------------------------------------------------------------

    def _warm_up(self) -> tuple[dict[Key, list[Finding]], dict[Key, Risk]]:
        """Load checks, glossary and TM, check every segment and rank it by risk (runs off
        the UI thread)."""
        for stage in (self.assistant.checks, self.assistant.glossary, self.assistant.tm):
            stage.get()
        glossary = self.assistant.glossary.value
        entries = list(self.session.entries)
        found: dict[Key, list[Finding]] = {}
        unmet: list[int] = []
        for entry in entries:
            try:
                found[entry_key(entry)] = self.assistant.findings(
                    entry.msgid, entry.msgstr, entry.flags, kind_of(entry)
                )
            except TransflowError as exc:
                self.assist_note = exc.render()
                return found, {}
            unmet.append(unmet_terms(glossary, entry.msgid, entry.msgstr, self.session.lang))
        keys = [entry_key(e) for e in entries]
        risks = assess_catalog(entries, [found[k] for k in keys], unmet)
        return found, dict(zip(keys, risks, strict=True))

    def _assist_loaded(self, found: dict[Key, list[Finding]], risks: dict[Key, Risk]) -> None:
        self.session.findings.update(found)
        self.risks = risks
        self.assist_ready = True
        fresh = self.order is ReviewOrder.RISK and self.place is None
        if fresh and self.current == self._opened_at:  # not moved yet: the riskiest first
            rows = self._ordered(self.session.visible(self.filter))
            self.current = None
            self.refresh_list(select=rows[0] if rows else None)
            return
        self.refresh_list()
        if self.current is not None:
            self._live_findings = self._findings_for(self.editor.text)
            self.render_segment()

    @work(thread=True, exclusive=True, group="assist")
    def load_assist(self) -> None:
        found, risks = self._warm_up()
        self.call_from_thread(self._assist_loaded, found, risks)

    def _load_assist_inline(self) -> None:
        self._assist_loaded(*self._warm_up())

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
        index = self.session.index_of(key) if key else None
        said = f"{self.session.rel_path} changed on disk (another reviewer or a git pull): re-read."
        if key in result.changed and not typing and index is not None:
            self.notify(said + " This segment changed: their version is shown.", timeout=6)
            self.current = None  # show their version
            self.refresh_list(select=index)
            return
        if key in result.changed:
            self.notify(
                said + " This segment changed too while you were typing: accepting keeps "
                "their version in the catalog and yours in the .conflict file.",
                severity="warning",
                timeout=10,
            )
        else:
            self.notify(said, timeout=4)
        if index is None and key is not None:
            self.current = None
        self.refresh_list()
