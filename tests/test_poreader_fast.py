"""The fast PO reader agrees with the strict line parser, and hands it the files it can't read."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from transflow.po.catalog import WRAP_WIDTH, render
from transflow.po.reader import _fast_parse, parse_po

PATH = Path("a.po")

HEADER = 'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"X-Source-Language: en\\n"\n\n'


def _fields(text: str) -> tuple[list[tuple[object, ...]], dict[str, str]]:
    fast, strict = _fast_parse(text, PATH), parse_po(text, PATH)
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
