"""Parsing of both source formats and every bad-input case."""

from __future__ import annotations

from pathlib import Path

import pytest

from transflow.extract.sources import discover, load_articles, parse_article
from transflow.project.errors import SourceError

from .conftest import write

MARKDOWN = """\
---
title: "Families of Defectors Seek Answers"
slug: defector-families
date: 2026-11-27
author: "Staff"
---

Relatives gathered in Seoul on Monday. They asked the
*Ministry of Unification* for [news](https://example.org/a) of their kin.

## Demands

- Release the detainees. Allow visits.
- Publish the list.

> “We will not stop,” she said. The rally ended at 3 p.m.

```
code is not translated.
```
"""


def test_markdown_blocks_lines_and_inline_markup(tmp_path: Path) -> None:
    path = write(tmp_path / "defector-families.md", MARKDOWN)
    article = parse_article(path)
    assert article.slug == "defector-families"
    assert article.title == "Families of Defectors Seek Answers"
    kinds = [(b.kind, b.start_line) for b in article.blocks]
    assert kinds == [
        ("title", 2),
        ("paragraph", 8),
        ("heading", 11),
        ("list_item", 13),
        ("list_item", 14),
        ("blockquote", 16),
    ]
    segs = [(s.text, s.line) for s in article.segments()]
    assert segs[1] == ("Relatives gathered in Seoul on Monday.", 8)
    # a sentence that starts on the second line of a hard-wrapped paragraph
    assert segs[2] == (
        "They asked the *Ministry of Unification* for [news](https://example.org/a) of their kin.",
        8,
    )
    assert ("Release the detainees.", 13) in segs
    assert ("Allow visits.", 13) in segs
    assert ("“We will not stop,” she said.", 16) in segs
    assert ("The rally ended at 3 p.m.", 16) in segs
    assert not any("code is not translated" in s for s, _ in segs)


def test_wrapped_sentence_starting_on_second_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.md",
        """\
        # Title

        First sentence here.
        Second sentence starts on line four.
        """,
    )
    segs = [(s.text, s.line) for s in parse_article(path).segments()]
    assert segs == [
        ("Title", 1),
        ("First sentence here.", 3),
        ("Second sentence starts on line four.", 4),
    ]


def test_wire_layout(tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.txt",
        "seoul-rally\n\nA Title\n\nOne. Two.\n\nThree continues\nover two lines.\n",
    )
    article = parse_article(path)
    assert article.slug == "seoul-rally" and article.title == "A Title"
    assert [(s.text, s.line, s.kind) for s in article.segments()] == [
        ("A Title", 3, "title"),
        ("One.", 5, "paragraph"),
        ("Two.", 5, "paragraph"),
        ("Three continues over two lines.", 7, "paragraph"),
    ]


@pytest.mark.parametrize(
    "name, content, fragment, line",
    [
        ("a.txt", "../etc/passwd\n\nTitle\n\nBody.\n", "unsafe slug", 1),
        ("a.txt", "Bad Slug\n\nTitle\n\nBody.\n", "unsafe slug", 1),
        ("a.md", "---\nslug: a/b\ntitle: T\n---\n\nBody.\n", "unsafe slug", 2),
        ("a.md", "---\ntitle: T\nslug: ..\n---\n\nBody.\n", "unsafe slug", 3),
        ("a.txt", "", "empty", None),
        ("a.txt", "  \n\n", "empty", None),
        ("a.txt", "only-slug\n", "no title", 1),
        ("a.txt", "slug\n\nTitle only\n", "no paragraphs", 3),
        ("a.txt", "slug\nTitle\n\nBody.\n", "line 2 must be blank", 2),
        ("a.md", "---\ntitle: [unclosed\n---\nBody.\n", "bad YAML", 2),
        ("a.md", "---\ntitle: T\ndate: 2026-13-45\n---\nBody.\n", "2026-13-45 is no date", 3),
        ("a.md", "---\ntitle: T\n\ndate: 2026-02-28 25:00:00\n---\nBody.\n", "hour must be", 4),
        ("a.md", "Just text without any title.\n", "no title", 1),
        ("a.md", "---\ntitle: Only a title\n---\n", "no body", 2),
        ("a.rst", "Title\n=====\n", "unsupported source type", None),
        ("a.txt", "slug\n\nTitle\n\nCaf\x00e.\n", "U+0000 (NUL) at column 4", 5),
        ("a.md", "---\ntitle: T\n---\n\nOne.\x0cTwo.\n", "U+000C at column 5", 5),
        ("a.md", "---\ntitle: T\x1b[1m\n---\n\nOne.\n", "U+001B at column 9", 2),
    ],
)
def test_bad_sources(tmp_path: Path, name: str, content: str, fragment: str, line) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        parse_article(path)
    assert fragment in info.value.message
    assert info.value.path == str(path)
    assert info.value.line == line


def test_non_utf8_names_byte_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"slug\n\nTitle\n\nCaf" + b"\xe9 au lait.\n")
    with pytest.raises(SourceError) as info:
        parse_article(path)
    assert "byte 0xe9 at offset 16" in info.value.message
    assert info.value.line == 5
    assert "UTF-8" in info.value.render()


def test_crlf_bom_and_tabs_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfslug-a\r\n\r\nTitle\r\n\r\nBody one.\tBody two.\r\n")
    article = parse_article(path)
    assert article.slug == "slug-a"
    assert [s.text for s in article.segments()] == ["Title", "Body one.", "Body two."]


def test_duplicate_slugs_are_refused(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", "same-slug\n\nT\n\nBody.\n")
    write(tmp_path / "two.md", "---\ntitle: T\nslug: same-slug\n---\n\nBody.\n")
    with pytest.raises(SourceError, match="duplicate slug 'same-slug'"):
        load_articles(tmp_path)


def test_missing_sources_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="sources folder does not exist"):
        discover(tmp_path / "sources")


def test_select_unknown_article_lists_known_slugs(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "alpha\n\nT\n\nBody.\n")
    with pytest.raises(SourceError, match="Known slugs: alpha"):
        load_articles(tmp_path, select=["beta"])
    assert [a.slug for a in load_articles(tmp_path, select=["alpha"])] == ["alpha"]
    assert [a.slug for a in load_articles(tmp_path, select=[str(tmp_path / "a.txt")])] == ["alpha"]


# --- hard line breaks (issue 11, D17) --------------------------------------------------------

HARD_BREAKS = """\
---
title: T
---

SEOUL, Nov. 27 (Yonhap)<2 spaces>
Families gathered on Monday. They asked for news.

Ministry of Unification\\
209 Sejong-daero

The court ruled on *two cases.<2 spaces>
Both* were appeals. Run `a<2 spaces>
b` and <a
href="x">this</a>.
""".replace("<2 spaces>", "  ")


def test_a_hard_line_break_ends_a_segment_and_loses_its_marker(tmp_path: Path) -> None:
    article = parse_article(write(tmp_path / "a.md", HARD_BREAKS))
    assert [(s.text, s.line) for s in article.segments()][1:6] == [
        ("SEOUL, Nov. 27 (Yonhap)", 5),
        ("Families gathered on Monday.", 6),
        ("They asked for news.", 6),
        ("Ministry of Unification", 8),
        ("209 Sejong-daero", 9),
    ]
    assert article.blocks[2].text == "Ministry of Unification\n209 Sejong-daero"


def test_line_breaks_inside_inline_markup_stay_in_their_segment(tmp_path: Path) -> None:
    article = parse_article(write(tmp_path / "a.md", HARD_BREAKS))
    # a hard break inside emphasis; a code span's line break is the space CommonMark makes of
    # it (the spaces before it stay); a line break inside an HTML tag stays a line break
    assert [s.text for s in article.segments()][6:] == [
        "The court ruled on *two cases.\nBoth* were appeals.",
        'Run `a   b` and <a\nhref="x">this</a>.',
    ]


def test_wire_text_has_no_hard_breaks(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", "slug-a\n\nTitle\n\nSeoul  \nNov. 27\\\nrally.\n")
    assert [s.text for s in parse_article(path).segments()][1:] == ["Seoul Nov. 27\\ rally."]
