"""Term matching that understands how each language writes a term inside a sentence.

- English (and other space-separated source languages): token sequences, case-insensitive
  (acronyms and `case=sensitive` terms excepted), plural and possessive folded
  (defector/defectors/defectors'), hyphen = space (Kim Jong-un = Kim Jong Un),
  dotted acronyms folded (U.N. = UN).
- Korean: spacing-insensitive substring, so particles and suffixes may follow
  (탈북민들은, 강제북송을; 유엔 인권이사회 = 유엔인권이사회); `...하다` terms match by stem;
  a term of one or two syllables only where it stands as itself (`glossary/korean`: 핵을,
  핵무기, not 핵심).
- Chinese and Japanese: substring after NFKC (full-width/half-width folded), spaces ignored.
- Other languages: word-start substring after NFKC + casefold (allows inflected endings).

All matching runs over one normalised string per text; a glossary of any size is searched
with one Aho-Corasick automaton per language (pyahocorasick), never a loop over terms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from transflow.project.languages import base_language
from transflow.text.inline import mask
from transflow.text.normal import nfkc_map

SPACELESS = {"ko", "zh", "ja"}  # matched as substrings of a space-free normal form
_TOKEN = re.compile(r"(?P<acr>(?:[^\W\d_]\.){2,})|(?P<w>[^\W_]+(?:['’][^\W_]+)*)")
_DELETE_SPACES = {ord(c): None for c in " \t\n\r\u00a0\u2009\u200a\u202f\u3000\u200b"}
# middle dots separate foreign names in Korean/Chinese/Japanese (휴먼·라이츠·워치)
_DELETE_SPACES.update({ord(c): None for c in "·・‧•"})
_HYPHENS = {ord(c): " " for c in "-‐‑‒–—_/"}


# Word separation with str.translate + str.split (C speed): punctuation and hyphens become
# spaces; "." becomes NUL and is dropped after splitting, so U.N. = UN and "end." = "end".
_PUNCT = '!"#$%&()*+,/:;<=>?@[\\]^_`{|}~“”„‟«»‹›…—–‐‑‒―·•、。，！？：；（）【】《》「」『』〈〉'
_SEPARATE = {ord(c): " " for c in _PUNCT}
_SEPARATE.update({ord(c): " " for c in "-‐‑‒–—_/"})
_SEPARATE[ord(".")] = "\x00"
# str.translate with a dict costs ~100 ns a character; a character-class regex is 3x faster
_SEPARATE_RE = re.compile("[" + re.escape(_PUNCT + "-‐‑‒–—_/") + "]")
_HYPHENS_RE = re.compile("[" + re.escape("-‐‑‒–—_/") + "]")
DOTS = "·・‧•"


def _separate(text: str) -> str:
    text = _SEPARATE_RE.sub(" ", text)
    return text.replace(".", "\x00") if "." in text else text


_POSSESSIVE = re.compile(r"['’]s?(?= |$)")
_IES = re.compile(r"ies(?= |$)(?<=[^ ]{2}ies)")
# boxes, classes, churches, wishes -> box, class, church, wish (one pass: neither kind of
# removal leaves a word that the other would match)
_ES = re.compile(r"es(?= |$)(?:(?<=[^ ](?:ss|sh|ch)es)|(?<=[^ ][xz]es))")
_S = re.compile(r"s(?= |$)(?<=[^ ]{3}s)(?<![sui]s)")
_TOKEN_SPAN = re.compile(r"\S+")


def _fold(low: str) -> str:
    """Fold a lowercase, space-joined word sequence: possessives and regular plurals.

    A few C-level substitutions over the whole sentence, not a loop over words."""
    if "'" in low or "’" in low:
        low = _POSSESSIVE.sub("", low)
    if "s" in low:
        if "ies" in low:
            low = _IES.sub("y", low)
        if "es" in low:
            low = _ES.sub("", low)
        low = _S.sub("", low)
    return low


def _prepare(text: str) -> str:
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _separate(text)


def _words(text: str) -> str:
    """The words of `text`, single-spaced, dots dropped (U.N. = UN, "end." = "end"); its
    inline tokens (URLs, e-mail addresses, placeholders, code, link targets) hold no terms
    and are blanked out first.

    NUL is not whitespace, so dropping the dots (NUL here) before the one split gives the
    same words as dropping them after: a word made only of dots simply disappears."""
    prepared = _prepare(mask(text))
    if "\x00" in prepared:
        prepared = prepared.replace("\x00", "")
    return " ".join(prepared.split())


def source_key(term: str) -> tuple[str, tuple[str, ...]]:
    """(' tok tok ', cased words) for a source term: the automaton key and its case form."""
    cased = _words(term)
    return " " + _fold(cased.lower()) + " ", tuple(cased.split())


def source_normal(text: str) -> tuple[str, str]:
    """(normalised text the automaton runs over, the same words unfolded with case kept)."""
    cased = _words(text)
    return " " + _fold(cased.lower()) + " ", cased


@lru_cache(maxsize=1024)
def token_spans(text: str) -> list[tuple[int, int]]:
    """Offsets in `text` of the words that `source_normal` folds, in order (for reporting).

    The words are found in the normalised text as matching sees it and mapped back to the
    text as written (NFKC may change lengths: ﬁ becomes fi, … becomes ...)."""
    normal = nfkc_map(mask(text))
    prepared = _separate(normal.text)
    spans = []
    for m in _TOKEN_SPAN.finditer(prepared):
        word = m.group()
        if word.strip("\x00"):
            spans.append(normal.span(m.start(), m.start() + len(word.rstrip("'’\x00"))))
    return spans


@lru_cache(maxsize=64)
def is_spaceless(lang: str) -> bool:
    return base_language(lang) in SPACELESS


# the full-width punctuation of Chinese and Japanese sentences, with its NFKC form
_WIDE_PUNCT = tuple(zip("，：？！；（）", ",:?!;()", strict=True))


def nfkc(text: str) -> str:
    """NFKC, without the full normalisation for text whose only compatibility characters
    are full-width punctuation (most Chinese translations: ，：？ cost 4x a plain check).

    Exact: NFKC(s) is the composition of NFKD(s), and replacing such a character by its
    decomposition (one ASCII character) leaves NFKD(s) unchanged; so when the replaced
    text is already in NFKC, it is NFKC(s). Anything else takes the full normalisation."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    folded = text
    for wide, narrow in _WIDE_PUNCT:
        if wide in folded:
            folded = folded.replace(wide, narrow)
    if folded is not text and unicodedata.is_normalized("NFKC", folded):
        return folded
    return unicodedata.normalize("NFKC", text)


def target_normal(text: str, lang: str) -> str:
    """Normal form of a target text or term: NFKC, casefold; spaceless scripts lose spaces."""
    text = nfkc(text)
    norm = text.casefold()
    if is_spaceless(lang):
        norm = "".join(norm.split())
        for dot in DOTS:
            if dot in norm:
                norm = norm.replace(dot, "")
        return norm.replace("\u200b", "") if "\u200b" in norm else norm
    return " " + " ".join(_HYPHENS_RE.sub(" ", norm).split()) + " "


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
    normal = nfkc_map(text)
    chars: list[str] = []
    index: list[int] = []  # offset in normal.text of each character of the haystack
    spaceless = is_spaceless(lang)
    for i, ch in enumerate(normal.text):
        n = ch.casefold()
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
        chars, index = [" ", *chars, " "], [0, *index, len(normal.text)]
    hay = "".join(chars)
    spans = []
    start = hay.find(needle)
    while start >= 0:
        first = start + (1 if needle.startswith(" ") else 0)
        last = start + len(needle) - 1
        spans.append(normal.span(index[first], index[min(last, len(index) - 1)] + 1))
        start = hay.find(needle, start + 1)
    return spans
