"""Numbers: every number of the source is in the translation, and no number is invented.

Numbers are compared by value, the way a careful news editor reads them:

- thousands separators and decimals per locale (Babel): 1,200 = 1200 = 1 200 (narrow
  no-break space) = 1.200 in German; full-width digits fold (１２００);
- scale words and CJK multipliers: 3.5 million = 350만 = 350万 = 3백50만; 50 million
  = 5천만 = 5000万; $2.3 billion = 23억 = 23亿; $35,000 = 3만5천 = 3.5万;
- percentages: 12.4% = 12.4％ = 12.4퍼센트 = 百分之十二点四;
- dates and times: English month names (Babel's locale data) against 6월 / 6月 / juin;
  3 p.m. = 오후 3시 = 15시; June 3rd = 6월 3일;
- number words: "three years" may become 3년 or 三年, "one of them" 그중 한 명;
- unit conversions a translator may do: 10 miles = 16 km (5% tolerance).

A source number missing from the translation is reported; so is a number in the
translation that no source number, number word, month or conversion explains. Spelled-out
numerals in the target (세 명, 三年, 十一个月) can satisfy a source number but are never
reported as extra (一 hides in 统一, 만 is also a particle). Numbers inside inline tokens
(`transflow.text.inline`: URLs, e-mail addresses, placeholders, HTML tags, code spans, link
targets) are not read: those are copied as they are, and other checks compare them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from transflow.checks.base import ERROR, Check, Entry, Problem
from transflow.text.inline import mask

# --- shared pieces -----------------------------------------------------------------------

_ANY_NUMBER = re.compile(r"[0-9０-９]")


class Quantity(NamedTuple):
    values: tuple[float, ...]  # acceptable values (3 p.m. -> 3 and 15)
    start: int
    end: int
    required: bool = True  # source: must appear in the target
    tolerance: float = 1e-9  # relative tolerance (unit conversions are approximate)
    soft: bool = False  # target: spelled-out numeral, never reported as extra
    text: str = ""  # as written (after NFKC)


def _nfkc(text: str) -> str:
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _same(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def _fmt(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


# --- the source side (English; digits work for any language) -------------------------------

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
def _month_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, int]]:
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
_NUMBER_WORD = None  # compiled on first use from _WORDS


def trie_regex(words) -> str:
    """An alternation of `words` as a trie (Python's re tries alternatives one by one)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
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


def _source_text(text: str) -> str:
    return mask(text if text.isascii() else _nfkc(text))


def _source_numbers(text: str) -> list[tuple[int, int, tuple[float, ...], float, str]]:
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
        for start, end, values, tol, token in _source_numbers(_source_text(text))
    )


def _tail_values(m: re.Match) -> tuple[tuple[float, ...], float]:
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
    if unit and _UNITS.get(unit):
        values.append(value * _UNITS[unit])
        return tuple(values), 0.05
    if unit == "degrees fahrenheit" or "°" in m.group(0):
        values.append((value - 32) * 5 / 9)
        return tuple(values), 0.05
    return tuple(values), 1e-9


@lru_cache(maxsize=4096)
def source_optional(text: str, lang: str = "en") -> tuple[Quantity, ...]:
    """Numbers a translation may show: number words, month names, 24-hour clock times."""
    text = _source_text(text)
    base = lang.split("-")[0].lower()
    out = _clock_times(text)
    if base == "en":
        out += _number_word_values(text)
    out += _month_names(text, lang, base)
    return tuple(out)


def _dates_and_times(text: str, lang: str) -> frozenset[float]:
    """Rounded values of the clock times and month names of a source (part of
    `source_optional`): what usually explains an extra target number (Nov. 1 -> 11월 1일),
    without the number-word scan, the costliest part."""
    text = _source_text(text)
    base = lang.split("-")[0].lower()
    found = _clock_times(text) + _month_names(text, lang, base)
    return frozenset(_key(v) for q in found for v in q.values)


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
    pattern, names = _month_pattern(lang)
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


# --- the target side ---------------------------------------------------------------------

_KO_SMALL = {"십": 10, "백": 100, "천": 1000}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000}
_BIG = {"만": 1e4, "억": 1e8, "조": 1e12, "万": 1e4, "亿": 1e8, "萬": 1e4, "億": 1e8, "兆": 1e12}
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
}
_KO_NATIVE = {
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
    "스무": 20,
    "서른": 30,
    "마흔": 40,
    "쉰": 50,
}
_KO_COUNTERS = (
    "명|가지|개|번|차례|살|시|곳|사람|건|쪽|장|대|척|달|해|주|배|마리|권|채|군데|나라|편|통"
)
_KO_NATIVE_RE = re.compile(
    rf"(?<![가-힣])(열\s?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉)|{'|'.join(_KO_NATIVE)})"
    rf"\s?(?:{_KO_COUNTERS})"
)
_ZH_CLASSIFIERS = set("个名人年月日天次位项条家座岁点倍周种批架辆份张所处宗例号时分秒万亿千百十")
_ZH_NUMERAL = re.compile(
    r"(?:百分之)?[零〇一二两兩三四五六七八九十百千万亿萬億]+(?:点[零〇一二三四五六七八九]+)?"
)
_GROUPED = {  # thousands grouping characters accepted in every language
    ",",
    "\u00a0",
    "\u202f",
    "\u2009",
    "'",
}


@lru_cache(maxsize=16)
def _target_pattern(lang: str) -> tuple[re.Pattern[str], str, str]:
    """Digit-number regex for a target locale: its grouping and decimal symbols (Babel)."""
    from babel import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        locale = Locale.parse(lang.replace("-", "_"))
        group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    except Exception:  # an odd tag: fall back to English conventions
        group, decimal = ",", "."
    groups = set(_GROUPED) | {group}
    if group.isspace():
        groups.add(" ")
    groups.discard(decimal)
    gclass = "[" + "".join(re.escape(g) for g in sorted(groups)) + "]"
    dclass = re.escape(decimal) if decimal != "." else r"\."
    units = "십백천만억조" if lang.startswith("ko") else "十百千万亿萬億兆"
    # one branch starting with one digit (`\d\d*`, see _SOURCE_NUMBER): re scans for digits
    number = rf"\d\d*(?:{gclass}\d{{3}})*(?:{dclass}\d+)?"
    # a number with CJK multipliers: 3만5000, 1억 2천만, 350万, 3百50万
    pattern = rf"(?:{number})(?:[{units}]+(?:\s?(?:{number})[{units}]*)*)?"
    return re.compile(pattern), decimal, units


def _to_float(token: str, decimal: str) -> float:
    digits = "".join(ch for ch in token if ch.isdigit() or ch == decimal)
    return float(digits.replace(decimal, ".")) if digits else 0.0


_ATOM = re.compile(r"\d[\d,.'\u00a0\u202f\u2009 ]*|[^\d\s]")


@lru_cache(maxsize=4096)
def _cjk_value(expr: str, decimal: str) -> tuple[float, ...]:
    """Value(s) of 3만5000, 1억 2천만, 5천만, 350万 (split when a space joins two numbers).

    Cached: the same amounts recur across a project (at 100k entries, 50,000 calls hold
    324 distinct amounts), and this is a Python loop over the amount's parts."""
    total, section, num = 0.0, 0.0, None
    values: list[float] = []
    last_big = None
    for atom in _ATOM.findall(expr.strip()):
        atom = atom.strip()
        if not atom:
            continue
        if atom[0].isdigit():
            value = _to_float(atom, decimal)
            if num is not None or (last_big is not None and value >= last_big):
                values.append(total + section + (num or 0.0))  # a second, separate number
                total, section, last_big = 0.0, 0.0, None
            num = value
        elif atom in _KO_SMALL or atom in _ZH_SMALL:
            section += (num if num is not None else 1.0) * (_KO_SMALL.get(atom) or _ZH_SMALL[atom])
            num = None
        elif atom in _BIG:
            section += num or 0.0
            total += (section or 1.0) * _BIG[atom]
            last_big = _BIG[atom]
            section, num = 0.0, None
    values.append(total + section + (num or 0.0))
    return tuple(values)


def _zh_numeral(text: str) -> float | None:
    """Value of a Chinese-numeral word (十一, 三百五十万, 十二点四), else None."""
    text = text.removeprefix("百分之")
    whole, _, frac = text.partition("点")
    total, section, num = 0.0, 0.0, None
    for ch in whole:
        if ch in _ZH_DIGITS:
            num = (num or 0) * 10 + _ZH_DIGITS[ch] if num is not None else _ZH_DIGITS[ch]
        elif ch in _ZH_SMALL:
            section += (num if num is not None else 1) * _ZH_SMALL[ch]
            num = None
        elif ch in _BIG:
            section += num or 0
            total += (section or 1) * _BIG[ch]
            section, num = 0.0, None
    value = total + section + (num or 0)
    if frac:
        value += float("0." + "".join(str(_ZH_DIGITS.get(c, 0)) for c in frac))
    return value if value or "零" in text or "〇" in text else None


def target_hard(text: str, lang: str) -> list[Quantity]:
    """Numbers written with digits in a translation (0 is soft: 15:00, 0.5)."""
    text = mask(_nfkc(text))
    base = lang.split("-")[0].lower()
    out: list[Quantity] = []
    if _ANY_NUMBER.search(text):
        pattern, decimal, units = _target_pattern(lang)
        for m in pattern.finditer(text):
            token = m.group(0)
            if base == "ko" and token.endswith("조") and text[max(0, m.start() - 1)] == "제":
                token = token[:-1]  # 제3조 is Article 3, not 3 trillion
            if token.isdigit():
                values = [float(token)]
            elif token.isascii() and decimal == "." and " " not in token:
                values = [float(token.replace(",", "").replace("'", ""))]
            elif any(u in token for u in units) or " " in token.strip():
                values = _cjk_value(token, decimal)
            else:
                values = [_to_float(token, decimal)]
            for value in values:
                out.append(Quantity((value,), m.start(), m.end(), soft=value == 0, text=token))
    return out


def target_soft(text: str, lang: str) -> list[Quantity]:
    """Spelled-out numerals (세 명, 三年) and month names (juin): never reported as extra."""
    text = mask(_nfkc(text))
    base = lang.split("-")[0].lower()
    out: list[Quantity] = []
    if base in ("zh", "ja"):
        for m in _ZH_NUMERAL.finditer(text):
            word = m.group(0)
            if len(word) == 1 and not (
                text[m.end() : m.end() + 1] in _ZH_CLASSIFIERS
                or text[m.start() - 1 : m.start()] == "第"
            ):
                continue  # 一 in 统一, 一些, 一直: a word, not a number
            value = _zh_numeral(word)
            if value is not None:
                out.append(Quantity((value,), m.start(), m.end(), soft=True))
    elif base == "ko":
        for m in _KO_NATIVE_RE.finditer(text):
            word = m.group(1).replace(" ", "")
            value = (
                10 + _KO_NATIVE[word[1:]]
                if word.startswith("열") and len(word) > 1
                else (_KO_NATIVE[word])
            )
            out.append(Quantity((float(value),), m.start(), m.end(), soft=True))
    if base not in ("ko", "zh", "ja") and base != "en":
        pattern, names = _month_pattern(lang)
        for m in pattern.finditer(text):
            if m.start() and text[m.start() - 1].isalnum():
                continue
            number = names.get(m.group(0).rstrip(".").lower())
            if number:
                out.append(Quantity((float(number),), m.start(), m.end(), soft=True))
    return out


def _matches(q: Quantity, t: Quantity) -> bool:
    return any(_same(a, b, q.tolerance) for a in q.values for b in t.values)


def _joined(targets: list[Quantity], text: str) -> list[Quantity]:
    """`1 200` written with a plain space: offer the joined value as well."""
    extra = []
    for a, b in zip(targets, targets[1:], strict=False):
        if text[a.end : b.start] == " " and b.end - b.start == 3 and a.values[0] < 1000:
            value = a.values[0] * 1000 + b.values[0]
            extra.append(Quantity((value,), a.start, b.end, text=text[a.start : b.end]))
    return extra


_DOT_DECIMAL = {"ko", "zh", "ja", "en"}


def _quick_values(target: str, lang: str) -> set[float] | None:
    """Values of the digit numbers of a translation, or None when it needs the full parse."""
    if not _ANY_NUMBER.search(target):
        return set()
    # inline tokens masked as the full parse does (which first applies NFKC; full-width URL
    # or placeholder syntax is no concern here, and NFKC of a Chinese sentence costs more
    # than the rest of this function)
    target = mask(target)
    pattern, decimal, units = _target_pattern(lang)
    out: set[float] = set()
    for token in pattern.findall(target):
        if token.isdigit():
            out.add(float(token))
        elif token.isascii() and " " not in token:
            out.add(_key(float(token.replace(",", "").replace("'", ""))))
        else:
            if lang.startswith("ko") and token.endswith("조"):
                return None  # 제3조 needs the context the full parse looks at
            out.update(_key(v) for v in _cjk_value(token, decimal))
    return out


def _key(value: float) -> float:
    """A value rounded to 10 significant digits: 4.1 million is 410만 despite binary floats."""
    return value if value.is_integer() else float(f"{value:.10g}")


class _Keys(NamedTuple):
    """What the quick accept needs of a source sentence, worked out once per sentence."""

    digits: bool  # any number written with digits (outside URLs, placeholders, code)
    single: frozenset[float]  # numbers with one acceptable value: all must be in the target
    choices: tuple[frozenset[float], ...]  # numbers with several (3 p.m.): one of each
    every: frozenset[float]  # all of them together


_NO_KEYS = _Keys(False, frozenset(), (), frozenset())


def _required_keys(source: str) -> _Keys:
    """The rounded values of each required source number, and all of them together.

    Worked out once per source sentence (which is checked in every language), so the quick
    accept below is a few set operations per translation; most numbers have one value, so
    they are tested together with one subset test instead of one by one (and no
    `Quantity` is built)."""
    text = _source_text(source)
    if not _ANY_NUMBER.search(text):
        return _NO_KEYS
    single: set[float] = set()
    choices: list[frozenset[float]] = []
    for _, _, values, _, _ in _source_numbers(text):
        if len(values) == 1:
            single.add(_key(values[0]))
            continue
        keys = frozenset(map(_key, values))
        if len(keys) == 1:
            single |= keys
        else:
            choices.append(keys)
    every = frozenset(single).union(*choices)
    return _Keys(bool(single or choices), frozenset(single), tuple(choices), every)


def _quick_accept(
    keys: _Keys, source: str, target: str, source_lang: str, lang: str, memo: dict
) -> bool:
    """True when the values written with digits (3만5000 and 350万 included) all match: the
    translation keeps every source number and invents none (dot-decimal languages).

    `memo` is the source sentence's memo (Entry.per_source): its dates are worked out once."""
    seen = _quick_values(target, lang)
    if seen is None or not keys.single <= seen:
        return False
    if keys.choices and not all(not choice.isdisjoint(seen) for choice in keys.choices):
        return False
    seen.discard(0.0)
    unexplained = seen - keys.every
    if unexplained:  # dates and times first: they explain most (Nov. 1 -> 11월 1일)
        slot = "numbers-dates-" + source_lang
        dates = memo.get(slot)
        if dates is None:
            dates = memo[slot] = _dates_and_times(source, source_lang)
        unexplained -= dates
    if unexplained:
        optional = source_optional(source, source_lang)
        unexplained -= {_key(v) for q in optional for v in q.values}
    return not unexplained


def compare(source: str, target: str, source_lang: str, lang: str):
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
        text = _nfkc(target)
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
    id = "numbers"
    name = "Numbers"
    description = (
        "Every number of the source appears in the translation by value (locale separators, "
        "만/억 and 万/亿, percentages, month names, 3 p.m. = 15시), and the translation "
        "invents none."
    )
    severity = ERROR

    def run(self, entry: Entry):
        source, target = entry.msgid, entry.msgstr
        keys = entry.per_source.get("numbers")
        if keys is None:
            keys = entry.per_source["numbers"] = _required_keys(source)
        if not keys.digits and not _ANY_NUMBER.search(target):
            return ()  # only words: nothing is required, nothing can be invented
        if entry.base in _DOT_DECIMAL and _quick_accept(
            keys, source, target, entry.source_lang, entry.lang, entry.per_source
        ):
            return ()
        missing, extra = compare(source, target, entry.source_lang, entry.lang)
        return [
            *(
                Problem(
                    f"number “{q.text.strip()}” ({_fmt(q.values[0])}) is missing from the "
                    "translation",
                    source_spans=((q.start, q.end),),
                )
                for q in missing
            ),
            *(
                Problem(
                    f"number “{t.text.strip()}” ({_fmt(t.values[0])}) in the "
                    "translation is not in the source",
                    target_spans=((t.start, t.end),),
                )
                for t in extra
            ),
        ]
