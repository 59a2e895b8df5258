"""URLs and e-mail addresses are copied, never translated or altered."""

from __future__ import annotations

from transflow.checks.base import ERROR, Entry, Problem, TokenCheck
from transflow.text.inline import addresses


def _where(text: str, address: str) -> tuple[tuple[int, int], ...]:
    start = text.find(address)
    return ((start, start + len(address)),) if start >= 0 else ()


class Urls(TokenCheck):
    """Every URL and e-mail address of the source is in the translation unchanged."""

    id = "urls"
    name = "URLs and e-mail addresses"
    severity = ERROR

    tokens = staticmethod(addresses)

    def missing(self, address: str, entry: Entry) -> Problem:
        return Problem(
            f"“{address}” is missing or altered in the translation",
            source_spans=_where(entry.msgid, address),
        )

    def extra(self, address: str, entry: Entry) -> Problem:
        return Problem(
            f"“{address}” in the translation is not in the source",
            target_spans=_where(entry.msgstr, address),
        )
