"""The target side: numbers written with digits in the locale's own separators, with CJK
multipliers (350만, 3.5万, 1억 2천만), spelled-out numerals (세 명, 三年, 十一个月) and month
names (juin)."""

from __future__ import annotations

import re
from functools import lru_cache

from transflow.checks.families.numbers.quantity import ANY_NUMBER, Quantity, nfkc
from transflow.checks.families.numbers.source import month_pattern
from transflow.text.inline import mask

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
def target_pattern(lang: str) -> tuple[re.Pattern[str], str, str]:
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
def cjk_value(expr: str, decimal: str) -> tuple[float, ...]:
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
    text = mask(nfkc(text))
    base = lang.split("-")[0].lower()
    out: list[Quantity] = []
    if ANY_NUMBER.search(text):
        pattern, decimal, units = target_pattern(lang)
        for m in pattern.finditer(text):
            token = m.group(0)
            if base == "ko" and token.endswith("조") and text[max(0, m.start() - 1)] == "제":
                token = token[:-1]  # 제3조 is Article 3, not 3 trillion
            if token.isdigit():
                values: tuple[float, ...] = (float(token),)
            elif token.isascii() and decimal == "." and " " not in token:
                values = (float(token.replace(",", "").replace("'", "")),)
            elif any(u in token for u in units) or " " in token.strip():
                values = cjk_value(token, decimal)
            else:
                values = (_to_float(token, decimal),)
            for value in values:
                out.append(Quantity((value,), m.start(), m.end(), soft=value == 0, text=token))
    return out


def target_soft(text: str, lang: str) -> list[Quantity]:
    """Spelled-out numerals (세 명, 三年) and month names (juin): never reported as extra."""
    text = mask(nfkc(text))
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
        pattern, names = month_pattern(lang)
        for m in pattern.finditer(text):
            if m.start() and text[m.start() - 1].isalnum():
                continue
            number = names.get(m.group(0).rstrip(".").lower())
            if number:
                out.append(Quantity((float(number),), m.start(), m.end(), soft=True))
    return out
