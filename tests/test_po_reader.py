"""The one PO reader: its fast path agrees with its strict parser, and both agree with polib
(and so with GNU gettext) on what every entry holds."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.po.catalog import WRAP_WIDTH, render
from transflow.po.conventions import entry_state
from transflow.po.reader import _fast_parse, _strict_parse, parse

PATH = Path("a.po")

HEADER = 'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"X-Source-Language: en\\n"\n\n'


def _fields(text: str) -> tuple[list[tuple[object, ...]], dict[str, str]]:
    fast, strict = _fast_parse(text, PATH), _strict_parse(text, PATH)
    assert fast is not None
    assert fast.items == strict.items and fast.headers == strict.headers
    return [
        (i.msgid, i.msgstr, i.msgctxt, i.flags, i.line, i.msgid_line, i.kind) for i in fast.items
    ], fast.headers


def test_polib_file_with_wrapped_lines_escapes_flags_and_obsolete_entries() -> None:
    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    po.metadata = {"Language": "ko", "X-Source-Language": "en"}
    long = 'He said "wait"\tand\\or left.\n' + "word " * 30
    po.append(polib.POEntry(msgid=long, msgstr=long.upper(), comment="type: paragraph"))
    po.append(
        polib.POEntry(
            msgid="Short",
            msgstr="짧게",
            msgctxt="menu",
            flags=["fuzzy"],
            previous_msgid="Shorter",
            comment="transflow: note\ntype: heading",
        )
    )
    po.append(polib.POEntry(msgid="Gone", msgstr="없음", obsolete=True))
    items, headers = _fields(render(po))
    assert headers["Language"] == "ko"
    assert [i[:4] + i[6:] for i in items] == [
        (long, long.upper(), None, (), "paragraph"),
        ("Short", "짧게", "menu", ("fuzzy",), "heading"),
    ]


def test_line_numbers_count_a_comment_block_ending_in_a_hash_tilde() -> None:
    text = HEADER + '#: a.md:1\n#| msgid "x #~ y"\nmsgid "a"\nmsgstr "b"\n'
    assert _fields(text)[0] == [("a", "b", None, (), 9, 8, "")]


def test_hash_tilde_inside_a_comment_keeps_the_fuzzy_flag() -> None:
    # a `#~` in the previous msgid is no obsolete line: the entry stays fuzzy (unreviewed)
    text = HEADER + '#, fuzzy\n#| msgid "x #~ y"\nmsgid "a"\nmsgstr "b"\n'
    assert _fields(text)[0] == [("a", "b", None, ("fuzzy",), 9, 8, "")]


@pytest.mark.parametrize(
    "entry",
    [
        'msgid "a"\nmsgstr "b"c"\n',  # a quote inside
        'msgid "a\\"\nmsgstr "b"\n',  # the closing quote escaped
        'msgid "a"\nmsgstr ""\n"b"c"\n',  # in a continuation line
        'msgid "a"\nmsgstr "b"\ngarbage\n',  # not an entry, comment or blank line
        'msgid "a"\nmsgstr "b"\n\n#~ msgid "old"\n\n#~ msgstr "x"\n<<<<<<< HEAD\n',
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n',
        'msgid "a"\r\nmsgstr "b"\r\n',
    ],
)
def test_what_the_fast_path_refuses(entry: str) -> None:
    assert _fast_parse(HEADER + entry, PATH) is None


def test_escapes_and_a_trailing_obsolete_block() -> None:
    text = HEADER + 'msgid "a\\\\b"\nmsgstr "\\"c\\"\\n"\n\n#~ msgid "old"\n#~ msgstr "x"\n\n'
    assert _fields(text)[0] == [("a\\b", '"c"\n', None, (), 7, 6, "")]


def test_a_flag_above_a_blank_line_belongs_to_the_entry_below() -> None:
    # GNU gettext and polib read this entry as fuzzy; the fast path once read it as reviewed
    text = HEADER + '#, fuzzy\n\nmsgid "Hello"\nmsgstr "Bonjour"\n'
    item = parse(text, PATH).items[0]
    assert item.flags == ("fuzzy",) and entry_state(item) == "machine"
    assert _fast_parse(text, PATH) is None  # left to the strict parser
    assert polib.pofile(text).find("Hello").flags == ["fuzzy"]


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b"c"\n', 7, "unterminated string or invalid escape"),
        ('msgid "a\\q"\nmsgstr "b"\n', 6, "unterminated string or invalid escape"),
        ('msgid "a"\nmsgstr "b"\ngarbage\n', 8, "unexpected 'garbage'"),
        ('msgid "a"\nmsgstr "b"\n<<<<<<< HEAD\n', 8, "merge-conflict marker"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9, "duplicate entry"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 6, "msgid without msgstr"),
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 8, "a second msgstr"),
        ('msgid "a"\nmsgstr "b"\n# note\n"stray"\n', 9, "outside an entry"),
    ],
)
def test_errors_name_the_line(entry: str, line: int, message: str) -> None:
    from transflow.project.errors import CatalogError

    with pytest.raises(CatalogError) as caught:
        parse(HEADER + entry, PATH)
    assert caught.value.line == line and message in caught.value.message


# --- differential: random catalogs read by polib and by the reader ------------------------------

_TEXT = st.lists(
    st.sampled_from([*'ab c"\\\t\n한中é%{}#~|:.', "\u3000", "word ", "—"]), max_size=40
).map("".join)
_LINE_TEXT = st.text(st.sampled_from(list("ab c:=()-_") + ["한", "中"]), min_size=1, max_size=20)


@st.composite
def _entries(draw: st.DrawFn) -> list[polib.POEntry]:
    entries = []
    seen: set[tuple[str | None, str]] = set()
    for _ in range(draw(st.integers(1, 6))):
        msgid = draw(_TEXT.filter(bool))
        ctxt = draw(st.none() | _TEXT)
        if (ctxt, msgid) in seen:
            continue
        obsolete = draw(st.booleans()) and draw(st.booleans())
        if not obsolete:
            seen.add((ctxt, msgid))
        kind = draw(st.sampled_from(["", "paragraph", "title", "list_item"]))
        extracted = [f"type: {kind}"] if kind else []
        extracted += draw(st.lists(_LINE_TEXT.map(lambda s: "transflow: " + s), max_size=2))
        entries.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=draw(st.just("") | _TEXT),
                msgctxt=ctxt,
                flags=draw(st.lists(st.sampled_from(["fuzzy", "ignore-numbers", "c-format"]),
                                    unique=True, max_size=2)),
                previous_msgid=draw(st.none() | _TEXT.filter(bool)),
                comment="\n".join(extracted),
                tcomment="\n".join(draw(st.lists(_LINE_TEXT, max_size=2))),
                occurrences=[(f"sources/{n}.md", str(n)) for n in
                             draw(st.lists(st.integers(1, 999), max_size=3))],
                obsolete=obsolete,
            )
        )  # fmt: skip
    return entries


def _with_blank_lines(text: str, where: list[int]) -> str:
    """Blank lines inserted after some comment lines, as a hand edit may leave them."""
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines):
        out.append(line)
        if line.startswith("#") and not line.startswith("#~") and number % 7 in where:
            out.append("")
    return "\n".join(out)


def _polib_view(entry: polib.POEntry) -> tuple[object, ...]:
    return (
        entry.msgid, entry.msgstr, entry.msgctxt, tuple(f for f in entry.flags if f),
        entry.comment, entry.tcomment, [(f, n) for f, n in entry.occurrences],
        entry.previous_msgid or None, entry_state(entry), entry.linenum,
    )  # fmt: skip


def _reader_view(item: object) -> tuple[object, ...]:
    return (
        item.msgid, item.msgstr, item.msgctxt, item.flags, item.comment, item.tcomment,
        item.occurrences, item.previous_msgid, entry_state(item), item.start_line,
    )  # fmt: skip


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    _entries(),
    st.sampled_from([78, 30, 0]),
    st.lists(st.integers(0, 6), max_size=3),
)
def test_reader_and_polib_read_the_same_catalog(
    entries: list[polib.POEntry], width: int, blanks: list[int]
) -> None:
    po = polib.POFile(wrapwidth=width, check_for_duplicates=False)
    po.metadata = {"Language": "ko", "Content-Type": "text/plain; charset=UTF-8"}
    for entry in entries:
        po.append(entry)
    text = _with_blank_lines(render(po), blanks)
    ours = parse(text, PATH)
    theirs = [e for e in polib.pofile(text, wrapwidth=width) if not e.obsolete]
    assert [_reader_view(i) for i in ours.items] == [_polib_view(e) for e in theirs]
    assert ours.headers["Language"] == "ko"
    strict = _strict_parse(text, PATH)
    assert strict.items == ours.items and strict.headers == ours.headers
