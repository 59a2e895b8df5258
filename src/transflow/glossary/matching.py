"""Term matching that understands how each language writes a term inside a sentence.

- English (and other space-separated source languages): token sequences, case-insensitive
  (acronyms and `case=sensitive` terms excepted), plural and possessive folded
  (defector/defectors/defectors'), hyphen = space (Kim Jong-un = Kim Jong Un),
  dotted acronyms folded (U.N. = UN).
- Korean: spacing-insensitive substring, so particles and suffixes may follow
  (탈북민들은, 강제북송을; 유엔 인권이사회 = 유엔인권이사회); `...하다` terms match by stem.
- Chinese and Japanese: substring after NFKC (full-width/half-width folded), spaces ignored.
- Other languages: word-start substring after NFKC + casefold (allows inflected endings).

All matching runs over one normalised string per text; a glossary of any size is searched
with one Aho-Corasick automaton per language (pyahocorasick), never a loop over terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from transflow.languages import base_language

SPACELESS = {"ko", "zh", "ja"}  # matched as substrings of a space-free normal form
_TOKEN = re.compile(r"(?P<acr>(?:[^\W\d_]\.){2,})|(?P<w>[^\W_]+(?:['’][^\W_]+)*)")
_DELETE_SPACES = {ord(c): None for c in " \t\n\r\u00a0\u2009\u200a\u202f\u3000\u200b"}
# middle dots separate foreign names in Korean/Chinese/Japanese (휴먼·라이츠·워치)
_DELETE_SPACES.update({ord(c): None for c in "·・‧•"})
_HYPHENS = {ord(c): " " for c in "-‐‑‒–—_/"}


@dataclass(frozen=True)
class Token:
    norm: str  # lowercase, plural/possessive folded
    cased: str  # same folding, original case (for case-sensitive terms)
    start: int
    end: int


def _fold(word: str) -> str:
    """Strip a possessive and a regular plural ending; keeps the word's case."""
    low = word.lower()
    if low.endswith(("'s", "’s")):
        word, low = word[:-2], low[:-2]
    n = len(low)
    if n > 4 and low.endswith("ies"):
        return word[:-3] + ("Y" if word[-3:].isupper() else "y")
    if n > 4 and low.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if n > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[Token]:
    """Word tokens of a space-separated language, folded for matching."""
    text = text.translate(_HYPHENS)
    out = []
    for m in _TOKEN.finditer(text):
        if m.group("acr"):
            cased = m.group("acr").replace(".", "")
        else:
            cased = _fold(m.group("w"))
        out.append(Token(cased.lower(), cased, m.start(), m.end()))
    return out


def source_key(term: str) -> tuple[str, tuple[str, ...]]:
    """(' tok tok ', cased tokens) for a source term: the automaton key and the case form."""
    toks = tokens(unicodedata.normalize("NFKC", term))
    return " " + " ".join(t.norm for t in toks) + " ", tuple(t.cased for t in toks)


def source_normal(text: str) -> tuple[str, list[Token]]:
    """The normalised text a source automaton runs over, and its tokens."""
    toks = tokens(unicodedata.normalize("NFKC", text) if not text.isascii() else text)
    return " " + " ".join(t.norm for t in toks) + " ", toks


@lru_cache(maxsize=64)
def is_spaceless(lang: str) -> bool:
    return base_language(lang) in SPACELESS


def target_normal(text: str, lang: str) -> str:
    """Normal form of a target text or term: NFKC, casefold; spaceless scripts lose spaces."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    if is_spaceless(lang):
        return norm.translate(_DELETE_SPACES)
    return " " + " ".join(norm.translate(_HYPHENS).split()) + " "


def target_term(term: str, lang: str) -> str:
    """Normal form of a target glossary variant (Korean `...하다` verbs match by stem)."""
    norm = target_normal(term, lang)
    if base_language(lang) == "ko" and len(norm) > 3 and norm.endswith(("하다", "되다")):
        norm = norm[:-2]
    if not is_spaceless(lang):
        norm = norm.rstrip()  # keep the word-start boundary, allow inflected endings
    return norm


def target_spans(text: str, lang: str, term: str) -> list[tuple[int, int]]:
    """Spans of `text` (original offsets) where a target term occurs: for highlighting."""
    needle = target_term(term, lang)
    if not needle.strip():
        return []
    chars: list[str] = []
    index: list[int] = []
    spaceless = is_spaceless(lang)
    for i, ch in enumerate(text):
        n = unicodedata.normalize("NFKC", ch).casefold()
        if spaceless:
            n = n.translate(_DELETE_SPACES)
        else:
            n = n.translate(_HYPHENS)
            if n.isspace():
                n = " "
        for c in n:
            chars.append(c)
            index.append(i)
    if not spaceless:  # mirror target_normal: a leading space and single spaces
        chars, index = [" ", *chars, " "], [0, *index, len(text)]
    hay = "".join(chars)
    spans = []
    start = hay.find(needle)
    while start >= 0:
        first = start + (1 if needle.startswith(" ") else 0)
        last = start + len(needle) - 1
        spans.append((index[first], index[min(last, len(index) - 1)] + 1))
        start = hay.find(needle, start + 1)
    return spans
