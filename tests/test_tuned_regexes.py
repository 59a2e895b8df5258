"""Regexes tuned for speed find exactly what their plain formulation finds.

urls.py drops the e-mail or bare-domain branch when a text cannot hold one, moves a
look-behind after a literal and makes domain labels possessive; markup.py moves the
placeholder look-behind after its "%". These compare each with the straightforward regex on
random texts built from pieces that exercise them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from transflow.checks.families.markup import PLACEHOLDER
from transflow.checks.families.urls import _TLD, _URL_WITHOUT

PLAIN = re.compile(
    r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+"
    r"|(?<![\w@.])www\.[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"|(?<![\w@.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|io|info|news|kr|cn"
    r"|jp|tw|hk|uk)(?![\w.])(?:/[A-Za-z0-9\-._~/?#=&%+]*)?"
)
PIECES = [
    "https://",
    "http://a.b/",
    "ftp://",
    "www.",
    "wwww.",
    "x@y.com",
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


@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_same_matches_as_the_plain_regex(text: str) -> None:
    tuned = _URL_WITHOUT["@" in text, _TLD.search(text) is not None]
    assert tuned.findall(text) == PLAIN.findall(text)


PLAIN_PLACEHOLDER = re.compile(
    r"(?<![\d%])%(?:\d+\$)?(?:\([\w.-]+\))?[-+#0]?\d*(?:\.\d+)?[sdifuxXeEgGcr](?![A-Za-z])"
    r"|\$\{\w+\}|\{\{?\s*[\w.]*\s*\}?\}|</?[A-Za-z][\w-]*(?:\s+[^<>]*)?/?>"
)
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


@given(st.lists(st.sampled_from(PLACEHOLDER_PIECES), max_size=12).map("".join))
def test_placeholders_same_as_the_plain_regex(text: str) -> None:
    assert PLACEHOLDER.findall(text) == PLAIN_PLACEHOLDER.findall(text)
