"""Sentence segmentation of source paragraphs, with character offsets.

Every later stage (PO catalog, translation memory, QA, editions) keys on the segments made here,
so two properties matter more than cleverness:

* **Lossless offsets.** `sentence_spans` returns `(start, end)` pairs into the *original* text.
  Text outside the spans is whitespace only, no span is empty or has whitespace at its ends, and
  spans are in order, so an edition can be rebuilt exactly from the segments and the gaps.
* **Stable, explainable boundaries.** The base is pySBD (a port of pragmatic_segmenter, rule
  based, offline, no model download). A small documented pass of news rules then fixes what
  pySBD gets wrong on wire copy and on Chinese/Japanese/Korean text. Every rule is a named
  function below; every rule has tests in `tests/test_segmentation.py`.

Pipeline for one text:

1. Paragraphs: a blank line (two line breaks with only spaces between) is a hard boundary; a
   single line break is a soft wrap and counts as a space (Markdown semantics). pySBD itself
   would split at every newline, which breaks hard-wrapped sources.
2. pySBD runs on each paragraph with its rules for the base language. Its output strings are not
   reliable offsets (its own `char_span` drops sentences it cannot find again and includes
   trailing whitespace), so we re-align them onto the original by walking the non-whitespace
   characters (`_align`).
3. Post-processing: first glue misplaced closing punctuation back (`_attach_closers`), then
   split boundaries pySBD misses (`_SPLIT_RULES`), then merge wrong splits (`_MERGE_RULES`).
4. Inline Markdown stays whole (`_keep_markup_whole`): the text is inline Markdown, and no
   boundary may fall inside emphasis, a link, an image, an autolink, a code span or inline
   HTML (`transflow.text.markdown` says where they are). A boundary right before a closing
   delimiter moves after it (`*He left at noon.*` is one segment, markers included); any
   other boundary inside a construct goes (`![chart](chart.png)` is no sentence end).

Languages: `lang` is a BCP 47 tag; only the base language is used (`zh-Hant` -> `zh`). pySBD has
rules for en, zh, ja, es, fr, de, it, nl, da, pl, ru, ar, fa, hi ... (see
`pysbd.languages.LANGUAGE_CODES`). Any other language, notably Korean, falls back to the
**English** rules: Korean, like most Latin- and Cyrillic-script languages pySBD lacks, ends
sentences with `. ? !` followed by a space, pySBD's English abbreviations almost never occur in
such text, and it keeps quoted speech (`"...."라고`) together. The CJK rules below handle
`。！？` for every language, so a Korean article that uses `。` splits too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from transflow.project.languages import base_language
from transflow.text.markdown import InlineMarkup, parse_inline

__all__ = ["sentence_spans", "split_sentences"]

if TYPE_CHECKING:
    from pysbd import Segmenter

Span = tuple[int, int]


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled on first use: the CLI imports this module and must start fast
    (compiling all rule patterns up front costs ~13 ms)."""
    return lru_cache(maxsize=1)(lambda: re.compile(pattern))


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def sentence_spans(
    text: str, lang: str, references: Mapping[str, Any] | None = None
) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence in `text`, in order.

    Each span starts and ends on non-whitespace; text outside spans is whitespace only; no
    boundary falls inside inline Markdown. Offsets (not strings) are the primary result so
    callers can map translations back onto the source layout and report `file:line`
    positions. `references` are the document's link reference definitions (markdown-it's
    env), so that `[text][label]` is known as a link.
    """
    if not text or text.isspace():
        return []
    base = _pysbd_language(base_language(lang or "en"))
    spans: list[Span] = []
    for start, end in _paragraphs(text):
        spans.extend(_segment_paragraph(text, start, end, base, references))
    return spans


def split_sentences(text: str, lang: str, references: Mapping[str, Any] | None = None) -> list[str]:
    """The sentences of `text`: `[text[s:e] for s, e in sentence_spans(text, lang)]`.

    Convenience for callers that only need the strings (catalog building, tests).
    """
    return [text[s:e] for s, e in sentence_spans(text, lang, references)]


# --------------------------------------------------------------------------------------------
# pySBD: lazy import, cached segmenters, re-alignment onto the original text
# --------------------------------------------------------------------------------------------


@cache
def _pysbd_language(base: str) -> str:
    """The pySBD language code for a base language: itself if supported, else English."""
    from pysbd.languages import LANGUAGE_CODES

    return base if base in LANGUAGE_CODES else "en"


@cache
def _segmenter(code: str) -> Segmenter:
    """One pySBD segmenter per language, imported on first use so the CLI starts fast.

    We call its `processor(text).process()` (the sentence strings) rather than `segment()`:
    with `char_span=True`, `segment()` re-finds each sentence with a regex, silently drops one
    it cannot find (`'It ∯ was.'` vanishes) and puts trailing whitespace inside spans; `_align`
    does that job losslessly.
    """
    import pysbd

    return pysbd.Segmenter(language=code, clean=False, char_span=False)


# Characters pySBD uses internally as placeholders: if the input contains them they would come
# back as different characters ('∯' -> '.'), so they are masked 1:1 before pySBD sees the text.
_PYSBD_PLACEHOLDERS = "∯∮♨☝ƪ♟♝☏⎋✂⌬♭♬☉☈☇☄ȸȹᓰᓱᓳᓴᓷᓸ"


@cache
def _mask_table() -> dict[int, str]:
    """str.translate table: every whitespace char -> ' ', every pySBD placeholder -> '_'.

    Same length in and out, so offsets into the masked text are offsets into the original.
    Newlines become spaces because pySBD splits at every newline (see module docstring).
    """
    table = {cp: " " for cp in range(0x3001) if chr(cp).isspace()}
    table.update({ord(c): "_" for c in _PYSBD_PLACEHOLDERS})
    return table


# Line breaks as str.splitlines() sees them; two of them with only spaces between = paragraph.
_LB = r"(?:\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028])"
_PARAGRAPH_BREAK = _lazy(rf"{_LB}[^\S\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028]*{_LB}|\u2029")


def _paragraphs(text: str) -> Iterator[Span]:
    """Ranges of `text` between paragraph breaks (blank lines, U+2029)."""
    pos = 0
    for m in _PARAGRAPH_BREAK().finditer(text):
        if not text[pos : m.start()].isspace() and m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < len(text) and not text[pos:].isspace():
        yield pos, len(text)


def _segment_paragraph(
    text: str, start: int, end: int, code: str, references: Mapping[str, Any] | None
) -> list[Span]:
    pairs = _bracket_pairs(text, start, end)
    markup = parse_inline(text[start:end], references)
    whole = [(start + c.start, start + c.end - 1) for c in markup.constructs]
    spans: list[Span] = []
    for chunk_start, chunk_end in _chunks(text, start, end, code, pairs + whole):
        work = text[chunk_start:chunk_end].translate(_mask_table())
        pieces = _segmenter(code).processor(work).process() or []
        spans.extend((s + chunk_start, e + chunk_start) for s, e in _align(work, pieces))
    spans = _attach_closers(text, spans)
    for split_rule in _SPLIT_RULES:
        spans = _apply_split(text, spans, split_rule, code)
    spans = _apply_merges(text, spans, code, pairs)
    return _keep_markup_whole(text, spans, markup, start) if markup.constructs else spans


# pySBD's abbreviation pass re-scans the whole line for every abbreviation it meets, so its cost
# grows with the square of the paragraph length (48,000 characters: 1.6 s). Paragraphs longer
# than this are fed to it in pieces, cut only where pySBD would end a sentence anyway.
_CHUNK_SIZE = 2000
_SAFE_CUT = _lazy(
    r"(?<![\w.&'’-])([A-Za-z]?[a-z]{2,})[.!?]+[”\"’')]*(?=\s+[“\"‘(]?[A-Z])|[。！？]+[」』”）]*(?=\S)"
)


def _chunks(text: str, start: int, end: int, code: str, pairs: list[Span]) -> Iterator[Span]:
    """Split a long paragraph at clear sentence ends (a word that is no known abbreviation, end
    punctuation, a capital; or 。！？), outside any quote or bracket, every ~_CHUNK_SIZE chars."""
    if end - start <= _CHUNK_SIZE:
        yield start, end
        return
    from pysbd.languages import LANGUAGE_CODES

    abbreviations = set(LANGUAGE_CODES[code].Abbreviation.ABBREVIATIONS)
    abbreviations.update(_TITLES.lower().split("|"))
    pos = start
    for m in _SAFE_CUT().finditer(text, start, end):
        cut = m.end()
        if cut - pos < _CHUNK_SIZE or (m.group(1) or "").lower() in abbreviations:
            continue
        if text.count('"', pos, cut) % 2 or any(o < cut <= c for o, c in pairs):
            continue
        yield pos, cut
        pos = cut
    yield pos, end


def _align(work: str, pieces: list[str]) -> list[Span]:
    """Map pySBD's sentence strings back onto `work`, by their non-whitespace characters.

    pySBD may change whitespace inside a sentence and its own char_span search silently drops a
    sentence it cannot find again. Here the non-whitespace characters of each piece are consumed
    from the text in order; if a piece does not match (pySBD rewrote a character), it is found
    further on or, failing that, consumes the same number of characters. Every non-whitespace
    character of the text ends up in exactly one span, whatever pySBD returns.
    """
    positions = [i for i, c in enumerate(work) if c != " "]
    stream = "".join(work[i] for i in positions)
    n = len(stream)
    bounds: list[Span] = []  # ranges in `stream`
    cur = 0
    for piece in pieces:
        chars = "".join(piece.split())
        if not chars or cur >= n:
            continue
        if stream.startswith(chars, cur):
            stop = cur + len(chars)
        else:
            found = stream.find(chars, cur)
            stop = found + len(chars) if found != -1 else min(n, cur + len(chars))
        bounds.append((cur, stop))
        cur = stop
    if cur < n:
        if bounds:
            bounds[-1] = (bounds[-1][0], n)
        else:
            bounds.append((cur, n))
    return [(positions[a], positions[b - 1] + 1) for a, b in bounds]


# --------------------------------------------------------------------------------------------
# Character classes shared by the rules
# --------------------------------------------------------------------------------------------

# Closing quotes and brackets that belong to the sentence before them.
_CLOSERS = "”’」』）》〉】〕〗］｝)]»›\"'"
_CLOSERS_RE = "”’」』）》〉】〕〗］｝)\\]»›\"'"
# Sentence-final punctuation (ASCII, full-width, ellipsis).
_TERMINALS = "。！？．｡!?.…‥"
# Start of CJK text: Han, kana, Hangul, full-width forms.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\uff10-\uffdc"
_HANGUL = _lazy("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
# Opening marks that may start a sentence before its first letter.
_OPENERS = "\"'“‘«‹(\\[（「『《〈【〔"


def _trim(text: str, start: int, end: int) -> Span:
    """Shrink [start, end) to its non-whitespace core (empty if all whitespace)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --------------------------------------------------------------------------------------------
# Rule 0: closing punctuation glued to the next segment goes back to its sentence
# --------------------------------------------------------------------------------------------


def _attach_closers(text: str, spans: list[Span]) -> list[Span]:
    """Move closing quotes/brackets and extra end punctuation back to the sentence they close.

    pySBD's Chinese/Japanese rules split *after* `。` even when a closing quote follows
    (`“我们反对。` | `”会议结束了。`) and split `？！` into `？` | `！…`. When there is no gap
    between two segments, the run of closers/terminals at the start of the second one belongs
    to the first. A straight `"` only moves if the previous segment has an odd number of them
    (so it is a closing quote, not an opening one).
    """
    out: list[Span] = []
    for s, e in spans:
        if out and out[-1][1] == s:
            k = s
            quotes = text[out[-1][0] : out[-1][1]].count('"')
            while k < e and text[k] in _CLOSERS + _TERMINALS and text[k] != "'":
                if text[k] == '"':
                    if quotes % 2 == 0:
                        break
                    quotes += 1
                k += 1
            if k > s:
                out[-1] = (out[-1][0], k)
                s, e = _trim(text, k, e)
                if s >= e:
                    continue
        out.append((s, e))
    return out


# --------------------------------------------------------------------------------------------
# Split rules: each returns cut positions (end of the left sentence) inside one span
# --------------------------------------------------------------------------------------------

# pySBD's (and pragmatic_segmenter's) sentence starters: after U.S./E.U./U.K. these words mean a
# new sentence ("I live in the U.S. How about you?").
_SENTENCE_STARTERS = (
    "A Being Did For He How However I In It Millions More She That The There They We What When "
    "Where Who Why"
).split()

_INITIALISM_END = _lazy(
    r"(?<![\w.])(?:[A-Z]\.){2,}(?=\s+(?:" + "|".join(_SENTENCE_STARTERS) + r")\s)"
)


def _split_initialism_before_starter(text: str, s: int, e: int, code: str) -> Iterator[int]:
    """Rule 1: an initialism (U.N., R.O.K., D.P.R.K.) followed by a sentence starter ends the
    sentence: "... moved to the U.N. The council ...". pySBD only does this for U.S., E.U.,
    U.K. and U.S.A.; the same golden-rule logic is extended to every dotted initialism, while
    "U.N. Human Rights Council" and "U.N. refugee status" stay inside their sentence."""
    for m in _INITIALISM_END().finditer(text, s, e):
        yield m.end()


_ELLIPSIS_END = _lazy(r"…[" + _CLOSERS_RE + r"]*(?=\s+[" + _OPENERS + r"]*[A-Z])")


def _split_unicode_ellipsis(text: str, s: int, e: int, code: str) -> Iterator[int]:
    """Rule 2: '…' (U+2026) followed by a capitalised word ends a sentence, exactly as pySBD
    treats '...' ("The defectors waited… Then the guards came.")."""
    for m in _ELLIPSIS_END().finditer(text, s, e):
        yield m.end()


_QUOTE_END = _lazy(r"[.!?…]+[’”\"'»]+(?=\s+[" + _OPENERS + r"]*[A-Z])")


def _split_after_closing_quote(text: str, s: int, e: int, code: str) -> Iterator[int]:
    """Rule 3: end punctuation inside a closing quote, then a capitalised word, ends the
    sentence after the quote: 'He called it a ‘gift.’ Then ...'. pySBD only knows this for
    straight and double curly quotes; attribution after ?/! is merged back by rule 9."""
    for m in _QUOTE_END().finditer(text, s, e):
        yield m.end()


_PAREN_SENTENCE_END = _lazy(r"\([^()]*[.!?…][’”\"']*\)(?=\s+[" + _OPENERS + r"]*[A-Z])")


def _split_after_parenthetical_sentence(text: str, s: int, e: int, code: str) -> Iterator[int]:
    """Rule 4: a parenthesis whose content ends a sentence and that is followed by a capitalised
    word ends the sentence: "The report was released (It was delayed twice.) The council ...".
    A lowercase continuation stays one sentence ("(... engineer.) at the local University")."""
    for m in _PAREN_SENTENCE_END().finditer(text, s, e):
        yield m.end()


_REPEATED_MARKS_END = _lazy(r"[!?]{3,}(?=\s+[" + _OPENERS + r"]*[A-Z])")


def _split_repeated_marks(text: str, s: int, e: int, code: str) -> Iterator[int]:
    """Rule 5: three or more ?/! then a capitalised word end a sentence ("Is it true!!! He
    asked again."). pySBD handles '!!' and '?!' but masks longer runs and never splits."""
    for m in _REPEATED_MARKS_END().finditer(text, s, e):
        yield m.end()


_CJK_END = _lazy(
    r"(?:(?:[。！？｡]|．(?![０-９]))+[" + _CLOSERS_RE + r"]*"
    r"|[.!?]+[" + _CLOSERS_RE + r"]+(?=[" + _CJK + r"]))"
    r"(?=[^\s,，、:：;；.。!！?？…‥" + _CLOSERS_RE + r"\-—–])"
)
# Japanese quotative/case particles right after a closing quote continue the sentence
# (「やめろ。」と言った). と is excluded when it starts ところが/とにかく/ともかく (new sentence).
_JA_PARTICLE = _lazy(r"って|と(?!ころ|にかく|もかく|はいえ)|など|が|は|を|に|の")


def _split_cjk(text: str, s: int, e: int, code: str) -> Iterator[int]:
    """Rule 6: CJK sentence ends. 。！？． with any closing quotes/brackets after them (or
    . ! ? + a closing quote right before CJK text) end a sentence even with no space after it:
    `他说：「我们反对。」会议结束了。`. The closers stay with their sentence. Not a boundary
    when the text goes on with a Japanese particle (`」と`) or, right after a closing quote,
    with Hangul (Korean quotative `"...."라고`)."""
    for m in _CJK_END().finditer(text, s, e):
        p = m.end()
        if text[p - 1] in _CLOSERS and (_HANGUL().match(text, p) or _JA_PARTICLE().match(text, p)):
            continue
        yield p


SplitRule = Callable[[str, int, int, str], Iterator[int]]

_SPLIT_RULES: tuple[SplitRule, ...] = (
    _split_initialism_before_starter,
    _split_unicode_ellipsis,
    _split_after_closing_quote,
    _split_after_parenthetical_sentence,
    _split_repeated_marks,
    _split_cjk,
)


def _apply_split(text: str, spans: list[Span], rule: SplitRule, code: str) -> list[Span]:
    out: list[Span] = []
    for s, e in spans:
        cuts = sorted(set(rule(text, s, e, code)))
        for p in cuts:
            left, right = _trim(text, s, p), _trim(text, p, e)
            if left[0] < left[1] and right[0] < right[1]:
                out.append(left)
                s = right[0]
        out.append((s, e))
    return out


# --------------------------------------------------------------------------------------------
# Merge rules: each says whether two neighbouring segments are really one sentence
# --------------------------------------------------------------------------------------------

_OPENING_TO_CLOSING = {
    "“": "”",
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "《": "》",
    "〈": "〉",
    "【": "】",
    "〔": "〕",
    "«": "»",
}
_CLOSING_TO_OPENING = {v: k for k, v in _OPENING_TO_CLOSING.items()}
_BRACKET_MARK = _lazy(
    "[" + re.escape("".join(_OPENING_TO_CLOSING) + "".join(_CLOSING_TO_OPENING)) + "]"
)


def _bracket_pairs(text: str, start: int, end: int) -> list[Span]:
    """(open, close) positions of balanced quote/bracket pairs in one paragraph.

    Unbalanced marks (a quote continued into the next paragraph, a "1)" list marker) pair with
    nothing, so they cannot glue a whole paragraph together. Straight quotes and ’ are left out:
    they double as apostrophes and pySBD already handles straight quotes.
    """
    pairs: list[Span] = []
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_MARK().finditer(text, start, end):
        c, i = m.group(), m.start()
        if c in _OPENING_TO_CLOSING:
            stack.append((c, i))
        elif c in _CLOSING_TO_OPENING:
            want = _CLOSING_TO_OPENING[c]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == want:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    return pairs


def _merge_inside_brackets(text: str, prev: Span, nxt: Span, code: str, pairs: list[Span]) -> bool:
    """Rule 7: no boundary inside a balanced pair of “ ” 「 」 『 』 （ ） ( ) 《 》 ...

    A quotation or parenthesis of several sentences is one segment, as pySBD already does for
    English quotes; its Chinese rules split inside “ ” and （ ）, which this undoes."""
    return any(o < prev[1] and c >= nxt[0] for o, c in pairs)


_TITLES = (
    "Mr|Mrs|Ms|Mx|Messrs|Mmes|Dr|Drs|Prof|Gen|Gens|Lt|Col|Maj|Capt|Cmdr|Adm|Sgt|Cpl|Pvt|Gov|"
    "Sen|Sens|Rep|Reps|Rev|Fr|Pres|Amb|Sec|Supt|Insp|Det|Hon|Msgr|Mt|St|Ft"
)
# Titles of other languages pySBD splits after ("El Sr. Kim", "Mme. Kim", "Hr. Kim").
_TITLES_BY_LANGUAGE = {
    "es": "Sr|Sra|Srta|Sres|Dra|Lic|Ing|Excmo|Excma",
    "fr": "Mme|Mmes|Mlle|Mlles|Me|Pr",
    "de": "Hr|Hrn|Frl",
    "it": "Sig|Sigg|Dott|Avv|Ing|On",
}


@cache
def _title_at_end(code: str) -> re.Pattern[str]:
    titles = _TITLES + "|" + _TITLES_BY_LANGUAGE[code] if code in _TITLES_BY_LANGUAGE else _TITLES
    return re.compile(r"(?<![\w.])(?:" + titles + r")\.$")


_NUMBER_ABBR_AT_END = _lazy(
    r"(?<![\w.])(?:No|Nos|Art|Arts|Vol|Vols|Ch|Fig|Figs|Sec|Para|Ref|pp?|Op)\.$"
)
_POSTPOSITIVE_AT_START = _lazy(
    r"(?:Jr|Sr|Inc|Ltd|Corp|Co|Esq|Bros|Plc)\.|(?:Inc|Ltd|LLC|LLP|PLC|GmbH)\b"
)


def _merge_abbreviations(text: str, prev: Span, nxt: Span, code: str, pairs: list[Span]) -> bool:
    """Rule 8: news abbreviations pySBD splits after.

    * a title before a name: "Sec. Blinken", "Amb. Thomas-Greenfield", "Pres. Yoon", "Fr. Kim"
      (plus a few titles of other languages: "El Sr. Kim", "Mme. Kim");
    * a number abbreviation before a number: "Vol. 2", "No. 5", "Art. 9";
    * a segment that starts with a word that never starts a sentence: "Co.| Ltd.", "Jr.", "Inc."
    """
    before = text[prev[0] : prev[1]]
    after = text[nxt[0] : nxt[1]]
    if _title_at_end(code).search(before) and after[:1].isupper():
        return True
    if _NUMBER_ABBR_AT_END().search(before) and re.match(r"\d|[IVXLC]+\b", after):
        return True
    return bool(_POSTPOSITIVE_AT_START().match(after))


_TIME_ABBR = r"[aApP]\.\s?[mM]\."
_AM_PM_AT_END = _lazy(r"(?<![\w.])" + _TIME_ABBR + r"$")
_DATE_OR_ZONE_AT_START = _lazy(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\b|"
    r"(?:KST|JST|CST|EST|EDT|CDT|MST|MDT|PST|PDT|ET|CT|MT|PT|GMT|UTC|BST|CET|CEST|HKT|SGT|IST"
    r"|AEST|AEDT)\b"
)


def _merge_time_of_day(text: str, prev: Span, nxt: Span, code: str, pairs: list[Span]) -> bool:
    """Rule 9: "a.m."/"p.m." followed by a weekday, a month or a time zone is mid-sentence:
    "began at 10:30 a.m. Monday in Seoul", "at 9 a.m. KST". pySBD splits before any capital."""
    return bool(
        _AM_PM_AT_END().search(text, prev[0], prev[1])
        and _DATE_OR_ZONE_AT_START().match(text, nxt[0])
    )


_TIME_FRAGMENT = _lazy(
    r"(?:(?:On|Early|Late|Shortly|Just|Sometime|Then|And|But)\b[\w ,]{0,30}?\s)?"
    r"(?i:at|by|before|after|until|till|from|since|around|about|as of|starting at)\s+"
    r"(?i:(?:about|around|roughly|approximately|exactly|precisely|shortly after|just after)\s+)?"
    r"\d{1,2}(?:[:.]\d{2})?\s*" + _TIME_ABBR
)


def _merge_time_fragment(text: str, prev: Span, nxt: Span, code: str, pairs: list[Span]) -> bool:
    """Rule 10: a segment that is only an introductory time phrase is not a sentence:
    "At 5 a.m. Mr. Smith went to the bank." ("At 5 a.m." | "Mr. Smith ..." is pySBD's output,
    the one golden rule it fails)."""
    return text[prev[0]].isupper() and bool(_TIME_FRAGMENT().fullmatch(text, prev[0], prev[1]))


_QUESTION_IN_QUOTES_AT_END = _lazy(r"[?!][?!]*[”\"’']+$")
_SPEECH_VERBS = (
    "said|says|asked|asks|added|adds|told|tells|wrote|writes|replied|replies|recalled|"
    "continued|insisted|shouted|cried|exclaimed|demanded|wondered|warned|urged|stressed|"
    "noted|explained|declared|stated|responded|testified|tweeted|posted|posed"
)
_ATTRIBUTION = _lazy(
    r"[A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+){0,4}?\s+(?:" + _SPEECH_VERBS + r")"
    r"(?:[,.;:!?]|$|\s+(?:in|on|at|during|after|before|while|when|as|via|to|from|reporters|"
    r"journalists)\b)"
)


def _merge_attribution(text: str, prev: Span, nxt: Span, code: str, pairs: list[Span]) -> bool:
    """Rule 11: a quoted question or exclamation followed by its speaker is one sentence:
    '“Is this justice?” Kim asked.' ('“Why?” Human Rights Watch said in a statement.')."""
    return bool(
        _QUESTION_IN_QUOTES_AT_END().search(text, prev[0], prev[1])
        and _ATTRIBUTION().match(text, nxt[0], nxt[1])
    )


_ZH_ATTRIBUTION = _lazy(
    r"(?![^。！？]*[没沒不未])[^。！？!?，,\s]{1,10}?"
    r"(?:说|說|说道|說道|表示|指出|问道|問道|问|問|称|稱|强调|強調|写道|寫道|答道)[。！.!]?"
)


def _merge_cjk_continuation(text: str, prev: Span, nxt: Span, code: str, pairs: list[Span]) -> bool:
    """Rule 12: after a closing quote with no space, the sentence goes on when the next segment
    starts with Hangul (Korean quotative particle: `“살려 달라.”고 호소했다`), with a
    Japanese particle (`「やめろ。」と言った`), or is a short Chinese speaker tag
    (`“我们不会放弃。”他说。`)."""
    if prev[1] != nxt[0] or text[prev[1] - 1] not in _CLOSERS:
        return False
    return bool(
        _HANGUL().match(text, nxt[0])
        or _JA_PARTICLE().match(text, nxt[0])
        or _ZH_ATTRIBUTION().fullmatch(text, nxt[0], nxt[1])
    )


MergeRule = Callable[[str, Span, Span, str, list[Span]], bool]

_MERGE_RULES: tuple[MergeRule, ...] = (
    _merge_inside_brackets,
    _merge_abbreviations,
    _merge_time_of_day,
    _merge_time_fragment,
    _merge_attribution,
    _merge_cjk_continuation,
)


def _apply_merges(text: str, spans: list[Span], code: str, pairs: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        if out and any(rule(text, out[-1], span, code, pairs) for rule in _MERGE_RULES):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


# --------------------------------------------------------------------------------------------
# Last: no boundary inside inline Markdown
# --------------------------------------------------------------------------------------------


def _keep_markup_whole(text: str, spans: list[Span], markup: InlineMarkup, base: int) -> list[Span]:
    """Move or drop every boundary that falls inside a construct of `markup` (whose offsets
    start at `base`).

    When all that separates the boundary from the construct's end is closing delimiters
    (`*`, `**`, `</b>`: pySBD split `*He left at noon.` | `*`), the sentence really ends
    after them, so the boundary moves there; otherwise the construct holds the boundary
    (`![chart](chart.png)`, a link text or an emphasis of two sentences) and the two
    segments are one.
    """
    closing = {
        base + p
        for c in markup.constructs
        if c.closes_after_content
        for p in range(c.inner[1], c.end)
    }
    out: list[Span] = []
    for span in spans:
        current: Span | None = span
        while out and current is not None:
            cut = markup.inside(out[-1][1] - base)
            if not cut:
                break
            end = base + max(c.end for c in cut)
            if end <= current[1] and all(p in closing for p in range(current[0], end)):
                out[-1] = (out[-1][0], end)
                rest = _trim(text, end, current[1])
                current = rest if rest[0] < rest[1] else None
            else:
                out[-1] = (out[-1][0], current[1])
                current = None
        if current is not None:
            out.append(current)
    return out
