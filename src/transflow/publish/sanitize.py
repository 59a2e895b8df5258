"""What a translation may carry into a published file: the one policy for the HTML pages and
the Markdown editions.

Translations are untrusted text. A link may go to http(s), mailto, or a relative or fragment
address (`safe_link`); raw HTML is text. The HTML pages apply this while rendering
(markdown-it with raw HTML off and `safe_link` as its link validator, `html.py`); the Markdown
editions, which Hugo, Jekyll or any other renderer may turn into HTML with raw HTML on, get
the same result in their source (`sanitize_markdown`): every raw HTML tag and every link or
image to another scheme is backslash-escaped, so any CommonMark renderer shows it as the
text the HTML pages show.
"""

from __future__ import annotations

import re

from markdown_it.helpers import parseLinkDestination

from transflow.text.markdown import parse_inline

_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:)", re.I)
_ANY_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_link(url: str) -> bool:
    """Links a translation may carry: http(s), mailto, and relative or fragment links."""
    cleaned = _CONTROL.sub("", url)
    if _SAFE_SCHEME.match(cleaned):
        return True
    return not _ANY_SCHEME.match(cleaned)


def sanitize_markdown(text: str) -> str:
    """Inline Markdown (a sentence) with its raw HTML tags, and its links, images and
    autolinks to unsafe addresses, backslash-escaped: text in every CommonMark renderer.

    Escaping a link can expose what its destination held (`[h](<javascript:x>)` holds an
    autolink), so the text is parsed again until nothing is left to escape."""
    while True:
        escaped = _escape_once(text)
        if escaped == text:
            return text
        text = escaped


def _escape_once(text: str) -> str:
    escapes = []
    for construct in parse_inline(text, any_link=True).constructs:
        start, end = construct.start, construct.end
        if construct.kind == "html":
            escapes.append(start)
        elif construct.kind == "autolink" and not safe_link(text[start + 1 : end - 1]):
            escapes.append(start)
        elif construct.kind in ("link", "image") and not safe_link(
            _destination(text, construct.inner[1], end)
        ):
            escapes.append(start + (construct.kind == "image"))
    for position in sorted(set(escapes), reverse=True):
        text = text[:position] + "\\" + text[position:]
    return text


def _destination(text: str, label_end: int, end: int) -> str:
    """The destination of the inline link whose label ends at `label_end` ("" for a
    reference link: its definition is not in a sentence)."""
    pos = label_end + 1  # past "]"
    if pos >= end or text[pos] != "(":
        return ""
    pos += 1
    while pos < end and text[pos] in " \t\n":
        pos += 1
    found = parseLinkDestination(text, pos, end)
    return found.str if found.ok else ""
