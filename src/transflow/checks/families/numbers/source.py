"""The source side: numbers written with digits (any language), and what an English
sentence says in words that a translation may write as a number: number words, scale words,
month names, clock times, units a translator converts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from transflow.checks.families.numbers.quantity import Quantity, nfkc, value_key
from transflow.text.inline import mask

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "twice": 2,
    "once": 1,
    "single": 1,
    "both": 2,
    "pair": 2,
    "couple": 2,
    "half": 0.5,
    "a": 1,
    "an": 1,
    "noon": 12,
    "midnight": 0,
    "hundreds": 100,
    "thousands": 1000,
    "millions": 1e6,
    "dozens": 12,
    "decade": 10,
    "decades": 10,
    "century": 100,
    "quarter": 4,
    "triple": 3,
    "double": 2,
    "weekly": 7,
    "annual": 1,
    "percent": 100,
}
_UNITS = {  # unit -> factor to the metric unit a translator converts to
    "mile": 1.609344,
    "miles": 1.609344,
    "mi": 1.609344,
    "foot": 0.3048,
    "feet": 0.3048,
    "ft": 0.3048,
    "inch": 2.54,
    "inches": 2.54,
    "yard": 0.9144,
    "yards": 0.9144,
    "pound": 0.45359237,
    "pounds": 0.45359237,
    "lb": 0.45359237,
    "lbs": 0.45359237,
    "ounce": 28.3495,
    "ounces": 28.3495,
    "oz": 28.3495,
    "gallon": 3.78541,
    "gallons": 3.78541,
    "acre": 0.404686,
    "acres": 0.404686,
    "square miles": 2.58999,
    "square mile": 2.58999,
    "square feet": 0.092903,
    "mph": 1.609344,
    "degrees fahrenheit": None,
    "f": None,
}

# numbers start with `\d\d*`, not `\d+`: a pattern whose first item is a single character
# class lets re skip to the next digit in C; a leading repeat makes it try every position
_SOURCE_NUMBER = re.compile(
    r"(?P<num>\d\d*(?:,\d{3})*(?:\.\d+)?)"
    r"(?:st|nd|rd|th|s)?"
    r"(?P<pct>\s?%|\s?(?:percent|per cent)\b)?"
    r"(?:[\s-]?(?P<scale>thousand|million|billion|trillion|bn)\b)?"
    r"(?:\s?(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
    r"(?:[\s-]?(?:°\s?F\b|(?P<unit>square miles?|square feet|miles?|mi|feet|foot|ft|inch(?:es)?"
    r"|yards?|pounds?|lbs?|ounces?|oz|gallons?|acres?|mph|degrees fahrenheit)\b))?",
    re.I,
)
_PLAIN_SOURCE = re.compile(r"\d\d*(?:,\d{3})*(?:\.\d+)?")
# the lookahead lists the first character of every alternative after it: at most digits
# one class test fails the attempt, instead of trying each alternative in turn
_TAIL_HINT = re.compile(
    r"\d(?:st|nd|rd|th|s)?[\s-]?(?=[%°abdfgilmopsty])"
    r"(?:%|percent|per cent|thousand|million|billion|trillion|bn\b"
    r"|[ap]\.?m\b|mi\b|miles?|feet|foot|ft\b|inch|yards?|pounds?|lbs?\b|ounces?|oz\b|gallons?"
    r"|acres?|square|mph|°|degrees)",
    re.I,
)
_SOURCE_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\s?([ap])\.?m\.?", re.I)


@lru_cache(maxsize=8)
def month_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, int]]:
    """Month names of a language from Babel's CLDR data (wide, abbreviated, stand-alone)."""
    from babel import Locale
    from babel.dates import get_month_names

    locale = Locale.parse(lang.replace("-", "_"))
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                clean = name.strip(".").lower()
                if clean and not any(ch.isdigit() for ch in clean) and len(clean) >= 3:
                    names.setdefault(clean, number)
    if locale.language == "en":
        names.setdefault("sept", 9)
    # capitalised month names only in English ("may" the verb, "march" the noun)
    flags = 0 if locale.language == "en" else re.I
    if locale.language == "en":
        alternation = trie_regex(n.capitalize() for n in names)
    else:
        alternation = trie_regex(names)
    # no leading assertion, so re scans for the first letters; the word start is checked after
    return re.compile(rf"(?:{alternation})\.?(?!\w)", flags), names


_MAY_CONTEXT = re.compile(
    r"(?:\b(?:in|on|of|since|until|by|from|to|through|last|next|early|late|mid|this|"
    r"between|and|before|after)[\s-]+$)",
    re.I,
)
_NUMBER_WORD: re.Pattern[str] | None = None  # compiled on first use from _WORDS
Trie = dict[str, "Trie"]


def trie_regex(words: Iterable[str]) -> str:
    """An alternation of `words` as a trie (Python's re tries alternatives one by one)."""
    trie: Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: Trie) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _number_words() -> re.Pattern[str]:
    global _NUMBER_WORD
    if _NUMBER_WORD is None:
        words = trie_regex(w for w in _WORDS)
        # re tries the pattern at every position: a class of the words' first letters
        # rejects most positions with one test instead of entering the trie's branches
        first = "".join(sorted({w[0] for w in _WORDS}))
        _NUMBER_WORD = re.compile(rf"(?=[{first}]){words}(?:-{words})?\b", re.I)
    return _NUMBER_WORD


def source_text(text: str) -> str:
    return mask(text if text.isascii() else nfkc(text))


def source_numbers(text: str) -> list[tuple[int, int, tuple[float, ...], float, str]]:
    """(start, end, acceptable values, tolerance, as written) of each number written with
    digits in a (masked) source text.

    Most numbers stand alone: the plain regex reads them. Only a number the tail hint says is
    followed by %, a scale word, a.m./p.m. or a unit is read again with the full pattern at
    the same place (its number part is the same, so the numbers found are the same)."""
    out = []
    for m in _PLAIN_SOURCE.finditer(text):
        start, end = m.span()
        if start and text[start - 1] in "0123456789.,":
            continue  # the tail of 1.2.3 or of a number the pattern did not take
        if _TAIL_HINT.match(text, end - 1):
            full = _SOURCE_NUMBER.match(text, start)
            assert full is not None  # its number part is the plain number found here
            values, tol = _tail_values(full)
            out.append((start, full.end(), values, tol, full.group()))
        else:
            token = m.group()
            out.append((start, end, (float(token.replace(",", "")),), 1e-9, token))
    return out


@lru_cache(maxsize=16384)
def source_required(text: str) -> tuple[Quantity, ...]:
    """Numbers written with digits: the translation must keep each (by value)."""
    return tuple(
        Quantity(values, start, end, True, tol, False, token)
        for start, end, values, tol, token in source_numbers(source_text(text))
    )


def _tail_values(m: re.Match[str]) -> tuple[tuple[float, ...], float]:
    """(acceptable values, tolerance) of a `_SOURCE_NUMBER` match: scaled, 3 p.m. = 15,
    miles also in km and °F also in °C (approximately)."""
    num, _pct, scale, ampm, unit = m.groups()
    value = float(num.replace(",", "") if "," in num else num)
    if scale:
        values = [value * _SCALES[scale.lower()]]
    else:
        values = [value]
        if ampm:
            ampm = ampm.lower()
            if ampm.startswith("p") and value < 12:
                values.append(value + 12)
            if ampm.startswith("a") and value == 12:
                values.append(0.0)
    unit = unit.lower() if unit else ""
    factor = _UNITS.get(unit) if unit else None
    if factor:
        values.append(value * factor)
        return tuple(values), 0.05
    if unit == "degrees fahrenheit" or "°" in m.group(0):
        values.append((value - 32) * 5 / 9)
        return tuple(values), 0.05
    return tuple(values), 1e-9


@lru_cache(maxsize=4096)
def source_optional(text: str, lang: str = "en") -> tuple[Quantity, ...]:
    """Numbers a translation may show: number words, month names, 24-hour clock times."""
    text = source_text(text)
    base = lang.split("-")[0].lower()
    out = _clock_times(text)
    if base == "en":
        out += _number_word_values(text)
    out += _month_names(text, lang, base)
    return tuple(out)


def dates_and_times(text: str, lang: str) -> frozenset[float]:
    """Rounded values of the clock times and month names of a source (part of
    `source_optional`): what usually explains an extra target number (Nov. 1 -> 11월 1일),
    without the number-word scan, the costliest part."""
    text = source_text(text)
    base = lang.split("-")[0].lower()
    found = _clock_times(text) + _month_names(text, lang, base)
    return frozenset(value_key(v) for q in found for v in q.values)


def _clock_times(text: str) -> list[Quantity]:
    """3:30 p.m. may be written 15:30."""
    out: list[Quantity] = []
    if ":" in text:
        for m in _SOURCE_CLOCK.finditer(text):
            hour = float(m.group(1))
            if m.group(3).lower() == "p" and hour < 12:
                out.append(Quantity((hour, hour + 12), m.start(1), m.end(1), False))
    return out


def _number_word_values(text: str) -> list[Quantity]:
    """English number words (three, twenty-one, a dozen; "two million" scaled)."""
    out: list[Quantity] = []
    for m in _number_words().finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue  # inside a word (someone, often)
        word = m.group(0).lower()
        parts = word.split("-")
        if word in _WORDS:
            value = float(_WORDS[word])
        elif len(parts) == 2 and parts[0] in _WORDS and parts[1] in _WORDS:
            value = float(_WORDS[parts[0]] + _WORDS[parts[1]])
        else:
            continue
        values = [value]
        after = text[m.end() : m.end() + 12].lower()
        for scale, factor in _SCALES.items():
            if after.lstrip(" -").startswith(scale):
                values = [value * factor]
        out.append(Quantity(tuple(values), m.start(), m.end(), False))
    return out


def _month_names(text: str, lang: str, base: str) -> list[Quantity]:
    """Month names of the source language (June -> 6월, 6月)."""
    out: list[Quantity] = []
    pattern, names = month_pattern(lang)
    for m in pattern.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        name = m.group(0).rstrip(".").lower()
        if base == "en" and name == "may":
            after = text[m.end() : m.end() + 3]
            if not re.match(r"\s\d", after) and not _MAY_CONTEXT.search(text[: m.start()]):
                continue
        if name in names:
            out.append(Quantity((float(names[name]),), m.start(), m.end(), False))
    return out
