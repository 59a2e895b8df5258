"""The source side: numbers written with digits (any language), and what an English
sentence says in words that a translation may write as a number: number words, scale words,
month names, clock times, units a translator converts.

Not every number written with digits must be in a translation: one that is part of a name
(G7, Covid-19, A380, 9/11) often is not (七国集团, 新冠, 911 事件), so it is optional, but
explains the number when the translation writes it. Some have more than one written form: a
decade (the 1960s: 1960년대, 60 年代, 20 世纪 60 年代), a percentage (50% = 一半 = 0.5), a
clock hour (3:30 p.m. = 15시 30분)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from transflow.checks.families.numbers.quantity import Quantity, nfkc, value_key
from transflow.text.inline import mask

_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "lakh": 1e5,  # Indian English: 10 lakh = 1,000,000
    "lakhs": 1e5,
    "crore": 1e7,  # 5 crore = 50,000,000
    "crores": 1e7,
}
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
    "duo": 2,
    "trio": 3,
    "quartet": 4,
    "teenage": 10,  # 10대 (teenagers), 十几岁
    "teenager": 10,
    "teenagers": 10,
    "teens": 10,
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
    "doubled": 2,  # 두 배로, 2배
    "tripled": 3,
    "quadrupled": 4,
    "twofold": 2,
    "threefold": 3,
    "fourfold": 4,
    "fivefold": 5,
    "tenfold": 10,
    "weekly": 7,
    "annual": 1,
    "percent": 100,
    "twenties": 20,  # decades: the sixties -> 60년대
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
# the second word of a fraction: two-thirds -> 3분의 2, three-quarters -> 四分之三
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
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
# digits grouped by thousands (1,234,567) or the Indian way (12,34,567: lakhs and crores)
_DIGITS = r"\d\d*(?:(?:,\d\d)+(?=,\d{3}))?(?:,\d{3})*(?:\.\d+)?"
_SOURCE_NUMBER = re.compile(
    rf"(?P<num>{_DIGITS})"
    r"(?:st|nd|rd|th|s)?"
    r"(?P<pct>\s?%|\s?(?:percent|per cent)\b)?"
    r"(?:[\s-]?(?P<scale>thousand|million|billion|trillion|bn|lakhs?|crores?)\b)?"
    r"(?:\s?(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
    r"(?:[\s-]?(?:°\s?F\b|(?P<unit>square miles?|square feet|miles?|mi|feet|foot|ft|inch(?:es)?"
    r"|yards?|pounds?|lbs?|ounces?|oz|gallons?|acres?|mph|degrees fahrenheit)\b))?",
    re.I,
)
_PLAIN_SOURCE = re.compile(_DIGITS)
# the lookahead lists the first character of every alternative after it: at most digits
# one class test fails the attempt, instead of trying each alternative in turn
_TAIL_HINT = re.compile(
    r"\d(?:st|nd|rd|th|s)?[\s-]?(?=[%°abcdfgilmopsty])"
    r"(?:%|percent|per cent|thousand|million|billion|trillion|bn\b|lakh|crore"
    r"|[ap]\.?m|mi\b|miles?|feet|foot|ft\b|inch|yards?|pounds?|lbs?\b|ounces?|oz\b|gallons?"
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
        words = trie_regex([*_WORDS, *_DENOMINATORS])
        # re tries the pattern at every position: a class of the words' first letters
        # rejects most positions with one test instead of entering the trie's branches
        first = "".join(sorted({w[0] for w in [*_WORDS, *_DENOMINATORS]}))
        _NUMBER_WORD = re.compile(rf"(?=[{first}]){words}(?:-{words})?\b", re.I)
    return _NUMBER_WORD


def source_text(text: str) -> str:
    return mask(text if text.isascii() else nfkc(text))


# a number written with digits in a source text: (start, end, acceptable values (3 p.m.: 3,
# 15; the 1960s: 1960, 60), tolerance, as written, required (False: part of a name, or the
# century a decade implies)); a plain tuple, as building a NamedTuple costs more than
# reading the number (the quick accept reads them, and no `Quantity` is built for it)
SourceNumber = tuple[int, int, tuple[float, ...], float, str, bool]


# words before a hyphen that make a quantity, not a name, when capitalised (Mid-1990s)
_NOT_NAMES = frozenset(
    "mid pre post late early top over under non anti about around some nearly almost only "
    "just all the a an and or to from by in on at of for with per up down half ex since "
    "until between after before year years day days week weeks month months age aged".split()
)
# letters glued before a number that write money (Rs500), not a name
_CURRENCY_CODES = frozenset(
    "rs rm rp tk us hk usd eur gbp jpy cny rmb krw inr hkd sgd aud cad chf".split()
)
# letters glued after a number that make it a quantity ($5M, 21ST, 9AM, 5KM), not a name
_NOT_NAME_SUFFIXES = frozenset("K M B BN MN T TN ST ND RD TH S AM PM KM KG CM MM MPH".split())
_HYPHENS = "-\u2010\u2011"


def _is_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _letters_before(text: str, end: int) -> str:
    start = end
    while start and _is_letter(text[start - 1]):
        start -= 1
    return text[start:end]


def _letters_after(text: str, start: int) -> str:
    end = start
    while end < len(text) and _is_letter(text[end]):
        end += 1
    return text[start:end]


def _in_name(text: str, start: int, end: int) -> bool:
    """A number that is part of an alphanumeric name: G7, A380, MH17, H5N1, Covid-19, F-16,
    Su-27, 5G, 2NE1, and digits joined by a slash (9/11, 24/7, 2024/25). Latin letters only:
    in 제3조 or 3월 the digits are a number."""
    before = text[start - 1] if start else ""
    if _is_letter(before):
        return _letters_before(text, start).lower() not in _CURRENCY_CODES
    if before and before in _HYPHENS and start >= 2 and _is_letter(text[start - 2]):
        word = _letters_before(text, start - 1)
        return not word.islower() and word.lower() not in _NOT_NAMES
    if before == "/" and start >= 2 and text[start - 2].isdigit():
        return True
    after = text[end : end + 2]
    if after[:1] == "/" and after[1:].isdigit():
        return True
    if _is_letter(after[:1]) and after[:1].isupper():
        return _letters_after(text, end) not in _NOT_NAME_SUFFIXES
    return False


def _decade(text: str, end: int, token: str) -> tuple[SourceNumber, ...]:
    """The 1960s (1960년대, 60 年代, with the century: 20 世纪 60 年代), the '70s, the 1800s
    (1800년대, 19 世纪); () for another number."""
    if not (token.isdigit() and token.endswith("0")):
        return ()
    if not (len(token) == 2 or (len(token) == 4 and 1100 <= int(token) <= 2090)):
        return ()
    tail = 2 if text.startswith("'s", end) else 1 if text[end : end + 1] in ("s", "S") else 0
    if not tail or text[end + tail : end + tail + 1].isalnum():
        return ()
    year, start = int(token), end - len(token)
    values: tuple[float, ...]
    centuries: tuple[float, ...]
    if len(token) == 2:  # the '70s: 1970 or 2070
        values, centuries = (year, 1900 + year, 2000 + year), (20, 21)
    elif year % 100:
        values, centuries = (year, year % 100), (year // 100 + 1,)
    else:  # the 1800s: the century, or the decade (1800년대, 1900年代)
        values, centuries = (year, year // 100 + 1), ()
    as_written = text[start : end + tail]
    numbers = [(start, end + tail, tuple(map(float, values)), 1e-9, as_written, True)]
    if centuries:  # 20 世纪 60 年代: the century may be written too
        numbers.append((start, end, tuple(map(float, centuries)), 1e-9, token, False))
    return tuple(numbers)


def _clock_hour(m: re.Match[str]) -> tuple[float, ...]:
    """3:30 p.m. may be written 15:30, 12:15 a.m. 0:15."""
    hour = float(m.group(1))
    pm = m.group(3).lower() == "p"
    if pm and hour < 12:
        return (hour, hour + 12)
    return (hour, 0.0) if not pm and hour == 12 else (hour,)


# characters beside a number that may make it part of a clock time (3:30), a decade (1960s),
# or a name (F-16, 9/11, G7, 5G): letters, and these
_NEIGHBOURS = frozenset(":/-\u2010\u2011'")


def source_numbers(text: str) -> list[SourceNumber]:
    """Each number written with digits in a (masked) source text.

    Most numbers stand alone: the plain regex reads them, and only a number with a letter or
    one of `_NEIGHBOURS` beside it is looked at more closely. Only a number the tail hint
    says is followed by %, a scale word, a.m./p.m. or a unit is read again with the full
    pattern at the same place (its number part is the same, so the numbers found are the
    same)."""
    out: list[SourceNumber] = []
    for m in _PLAIN_SOURCE.finditer(text):
        start, end = m.span()
        before = text[start - 1] if start else " "
        if before in "0123456789.,":
            continue  # the tail of 1.2.3 or of a number the pattern did not take
        token = m.group()
        after = text[end : end + 1]
        if before.isalpha() or after.isalpha() or before in _NEIGHBOURS or after in _NEIGHBOURS:
            special = _special(text, start, end, token)
            if special:
                out += special
                continue
        if _TAIL_HINT.match(text, end - 1):
            full = _SOURCE_NUMBER.match(text, start)
            assert full is not None  # its number part is the plain number found here
            values, tol = _tail_values(full)
            out.append((start, full.end(), values, tol, full.group(), True))
        else:
            value = float(token.replace(",", "") if "," in token else token)
            out.append((start, end, (value,), 1e-9, token, True))
    return out


def _special(text: str, start: int, end: int, token: str) -> tuple[SourceNumber, ...]:
    """The minutes or the hour of a clock time, a decade, or a number in a name; () for a
    number its neighbours do not make special (5km, 3-4)."""
    if text[start - 1 : start] == ":" and text[start - 2 : start - 1].isdigit() and token.isdigit():
        return ((start, end, (float(token),), 1e-9, token, True),)  # :30
    if text.startswith(":", end) and (clock := _SOURCE_CLOCK.match(text, start)):
        return ((start, end, _clock_hour(clock), 1e-9, token, True),)
    if decade := _decade(text, end, token):
        return decade
    if _in_name(text, start, end):
        value = float(token.replace(",", "") if "," in token else token)
        return ((start, end, _name_values(text, end, value), 1e-9, token, False),)
    return ()


def _name_values(text: str, end: int, value: float) -> tuple[float, ...]:
    """A number in a name, and for 9/11 also 911 (911 事件) and the fraction (1/4 = 4분의 1)."""
    m = re.match(r"/(\d+)(?![\d.,])", text[end : end + 12])
    if m is None or value != int(value):
        return (value,)
    second = m.group(1)
    joined = float(f"{int(value)}{second}")
    return (value, joined, value / float(second)) if int(second) else (value, joined)


@lru_cache(maxsize=16384)
def _source_quantities(text: str) -> tuple[Quantity, ...]:
    return tuple(
        Quantity(values, start, end, required, tolerance, False, written)
        for start, end, values, tolerance, written, required in source_numbers(source_text(text))
    )


@lru_cache(maxsize=16384)
def source_required(text: str) -> tuple[Quantity, ...]:
    """Numbers written with digits that the translation must keep (by value)."""
    return tuple(q for q in _source_quantities(text) if q.required)


def _tail_values(m: re.Match[str]) -> tuple[tuple[float, ...], float]:
    """(acceptable values, tolerance) of a `_SOURCE_NUMBER` match: scaled, 3 p.m. = 15,
    50% = 0.5 (一半, 절반), miles also in km and °F also in °C (approximately)."""
    num, pct, scale, ampm, unit = m.groups()
    value = float(num.replace(",", "") if "," in num else num)
    if scale:
        values = [value * _SCALES[scale.lower()]]
    else:
        values = [value]
        if pct:
            values.append(value / 100)
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
    """Numbers a translation may show: numbers in names, the century of a decade, number
    words, month names."""
    optional = [q for q in _source_quantities(text) if not q.required]
    text = source_text(text)
    base = lang.split("-")[0].lower()
    if base == "en":
        optional += _number_word_values(text)
        if " in " in text or " out of " in text:
            optional += _ratios(text)
    optional += _month_names(text, lang, base)
    return tuple(optional)


def month_values(text: str, lang: str) -> frozenset[float]:
    """Rounded values of the month names of a source (part of `source_optional`): what
    usually explains an extra target number (Nov. 1 -> 11월 1일), without the number-word
    scan, the costliest part."""
    text = source_text(text)
    base = lang.split("-")[0].lower()
    return frozenset(value_key(v) for q in _month_names(text, lang, base) for v in q.values)


def _word_values(word: str) -> list[float]:
    """Values of one number word; a fraction's denominator also gives the fraction and its
    percentage (a quarter: 4분의 1, 25%)."""
    values = [float(_WORDS[word])] if word in _WORDS else []
    den = _DENOMINATORS.get(word)
    if den:
        values += [float(den), 1 / den, 100 / den]
    return list(dict.fromkeys(values))


# a number of decades, centuries or dozens: a translation may count the years or things
_COUNTED_IN = re.compile(r"(decades?|century|centuries|dozens?)\b")
_COUNTED_FACTORS = {"decade": 10, "century": 100, "centuries": 100, "dozen": 12}
_RATIO = re.compile(r"\b([a-z]+|\d+) (?:in|out of) (?:every )?([a-z]+|\d+)\b", re.I)


def _ratios(text: str) -> list[Quantity]:
    """One in four, 2 out of 3: the fraction a translation may write (4분의 1, 三分之二)."""
    out = []
    for m in _RATIO.finditer(text):
        num, den = (float(g) if g.isdigit() else _WORDS.get(g.lower()) for g in m.groups())
        if num and den and num == int(num) and den == int(den) and num < den:
            out.append(Quantity((num / den,), m.start(), m.end(), False))
    return out


def _number_word_values(text: str) -> list[Quantity]:
    """English number words (three, twenty-one, a dozen, two-thirds; "two million" scaled)."""
    out: list[Quantity] = []
    for m in _number_words().finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue  # inside a word (someone, often)
        word = m.group(0).lower()
        first, _, second = word.partition("-")
        if not second:
            values = _word_values(word)
        elif first in _WORDS and second in _DENOMINATORS and _WORDS[first] < 20:
            num, den = float(_WORDS[first]), _DENOMINATORS[second]
            values = [num, float(den), num / den, 100 * num / den]  # two-thirds
        elif first in _WORDS and second in _WORDS:
            values = [float(_WORDS[first] + _WORDS[second])]  # twenty-one
        else:
            continue
        after = text[m.end() : m.end() + 12].lower().lstrip(" -")
        for scale, factor in _SCALES.items():
            if after.startswith(scale):
                values = [values[0] * factor]
        if (counted := _COUNTED_IN.match(after)) is not None:  # two decades: 20년, 二十年
            values.append(values[0] * _COUNTED_FACTORS[counted.group(1).removesuffix("s")])
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
