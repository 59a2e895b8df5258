"""A number found in a text (`Quantity`), and the value helpers both sides share."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

ANY_NUMBER = re.compile(r"[0-9０-９]")


class Quantity(NamedTuple):
    values: tuple[float, ...]  # acceptable values, the number as written first (3 p.m.: 3, 15)
    start: int
    end: int
    required: bool = True  # source: must appear in the target
    tolerance: float = 1e-9  # relative tolerance of the values after the first (a conversion)
    soft: bool = False  # target: spelled-out numeral, never reported as extra
    text: str = ""  # as written (after NFKC)


def _not_numbers() -> dict[int, str]:
    """Characters NFKC makes digits that are not numbers as written: superscripts and
    subscripts (km², CO₂), the squared and cubed unit signs (㎡, ㎥: m2, m3), circled and
    parenthesised numbers (①, ⑵: list markers). Each becomes its NFKC form with `^` for its
    digits, so the text keeps the length NFKC gives it."""
    table = {}
    codes = [0xB2, 0xB3, 0xB9, *range(0x2070, 0x208F), *range(0x3380, 0x33E0)]
    codes += [*range(0x2460, 0x2500), *range(0x2776, 0x2794), *range(0x3251, 0x3260)]
    for code in [*codes, *range(0x32B1, 0x32C0)]:
        char = chr(code)
        form = unicodedata.normalize("NFKC", char)
        if form != char and any(c.isdigit() for c in form):
            table[code] = "".join("^" if c.isdigit() else c for c in form)
    return table


_NOT_NUMBERS = _not_numbers()


def nfkc(text: str) -> str:
    """NFKC (full-width digits become digits) without making numbers of exponents and list
    markers."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text.translate(_NOT_NUMBERS))


def value_key(value: float) -> float:
    """A value rounded to 10 significant digits: 4.1 million is 410만 despite binary floats."""
    return value if value.is_integer() else float(f"{value:.10g}")
