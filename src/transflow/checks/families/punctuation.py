"""End punctuation: a sentence that ends with a stop keeps one, in the target's own style.

What a good human translation may do is allowed: a question may become a statement when
the sentence is recast, `.` may become `。` or `！`, and a translation ending in a closing
quote or bracket may omit the final period. Headings, titles, list items and table cells
(Korean 개조식 style drops the period) are not checked. Reported: a source sentence ending in
`.`, `!`, `?`, `…` or `:` whose translation has no final punctuation at all; a Chinese or
Japanese sentence ending in an ASCII `.`; a Korean one ending in `。`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transflow.checks.base import ERROR, Check, Entry, Problem

CLOSERS = "\"'”’»」』）)]］】〉》*_"
TERMINALS = set(".!?…:;。！？．：；～~")
_HAN_DOT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff][.,!?]$")
UNCHECKED_KINDS = {"title", "heading", "list_item", "table_cell"}


def _source_end(text: str) -> str:
    text = text.rstrip().rstrip(CLOSERS).rstrip()
    return text[-1] if text else ""


class EndPunctuation(Check):
    """A source sentence ending in . ! ? … : keeps final punctuation (。！？ count), in the
    script's style; a closing quote may stand in for the final period."""

    id = "end-punctuation"
    name = "End punctuation"
    severity = ERROR

    def run(self, entry: Entry) -> Iterable[Problem]:
        if entry.kind in UNCHECKED_KINDS:
            return
        target = entry.msgstr.rstrip()
        if not target:
            return
        last = target[-1]
        # the regex ends with [.,!?]$ (target is stripped): test the last character first,
        # or re tries a match at every Han character of the sentence
        if entry.base in ("zh", "ja") and last in ".,!?" and _HAN_DOT.search(target):
            full = {".": "。", ",": "，", "!": "！", "?": "？"}[last]
            yield Problem(f"ends with ASCII “{last}”: use “{full}”")
            return
        if entry.base == "ko" and last == "。":
            yield Problem("Korean ends a sentence with “.”, not “。”")
            return
        if last in TERMINALS or last in CLOSERS:
            return  # the usual case: decided without looking at the source
        end = entry.source_memo("end", _source_end)
        if end not in ".!?…:":
            return
        yield Problem(f"the source ends with “{end}” but the translation has no final punctuation")
