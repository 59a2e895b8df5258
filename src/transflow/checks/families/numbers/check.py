"""The numbers check: the quick accept first, the full comparison of quantities for the rest."""

from __future__ import annotations

from collections.abc import Iterable

from transflow.checks.base import ERROR, Check, Entry, Problem
from transflow.checks.families.numbers.quantity import ANY_NUMBER, Quantity, nfkc
from transflow.checks.families.numbers.quick import DOT_DECIMAL, quick_accept, required_keys
from transflow.checks.families.numbers.source import source_optional, source_required
from transflow.checks.families.numbers.target import sure_hint, target_hard, target_soft
from transflow.text.normal import original_span


def _written(text: str, q: Quantity) -> str:
    """A quantity as the text has it (quantities hold offsets in NFKC(text))."""
    start, end = original_span(text, q.start, q.end)
    return text[start:end].strip()


def _same(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def _fmt(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def _matches(q: Quantity, t: Quantity) -> bool:
    """A value of `t` is a value of `q`: the first as written, the others (a conversion: 10
    miles = 16 km) within `q.tolerance`."""
    return any(
        _same(a, b, q.tolerance if i else 1e-9) for i, a in enumerate(q.values) for b in t.values
    )


def _joined(targets: list[Quantity], text: str) -> list[Quantity]:
    """`1 200` written with a plain space: offer the joined value as well."""
    extra = []
    for a, b in zip(targets, targets[1:], strict=False):
        if text[a.end : b.start] == " " and b.end - b.start == 3 and a.values[0] < 1000:
            value = a.values[0] * 1000 + b.values[0]
            extra.append(Quantity((value,), a.start, b.end, text=text[a.start : b.end]))
    return extra


def compare(
    source: str, target: str, source_lang: str, lang: str
) -> tuple[list[Quantity], list[Quantity]]:
    """(missing source quantities, unexplained target quantities): the full comparison,
    for what the quick accept did not settle."""
    required = source_required(source)
    hard = target_hard(target, lang)
    if not required and not hard:
        return [], []
    exact = {v for t in hard for v in t.values}
    known = {v for q in required for v in q.values}
    if all(any(v in exact for v in q.values) for q in required) and all(
        t.soft or t.values[0] in known for t in hard
    ):
        return [], []  # the common case: every value matches exactly
    src = required + source_optional(source, source_lang)
    tgt = hard + target_soft(target, lang)
    exact |= {v for t in tgt for v in t.values}
    missing = [
        q
        for q in required
        if not any(v in exact for v in q.values) and not any(_matches(q, t) for t in tgt)
    ]
    if missing:
        text = nfkc(target)
        used = [
            j
            for j in _joined([t for t in tgt if not t.soft], text)
            if any(_matches(q, j) for q in missing)
        ]
        if used:
            missing = [q for q in missing if not any(_matches(q, j) for j in used)]
            # the two halves of a joined number are explained by it
            tgt = [t for t in tgt if not any(j.start <= t.start and t.end <= j.end for j in used)]
    known |= {v for q in src for v in q.values}
    extra = [
        t
        for t in tgt
        if not t.soft and t.values[0] not in known and not any(_matches(q, t) for q in src)
    ]
    return missing, extra


class Numbers(Check):
    """Every number of the source appears in the translation by value (locale separators,
    만/억 and 万/亿, percentages and fractions, month names, decades, CJK ranges, 3 p.m. =
    15시; one in a name such as G7 or Covid-19 may go with the name), and the translation
    invents none."""

    id = "numbers"
    name = "Numbers"
    severity = ERROR

    def run(self, entry: Entry) -> Iterable[Problem]:
        source, target = entry.msgid, entry.msgstr
        keys = entry.per_source.get("numbers")
        if keys is None:
            keys = entry.per_source["numbers"] = required_keys(source)
        if not keys.digits and not ANY_NUMBER.search(target) and not sure_hint(target, entry.base):
            return ()  # only words: nothing is required, nothing can be invented
        if entry.base in DOT_DECIMAL and quick_accept(
            keys, source, target, entry.source_lang, entry.lang, entry.base, entry.per_source
        ):
            return ()
        missing, extra = compare(source, target, entry.source_lang, entry.lang)
        return [
            *(
                Problem(
                    f"number “{_written(source, q)}” ({_fmt(q.values[0])}) is missing from the "
                    "translation",
                    source_spans=(original_span(source, q.start, q.end),),
                )
                for q in missing
            ),
            *(
                Problem(
                    f"number “{_written(target, t)}” ({_fmt(t.values[0])}) in the "
                    "translation is not in the source",
                    target_spans=(original_span(target, t.start, t.end),),
                )
                for t in extra
            ),
        ]
