"""Placeholders and inline Markdown: what the renderer needs must survive translation.

Printf-style (`%s`, `%(name)s`, `%1$d`), brace (`{name}`, `${var}`) placeholders and inline
HTML tags must appear in the translation exactly as often as in the source. Inline Markdown
may be moved and its text translated, but the translation must hold as many emphasis and
strong pairs, links and images as the source, paired as CommonMark pairs them
(`transflow.text.markdown`), and its code spans their exact content. A `*` or `_` that pairs
with nothing in its sentence is worse than a dropped one: on the page it pairs with a marker
of the sentence before or after, so the translation must have as many as the source. Link
targets are the `urls` check's job. Placeholders, tags and code spans are those of
`transflow.text.inline`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from transflow.checks.base import ERROR, Entry, Problem, TokenCheck
from transflow.text.inline import CODE_SPAN, placeholders
from transflow.text.markdown import parse_inline


class Markup(NamedTuple):
    """The inline Markdown of a text: its code spans by content, how many constructs of each
    kind, and its stray delimiters."""

    code: dict[str, int]  # code span content -> how often
    strong: int
    emphasis: int
    links: int
    images: int
    stray: tuple[int, int]  # how many `*` and how many `_` pair with nothing


_NO_CODE: dict[str, int] = {}  # shared, never mutated
_PLAIN = Markup(_NO_CODE, 0, 0, 0, 0, (0, 0))


def markdown(text: str) -> Markup:
    # emphasis, strong and lone delimiters need "*" or "_", links and images "[", code "`":
    # most sentences have none of them
    if "*" not in text and "_" not in text and "`" not in text and "[" not in text:
        return _PLAIN
    parsed = parse_inline(text)
    kinds = Counter(c.kind for c in parsed.constructs)
    return Markup(
        dict(Counter(m.group(2).strip() for m in CODE_SPAN.finditer(text)))
        if "`" in text
        else _NO_CODE,
        kinds["strong"],
        kinds["emphasis"],
        kinds["link"],
        kinds["image"],
        (sum(text[p] == "*" for p in parsed.stray), sum(text[p] == "_" for p in parsed.stray)),
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


_NAMES = {  # what is counted: (one, several)
    "strong": ("bold span (**…**)", "bold spans (**…**)"),
    "emphasis": ("italic span (*…*)", "italic spans (*…*)"),
    "links": ("link", "links"),
    "images": ("image", "images"),
}


def _count(number: int, names: tuple[str, str]) -> str:
    return f"{number} {names[0] if number == 1 else names[1]}"


class Markdown(TokenCheck):
    """Bold, italic, links, images, code spans (verbatim) and line breaks of the source are
    kept, and no `*` or `_` is left to pair with one of another sentence."""

    id = "markdown"
    name = "Inline Markdown"
    severity = ERROR

    def missing(self, code: str, entry: Entry) -> Problem:
        return Problem(f"code span `{code}` must be kept verbatim")

    def extra(self, code: str, entry: Entry) -> Problem:
        return Problem(f"code span `{code}` is not in the source")

    def run(self, entry: Entry) -> Iterable[Problem]:
        # constructs counted here; code spans, found by `markdown` along with them,
        # compared as tokens
        src = entry.source_memo("markdown", markdown)
        tgt = markdown(entry.msgstr)
        if src is tgt:  # the usual case: no Markdown on either side
            return []
        problems = []
        for key, names in _NAMES.items():
            a, b = getattr(src, key), getattr(tgt, key)
            if a != b:
                problems.append(
                    Problem(
                        f"the source has {_count(a, names)}, the translation {_count(b, names)}"
                    )
                )
        if not problems and src.stray != tgt.stray:  # a marker moved out of its pair
            for marker, a, b in zip("*_", src.stray, tgt.stray, strict=True):
                if a != b:
                    problems.append(
                        Problem(
                            f"{marker} that pairs with nothing: the source has {a}, the "
                            f"translation {b} (on the page it pairs with a {marker} of the "
                            "sentence before or after)"
                        )
                    )
        # a msgid holds a line break only inside markup (a hard break in `*one\ntwo*`, a
        # break in an HTML tag); more of them are the whitespace check's
        breaks, kept = entry.msgid.count("\n"), entry.msgstr.count("\n")
        if kept < breaks:
            problems.append(
                Problem(
                    f"line breaks: the source has {breaks}, the translation {kept} "
                    "(the edition would lose them)"
                )
            )
        if src.code != tgt.code:  # the usual case: no code spans on either side
            problems += self.compare(src.code, tgt.code, entry)
        return problems
