"""The one PO reader: its fast path agrees with its strict parser, and both agree with polib
(and so with GNU gettext) on what every entry holds."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.po.catalog import WRAP_WIDTH, render
from transflow.po.conventions import entry_state, translations
from transflow.po.reader import POItem, _fast_parse, _strict_parse, parse

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


def test_what_is_no_nul() -> None:
    # an escaped backslash before a 0, an octal escape that is not 0, a comment
    text = HEADER + '# see \\0\nmsgid "a\\\\0"\nmsgstr "\\01\\x10 \\0011"\n'
    (item,) = parse(text, PATH).items
    assert item.msgid == "a\\0"


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
        ('msgid "a"\nmsgstr "b\x00c"\n', 7, "NUL character"),
        ('msgid "a"\nmsgstr ""\n"b\\0"\n', 8, "NUL character"),
        ('msgid "a"\nmsgstr "b\\\\\\000c"\n', 7, "NUL character"),  # \\ then \000
        ('msgid "a"\nmsgstr "b\\x00"\n', 7, "NUL character"),
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
        plural = draw(st.booleans()) and draw(st.booleans())
        forms = {0: draw(st.just("") | _TEXT), 1: draw(st.just("") | _TEXT)} if plural else {}
        entries.append(
            polib.POEntry(
                msgid=msgid,
                msgid_plural=draw(_TEXT.filter(bool)) if plural else "",
                msgstr_plural=forms,
                msgstr="" if plural else draw(st.just("") | _TEXT),
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
        entry.msgid, entry.msgid_plural, translations(entry), entry.msgctxt,
        tuple(f for f in entry.flags if f), entry.comment, entry.tcomment,
        [(f, n) for f, n in entry.occurrences],
        entry.previous_msgid or None, entry_state(entry), entry.linenum,
    )  # fmt: skip


def _reader_view(item: POItem) -> tuple[object, ...]:
    return (
        item.msgid, item.msgid_plural, translations(item), item.msgctxt, item.flags, item.comment,
        item.tcomment, item.occurrences, item.previous_msgid, entry_state(item), item.start_line,
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
    po.metadata = {
        "Language": "ko",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in entries:
        po.append(entry)
    text = _with_blank_lines(render(po), blanks)
    ours = parse(text, PATH)
    theirs = [e for e in polib.pofile(text, wrapwidth=width) if not e.obsolete]
    assert [_reader_view(i) for i in ours.items] == [_polib_view(e) for e in theirs]
    assert ours.headers["Language"] == "ko"
    strict = _strict_parse(text, PATH)
    assert strict.items == ours.items and strict.headers == ours.headers


# --- plural entries -----------------------------------------------------------------------------

PLURAL_HEADER = HEADER.replace('"Language: ko\\n"\n', '"Language: ru\\n"\n"Plural-Forms: {}\\n"\n')
RU = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"  # noqa: E501


def test_a_plural_entry_keeps_every_form_with_its_line() -> None:
    text = PLURAL_HEADER.format(RU) + (
        '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\n'
        'msgstr[0] "%d файл"\nmsgstr[1] "%d файла"\nmsgstr[2] ""\n"%d файлов"\n'
    )
    (item,) = parse(text, PATH).items
    assert (item.msgid, item.msgid_plural, item.msgstr) == ("%d file", "%d files", "%d файл")
    assert item.forms == ("%d файл", "%d файла", "%d файлов")
    assert (item.line, item.form_lines) == (10, (10, 11, 12))
    assert item.plural and item.msgstr_plural == polib.pofile(text)[0].msgstr_plural


PLURAL = 'msgid "a"\nmsgid_plural "as"\n'
TWO = "nplurals=2; plural=n>1;"


@pytest.mark.parametrize(
    ("header", "entry", "line", "message"),
    [
        (TWO, PLURAL + 'msgstr "b"\n', 9, "takes msgstr[0]"),
        (TWO, 'msgid "a"\nmsgstr[0] "b"\n', 8, "without msgid_plural"),
        (TWO, 'msgid "a"\nmsgstr "b"\nmsgid_plural "as"\n', 9, "must follow"),
        ("nplurals=3; plural=n%3;", PLURAL + 'msgstr[0] "b"\nmsgstr[2] "c"\n', 10,
         "msgstr[1] belongs"),
        (TWO, PLURAL + 'msgstr[0] "b"\n', 9, "1 plural form(s), but"),
        ("nplurals=1; plural=0;", PLURAL + 'msgstr[0] "b"\nmsgstr[1] "c"\n', 9,
         "2 plural form(s), but"),
        ("nplurals=x; plural=0;", 'msgid "a"\nmsgstr "b"\n', 4, "invalid Plural-Forms header"),
        ("nplurals=2; plural=n>1?2:0;", 'msgid "a"\nmsgstr "b"\n', 4, "gives form 2"),
        ("nplurals = 2; plural = n>1;", PLURAL + 'msgstr[0] "b"\n', 7, "no valid Plural-Forms"),
    ],
)  # fmt: skip
def test_plural_entries_and_headers_msgfmt_refuses(
    tmp_path: Path, header: str, entry: str, line: int, message: str
) -> None:
    from transflow.project.errors import CatalogError

    from .conftest import msgfmt_check

    text = PLURAL_HEADER.format(header) + entry
    with pytest.raises(CatalogError) as caught:
        parse(text, PATH)
    assert caught.value.line == line and message in caught.value.message
    if "Plural-Forms" in caught.value.message:
        assert "for ru: `Plural-Forms: nplurals=3;" in (caught.value.hint or "")
    (tmp_path / "x.po").write_text(text, encoding="utf-8")
    with pytest.raises(AssertionError):
        msgfmt_check(tmp_path / "x.po")  # msgfmt refuses it too


@pytest.mark.parametrize(
    ("escaped", "text"),
    [
        (r"A\101B", "AAB"),  # octal
        (r"\x41\x42", "AB"),  # hex
        (r"\303\251t\xc3\xa9", "été"),  # bytes of UTF-8, as msgfmt reads them
        (r"\\101", "\\101"),  # an escaped backslash, then digits
        (r"\n\t\"\\", '\n\t"\\'),
    ],
)
def test_escapes_decode_as_msgfmt_reads_them(escaped: str, text: str) -> None:
    (item,) = parse(HEADER + f'msgid "a"\nmsgstr "{escaped}"\n', PATH).items
    assert item.msgstr == text
