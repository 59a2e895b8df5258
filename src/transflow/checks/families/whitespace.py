"""Whitespace: stray spaces a reviewer cannot see but readers will.

Leading or trailing whitespace unlike the source's, doubled spaces, a space before sentence
punctuation, a space between two Chinese or Japanese characters, and line breaks the source
does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transflow.checks.base import WARNING, Check, Entry, Problem

_DOUBLE = re.compile(r"(?<=\S)[ \u3000]{2,}(?=\S)")
# a space after a non-space, non-digit (the lookbehind checks the character before the
# first space): starting with the space class lets re jump from space to space in C,
# where a leading lookbehind made it try every position of every translation
_BEFORE_PUNCT = re.compile(
    r"[ \u3000](?<=[^\s\d][ \u3000])[ \u3000]*(?=[.,!?;:。，！？；：、](?:\s|$|[\"”’」』)）]))"
)
_SPACE_PUNCT = re.compile(r"[ \u3000][.,!?;:。，！？；：、]")
_HAN_SPACE = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff][ \u3000]+(?=[\u3400-\u9fff\uf900-\ufaff\u3001-\u3002\uff0c])"
)


class Whitespace(Check):
    """No leading/trailing whitespace unlike the source, no doubled spaces, no space before
    punctuation, no space between Chinese/Japanese characters, no extra line breaks."""

    id = "whitespace"
    name = "Whitespace"
    severity = WARNING

    def run(self, entry: Entry) -> Iterable[Problem]:
        source, target = entry.msgid, entry.msgstr
        if target[:1].isspace() != source[:1].isspace():
            yield Problem("leading whitespace differs from the source")
        if target[-1:].isspace() != source[-1:].isspace():
            yield Problem("trailing whitespace differs from the source")
        if "\n" in target and target.count("\n") > source.count("\n"):
            yield Problem("the translation has line breaks the source does not have")
        # a run of 2+ spaces holds "  " or an ideographic space: skip the regex without one
        m = _DOUBLE.search(target) if "  " in target or "\u3000" in target else None
        if m and not _DOUBLE.search(source):
            yield Problem("doubled space", target_spans=((m.start(), m.end()),))
        # a space right before punctuation is what the full pattern needs: look for that first
        m = _BEFORE_PUNCT.search(target) if _SPACE_PUNCT.search(target) else None
        if m and not _BEFORE_PUNCT.search(source):
            yield Problem("space before punctuation", target_spans=((m.start(), m.end() + 1),))
        if entry.base in ("zh", "ja") and (" " in target or "\u3000" in target):
            m = _HAN_SPACE.search(target)
            if m:
                yield Problem(
                    "space between Chinese/Japanese characters",
                    target_spans=((m.start(), m.end() + 1),),
                )
