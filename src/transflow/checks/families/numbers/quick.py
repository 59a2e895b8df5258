"""The quick accept: most translations keep every number of their source as digits, which a
few set operations on rounded values settle without the full comparison."""

from __future__ import annotations

from typing import NamedTuple

from transflow.checks.families.numbers.quantity import ANY_NUMBER, nfkc, value_key
from transflow.checks.families.numbers.source import (
    month_values,
    source_numbers,
    source_optional,
    source_text,
)
from transflow.checks.families.numbers.target import cjk_value, sure_hint, target_pattern
from transflow.text.inline import mask

DOT_DECIMAL = {"ko", "zh", "ja", "en"}


def _quick_values(target: str, lang: str, base: str) -> set[float] | None:
    """Values of the digit numbers of a translation, or None when it needs the full parse."""
    if sure_hint(target, base):
        return None  # a spelled-out number compared like digits (三天, 4분의 1)
    if not ANY_NUMBER.search(target):
        return set()
    # inline tokens masked as the full parse does (which first applies NFKC; full-width URL
    # or placeholder syntax is no concern here, and NFKC of a Chinese sentence costs more
    # than the rest of this function)
    target = mask(target)
    pattern, decimal, units = target_pattern(lang)
    out: set[float] = set()
    for token in pattern.findall(target):
        if token.isdigit():
            out.add(float(token))
            continue
        if "，" in token or "．" in token:
            token = nfkc(token)  # 1，200 and 12．5 as the full parse reads them
        if token.isascii() and " " not in token:
            out.add(value_key(float(token.replace(",", "").replace("'", ""))))
        else:
            if lang.startswith("ko") and token.endswith("조"):
                return None  # 제3조 needs the context the full parse looks at
            out.update(value_key(v) for v in cjk_value(token, decimal))
    return out


class Keys(NamedTuple):
    """What the quick accept needs of a source sentence, worked out once per sentence."""

    digits: bool  # any required number written with digits (outside inline tokens)
    single: frozenset[float]  # numbers with one acceptable value: all must be in the target
    choices: tuple[frozenset[float], ...]  # numbers with several (3 p.m.): one of each
    every: frozenset[float]  # all of them together, and the optional ones (G7, Covid-19)


_NO_KEYS = Keys(False, frozenset(), (), frozenset())


def required_keys(source: str) -> Keys:
    """The rounded values of each required source number, and all of them together.

    Worked out once per source sentence (which is checked in every language), so the quick
    accept below is a few set operations per translation; most numbers have one value, so
    they are tested together with one subset test instead of one by one (and no
    `Quantity` is built)."""
    text = source_text(source)
    if not ANY_NUMBER.search(text):
        return _NO_KEYS
    single: set[float] = set()
    choices: list[frozenset[float]] = []
    optional: set[float] = set()
    for _, _, values, _, _, required in source_numbers(text):
        if not required:
            optional.update(map(value_key, values))
            continue
        if len(values) == 1:
            single.add(value_key(values[0]))
            continue
        keys = frozenset(map(value_key, values))
        if len(keys) == 1:
            single |= keys
        else:
            choices.append(keys)
    every = frozenset(single).union(optional, *choices)
    return Keys(bool(single or choices), frozenset(single), tuple(choices), every)


def quick_accept(
    keys: Keys, source: str, target: str, source_lang: str, lang: str, base: str, memo: dict
) -> bool:
    """True when the values written with digits (3만5000 and 350万 included) all match: the
    translation keeps every source number and invents none (dot-decimal languages).

    `memo` is the source sentence's memo (Entry.per_source): its months are worked out once."""
    seen = _quick_values(target, lang, base)
    if seen is None or not keys.single <= seen:
        return False
    if keys.choices and not all(not choice.isdisjoint(seen) for choice in keys.choices):
        return False
    seen.discard(0.0)
    unexplained = seen - keys.every
    if unexplained:  # month names first: they explain most (Nov. 1 -> 11월 1일)
        slot = "numbers-months-" + source_lang
        months = memo.get(slot)
        if months is None:
            months = memo[slot] = month_values(source, source_lang)
        unexplained -= months
    if unexplained:
        optional = source_optional(source, source_lang)
        unexplained -= {value_key(v) for q in optional for v in q.values}
    return not unexplained
