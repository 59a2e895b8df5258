"""A number found in a text (`Quantity`), and the value helpers both sides share."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

ANY_NUMBER = re.compile(r"[0-9０-９]")


class Quantity(NamedTuple):
    values: tuple[float, ...]  # acceptable values (3 p.m. -> 3 and 15)
    start: int
    end: int
    required: bool = True  # source: must appear in the target
    tolerance: float = 1e-9  # relative tolerance (unit conversions are approximate)
    soft: bool = False  # target: spelled-out numeral, never reported as extra
    text: str = ""  # as written (after NFKC)


def nfkc(text: str) -> str:
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def value_key(value: float) -> float:
    """A value rounded to 10 significant digits: 4.1 million is 410만 despite binary floats."""
    return value if value.is_integer() else float(f"{value:.10g}")
