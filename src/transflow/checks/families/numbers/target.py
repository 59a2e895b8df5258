"""The target side: numbers written with digits in the locale's own separators, with CJK
multipliers (350만, 3.5万, 1억 2천만, with a space as Chinese typography often puts one: 240 万),
spelled-out numerals (세 명, 三年, 十一个月), month names (juin), and what Chinese and Korean
write for a range or a fraction: 8、90 and 八九十 (80 or 90), 2~3만 (20,000 to 30,000),
4분의 1 and 四分之一 (a quarter, 25%), 一半 and 절반 (half, 50%), 三成 (30%), 3点半 (3:30)."""

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
_ZH_CLASSIFIERS = set(
    "个名人年月日天次位项条家座岁点倍周种批架辆份张所处宗例号时分秒万亿千百十艘枚届起场轮"
)
_ZH_NUMERAL = re.compile(
    r"(?:百分之)?[零〇一二两兩三四五六七八九十百千万亿萬億]+(?:点[零〇一二三四五六七八九]+)?"
)
# numerals before these counting words are surely numbers (三天, 十一个月, 세 명): a
# translation that writes one no source number explains is reported (倍 is not among them:
# Chinese counts a fourfold rise as 增加了三倍, Korean as 네 배)
_ZH_COUNTED = "个名人位岁天年次项条家座架辆艘枚份张所届周批起例场轮"
_ABOUT = set("数几上好")  # 数十人 (dozens), 几十年, 上百人: no number
# 一 and 한 are also "a"; two people are also "they" (两人, 두 사람); two is 两 before a
# counting word, 二 there is another word (二次: secondary)
_ZH_PEOPLE, _KO_PEOPLE = set("人名位"), ("명", "사람")
# where a translation may hold such a number: a superset, tested before the full parse
_NUMERALS = "零〇一二两兩三四五六七八九十百千万亿萬億"
_NOT_ONE = "二两兩三四五六七八九十百千万亿萬億"
# each begins with one class of first characters, so that re tests one class per position
# (an alternation of branches is tried branch by branch at every position)
_SURE_HINT = {
    "zh": re.compile(
        rf"[一{_NOT_ONE}分第](?:(?<=分)之|(?<=第)[{_NUMERALS}]"
        rf"|(?<!\d.)(?<!\d\s.)"  # a numeral, not the multiplier of digits (350万次)
        rf"(?:(?<=一)[{_NUMERALS}]|(?<=[{_NOT_ONE}])[{_NUMERALS}]*[{_ZH_COUNTED}]))"
    ),
    "ko": re.compile(rf"[두세네섯곱덟홉열무른흔쉰한분](?:(?<=분)의|(?<!분)\s(?:{_KO_COUNTERS}))"),
}
_KO_SURE = re.compile(rf".*\s(?:{_KO_COUNTERS})")
_ZH_FRACTION = re.compile(
    r"([\d.]+|[零〇一二两兩三四五六七八九十百千]+)分之([\d.]+|[零〇一二两兩三四五六七八九十百千]+)"
)
_KO_FRACTION = re.compile(r"(\d+)\s?분의\s?(\d+)")
# half (一半, 半数, 过半; 절반, 과반: 50%), tenths (三成: 30%), half past (3点半, 3시 반)
_ZH_PARTS = re.compile(
    r"(?P<half>一半|半数|过半|過半)|(?P<tenths>[一二两兩三四五六七八九])成(?![为為员員立功本果绩績长長就年都])"
    r"|(?<=[点點时時])(?P<clock>半)"
)
_KO_PARTS = re.compile(r"(?P<half>절반|과반)|(?<=시)\s?(?P<clock>반)(?![가-힣]{2})")
# a range written the CJK way: 8、90, 2~3만, 10-20万 (NFKC makes ～ and ， ASCII)
_RANGE_SEPARATOR = re.compile(r"\s?[、~〜\-–—,]\s?")
_GROUPED = {  # thousands grouping characters accepted in every language
    ",",
    "，",  # full-width: NFKC makes it a comma, the quick accept reads without NFKC
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
    dclass = re.escape(decimal) if decimal != "." else r"[.．]"
    korean = lang.startswith("ko")
    units = "십백천만억조" if korean else "十百千万亿萬億兆"
    # one branch starting with one digit (`\d\d*`, see _SOURCE_NUMBER): re scans for digits
    number = rf"\d\d*(?:{gclass}\d{{3}})*(?:{dclass}\d+)?"
    # multipliers, glued or after a space (240 万, 3 만명); in Korean a spaced one must end
    # a word or go on with a counter or particle (3 만명), not start a word (46 천안함)
    spaced = rf"\s[{units}]+"
    if korean:
        goes_on = f"{_KO_COUNTERS}|원|여|달러|유로|엔|위안|[이을의에은는도]"
        spaced += rf"(?:(?![가-힣])|(?={goes_on}))"
    multipliers = rf"(?:[{units}]+|{spaced})"
    # a number with CJK multipliers: 3만5000, 1억 2천만, 350万, 3百50万, 75 亿
    pattern = rf"(?:{number})(?:{multipliers}(?:\s?(?:{number}){multipliers}?)*)?"
    return re.compile(pattern), decimal, units


def _to_float(token: str, decimal: str) -> float:
    digits = "".join(ch for ch in token if ch.isdigit() or ch == decimal)
    return float(digits.replace(decimal, ".")) if digits else 0.0


def _times_big(
    total: float, section: float, big: float, last_big: float | None
) -> tuple[float, float]:
    """(total, its unit) after a 万/亿/만/억: it multiplies the section before it (3千万), or
    everything so far when it is larger than the unit before it (1.7万亿, 1万5千亿)."""
    if last_big is not None and big > last_big:
        return (total + section) * big, last_big * big
    return total + (section or 1.0) * big, big


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
            total, last_big = _times_big(total, section + (num or 0.0), _BIG[atom], last_big)
            section, num = 0.0, None
    values.append(total + section + (num or 0.0))
    return tuple(values)


def _zh_value(text: str) -> float | None:
    """Value of a Chinese-numeral word (十一, 三百五十万, 十二点四), else None."""
    text = text.removeprefix("百分之")
    whole, _, frac = text.partition("点")
    total, section, num = 0.0, 0.0, None
    last_big: float | None = None
    for ch in whole:
        if ch in _ZH_DIGITS:
            num = (num or 0) * 10 + _ZH_DIGITS[ch] if num is not None else _ZH_DIGITS[ch]
        elif ch in _ZH_SMALL:
            section += (num if num is not None else 1) * _ZH_SMALL[ch]
            num = None
        elif ch in _BIG:
            total, last_big = _times_big(total, section + (num or 0), _BIG[ch], last_big)
            section, num = 0.0, None
    value = total + section + (num or 0)
    if frac:
        value += float("0." + "".join(str(_ZH_DIGITS.get(c, 0)) for c in frac))
    return value if value or "零" in text or "〇" in text else None


def _zh_numeral(word: str) -> tuple[float, ...]:
    """Values of a Chinese-numeral word: one, or two for a range of neighbouring digits
    (八九十: 80 or 90, 十五六: 15 or 16, 一两千: 1,000 or 2,000, 两三: 2 or 3). Three or more
    digits in a row are read out one by one (一九六〇)."""
    for i in range(len(word) - 1):
        a, b = _ZH_DIGITS.get(word[i]), _ZH_DIGITS.get(word[i + 1])
        if a and b == a + 1:
            if word[i - 1 : i] in _ZH_DIGITS or word[i + 2 : i + 3] in _ZH_DIGITS:
                break
            low, high = (
                _zh_value(word[: i + 1] + word[i + 2 :]),
                _zh_value(word[:i] + word[i + 1 :]),
            )
            return tuple(v for v in (low, high) if v is not None)
    value = _zh_value(word)
    return () if value is None else (value,)


def _range_low(low: Quantity, high: Quantity, text: str) -> Quantity:
    """`low` of a range written the CJK way, given its high end: 8、90 is 80 or 90, 2~3만
    20,000 to 30,000, 10-20万 100,000 to 200,000 (both values are kept: 8 and 80)."""
    if not low.text.isdigit() or not _RANGE_SEPARATOR.fullmatch(text, low.end, high.start):
        return low
    lead = high.text[: len(low.text)]
    if not lead.isdigit() or int(low.text) >= int(lead):
        return low
    factor = high.values[0] / int(lead)
    if factor < 10 or not factor.is_integer() or str(int(factor)).strip("0") != "1":
        return low
    return low._replace(values=(low.values[0], low.values[0] * factor))


def target_hard(text: str, lang: str) -> list[Quantity]:
    """Numbers written with digits in a translation (0 is soft: 15:00, 0.5), and the
    spelled-out numbers that are surely numbers (三天, 四分之一, 세 명)."""
    base = lang.split("-")[0].lower()
    sure = [q for q in _spelled(text, lang) if not q.soft] if sure_hint(text, base) else []
    text = mask(nfkc(text))
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
        out[:-1] = [_range_low(low, high, text) for low, high in zip(out, out[1:], strict=False)]
        if base == "ko" and "분의" in text:
            out = _ko_fractions(out, text)
    return out + sure


def _ko_fractions(found: list[Quantity], text: str) -> list[Quantity]:
    """4분의 1 is one number, a quarter (0.25: a quarter, 25%, one in four); its two parts may
    still stand for source numbers (1 in 4) but are not reported on their own."""
    for m in _KO_FRACTION.finditer(text):
        den, num = float(m.group(1)), float(m.group(2))
        if den:
            found = [t._replace(soft=True) if m.start() <= t.start < m.end() else t for t in found]
            found.append(Quantity((num / den,), m.start(), m.end(), text=m.group()))
    return found


def sure_hint(text: str, base: str) -> bool:
    """Whether a translation (in language `base`: zh, ko) may hold a spelled-out number that
    is surely one (四分之一, 百分之五, 第三, 三天, 세 명, 4분의 1): those are compared like
    digits, so the quick accept leaves such a translation to the full comparison."""
    hint = _SURE_HINT.get(base)
    return hint is not None and hint.search(text) is not None


def target_soft(text: str, lang: str) -> list[Quantity]:
    """Spelled-out numerals (세 명, 三年) and month names (juin): never reported as extra."""
    out = [q for q in _spelled(text, lang) if q.soft]
    base = lang.split("-")[0].lower()
    if base not in ("ko", "zh", "ja") and base != "en":
        text = mask(nfkc(text))
        pattern, names = month_pattern(lang)
        for m in pattern.finditer(text):
            if m.start() and text[m.start() - 1].isalnum():
                continue
            number = names.get(m.group(0).rstrip(".").lower())
            if number:
                out.append(Quantity((float(number),), m.start(), m.end(), soft=True))
    return out


@lru_cache(maxsize=4096)
def _spelled(text: str, lang: str) -> tuple[Quantity, ...]:
    """Numbers a Chinese or Korean translation spells out. Most are soft: a numeral may be a
    word (一 in 统一, 万 in 千万), a source may say "they" for 两人. Those that are surely
    numbers are not: fractions, percentages, ordinals and counted numerals from 3."""
    text = mask(nfkc(text))
    base = lang.split("-")[0].lower()
    out: list[Quantity] = []
    if base in ("zh", "ja"):
        for m in _ZH_NUMERAL.finditer(text):
            word = m.group(0)
            after, before = text[m.end() : m.end() + 1], text[m.start() - 1 : m.start()]
            if before.isdigit() or (
                before == " " and text[m.start() - 2 : m.start() - 1].isdigit()
            ):
                continue  # the multiplier of a number written with digits: 240 万
            if len(word) == 1 and not (after in _ZH_CLASSIFIERS or before == "第"):
                continue  # 一 in 统一, 一些, 一直: a word, not a number
            values = _zh_numeral(word)
            if word.startswith("百分之"):  # 百分之五十 = 50% = 0.5
                percent = [Quantity((v, v / 100), m.start(), m.end(), text=word) for v in values]
                out += [q._replace(soft=base != "zh") for q in percent]
                continue
            least = min(values, default=0)
            if base != "zh" or before in _ABOUT:
                sure = False
            elif before == "第":  # an ordinal: 第二天 is "the next day", 第一 "top"
                sure = least >= 3
            else:  # a counted numeral
                sure = (
                    after != ""
                    and after in _ZH_COUNTED
                    and (least >= 3 or (least == 2 and after not in _ZH_PEOPLE and word != "二"))
                )
            out += [Quantity((v,), m.start(), m.end(), soft=not sure, text=word) for v in values]
        if "分之" in text:
            for m in _ZH_FRACTION.finditer(text):
                den, num = (_zh_number(g) for g in m.groups())
                if den and num is not None and m.group(1) != "百":
                    fraction = Quantity((num / den,), m.start(), m.end(), text=m.group())
                    out.append(fraction._replace(soft=base != "zh"))
        out += _parts(_ZH_PARTS, text)
    elif base == "ko":
        for m in _KO_NATIVE_RE.finditer(text):
            word = m.group(1).replace(" ", "")
            value = (
                10 + _KO_NATIVE[word[1:]]
                if word.startswith("열") and len(word) > 1
                else (_KO_NATIVE[word])
            )
            counted = _KO_SURE.fullmatch(m.group())
            sure = counted is not None and (
                value >= 3 or (value == 2 and not m.group().endswith(_KO_PEOPLE))
            )
            out.append(Quantity((float(value),), m.start(), m.end(), soft=not sure, text=m.group()))
        out += _parts(_KO_PARTS, text)
    return tuple(out)


def _zh_number(text: str) -> float | None:
    """Value of one side of a fraction: digits (4分之1) or a numeral (四分之一)."""
    if text[0].isdigit():
        try:
            return float(text)
        except ValueError:
            return None
    return _zh_value(text)


def _parts(pattern: re.Pattern[str], text: str) -> list[Quantity]:
    """Half (0.5), tenths (三成: 0.3) and half past (30 minutes) as soft quantities."""
    out = []
    for m in pattern.finditer(text):
        kind, word = next((k, w) for k, w in m.groupdict().items() if w)
        if kind == "half":
            value = 0.5
        elif kind == "tenths":
            value = _ZH_DIGITS[word] / 10
        else:
            value = 30.0
        out.append(Quantity((value,), m.start(kind), m.end(kind), soft=True))
    return out
