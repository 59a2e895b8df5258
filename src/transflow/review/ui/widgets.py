"""The review app's widgets: the segment list, the translation editor, fixed-width rows."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList, TextArea


def fit(text: str, width: int) -> Text:
    """One line of exactly `width` terminal cells (wide CJK characters count two)."""
    line = Text(" ".join(text.split()), no_wrap=True, overflow="ellipsis")
    line.truncate(max(width, 0), overflow="ellipsis", pad=True)
    return line


class SegmentList(OptionList):
    """The segments under the current filter; letter keys work here (Esc from the editor)."""

    BINDINGS = [
        Binding("a", "app.accept", "Accept"),
        Binding("e,i", "app.edit", "Edit"),
        Binding("n,j", "app.next", "Next", show=False),
        Binding("p,k", "app.previous", "Previous", show=False),
        Binding("f", "app.next_finding", "Next finding", show=False),
        Binding("u", "app.undo", "Undo accept", show=False),
        Binding("c", "app.note", "Note", show=False),
        Binding("t", "app.retranslate", "Retranslate", show=False),
        Binding("s", "app.suggest", "Suggestions", show=False),
        Binding("slash", "app.search", "Search", show=False),
        Binding("v", "app.cycle_filter", "Filter", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]


class TranslationEditor(TextArea):
    """The translation. Enter accepts (a segment is one sentence), Esc goes to the list."""

    BINDINGS = [
        Binding("enter", "app.accept", "Accept", priority=True),
        Binding("escape", "app.to_list", "List", show=False),
    ]
