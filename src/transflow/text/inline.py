"""Inline tokens: the parts of a sentence that are copied as they are, never translated.

The kinds, each defined once here:

- URLs: `https://…`, `ftp://…`, `www.…` and bare domains with a news TLD (`example.org`);
- e-mail addresses;
- placeholders: printf (`%s`, `%(name)s`, `%1$d`, `%.2f`), brace (`{name}`, `{0}`,
  `${var}`, `{{ x }}`) and inline HTML tags (`<b>`, `</a>`, `<br/>`);
- code spans (`` `code` ``);
- Markdown link and image targets (`](dest "title")`, `][ref]`).

Every stage goes through these definitions: the urls and placeholders checks count tokens
(`addresses`, `placeholders`), the markdown check compares code spans (`CODE_SPAN`), the
numbers and unchanged checks and glossary matching blank tokens out (`mask`), and MT
protection (`engines/placeholders`) replaces `spans` by placeholders; so what MT leaves
untranslated is exactly what the checks leave alone. Tokens are found in the text as
written, each kind on its own; where two overlap (a URL in a link target, a placeholder in a
code span) the token is their union.

Where the regexes of the separate stages used to disagree, the definitions chosen:

- URLs hold RFC 3986's ASCII characters only, so a Korean particle or Chinese punctuation
  right after a URL ends it (`https://example.org/cases에서`); trailing `.,;:!?` is the
  sentence's. (The numbers and glossary masks took any non-space character, MT protection
  any but `<>"`.) The angle brackets of an autolink `<https://…>` are Markdown, not URL:
  MT protects them as Markdown syntax.
- Bare domains count wherever URLs do (MT protection did not know them, so `example.org`
  could be translated while the urls check required it verbatim).
- E-mail addresses are ASCII with `_` allowed before the `@` (`desk_news@example.com`) and
  end in a TLD of letters; the masks took any word character, which swallowed the Chinese
  or Korean text written against an address (`请致信press@example.org`).
- Placeholders are the placeholders check's: a `%` not after a digit or `%` (`12%` is a
  percentage, not a placeholder), brace placeholders with dots and inner spaces, and HTML
  tags (the numbers mask missed `%1$d`, `{1.5}` and tags, and masked `%%`; MT protection
  knew none but tags).
- Code spans are CommonMark's: a run of n backticks up to the next run of exactly n
  (``` ``a ` b`` ``` is one span; an unmatched run is plain text). The check's
  `` `+[^`]+`+ `` cut ``` ``a ` b`` ``` short, the masks took any pair of single backticks.
- Link targets may hold one level of parentheses and a title (`](a_(b) "t")`), as MT
  protection had it; the masks stopped at the first `)` and knew no titles or `][ref]`.

Speed (every check and the glossary run these on every sentence): each operation first
tests for the characters a kind needs (`` ` ``, `](`, `%`, `{`, `<`, `@`, `://`, a `.`
and a TLD) and runs a kind's regex only where it can match, so a sentence without any costs
a few substring tests; addresses are looked for around code
spans and link targets, never inside. Within the regexes, look-behinds come after their
literal (the `%` of a printf placeholder, the `www.` of a URL) so re can jump to that
literal, and repeats that never need to give back are possessive. tests/test_inline.py
compares each tuned regex with its plain formulation, and the guarded operations with
unguarded ones.
"""

from __future__ import annotations

import re
from collections import Counter

# --- URLs and e-mail addresses -------------------------------------------------------------

_URL_CHARS = r"[A-Za-z0-9\-._~:/?#@!$&*+,;=%]"
_SCHEME = rf"(?:https?|ftp)://{_URL_CHARS}+"
# "www." not preceded by a word character, @ or dot: the look-behind after the literal
_WWW = rf"www\.(?<![\w@.]www\.){_URL_CHARS}+"
_EMAIL = r"[A-Za-z0-9_.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_TLDS = r"\.(?:com|org|net|gov|edu|int|io|info|news|kr|cn|jp|tw|hk|uk)"
# labels are taken whole (possessive ++): giving back part of one can never let a "." follow
_DOMAIN = rf"(?<![\w@.])[a-z0-9-]++(?:\.[a-z0-9-]++)*{_TLDS}(?![\w.])(?:/[A-Za-z0-9\-._~/?#=&%+]*)?"
# The alternation without the branches that cannot match a text (no "@": no e-mail; no
# ".com" & co.: no bare domain): the e-mail branch, which re tries at every character of
# every word, does not run on a sentence that merely holds a link. Same matches.
_ADDRESS_WITHOUT = {
    (at, tld): re.compile(
        "|".join(p for p, keep in ((_SCHEME, 1), (_WWW, 1), (_EMAIL, at), (_DOMAIN, tld)) if keep)
    )
    for at in (False, True)
    for tld in (False, True)
}
_TLD = re.compile(_TLDS)
_TRAILING = ".,;:!?"  # the sentence's punctuation after an address, not part of it


def _address_pattern(text: str) -> re.Pattern[str] | None:
    """The address regex without the branches that cannot match `text`, or None when no
    address can be in it."""
    tld = "." in text and _TLD.search(text) is not None
    if tld or "://" in text or "www." in text or "@" in text:
        return _ADDRESS_WITHOUT["@" in text, tld]
    return None


_NO_ADDRESSES: dict[str, int] = {}  # shared, never mutated


def addresses(text: str) -> dict[str, int]:
    """URLs and e-mail addresses of a text, with how often each occurs (a plain dict: a
    Counter costs ~2 µs to build, and its == is Python code)."""
    pattern = _address_pattern(text)
    if pattern is None:
        return _NO_ADDRESSES
    found: dict[str, int] = {}
    for address in pattern.findall(text):
        address = address.rstrip(_TRAILING)
        found[address] = found.get(address, 0) + 1
    return found


# --- placeholders, inline HTML, code spans, link targets ------------------------------------

# the %-branch tests "not after a digit or %" once past its "%": a look-behind first would
# make re try the whole alternation at every character; this way it jumps to % $ { <
_PRINTF = r"%(?<![\d%]%)(?:\d+\$)?(?:\([\w.-]+\))?[-+#0]?\d*(?:\.\d+)?[sdifuxXeEgGcr](?![A-Za-z])"
_BRACE = r"\$\{\w+\}|\{\{?\s*[\w.]*\s*\}?\}"
_TAG = r"</?[A-Za-z][\w-]*(?:\s+[^<>]*)?/?>"
PLACEHOLDER = re.compile(f"{_PRINTF}|{_BRACE}|{_TAG}")
# a maximal run of backticks (the look-behind after the first one), the content, and a run
# of exactly as many
CODE_SPAN = re.compile(r"(`(?<!``)`*+)(.+?)(?<!`)\1(?!`)", re.S)
# `](dest)` with one level of parentheses in dest and an optional "title", or `][ref]`
LINK_TARGET = re.compile(
    r"\]\([^()\s]*+(?:\([^()\s]*+\)[^()\s]*+)*+(?:\s+\"[^\"]*\")?\)|\]\[[^\]]*\]"
)

_NO_PLACEHOLDERS: dict[str, int] = {}  # shared, never mutated


def placeholders(text: str) -> dict[str, int]:
    """Placeholders and inline HTML tags outside code spans, with how often each occurs (a
    plain dict, as `addresses`: compared with dict's C equality)."""
    if "%" not in text and "{" not in text and "<" not in text:
        return _NO_PLACEHOLDERS
    found = PLACEHOLDER.findall(CODE_SPAN.sub("", text) if "`" in text else text)
    return dict(Counter(found)) if found else _NO_PLACEHOLDERS  # "12%" holds none


# --- every kind at once: for masking and MT protection ---------------------------------------


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inline tokens of `text`, in order; overlapping or touching
    tokens are one span."""
    found = sorted(_scan(text)[0])
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def mask(text: str) -> str:
    """`text` with its inline tokens blanked out by spaces (same length, so offsets hold):
    where no number is read and no glossary term looked for."""
    # the characters some kind needs, tested here at once: most sentences have none
    if (
        "`" in text
        or "]" in text
        or "%" in text
        or "{" in text
        or "<" in text
        or "@" in text
        or "://" in text
        or "www." in text
        or ("." in text and _TLD.search(text))
    ):
        return _scan(text)[1]
    return text


def _scan(text: str) -> tuple[list[tuple[int, int]], str]:
    """(spans of the tokens of `text`, in no order and overlapping, the masked text): each
    kind is looked for only where its marker characters are, so that a sentence without any
    costs a few substring tests."""
    found: list[tuple[int, int]] = []
    scan = text
    if "`" in text or "]" in text:
        if "`" in text:
            found += [m.span() for m in CODE_SPAN.finditer(text)]
        if "](" in text or "][" in text:
            found += [m.span() for m in LINK_TARGET.finditer(text)]
        if found:
            # addresses are looked for around code spans and link targets only: no address
            # can run into or out of one (` ] ) are no address characters), and the URL of
            # a link, which would cost a scan with every branch, is in the target already
            scan = _blanked(text, found)
    address = _address_pattern(scan)
    placeholder = "%" in text or "{" in text or "<" in text
    if address is None and not placeholder:
        return found, scan
    more = [] if address is None else [_trimmed(m) for m in address.finditer(scan)]
    if placeholder:
        more += [m.span() for m in PLACEHOLDER.finditer(text)]
    if more:
        scan = _blanked(scan, more)
        found += more
    return found, scan


def _trimmed(m: re.Match[str]) -> tuple[int, int]:
    """The span of an address match without the sentence's punctuation after it."""
    return m.start(), m.start() + len(m.group().rstrip(_TRAILING))


def _blanked(text: str, found: list[tuple[int, int]]) -> str:
    """`text` with the spans `found` (in any order, overlapping or not) blanked out."""
    parts: list[str] = []
    last = 0
    for start, end in sorted(found) if len(found) > 1 else found:
        if end > last:
            parts += (text[last:start] if start > last else "", " " * (end - max(start, last)))
            last = end
    parts.append(text[last:])
    return "".join(parts)
