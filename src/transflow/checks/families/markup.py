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

from transflow.checks.base import ERROR, Check, Entry, Problem, count_diff
from transflow.text.inline import CODE_SPAN, placeholders

LINK = re.compile(r"(!?)\[[^\]]*\]\(")
STRONG = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
EMPH = re.compile(r"(?<![*\\])\*(?!\*)")


_NONE: Counter[str] = Counter()  # shared, never mutated


def markdown(text: str) -> dict[str, object]:
    if "*" not in text and "_" not in text and "`" not in text and "[" not in text:
        return {}
    # each pattern runs only when its marker character is there (most sentences with
    # Markdown hold just a link): code needs "`", links "[", strong "*" or "_", emphasis "*"
    code = "`" in text
    plain = CODE_SPAN.sub("", text) if code else text
    links = LINK.findall(plain) if "[" in plain else []  # "!" for an image, "" for a link
    star = "*" in plain
    return {
        "code": Counter(m.group(2).strip() for m in CODE_SPAN.finditer(text)) if code else _NONE,
        "strong": len(STRONG.findall(plain)) if star or "_" in plain else 0,
        "emphasis": len(EMPH.findall(STRONG.sub("", plain))) if star else 0,
        "links": links.count(""),
        "images": links.count("!"),
    }


class Placeholders(Check):
    id = "placeholders"
    name = "Placeholders"
    description = "Printf/brace placeholders and inline HTML tags are kept exactly."
    severity = ERROR

    def run(self, entry: Entry):
        src = entry.source_memo("placeholders", placeholders)
        tgt = placeholders(entry.msgstr)
        # none, or the same ones: nothing to diff (dict's == is C; Counter's is Python code)
        if src is tgt or dict.__eq__(src, tgt):
            return
        missing, extra = count_diff(src, tgt)
        for p in missing:
            yield Problem(f"placeholder {p} is missing from the translation")
        for p in extra:
            yield Problem(f"placeholder {p} is not in the source")


_NAMES = {
    "strong": ("bold (**…**)", "markers"),
    "emphasis": ("italic (*…*)", "markers"),
    "links": ("link", "links"),
    "images": ("image", "images"),
}


class Markdown(Check):
    id = "markdown"
    name = "Inline Markdown"
    description = (
        "Bold, italic, links, images and code spans of the source are kept (code verbatim)."
    )
    severity = ERROR

    def run(self, entry: Entry):
        src = entry.source_memo("markdown", markdown)
        tgt = markdown(entry.msgstr)
        if not src and not tgt:
            return
        for key, (label, unit) in _NAMES.items():
            a, b = src.get(key, 0), tgt.get(key, 0)
            if a != b:
                yield Problem(f"{label}: the source has {a} {unit}, the translation {b}")
        src_code, tgt_code = src.get("code", _NONE), tgt.get("code", _NONE)
        if src_code == tgt_code:  # the usual case, no code spans: nothing to diff
            return
        missing, extra = count_diff(src_code, tgt_code)
        for code in missing:
            yield Problem(f"code span `{code}` must be kept verbatim")
        for code in extra:
            yield Problem(f"code span `{code}` is not in the source")
