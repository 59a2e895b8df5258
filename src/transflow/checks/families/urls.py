"""URLs and e-mail addresses are copied, never translated or altered."""

from __future__ import annotations

from transflow.checks.base import ERROR, Check, Entry, Problem, count_diff
from transflow.text.inline import addresses


class Urls(Check):
    id = "urls"
    name = "URLs and e-mail addresses"
    description = "Every URL and e-mail address of the source is in the translation unchanged."
    severity = ERROR

    def run(self, entry: Entry):
        src = entry.source_memo("urls", addresses)
        tgt = addresses(entry.msgstr)
        if src == tgt:  # none, or the same ones: nothing to diff
            return
        missing, extra = count_diff(src, tgt)
        for address in missing:
            start = entry.msgid.find(address)
            yield Problem(
                f"“{address}” is missing or altered in the translation",
                source_spans=((start, start + len(address)),) if start >= 0 else (),
            )
        for address in extra:
            start = entry.msgstr.find(address)
            yield Problem(
                f"“{address}” in the translation is not in the source",
                target_spans=((start, start + len(address)),) if start >= 0 else (),
            )
