"""Placeholders and inline Markdown: what the renderer needs must survive translation.

Printf-style (`%s`, `%(name)s`, `%1$d`), brace (`{name}`, `${var}`) placeholders and inline
HTML tags must appear in the translation exactly as often as in the source. Inline Markdown
may be moved and its text translated, but strong/emphasis markers, links and images must keep
their count, and code spans their exact content. Link targets are the `urls` check's job.
Placeholders, tags and code spans are those of `transflow.text.inline`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from transflow.checks.base import ERROR, Entry, Problem, TokenCheck
from transflow.text.inline import CODE_SPAN, placeholders

LINK = re.compile(r"(!?)\[[^\]]*\]\(")
STRONG = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
EMPH = re.compile(r"(?<![*\\])\*(?!\*)")


class Markup(NamedTuple):
    """The inline Markdown of a text: its code spans by content, and how many markers."""

    code: dict[str, int]  # code span content -> how often
    strong: int
    emphasis: int
    links: int
    images: int


_NO_CODE: dict[str, int] = {}  # shared, never mutated
_PLAIN = Markup(_NO_CODE, 0, 0, 0, 0)


def markdown(text: str) -> Markup:
    if "*" not in text and "_" not in text and "`" not in text and "[" not in text:
        return _PLAIN
    # each pattern runs only when its marker character is there (most sentences with
    # Markdown hold just a link): code needs "`", links "[", strong "*" or "_", emphasis "*"
    code = "`" in text
    plain = CODE_SPAN.sub("", text) if code else text
    links = LINK.findall(plain) if "[" in plain else []  # "!" for an image, "" for a link
    star = "*" in plain
    return Markup(
        dict(Counter(m.group(2).strip() for m in CODE_SPAN.finditer(text))) if code else _NO_CODE,
        len(STRONG.findall(plain)) if star or "_" in plain else 0,
        len(EMPH.findall(STRONG.sub("", plain))) if star else 0,
        links.count(""),
        links.count("!"),
    )


class Placeholders(TokenCheck):
    """Printf/brace placeholders and inline HTML tags are kept exactly."""

    id = "placeholders"
    name = "Placeholders"
    severity = ERROR

    tokens = staticmethod(placeholders)

    def missing(self, placeholder: str, entry: Entry) -> Problem:
        return Problem(f"placeholder {placeholder} is missing from the translation")

    def extra(self, placeholder: str, entry: Entry) -> Problem:
        return Problem(f"placeholder {placeholder} is not in the source")


_NAMES = {
    "strong": ("bold (**…**)", "markers"),
    "emphasis": ("italic (*…*)", "markers"),
    "links": ("link", "links"),
    "images": ("image", "images"),
}


class Markdown(TokenCheck):
    """Bold, italic, links, images and code spans of the source are kept (code verbatim)."""

    id = "markdown"
    name = "Inline Markdown"
    severity = ERROR

    def missing(self, code: str, entry: Entry) -> Problem:
        return Problem(f"code span `{code}` must be kept verbatim")

    def extra(self, code: str, entry: Entry) -> Problem:
        return Problem(f"code span `{code}` is not in the source")

    def run(self, entry: Entry) -> Iterable[Problem]:
        # marker counts compared here; code spans, found by `markdown` along with the
        # markers, compared as tokens
        src = entry.source_memo("markdown", markdown)
        tgt = markdown(entry.msgstr)
        if src is tgt:  # the usual case: no Markdown on either side
            return []
        problems = []
        for key, (label, unit) in _NAMES.items():
            a, b = getattr(src, key), getattr(tgt, key)
            if a != b:
                problems.append(Problem(f"{label}: the source has {a} {unit}, the translation {b}"))
        if src.code != tgt.code:  # the usual case: no code spans on either side
            problems += self.compare(src.code, tgt.code, entry)
        return problems
