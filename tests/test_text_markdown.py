"""Inline Markdown structure: constructs, hard breaks and stray delimiters with positions, held
to markdown-it-py's own token stream."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from transflow.text.markdown import parse_inline


def shown(text: str, references=None) -> list[tuple[str, str, str]]:
    return [
        (c.kind, text[c.start : c.end], text[c.inner[0] : c.inner[1]])
        for c in parse_inline(text, references).constructs
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*He left.*", [("emphasis", "*He left.*", "He left.")]),
        ("**Breaking.** Then", [("strong", "**Breaking.**", "Breaking.")]),
        ("***both***", [("emphasis", "***both***", "**both**"), ("strong", "**both**", "both")]),
        ("![a *b*](c.png) x", [("image", "![a *b*](c.png)", "a *b*")]),
        (
            '[a *b* c](u "T. x")',
            [("link", '[a *b* c](u "T. x")', "a *b* c"), ("emphasis", "*b*", "b")],
        ),
        ("<https://e.org/a?id=1>", [("autolink", "<https://e.org/a?id=1>", "")]),
        ("run `a. B` now", [("code", "`a. B`", "")]),
        ("x &amp; y", [("entity", "&amp;", "")]),
        (
            "<b>One. Two.</b> <br>",
            [
                ("element", "<b>One. Two.</b>", "One. Two."),
                ("html", "<b>", ""),
                ("html", "</b>", ""),
                ("html", "<br>", ""),
            ],
        ),
        ("a * b, 2*3, snake_case, \\*x\\*", []),  # no construct: literal or escaped
        ("[label] and [x][label]", [("link", "[label]", "label"), ("link", "[x][label]", "x")]),
    ],
)
def test_constructs(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert shown(text, {"LABEL": {"href": "/u", "title": ""}}) == expected


def test_reference_links_need_their_definition() -> None:
    assert shown("[label] and [x][label]") == []


def test_hard_breaks_and_stray_delimiters() -> None:
    text = "Seoul  \nNov. 27\\\n(Yonhap) *lone and **more* _x"
    markup = parse_inline(text)
    assert [text[a:b] for a, b in markup.hard_breaks] == ["  \n", "\\\n"]
    # `**more*` pairs one `*` of `**`; `*lone` and `_x` can open and pair with nothing
    assert markup.stray == (text.index("*lone"), text.index("**more"), text.index("_x"))


def test_inside_is_strict() -> None:
    markup = parse_inline("a *b c* d")
    assert [c.kind for c in markup.inside(4)] == ["emphasis"]
    assert markup.inside(2) == [] and markup.inside(7) == []


# --- property: what markdown-it itself makes of the text ----------------------------------

PIECES = st.sampled_from(
    [
        "*", "**", "_", "__", "`", "``", "[", "]", "(", ")", "![", "](u)", "](<a b>)", "<", ">",
        "<b>", "</b>", "<br/>", "<a\nhref='x'>", "<https://e.org/a?b=1>", "&amp;", "&#35;",
        "\\", "\\*", "  \n", "\n", " ", "a", "word", ".", "!", "?", "다.", "“", "\t", '"t"',
    ]
)  # fmt: skip
TEXTS = st.one_of(st.lists(PIECES, max_size=25).map("".join), st.text(max_size=40))


# the first and last character of each kind of construct
ENDS = {
    "emphasis": ("*_", "*_"),
    "strong": ("*_", "*_"),
    "link": ("[", ")]"),
    "image": ("!", ")]"),
    "code": ("`", "`"),
    "autolink": ("<", ">"),
    "html": ("<", ">"),
    "element": ("<", ">"),
    "entity": ("&", ";"),
}


def _markdown_it_counts(text: str) -> Counter[str]:
    md = MarkdownIt("commonmark")
    tokens: list = []
    md.inline.parse(text, md, {"references": {}}, tokens)
    names = {
        "em_open": "emphasis",
        "strong_open": "strong",
        "image": "image",
        "code_inline": "code",
        "html_inline": "html",
        "hardbreak": "hardbreak",
    }
    counts: Counter[str] = Counter()
    for token in tokens:
        if token.type == "link_open":
            counts["autolink" if token.markup == "autolink" else "link"] += 1
        elif token.type == "text_special" and token.info == "entity":
            counts["entity"] += 1
        elif token.type in names:
            counts[names[token.type]] += 1
    return counts


@given(text=TEXTS)
def test_constructs_are_markdown_its(text: str) -> None:
    markup = parse_inline(text)
    counts = Counter(c.kind for c in markup.constructs if c.kind != "element")
    counts.update(["hardbreak"] * len(markup.hard_breaks))
    assert counts == _markdown_it_counts(text)
    for c in markup.constructs:
        assert 0 <= c.start <= c.inner[0] <= c.inner[1] <= c.end <= len(text)
        first, last = ENDS[c.kind]
        assert text[c.start] in first and text[c.end - 1] in last, (c, text)
        if c.kind in ("emphasis", "strong"):
            assert text[c.start : c.inner[0]] == text[c.inner[1] : c.end]
            assert c.inner[0] - c.start == (1 if c.kind == "emphasis" else 2)
    for a, b in markup.hard_breaks:
        assert "\n" in text[a:b] and text[a] in " \\"
    assert all(text[p] in "*_" for p in markup.stray)
