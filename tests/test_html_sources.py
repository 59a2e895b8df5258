"""HTML sources (a CMS export): extraction with lxml, and the editions made from them.

The golden case `tests/golden/cms-article-ko.html` (nested inline markup, lists in lists, a
quote, a figure, a hard break, hostile markup) is translated by `test_reassemble.py` into
`cms-article-ko.expect.md`; here its HTML page body is compared with
`cms-article-ko.expect.html` (TRANSFLOW_REGEN_GOLDEN=1 rewrites it), and the identity
translation is shown to round-trip: the page, read back as a source, gives the same segments
in the same structure.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from transflow.extract.sources import parse_article
from transflow.po.catalog import load_catalog
from transflow.project.errors import SourceError
from transflow.publish.html import markdown_renderer
from transflow.publish.reassemble import reassemble

GOLDEN = Path(__file__).parent / "golden"
CASE = GOLDEN / "cms-article-ko.html"
HOSTILE = ("script", "onclick", "onerror", "javascript", "alert", "tracker", "Home")


def _page_body(source: Path, table: dict[str, str], lang: str) -> str:
    result = reassemble(parse_article(source), table, lang, drop_title=True)
    return markdown_renderer().render(result.body)


def test_translated_page_matches_the_golden_file() -> None:
    po = load_catalog(CASE.with_suffix(".po"))
    body = _page_body(CASE, {e.msgid: e.msgstr for e in po if e.msgstr}, "ko")
    expect = CASE.with_name("cms-article-ko.expect.html")
    if os.environ.get("TRANSFLOW_REGEN_GOLDEN"):
        expect.write_text(body, encoding="utf-8")
    assert body == expect.read_text(encoding="utf-8")
    assert (
        "<ol>" in body and "<blockquote>" in body and "<strong>월요일 <em>제네바</em>에서" in body
    )


def test_hostile_markup_reaches_no_catalog_or_edition() -> None:
    article = parse_article(CASE)
    texts = [s.text for s in article.segments()]
    body = reassemble(article, {}, "ko").text + _page_body(CASE, {}, "ko")
    for word in HOSTILE:
        assert not any(word in t for t in texts), word
        assert word not in body, word
    assert "Delegates arrive at the Palais on Monday." in texts  # the javascript: link's text


def test_identity_translation_round_trips(tmp_path: Path) -> None:
    """The page of an untranslated edition, read back as an HTML source, has the source's
    segments, block kinds and layout; the figure is the one change (Markdown has no
    <figure>: its image and caption become paragraphs)."""
    article = parse_article(CASE)
    title = markdown_renderer().renderInline(article.title)
    page = tmp_path / "cms-article-ko.html"
    page.write_text(
        f"<html><body><article><h1>{title}</h1>\n{_page_body(CASE, {}, 'ko')}</article>",
        encoding="utf-8",
    )
    again = parse_article(page)
    kinds = [("paragraph" if b.kind == "caption" else b.kind, b.text) for b in article.blocks]
    assert [(b.kind, b.text) for b in again.blocks] == kinds
    assert [(p.lead, p.before, p.block) for p in again.layout] == [
        (p.lead, p.before, p.block) for p in article.layout
    ]
    assert [s.text for s in again.segments()] == [s.text for s in article.segments()]


def test_title_date_author_and_lines_come_from_the_document() -> None:
    article = parse_article(CASE)
    assert article.slug == "cms-article-ko" and article.format == "html"
    assert article.title == "Rights Groups Urge Answers on Detainees"  # text only
    assert article.metadata == {
        "slug": "cms-article-ko",
        "date": dt.date(2026, 11, 27),
        "author": "Jane Desk",
    }
    lines = CASE.read_text(encoding="utf-8").split("\n")
    for segment in article.segments():  # each sentence at the line it starts on
        first = segment.text.lstrip("*[“`!").split()[0]
        assert first in lines[segment.line - 1], segment
    assert [s.line for s in article.segments()][2:4] == [18, 19]  # one <p>, two lines
    assert {b.kind for b in article.blocks} >= {
        "title", "heading", "paragraph", "list_item", "blockquote", "caption"
    }  # fmt: skip


def test_title_falls_back_to_the_title_element_and_date_to_time(tmp_path: Path) -> None:
    page = tmp_path / "court.html"
    page.write_text(
        "<html><head><title>Court &amp; Rights</title></head>\n<body><main>\n"
        '<p><time datetime="2026-11-28">Nov. 28</time> The court ruled.</p>\n'
        "<div>Loose text in a <span>div</span>.<p>A paragraph.</p>Tail text.</div>\n"
        "</main></body></html>",
        encoding="utf-8",
    )
    article = parse_article(page)
    assert article.title == "Court & Rights"
    assert article.metadata["date"] == dt.date(2026, 11, 28)
    assert [b.text for b in article.blocks[1:]] == [
        "Nov. 28 The court ruled.",
        "Loose text in a div.",
        "A paragraph.",
        "Tail text.",
    ]
    assert [b.start_line for b in article.blocks] == [1, 3, 4, 4, 4]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>5 * 3 and snake_case and _under_ and [x] and &amp;amp;</p>",
         "5 \\* 3 and snake_case and \\_under\\_ and \\[x\\] and \\&amp;"),
        ("<p><em> spaced </em>word</p>", "*spaced* word"),
        ("<p><code>a ` b</code></p>", "``a ` b``"),
        ('<p><a href="/a b">link</a></p>', "[link](</a b>)"),
        ('<p><a href="vbscript:x">text</a> <img src="javascript:x" alt="x"></p>', "text"),
    ],
)  # fmt: skip
def test_inline_html_becomes_literal_inline_markdown(tmp_path: Path, html: str, text: str) -> None:
    page = tmp_path / "inline.html"
    page.write_text(f"<article><h1>T</h1>{html}</article>", encoding="utf-8")
    assert parse_article(page).blocks[1].text == text
    rendered = markdown_renderer().renderInline(text)
    assert "<script" not in rendered and "javascript" not in rendered


def test_a_slug_that_is_no_slug_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "Court Ruling.html"
    page.write_text("<article><h1>T</h1><p>Body.</p></article>", encoding="utf-8")
    with pytest.raises(SourceError, match="unsafe slug"):
        parse_article(page)
