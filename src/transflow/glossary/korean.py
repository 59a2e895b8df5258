"""Where a Korean term stands in a sentence: as a word, as a noun of a compound, or inside
a different word.

Korean glues particles (핵을, 핵의) and the nouns of a compound (핵무기, 대북제재) to a
term, so glossary terms are found as substrings of the translation. A short term (one or
two syllables) is then also found inside words it has nothing to do with: 핵 "nuclear" in
핵심 "core", 당 "party" in 당시 "at that time". `place` tells these apart, by rule: a tail
of particles after the term is the term itself (WORD); a word on the list of known longer
words is another word (OTHER); anything else after the term is taken for a compound
(COMPOUND: 핵무기, 핵실험). When kiwipiepy, a Korean morphological analyzer, is installed
(`pip install 'transflow[korean]'`), it settles what the rule can only guess for a
one-syllable term: whether the term is a noun of its own in the analysis of its word
(NOUN) or part of a longer word (OTHER). It runs only on those words, once each.

The glossary uses the verdicts both ways: a required term is present as a WORD, a NOUN, a
COMPOUND, or (two syllables) INSIDE a word (대북제재 holds 제재); a forbidden short term is
reported only as a WORD or a NOUN, never on a guess.
"""

from __future__ import annotations

import importlib.util
import re
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from transflow.glossary.matching import DOTS, nfkc

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

SHORT = 2  # syllables: a term this short often begins, or hides in, another word


class Place(Enum):
    WORD = "word"  # the term, alone or with particles after it: 핵, 핵을, 핵에서는
    NOUN = "noun"  # the analyzer reads the term as a noun of its own: 핵시설, 대북제재
    COMPOUND = "compound"  # the rule's guess: the first noun of a compound (핵무기)
    OTHER = "other"  # part of a different word: 핵심, 당시, 결핵
    INSIDE = "inside"  # the rule cannot tell: inside a word (대북제재, 결핵)


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


_SHORT = re.compile(f"[\uac00-\ud7a3]{{1,{SHORT}}}")
_NOT_HANGUL = re.compile("[^\uac00-\ud7a3]")


def is_short(term: str) -> bool:
    """A term of one or two Hangul syllables (after normalisation)."""
    return _SHORT.fullmatch(term) is not None


# What follows a noun inside its word without making it another word: the plural 들,
# case and auxiliary particles, and the copula's common forms (이다, 이라는, 였다).
_PARTICLES = sorted(
    (
        "이 가 을 를 은 는 의 에 에서 에게 에게서 께 께서 한테 로 으로 로서 으로서 로써 "
        "으로써 와 과 랑 이랑 하고 도 만 까지 부터 조차 마저 보다 처럼 마다 밖에 뿐 나 이나 "
        "든 이든 라도 이라도 야 이야 요 다 이다 며 이며 고 이고 라는 이라는 라고 이라고 "
        "란 이란 였다 이었다 던 이던 지만 이지만 서 에는 에도"
    ).split(),
    key=len,
    reverse=True,
)
_TAIL = re.compile(f"(?:들)?(?:{'|'.join(_PARTICLES)})*")

# The tails a noun most often takes in news text, as (after a final consonant, after a
# vowel): what `with_particles` attaches to a forbidden variant for decode-time suppression.
_COMMON_TAILS = (
    ("은", "는"), ("이", "가"), ("을", "를"), ("의", "의"), ("에", "에"), ("에서", "에서"),
    ("에게", "에게"), ("과", "와"), ("도", "도"), ("으로", "로"), ("만", "만"), ("들", "들"),
)  # fmt: skip


def with_particles(term: str) -> list[str]:
    """`term` with each common particle attached, chosen by its last syllable (탈북자는,
    탈북자를; 단동은, 단동을), and with the plural 들 before them (탈북자들은).

    A tokenizer may cut 탈북자는 as ▁탈북 자는, so blocking the tokens of 탈북자 alone
    would not block it: these are the forms to block besides the bare term."""
    if not term or not is_hangul(term[-1]):
        return []
    return [term + tail for tail in _tails(term)] + [term + "들" + t for t in _tails("들")[:-1]]


def _tails(word: str) -> list[str]:
    final = (ord(word[-1]) - 0xAC00) % 28  # the final consonant (받침), 0 for none, 8 for ㄹ
    return [
        vowel if not final or (final == 8 and vowel == "로") else consonant
        for consonant, vowel in _COMMON_TAILS
    ]


# Common words that begin with a short news term and are not that term: 핵심 is "core",
# not "nuclear"; 북한산 a mountain. Only what the rule would otherwise take for a compound.
LONGER_WORDS = frozenset(
    (
        "핵심 "
        "당시 당국 당연 당장 당일 당초 당부 당선 당사자 당사국 당분간 당면 당황 당첨 당위 "
        "당근 당뇨 당신 "
        "군사 군인 군중 군데 군수 군더더기 "
        "북한산 북한강 남한산성 남한강 통일성 고문관 원고료"
    ).split()
)


@lru_cache(maxsize=1024)
def _longer(term: str) -> tuple[str, ...]:
    """The known longer words that begin with `term`."""
    return tuple(sorted(w for w in LONGER_WORDS if len(w) > len(term) and w.startswith(term)))


class Spaced(NamedTuple):
    """A Korean text as matching normalises it, spaces kept (NFKC, casefold), and where
    each character of its spaceless form (what the automata run over) is in it."""

    text: str
    where: list[int]  # offset in `text` of each character of the spaceless form

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of spaceless characters start..end-1, or None when it takes in a
        space (a term written across two words)."""
        first, last = self.where[start], self.where[end - 1]
        return (first, last + 1) if last - first == end - 1 - start else None

    def starts_word(self, start: int) -> bool:
        """Whether spaceless character `start` begins a word (or is not Hangul)."""
        at = self.where[start]
        return at == 0 or not is_hangul(self.text[at]) or not is_hangul(self.text[at - 1])


_SKIP = DOTS + "\u200b"  # dropped from the spaceless form, like whitespace


def normal(text: str) -> str:
    """`text` normalised as `matching.target_normal` does for Korean, spaces kept."""
    return nfkc(text).casefold()


def spaced(text: str) -> Spaced:
    """`normal(text)` with where each character of the spaceless form is in it."""
    norm = normal(text)
    return Spaced(norm, [i for i, ch in enumerate(norm) if not (ch.isspace() or ch in _SKIP)])


def present(text: str, term: str) -> bool:
    """Whether a short required term occurs in `text` (`normal`) as itself: a word, a noun
    of its own, a compound's first noun or, for two syllables, a noun inside a compound
    (대북제재)."""
    if _as_word(term).search(text):
        return True  # the common case, found by one regular expression: 북한은, 핵을
    return placed(text, term)


def placed(text: str, term: str) -> bool:
    """`present` the plain way, each occurrence through `place` (what the fast path of
    `present` is property-tested against)."""
    at = text.find(term)
    while at >= 0:
        where = place(text, at, at + len(term))
        if where in (Place.WORD, Place.NOUN, Place.COMPOUND) or (
            where is Place.INSIDE and len(term) == SHORT
        ):
            return True
        at = text.find(term, at + 1)
    return False


@lru_cache(maxsize=1024)
def _as_word(term: str) -> re.Pattern[str]:
    """What `place` calls a WORD for `term` as one pattern: not inside a word, not the
    start of a known longer word, alone or with a particle tail."""
    longer = "".join(f"(?!{re.escape(w[len(term) :])})" for w in _longer(term))
    hangul = "[\\uac00-\\ud7a3]"
    return re.compile(f"(?<!{hangul}){re.escape(term)}{longer}{_TAIL.pattern}(?!{hangul})")


def forbidden_here(text: Spaced, start: int, end: int, variant: str) -> bool:
    """Whether the forbidden `variant` (normalised) at spaceless characters start..end-1
    is used there.

    A long variant is, anywhere inside a word (북한탈북자들 uses 탈북자), or written over
    two words from one's start to the other's end (탈북 자들); not when joining two words
    makes it (탈북 자녀, 집단 동원 -> 단동). A short one is only where it surely is
    itself: a WORD, or a NOUN in the analyzer's reading, never on a guess."""
    span = text.span(start, end)
    if span is not None and not is_short(variant):
        return True
    if span is None:  # across words: from a word's start to a word's end (particles after)
        if is_short(variant) or not text.starts_word(start):
            return False
        return place(text.text, text.where[start], text.where[end - 1] + 1, False) is Place.WORD
    return place(text.text, *span) in (Place.WORD, Place.NOUN)


def place(text: str, start: int, end: int, analyze: bool = True) -> Place:
    """Where the term at text[start:end] stands (`text` as matching normalises it, spaces
    kept). `analyze`: let kiwipiepy settle what the rule cannot, when it is installed, for
    a one-syllable term: countless words begin with one syllable (당시, 당혹, 당황...), and
    only a lexicon knows them; two syllables begin few other words, which the list names,
    while the analyzer mistakes compounds with a one-syllable head (통일부, 난민촌) for them
    (tests/data/korean_terms.csv)."""
    analyze = analyze and end - start == 1
    after = _NOT_HANGUL.search(text, end)
    stop = after.start() if after else len(text)  # the end of the word
    if start > 0 and is_hangul(text[start - 1]):
        kiwi = analyzer() if analyze else None
        return _analysed(kiwi, text, start, end, stop) if kiwi else Place.INSIDE
    if stop == end:
        return Place.WORD
    if any(text.startswith(w, start) for w in _longer(text[start:end])):
        return Place.OTHER
    if _TAIL.fullmatch(text, end, stop):
        return Place.WORD
    kiwi = analyzer() if analyze else None
    return _analysed(kiwi, text, start, end, stop) if kiwi else Place.COMPOUND


# How much less likely (log-probability) the analyzer may find a reading with the term cut
# out as a morpheme for that reading to stand: compounds it knows as one word cost 0-5
# (반핵 0, 핵무기 1.1, 북핵 3.0), other words more (당국 5.3, 군사 5.8, 군인 7.0, 핵심 10.7,
# 결핵 11.8; but also the compound 여당 10.2); measured on tests/data/korean_terms.csv.
SPLIT_COST = 5.0


def _analysed(kiwi: Kiwi, text: str, start: int, end: int, stop: int) -> Place:
    """The analyzer's verdict on the term at text[start:end], the word around it alone."""
    begin = start
    while begin > 0 and is_hangul(text[begin - 1]):
        begin -= 1
    return _analysed_word(kiwi, text[begin:stop], start - begin, end - begin)


@lru_cache(maxsize=65536)
def _analysed_word(kiwi: Kiwi, word: str, start: int, end: int) -> Place:
    """NOUN when the analyzer's reading of `word` has a morpheme boundary on both sides of
    the term at word[start:end] and the term is a noun (핵시설, 대북제재). Else (part of a
    longer morpheme, or read as something else: 단/MM 동), NOUN if cutting it out costs
    little (a compound it knows as one word: 핵무기, 북핵) or, at the word's start, leaves
    a noun of two syllables or more (핵 + 탄두); OTHER otherwise (핵심, 결핵). Once per
    word: words recur across a project's sentences far more than sentences do."""
    best, score = kiwi.analyze(word, top_n=1)[0]
    starts = {t.start for t in best}
    ends = {t.start + t.len for t in best} | starts
    if start in starts and end in ends:
        first = next(t.tag for t in best if t.start == start)
        if first.startswith(("NN", "SL", "SH", "XR")):
            return Place.NOUN
    cut, cut_score = kiwi.analyze(word, top_n=1, pretokenized=[(start, end)])[0]
    if score - cut_score < SPLIT_COST:
        return Place.NOUN
    after = next((t for t in cut if t.start >= end), None)
    if start == 0 and after is not None and after.start == end:
        if after.tag in ("NNG", "NNP") and after.len >= 2:
            return Place.NOUN
    return Place.OTHER


def available() -> bool:
    """Whether kiwipiepy is installed (without importing it)."""
    return importlib.util.find_spec("kiwipiepy") is not None


@lru_cache(maxsize=1)
def analyzer() -> Kiwi | None:
    """The kiwipiepy analyzer, loaded on first use (about 2 s), or None when not installed.
    The typo and multi-word dictionaries stay unloaded: news copy is edited text, and they
    double the start-up time."""
    if not available():
        return None
    from kiwipiepy import Kiwi

    return Kiwi(load_typo_dict=False, load_multi_dict=False)


def status() -> str:
    """One line for `check --list-checks`: how Korean word boundaries are decided."""
    if available():
        return "Korean short glossary terms: word boundaries by the kiwipiepy analyzer."
    return (
        "Korean short glossary terms: word boundaries by rule (particles, known longer "
        "words); `pip install 'transflow[korean]'` adds the kiwipiepy analyzer."
    )
