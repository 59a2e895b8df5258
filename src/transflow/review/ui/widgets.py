"""The review app's widgets and the sums behind its layout: the segment list, the
translation editor, the key hints; fixed-width rows, the title, the panel heights; the
styles, with colour or without (NO_COLOR)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Static, TextArea

from transflow.review.assist import Suggestion, source_diff

if TYPE_CHECKING:
    from transflow.checks import Finding

# Styles by meaning: (with colour, without). Without colour, what colour says is said by a
# letter, bold, underline or reverse video, never by a shade of grey on grey (NO_COLOR).
_STYLES = {
    "untranslated": ("bold red", "bold"),
    "machine": ("yellow", ""),
    "changed": ("bold magenta", "bold"),
    "reviewed": ("green", ""),
    "finding": ("bold red", "bold reverse"),
    "error": ("bold red", "bold reverse"),
    "warning": ("yellow", "bold"),
    "info": ("cyan", ""),
    "term": ("bold underline cyan", "bold underline"),
    "ok": ("green", ""),
    "missing": ("bold red", "bold reverse"),
    "deleted": ("strike red", "strike"),
    "inserted": ("bold green", "bold"),
    "label": ("dim", ""),
    "key": ("bold", "bold"),
}


class Look:
    """The style of each meaning, in colour or, under NO_COLOR, in monochrome."""

    def __init__(self, mono: bool) -> None:
        self.mono = mono

    def __getitem__(self, meaning: str) -> str:
        colour, mono = _STYLES[meaning]
        return mono if self.mono else colour


def fit(text: str, width: int) -> Text:
    """One line of exactly `width` terminal cells (wide CJK characters count two)."""
    line = Text(" ".join(text.split()), no_wrap=True, overflow="ellipsis")
    line.truncate(max(width, 0), overflow="ellipsis", pad=True)
    return line


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis when it is longer."""
    if cell_len(text) <= width:
        return text
    line = Text(text, no_wrap=True)
    line.truncate(max(width, 1), overflow="ellipsis")
    return line.plain


def fit_title(lang: str, slug: str, reviewer: str, width: int) -> str:
    """`transflow review · LANG · SLUG · REVIEWER` in `width` cells: the slug is cut first
    (to no less than 12 cells), then the reviewer's name (to 8), then the app's name
    shortens; the language is never cut."""
    slug_min = min(cell_len(slug), 12)
    for lead in ("transflow review · ", "review · ", ""):
        room = width - cell_len(f"{lead}{lang} ·  · ")  # for the slug and the reviewer
        who = shorten(reviewer, max(room - slug_min, 8))
        name = shorten(slug, room - cell_len(who))
        if cell_len(name) >= slug_min:
            return f"{lead}{lang} · {name} · {who}"
    return shorten(f"{lang} · {slug} · {reviewer}", width)


def fit_hints(hints: Sequence[tuple[str, str, int]], width: int) -> list[int]:
    """Which key hints (key, label, priority: lower first) fit on one line of `width`
    cells, chosen by priority and listed in their given order."""
    chosen: set[int] = set()
    used = 0
    for index in sorted(range(len(hints)), key=lambda i: hints[i][2]):
        key, label, _ = hints[index]
        need = cell_len(key) + 1 + cell_len(label) + 1  # a space before each
        if used + need <= width:
            chosen.add(index)
            used += need
    return sorted(chosen)


@dataclass(frozen=True)
class Heights:
    """Content lines of each panel (their top borders, the title and the footer aside)."""

    segments: int
    source: int
    editor: int
    details: int


def plan_heights(lines: int, rows: int, source: int, editor: int, details: int) -> Heights:
    """Share `lines` among the panels, given what each would need to show everything.

    The segment under review comes first: its source gets up to ~45% of the lines and
    its translation up to ~30% (at least 2 lines to type in), while the list (up to 3 rows)
    and the details keep 3 lines each; what is left goes to the details up to what they
    hold (at most half of it), then to the list up to its rows, then to the details. A
    short segment thus leaves the list long, and a short list leaves the segment room."""
    list_min = max(1, min(3, rows))
    details_min = 3
    free = max(lines - list_min - details_min, 3)
    editor_want = min(max(editor, 2), max(2, lines * 3 // 10))
    source_want = min(max(source, 1), max(3, lines * 45 // 100))
    editor_lines = min(editor_want, max(2, free // 2))
    source_lines = max(1, min(source_want, free - editor_lines))
    editor_lines = max(2, min(editor_want, free - source_lines))
    left = max(lines - source_lines - editor_lines - list_min - details_min, 0)
    to_details = min(max(details - details_min, 0), left // 2)
    segments = list_min + min(max(rows - list_min, 0), left - to_details)
    rest = max(lines - source_lines - editor_lines - segments, details_min)
    return Heights(segments, source_lines, editor_lines, rest)


SEVERITY_MARK = {"error": "E", "warning": "W", "info": "i"}


def findings_text(findings: Sequence[Finding], look: Look) -> Text:
    """One line per finding, a letter for its severity; the same finding repeated (a term
    that occurs four times) is one line with its count."""
    counts: dict[tuple[str, str, str], int] = {}
    for f in findings:
        key = (f.severity, f.check, f.message)
        counts[key] = counts.get(key, 0) + 1
    out = Text()
    for (severity, check, message), count in counts.items():
        out.append(f" {SEVERITY_MARK.get(severity, '?')} ", style=look[severity])
        out.append(f" {check}: ", style="bold")
        out.append(message + (f" (×{count})" if count > 1 else "") + "\n")
    return out


def suggestion_text(suggestion: Suggestion, source: str, look: Look, number: int) -> Text:
    """A suggestion as the details panel and the picker show it: number, what and where it
    comes from (TM: score and file), the text, and for a TM match the word diff from the
    sentence it translates to the current source ([-only theirs-] {+only ours+})."""
    out = Text()
    out.append(f"{number} ", style=look["key"])
    out.append(f"{suggestion.label}: ", style=look["label"])
    out.append(suggestion.text)
    if suggestion.source is not None and suggestion.source != source:
        out.append("\n    source: ", style=look["label"])
        for op, part in source_diff(suggestion.source, source):
            if op == "delete":  # git word-diff marks, readable without colour
                out.append(f"[-{part}-]", style=look["deleted"])
            elif op == "insert":
                out.append(f"{{+{part}+}}", style=look["inserted"])
            else:
                out.append(part)
    return out


class SegmentList(OptionList):
    """The segments under the current filter; letter keys work here (Esc from the editor)."""

    BINDINGS = [
        Binding("a", "app.accept", "Accept"),
        Binding("e,i", "app.edit", "Edit"),
        Binding("n,j", "app.next", "Next", show=False),
        Binding("p,k", "app.previous", "Previous", show=False),
        Binding("f", "app.next_finding", "Next finding", show=False),
        Binding("u", "app.undo_accept", "Undo accept", show=False),
        Binding("c", "app.note", "Note", show=False),
        Binding("t", "app.retranslate", "Retranslate", show=False),
        Binding("s", "app.suggest", "Suggestions", show=False),
        Binding("slash", "app.search", "Search", show=False),
        Binding("v", "app.cycle_filter", "Filter", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    class Resized(Message):
        """The list changed width: its rows are laid out again."""

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized())


class TranslationEditor(TextArea):
    """The translation. Enter accepts (a segment is one sentence), Esc goes to the list;
    ctrl+a selects all (Home goes to the line start), ctrl+k clears, ctrl+e copies the
    source in; all three, and inserting a suggestion, are undone with ctrl+z."""

    BINDINGS = [
        Binding("enter", "app.accept", "Accept", priority=True),
        Binding("escape", "app.to_list", "List", show=False),
        Binding("ctrl+a", "select_all", "Select all"),
        Binding("ctrl+k", "app.clear_translation", "Clear"),
        Binding("ctrl+e", "app.copy_source", "Copy source"),
    ]

    def on_resize(self, event: events.Resize) -> None:
        """Repaint: TextArea re-wraps its text on a resize, but when the wrapped text keeps
        its height nothing repaints the lines drawn with the old wrap."""
        self.refresh()


class KeyHints(Static):
    """The footer: the key hints that fit on one line, the most useful first (F1 has all)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hints: list[tuple[str, str, int]] = []

    def show(self, hints: list[tuple[str, str, int]]) -> None:
        self.hints = hints
        self._draw(self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._draw(event.size.width)

    def _draw(self, width: int) -> None:
        line = Text(no_wrap=True, overflow="crop")
        for index in fit_hints(self.hints, max(width, 1)):
            key, label, _ = self.hints[index]
            line.append(" ")
            line.append(key, style="bold reverse")
            line.append(f" {label}")
        self.update(line)
