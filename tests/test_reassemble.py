"""Reassembly: the source document with each segment replaced, golden files side by side.

In the style of mdpo: `tests/golden/<case>.md` (or `.txt`, a wire article, or `.html`, a CMS
export), `<case>.po`
(the translations; its `Language` header is the target) and `<case>.expect.md`. Set
TRANSFLOW_REGEN_GOLDEN=1 to rewrite the expectations after a deliberate change, then read
the diff before committing it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from transflow.extract.sources import parse_article
from transflow.po.catalog import load_catalog
from transflow.project.errors import SourceError
from transflow.publish.reassemble import escape_markdown, join_sentences, reassemble

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(
    p
    for p in GOLDEN.iterdir()
    if p.suffix in (".md", ".txt", ".html") and ".expect" not in p.suffixes
)


def _translate(source: Path):
    po = load_catalog(source.with_suffix(".po"))
    lang = po.metadata["Language"].replace("_", "-")
    table = {e.msgid: e.msgstr for e in po if not e.obsolete and e.msgstr}
    return reassemble(parse_article(source), table, lang)


@pytest.mark.parametrize("source", CASES, ids=[p.stem for p in CASES])
def test_golden(source: Path) -> None:
    expect = source.with_name(source.stem + ".expect.md")
    result = _translate(source)
    if os.environ.get("TRANSFLOW_REGEN_GOLDEN"):
        expect.write_text(result.text, encoding="utf-8")
    assert result.text == expect.read_text(encoding="utf-8")


def test_golden_cases_cover_the_block_kinds() -> None:
    kinds = {b.kind for p in CASES for b in parse_article(p).blocks}
    assert kinds >= {"title", "heading", "paragraph", "list_item", "blockquote", "table_cell"}
    assert {p.suffix for p in CASES} == {".md", ".txt", ".html"}


def test_untranslated_sentences_stay_in_the_source_language_and_are_listed() -> None:
    result = _translate(GOLDEN / "untranslated-zh.md")
    assert result.missing == ["Second is not.", "Item not translated."]
    assert "第一句已翻译。Second is not." in result.body  # wide | Latin: no space


def test_nothing_translated_gives_the_source_body_back() -> None:
    source = GOLDEN / "paragraphs-zh.md"
    article = parse_article(source)
    result = reassemble(article, {}, "ko")
    # the only change: a block's soft line breaks become single spaces
    original = source.read_text(encoding="utf-8").split("---\n", 2)[2].lstrip("\n")
    assert result.body == original.replace("Shenyang.\n", "Shenyang. ")
    assert len(result.missing) == len({s.text for s in article.segments()})


def test_drop_title_removes_a_heading_title_from_the_body() -> None:
    article = parse_article(GOLDEN / "heading-title-ja.md")
    result = reassemble(
        article, {"Families Seek Answers": "家族が答えを求める"}, "ja", drop_title=True
    )
    assert result.title == "家族が答えを求める" and result.title_in_body
    assert result.body.startswith("The ministry replied.")
    assert "## Next steps" in result.body


@pytest.mark.parametrize(
    ("lang", "pieces", "gaps", "expected"),
    [
        ("zh", ["他说。", "她说。"], [" "], "他说。她说。"),
        ("zh", ["“要等多久？”她问。", "没有回应。"], [" "], "“要等多久？”她问。没有回应。"),
        ("zh", ["He said OK.", "Then left."], [" "], "He said OK. Then left."),
        ("zh-Hant", ["他說。", "(AP)"], [" "], "他說。(AP)"),
        ("ja", ["省は回答した。", "見直しを約束した。"], [" "], "省は回答した。見直しを約束した。"),
        (
            "ko",
            ["회담이 재개됐다.", "양측은 특사를 보냈다."],
            [" "],
            "회담이 재개됐다. 양측은 특사를 보냈다.",
        ),
        ("en", ["One.", "Two."], ["  "], "One.  Two."),
        ("zh", ["首尔。", "他说。"], ["\n"], "首尔。\n他说。"),  # a hard line break
    ],
)
def test_sentence_joins_follow_the_target_language(lang, pieces, gaps, expected) -> None:
    assert join_sentences(pieces, gaps, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Not a list", "1\\. Not a list"),
        ("2019) Not a list", "2019\\) Not a list"),
        ("- not an item", "\\- not an item"),
        ("# not a heading", "\\# not a heading"),
        ("a *b* [c](d) <e> `f`", "a \\*b\\* \\[c\\](d) \\<e\\> \\`f\\`"),
    ],
)
def test_wire_text_is_made_literal_in_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_hard_breaks_keep_their_marker_and_their_line(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: T\n---\n\n> Seoul\\\n> Nov. 27  \n> Today.\n", encoding="utf-8")
    table = {"Seoul": "서울", "Nov. 27": "11월 27일", "Today.": "오늘."}
    result = reassemble(parse_article(source), table, "ko")
    assert result.body == "> 서울\\\n> 11월 27일  \n> 오늘.\n"


def test_a_hard_line_cannot_start_another_block(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: T\n---\n\n- Seoul\\\n  Nov. 27\n", encoding="utf-8")
    result = reassemble(parse_article(source), {"Nov. 27": "# 11월 27일"}, "ko")
    assert result.body == "- Seoul\\\n  \\# 11월 27일\n"


def test_a_translation_without_the_hard_break_of_its_source_keeps_the_block_whole(
    tmp_path: Path,
) -> None:
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: T\n---\n\nSo *one\\\ntwo* three.\nFour.\n", encoding="utf-8")
    article = parse_article(source)
    assert [s.text for s in article.segments()][1:] == ["So *one\ntwo* three.", "Four."]
    result = reassemble(article, {"So *one\ntwo* three.": "Così *uno due* tre."}, "it")
    assert result.body == "Così *uno due* tre. Four.\n"  # no stray backslash, one line


def test_a_translation_cannot_turn_a_paragraph_into_another_block(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: T\n---\n\nIt was 2019.\n", encoding="utf-8")
    article = parse_article(source)
    result = reassemble(article, {"It was 2019.": "# 2019년이었다.\nsecond line"}, "ko")
    assert result.body == "\\# 2019년이었다. second line\n"


FRAGMENTS = [
    "# Head one",
    "## Head *two* ##",
    "Setext\n---",
    "Para one. Para two.\nLine three.",
    "- a. b.\n- c\n  continued.",
    "1. one\n2. two",
    "> quote. more.\n> line two.",
    "> - q item\n>   more",
    "| a | b |\n|---|---|\n| c \\| d | e |",
    "```\ncode\n```",
    "<div>x</div>",
    "Text with [link](http://x.y) and `code`.",
    "* star\n\n  second para.",
    "    indented code",
    "Para\n===",
    "A line  \nbreak here.",
    "SEOUL (AP)\\\nThe talks. More talks.",
    "> Quote.\\\n> — Kim, *father*",
    "- item one.  \n  line two.",
    "*One  \ntwo.* Three.",
    "Setext  \nheading\n---",
]


@given(
    parts=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=7),
    lang=st.sampled_from(["ko", "zh", "ja"]),
)
def test_reassembled_document_keeps_the_block_structure(parts: list[str], lang: str) -> None:
    """Whatever the layout, the edition parses into the same blocks as the source."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "a.md"
        source.write_text("---\ntitle: T\n---\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")
        try:
            article = parse_article(source)
        except SourceError:  # e.g. only code: no body text to translate
            reject()
        table = {s.text: f"译{s.text}。" for s in article.segments()}
        result = reassemble(article, table, lang)
        assert not result.missing
        edition = Path(folder) / "b.md"
        edition.write_text(result.text, encoding="utf-8")
        again = parse_article(edition)
        assert [b.kind for b in again.blocks] == [b.kind for b in article.blocks]
        assert [b.text.count("\n") for b in again.blocks] == [
            b.text.count("\n") for b in article.blocks
        ]  # every hard line break kept
        assert all(b.text.startswith("译") for b in again.blocks if b.kind != "title")
