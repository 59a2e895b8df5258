"""URLs and e-mail addresses are copied, never translated or altered."""

from __future__ import annotations

import re
from collections import Counter

from transflow.checks.base import ERROR, Check, Entry, Problem, register

# ASCII only: a Korean particle or Chinese punctuation right after a URL ends it
URL = re.compile(
    r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+"
    r"|(?<![\w@.])www\.[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"|(?<![\w@.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|io|info|news|kr|cn"
    r"|jp|tw|hk|uk)(?![\w.])(?:/[A-Za-z0-9\-._~/?#=&%+]*)?"
)


_NONE: Counter = Counter()  # shared, never mutated
_MAYBE = re.compile(r"://|@|www\.|\.(?:com|org|net|gov|edu|int|io|info|news|kr|cn|jp|tw|hk|uk)\b")


def addresses(text: str) -> Counter:
    if "." not in text or not _MAYBE.search(text):
        return _NONE
    return Counter([found.rstrip(".,;:!?)'") for found in URL.findall(text)])


@register
class Urls(Check):
    id = "urls"
    name = "URLs and e-mail addresses"
    description = "Every URL and e-mail address of the source is in the translation unchanged."
    severity = ERROR

    def run(self, entry: Entry):
        src = entry.source_memo("urls", addresses)
        tgt = addresses(entry.msgstr)
        # none, or the same ones: nothing to diff (dict's == is C; Counter's is Python code)
        if src is tgt or dict.__eq__(src, tgt):
            return
        for address in (src - tgt).elements():
            start = entry.msgid.find(address)
            yield Problem(
                f"“{address}” is missing or altered in the translation",
                source_spans=((start, start + len(address)),) if start >= 0 else (),
            )
        for address in (tgt - src).elements():
            start = entry.msgstr.find(address)
            yield Problem(
                f"“{address}” in the translation is not in the source",
                target_spans=((start, start + len(address)),) if start >= 0 else (),
            )
