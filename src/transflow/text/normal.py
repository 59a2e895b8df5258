"""NFKC with a way back: the one map from offsets in a normalised text to the original.

Matching runs on NFKC text (ﬁ = fi, Ｋ = K, ㎞ = km, decomposed Hangul = composed), whose
length differs from the text a user wrote; a finding must quote and highlight the original.
`nfkc_map` normalises a text piece by piece, each piece being a character with whatever
composes with it, and records where each normalised character came from.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple


class NormalMap(NamedTuple):
    """NFKC(text), and for each of its characters the piece of `text` it came from."""

    text: str
    starts: tuple[int, ...]  # offset in the original of the piece of each normalised char
    ends: tuple[int, ...]  # end offset of that piece

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span holding normalised characters start..end-1 (whole pieces:
        a span that takes part of ﬁ's "fi" quotes the ligature)."""
        if start >= len(self.starts):
            end_of_text = self.ends[-1] if self.ends else 0
            return end_of_text, end_of_text
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[min(end, len(self.ends)) - 1]


def _joins(ch: str) -> bool:
    """Whether `ch` may compose with what precedes it under NFKC: a combining mark, a
    Hangul vowel or final jamo (ᄒ + ᅡ + ᆫ = 한), or a character whose compatibility form
    starts with one (half-width ﾞ, half-width Hangul vowels)."""
    if unicodedata.combining(ch) or "\u1160" <= ch <= "\u11ff" or "\ud7b0" <= ch <= "\ud7ff":
        return True
    if ch.isascii():
        return False
    first = unicodedata.normalize("NFKD", ch)[:1]
    return bool(first) and first != ch and _joins(first)


@lru_cache(maxsize=256)
def nfkc_map(text: str) -> NormalMap:
    """NFKC(`text`) with the original piece of each of its characters.

    Pieces are split before every character that cannot compose with what precedes it;
    when that is not enough (a rare script whose starters compose, e.g. Kannada vowel
    signs), neighbouring pieces are merged until piecewise NFKC is the whole text's."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        offsets = tuple(range(len(text)))
        return NormalMap(text, offsets, tuple(i + 1 for i in offsets))
    pieces: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if pieces and _joins(ch):
            pieces[-1] = (pieces[-1][0], i + 1)
        else:
            pieces.append((i, i + 1))
    whole = unicodedata.normalize("NFKC", text)
    parts = [unicodedata.normalize("NFKC", text[a:b]) for a, b in pieces]
    if "".join(parts) != whole:
        merged: list[tuple[int, int]] = []
        merged_parts: list[str] = []
        for (a, b), part in zip(pieces, parts, strict=True):
            if merged:
                joined = unicodedata.normalize("NFKC", text[merged[-1][0] : b])
                if joined != merged_parts[-1] + part:
                    merged[-1] = (merged[-1][0], b)
                    merged_parts[-1] = joined
                    continue
            merged.append((a, b))
            merged_parts.append(part)
        pieces, parts = merged, merged_parts
        if "".join(parts) != whole:  # never seen: then the text is one piece
            pieces, parts = [(0, len(text))], [whole]
    starts: list[int] = []
    ends: list[int] = []
    for (a, b), part in zip(pieces, parts, strict=True):
        starts.extend([a] * len(part))
        ends.extend([b] * len(part))
    return NormalMap("".join(parts), tuple(starts), tuple(ends))


def original_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of `text` that characters start..end-1 of NFKC(`text`) came from."""
    return nfkc_map(text).span(start, end)
