"""The inline-token scanner: its tuned regexes and guards against plain formulations, the
definitions chosen where the stages used to disagree, and what MT protection protects
against what the checks mask."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transflow.engines.placeholders import MARKDOWN_SYNTAX, protect
from transflow.text.inline import (
    _ADDRESS_WITHOUT,
    _TLD,
    CODE_SPAN,
    LINK_TARGET,
    PLACEHOLDER,
    addresses,
    mask,
    placeholders,
    spans,
)

# --- plain formulations of the tuned regexes -----------------------------------------------

PLAIN_ADDRESS = re.compile(
    r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+"
    r"|(?<![\w@.])www\.[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+"
    r"|[A-Za-z0-9_.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"|(?<![\w@.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|io|info|news|kr|cn"
    r"|jp|tw|hk|uk)(?![\w.])(?:/[A-Za-z0-9\-._~/?#=&%+]*)?"
)
PLAIN_PLACEHOLDER = re.compile(
    r"(?<![\d%])%(?:\d+\$)?(?:\([\w.-]+\))?[-+#0]?\d*(?:\.\d+)?[sdifuxXeEgGcr](?![A-Za-z])"
    r"|\$\{\w+\}|\{\{?\s*[\w.]*\s*\}?\}|</?[A-Za-z][\w-]*(?:\s+[^<>]*)?/?>"
)
PLAIN_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
PLAIN_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|\]\[[^\]]*\]")

URL_PIECES = [
    "https://",
    "http://a.b/",
    "ftp://",
    "www.",
    "wwww.",
    "x@y.com",
    "a_b@c.org",
    "@",
    ".com",
    ".org",
    ".community",
    ".kr",
    "foo",
    "bar.",
    "a-b",
    "/",
    " ",
    "a.b.c",
    ".",
    "+",
    "%",
    "_",
    "w",
    "그",
    "。",
    "（",
    ")",
    "?q=1",
    "#x",
]
PLACEHOLDER_PIECES = [
    "%",
    "%%",
    "1",
    "5%",
    "%s",
    "%d",
    "%(x)s",
    "%1$s",
    "{",
    "}",
    "{x}",
    "{{ y }}",
    "${v}",
    "<b>",
    "</b>",
    "<a href=x>",
    "a",
    " ",
    "%.2f",
    "s",
    "-",
]
MARKDOWN_PIECES = ["`", "``", "x", "a b", "](", "](u", ")", "(", '"t"', " ", "]", "[", "][", "\n"]


@given(st.lists(st.sampled_from(URL_PIECES), max_size=14).map("".join))
def test_addresses_same_as_the_plain_regex(text: str) -> None:
    tuned = _ADDRESS_WITHOUT["@" in text, _TLD.search(text) is not None]
    assert tuned.findall(text) == PLAIN_ADDRESS.findall(text)


@given(st.lists(st.sampled_from(PLACEHOLDER_PIECES), max_size=12).map("".join))
def test_placeholders_same_as_the_plain_regex(text: str) -> None:
    assert PLACEHOLDER.findall(text) == PLAIN_PLACEHOLDER.findall(text)


@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=12).map("".join))
def test_code_spans_and_link_targets_same_as_the_plain_regexes(text: str) -> None:
    assert [m.span() for m in CODE_SPAN.finditer(text)] == [
        m.span() for m in PLAIN_CODE_SPAN.finditer(text)
    ]
    assert LINK_TARGET.findall(text) == PLAIN_LINK_TARGET.findall(text)


# --- the guarded operations against unguarded ones ------------------------------------------


def _merged(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _plain_spans(text: str) -> list[tuple[int, int]]:
    found = [
        m.span()
        for pattern in (PLAIN_CODE_SPAN, PLAIN_LINK_TARGET, PLAIN_PLACEHOLDER)
        for m in pattern.finditer(text)
    ]
    found += [
        (m.start(), m.start() + len(m.group().rstrip(".,;:!?")))
        for m in PLAIN_ADDRESS.finditer(text)
    ]
    return _merged(found)


TOKENS = [
    "https://example.org/a_b?x=1",
    "https://example.org/cases",
    "http://localhost:8080",
    "www.example.com/path",
    "example.org",
    "news1.kr",
    "press@example.org",
    "desk_news@example.com",
    "%s",
    "%(count)d",
    "%1$s",
    "%.2f",
    "12%",
    "{name}",
    "{0}",
    "{ 1.5 }",
    "${v}",
    "{{ x }}",
    "<b>",
    "</b>",
    "<br/>",
    '<a href="https://x.org">',
    "`code`",
    "`x_y`",
    "``a ` b``",
    "[a list](https://example.org/cases/12)",
    "![map](m_1.png)",
    '[t](https://un.org/sg_(2024) "UN 5")',
    "[r][1]",
]
TEXT = ["the", "panel", "said", "3.5", "1,200", "위원회는", "에서", "를", "委员会", "表示", "。"]
SYNTAX = ["**", "*", "_", "__", "~~", "\\*", "<!-- c -->", "<https://x.org>", "snake_case"]
CHARACTERS = [" ", " ", ".", ",", "(", ")", "[", "]", "`", "<", ">", "%", "{", "}", "@", "/", '"']
SENTENCE = st.lists(st.sampled_from(TOKENS + TEXT + SYNTAX + CHARACTERS), max_size=16).map("".join)


@given(SENTENCE)
def test_guarded_operations_same_as_unguarded(text: str) -> None:
    found = _plain_spans(text)
    assert spans(text) == found
    blanked = list(text)
    for start, end in found:
        blanked[start:end] = " " * (end - start)
    assert mask(text) == "".join(blanked)
    plain_addresses = Counter(m.rstrip(".,;:!?") for m in PLAIN_ADDRESS.findall(text))
    assert addresses(text) == plain_addresses
    assert placeholders(text) == Counter(PLAIN_PLACEHOLDER.findall(CODE_SPAN.sub("", text)))


# --- the definitions chosen where the stages disagreed --------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        # a Korean particle or Chinese punctuation after a URL, the sentence's full stop
        ("자세한 내용은 https://example.org/cases에서", ["https://example.org/cases"]),
        ("see https://example.org/a_b?x=1.", ["https://example.org/a_b?x=1"]),
        ("自https://example.org/cases，", ["https://example.org/cases"]),
        # autolink brackets are Markdown, the URL inside is the token
        ("at <https://example.org/9>", ["https://example.org/9"]),
        ("visit example.org or news1.kr today", ["example.org", "news1.kr"]),
        # e-mail: `_` before the @, no Chinese text written against it
        ("请致信press@example.org。", ["press@example.org"]),
        ("write to desk_news@example.com", ["desk_news@example.com"]),
        # a percentage is no placeholder; %1$d and {1.5} are
        ("a 12.4% increase", []),
        ("%1$d people, {1.5} and %(n)s", ["%1$d", "{1.5}", "%(n)s"]),
        ("<td colspan=2>", ["<td colspan=2>"]),
        # CommonMark code spans: equal backtick runs, an unmatched run is text
        ("run ``a ` b`` now", ["``a ` b``"]),
        ("a ``b` c", []),
        # link targets with parentheses and a title, reference links
        ('[t](https://un.org/sg_(2024) "UN 5")', ['](https://un.org/sg_(2024) "UN 5")']),
        ("[r][1] and ![m](m_1.png)", ["][1]", "](m_1.png)"]),
    ],
)
def test_tokens(text: str, tokens: list[str]) -> None:
    assert [text[start:end] for start, end in spans(text)] == tokens
    assert len(mask(text)) == len(text)


# --- MT protection against the checks' masking ----------------------------------------------

_SYNTAX = re.compile("|".join(MARKDOWN_SYNTAX), re.S)


def _protected(text: str) -> set[int]:
    """Offsets of `text` that protect() replaces by placeholders, read from its output."""
    masked = protect(text)
    covered: set[int] = set()
    shift = 0
    for index, m in enumerate(re.finditer(r"\{(\d+)\}", masked.text)):
        assert int(m.group(1)) == index
        start = m.start() + shift
        piece = masked.spans[index]
        assert text[start : start + len(piece)] == piece
        covered.update(range(start, start + len(piece)))
        shift += len(piece) - len(m.group())
    return covered


@given(SENTENCE)
def test_mt_protects_what_the_checks_mask(text: str) -> None:
    """Every character the checks blank out (numbers, unchanged, glossary matching) is
    protected from MT, and every protected character is blanked out by the checks unless
    it is Markdown syntax that only MT protection cares about (emphasis markers, a link's
    opening bracket, escapes, underscores): the shared kinds agree both ways."""
    protected = _protected(text)
    masked = {i for i, (a, b) in enumerate(zip(text, mask(text), strict=True)) if a != b}
    assert masked <= protected
    syntax = {i for m in _SYNTAX.finditer(text) for i in range(*m.span())}
    unmasked = {i for i in protected - masked - syntax if not text[i].isspace()}
    assert not unmasked, [text[i] for i in sorted(unmasked)]
    # and the URLs and e-mail addresses the urls check compares are protected
    for address in addresses(text):
        starts = [m.start() for m in re.finditer(f"(?={re.escape(address)})", text)]
        assert any(set(range(s, s + len(address))) <= protected for s in starts)
