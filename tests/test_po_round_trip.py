"""What is written to a PO file reads back exactly, and extracting a source twice changes
nothing, whatever characters its sentences hold (issue 11: a U+2028 in a sentence made every
extract report one new and one obsolete entry)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from transflow.extract.extract import extract
from transflow.extract.sources import parse_markdown
from transflow.po.catalog import WRAP_WIDTH, load_catalog, merge, render
from transflow.po.reader import parse
from transflow.project.config import load_project
from transflow.project.errors import SourceError

from .conftest import CONFIG

# what Python's str.splitlines() ends a line at, besides "\n" and "\r": the C0 controls a
# catalog may hold (a source may not: they are refused with their line), and the rest
CONTROL_LINE_ENDS = "\x0b\x0c\x1c\x1d\x1e"
LINE_ENDS = CONTROL_LINE_ENDS + "\x85\u2028\u2029"
TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),  # no NUL in PO
        st.sampled_from(LINE_ENDS + '\r\t\\"'),
    ),
    min_size=1,
    max_size=120,
)


@given(msgid=TEXT, msgstr=st.one_of(st.just(""), TEXT), previous=st.one_of(st.none(), TEXT))
def test_the_reader_and_polib_read_back_what_was_written(msgid, msgstr, previous) -> None:
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, previous_msgid=previous, flags=["fuzzy"]))
    text = render(po)
    item = parse(text, Path("x.po")).items[0]
    assert (item.msgid, item.msgstr) == (msgid, msgstr)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        path.write_text(text, encoding="utf-8")
        entry = load_catalog(path)[0]
    assert (entry.msgid, entry.msgstr, entry.previous_msgid) == (msgid, msgstr, previous)


def _extracted_twice(source: str) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        article = parse_markdown(Path("a.md"), source, "en")
        first = render(merge(None, article, "ko", "en", "sources/a.md")[0])
        path.write_text(first, encoding="utf-8")
        return first, render(merge(load_catalog(path), article, "ko", "en", "sources/a.md")[0])


@given(body=TEXT)
def test_extracting_a_source_twice_changes_nothing(body: str) -> None:
    try:
        first, second = _extracted_twice("---\ntitle: T\n---\n\n" + body + "\n")
    except SourceError:  # nothing to translate
        reject()
    assert second == first


@pytest.mark.parametrize(
    "character",
    [c for c in LINE_ENDS if c not in CONTROL_LINE_ENDS],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_extract_twice_reports_nothing_new(tmp_path: Path, character: str) -> None:
    (tmp_path / "transflow.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    long = "The ministry, which has not commented on the case since the spring, said"
    (tmp_path / "sources" / "a.md").write_text(
        f"---\ntitle: T\n---\n\nSeoul{character}replied. {long}{character}nothing more.\n",
        encoding="utf-8",
    )
    project = load_project(tmp_path)
    first = extract(project)
    assert len(first.written) == 2
    again = extract(project)
    assert again.written == []
    assert {(r.stats.added, r.stats.obsoleted) for r in again.results} == {(0, 0)}
