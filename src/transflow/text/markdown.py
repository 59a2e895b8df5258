"""Inline Markdown structure: where each construct of a piece of inline Markdown starts and
ends, as markdown-it-py (CommonMark) parses it.

markdown-it-py's inline tokens carry no source positions, so the parse here watches its
rules: each inline rule is wrapped, through markdown-it's public `Ruler`, to note where in the
text it matched; emphasis delimiters keep their positions until the post-processing pass has
decided which of them pair. What comes out (`parse_inline`):

- constructs: emphasis and strong pairs, links, images, autolinks, code spans, entities,
  inline HTML tags and elements (an opening and a closing tag that are both there), each
  with the range of its content, so its opening and closing markers are known;
- hard line breaks (two or more spaces, or a backslash, before a line break);
- stray delimiters: `*` and `_` that could open or close emphasis but pair with nothing in
  this text, so that another text put beside it may pair with them.

The segmenter keeps sentence boundaries out of constructs, the sources find hard breaks here,
and the markdown check compares the constructs and stray delimiters of a source and its
translation. `transflow.text.inline` stays the fast scanner of the tokens a translation copies
as they are (URLs, placeholders, code spans, link targets).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

__all__ = ["Construct", "InlineMarkup", "cjk_friendly_emphasis", "parse_inline"]

# No construct, hard break or delimiter can be in a text without one of these (an entity
# needs "&", a hard break "\n").
_MARKUP_CHARACTERS = frozenset("*_`[<&\\\n")


@dataclass(frozen=True, slots=True)
class Construct:
    """One construct: `text[start:end]`, its content `text[inner[0]:inner[1]]`; what is
    before and after the content is its markup (`**`, `[` and `](url)`, a whole code span)."""

    kind: str  # emphasis | strong | link | image | autolink | code | entity | html | element
    start: int
    end: int
    inner: tuple[int, int]

    @property
    def closes_after_content(self) -> bool:
        """Whether its closing marker is a delimiter that a sentence's end may precede
        (`*`, `**`, `</b>`), as opposed to a link's destination or an atomic token."""
        return self.kind in ("emphasis", "strong", "element")


@dataclass(frozen=True, slots=True)
class InlineMarkup:
    """The inline Markdown structure of a text; positions are offsets into it."""

    constructs: tuple[Construct, ...] = ()  # by start; an enclosing one before its content
    hard_breaks: tuple[tuple[int, int], ...] = ()  # the marker, the line break, next indent
    stray: tuple[int, ...] = ()  # positions of unpaired `*` and `_` that could pair

    def inside(self, position: int) -> list[Construct]:
        """The constructs that `position` (a gap between two characters) falls strictly
        inside: a boundary there would cut them."""
        return [c for c in self.constructs if c.start < position < c.end]


_NONE = InlineMarkup()


def parse_inline(
    text: str, references: Mapping[str, Any] | None = None, *, any_link: bool = False
) -> InlineMarkup:
    """The constructs, hard breaks and stray delimiters of `text`, inline Markdown.

    `references` are the document's link reference definitions as markdown-it's env holds
    them (label -> href, title), so that `[text][label]` and `[label]` are known as links.
    `any_link` takes a link with any destination for a link, as renderers more lenient than
    markdown-it do (`[a](javascript:x)`), so that a sanitizer can find it.
    """
    if _MARKUP_CHARACTERS.isdisjoint(text):
        return _NONE
    md = _parser(any_link)
    notes = _Notes(text)
    env = {"references": dict(references or {}), _NOTES: notes}
    tokens: list[Token] = []
    md.inline.parse(text, md, env, tokens)
    return notes.result(tokens)


# --------------------------------------------------------------------------------------------
# The watched parser
# --------------------------------------------------------------------------------------------

_NOTES = "transflow.markup"  # the env key of a parse's notes
_VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")


@dataclass
class _Notes:
    """What the watched rules saw in one parse of `src` (nested parses of image descriptions,
    which run on a copy of the description, are not noted)."""

    src: str
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (kind, start, end)
    labels: dict[int, int] = field(default_factory=dict)  # link/image text start -> its end
    breaks: list[tuple[int, int]] = field(default_factory=list)
    delimiters: list[tuple[Token, int, bool]] = field(default_factory=list)  # token, pos, flanks
    markers: dict[int, tuple[int, int]] = field(default_factory=dict)  # id(token) -> range
    stray: list[int] = field(default_factory=list)

    def note(self, rule: str, state: StateInline, start: int, count: int) -> None:
        """What `rule` matched from `start` to `state.pos`, its tokens from `count` on."""
        end = state.pos
        if rule == "emphasis":
            n = end - start
            for i, (token, delimiter) in enumerate(
                zip(state.tokens[-n:], state.delimiters[-n:], strict=True)
            ):
                self.delimiters.append((token, start + i, delimiter.open or delimiter.close))
            return
        new = {token.type: token for token in state.tokens[count:]}
        if rule in ("link", "image", "autolink", "entity", "html_inline"):
            self.spans.append((rule.removesuffix("_inline"), start, end))
            if rule == "image":  # its description is parsed apart, from a copy
                self.labels[start + 2] = start + 2 + len(new["image"].content)
        elif rule == "backticks" and "code_inline" in new:
            self.spans.append(("code", start, end))
        elif rule in ("newline", "escape") and "hardbreak" in new:
            while rule == "newline" and start > 0 and self.src[start - 1] == " ":
                start -= 1
            self.breaks.append((start, end))

    def classify(self) -> None:
        """After emphasis post-processing: each delimiter is a marker, part of a `**` marker
        or stray."""
        for token, pos, flanks in self.delimiters:
            if token.type.endswith("_open"):  # strong_open sits on the second `*` of `**`
                self.markers[id(token)] = (pos + 1 - len(token.markup), pos + 1)
            elif token.type.endswith("_close"):
                self.markers[id(token)] = (pos, pos + len(token.markup))
            elif token.content and flanks:
                self.stray.append(pos)

    def result(self, tokens: list[Token]) -> InlineMarkup:
        """The structure, once the parse that made `tokens` is over."""
        constructs: list[Construct] = []
        opened: list[Token] = []
        for token in tokens:
            if token.type in ("em_open", "strong_open"):
                opened.append(token)
            elif token.type in ("em_close", "strong_close"):
                first, last = self.markers[id(opened.pop())], self.markers[id(token)]
                kind = "strong" if token.type == "strong_close" else "emphasis"
                constructs.append(Construct(kind, first[0], last[1], (first[1], last[0])))
        tags: list[tuple[str, int, int]] = []  # open elements: name, start, end of the tag
        for kind, start, end in self.spans:
            inner = (start, start)
            if kind == "link":
                inner = (start + 1, self.labels[start + 1])
            elif kind == "image":
                inner = (start + 2, self.labels[start + 2])
            elif kind == "html":
                _element(self.src, start, end, tags, constructs)
            constructs.append(Construct(kind, start, end, inner))
        constructs.sort(key=lambda c: (c.start, -c.end))
        return InlineMarkup(tuple(constructs), tuple(self.breaks), tuple(sorted(self.stray)))


def _element(
    text: str, start: int, end: int, tags: list[tuple[str, int, int]], out: list[Construct]
) -> None:
    """Pair an HTML tag with the open element it closes (by name, innermost first); an
    opening tag of a non-void element waits in `tags`."""
    match = _TAG.match(text, start)
    if match is None or text[end - 2 : end] == "/>":
        return
    name = match.group(2).lower()
    if not match.group(1):
        if name not in _VOID:
            tags.append((name, start, end))
        return
    for depth in range(len(tags) - 1, -1, -1):
        if tags[depth][0] == name:
            _, open_start, open_end = tags[depth]
            out.append(Construct("element", open_start, end, (open_end, start)))
            del tags[depth:]
            return


Rule = Callable[["StateInline", bool], bool]


def _watched(name: str, rule: Rule) -> Rule:
    """`rule` as it was, noting where it matched in a text being watched."""

    def watched(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        notes = state.env.get(_NOTES)
        if not silent and notes is not None and state.src is notes.src:
            notes.note(name, state, start, count)
        return True

    return watched


@cache
def _parser(any_link: bool = False) -> MarkdownIt:
    """CommonMark (raw HTML on, as the sources are parsed), every inline rule watched."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    cjk_friendly_emphasis(md)
    if any_link:
        md.validateLink = _any_link  # type: ignore[method-assign]
    # where a link is matters, not its normalised href: normalising it costs half of a link's
    # parse (validation, which decides whether `[a](javascript:x)` is a link, stays)
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    inline, after = md.inline.ruler, md.inline.ruler2
    for name, rule in zip(inline.get_active_rules(), inline.getRules(""), strict=True):
        if name != "text":  # plain text, the rule tried most: nothing to note
            inline.at(name, _watched(name, rule))
    tokenize = md.inline.tokenize

    def tokenize_noting_labels(state: StateInline) -> None:
        notes = state.env.get(_NOTES)
        if notes is not None and state.src is notes.src and state.pos > 0:
            notes.labels[state.pos] = state.posMax  # the link rule tokenizes its text
        tokenize(state)

    md.inline.tokenize = tokenize_noting_labels  # type: ignore[method-assign]
    join = dict(zip(after.get_active_rules(), after.getRules(""), strict=True))["fragments_join"]

    def classify_then_join(state: StateInline) -> None:
        notes = state.env.get(_NOTES)
        if notes is not None and state.src is notes.src:
            notes.classify()
        join(state)

    after.at("fragments_join", classify_then_join)
    return md


# --------------------------------------------------------------------------------------------
# CJK-friendly emphasis
# --------------------------------------------------------------------------------------------


def cjk_friendly_emphasis(md: MarkdownIt) -> None:
    """CommonMark emphasis with its flanking rules relaxed next to CJK text, so that
    `**“인용”**은` and `他说**“引用”**是` are bold as their writers meant.

    CommonMark lets `**` close after punctuation only before whitespace or punctuation, and
    open before punctuation only after them: right for English (`a**"b"**c` is no emphasis),
    wrong for Korean, Chinese and Japanese, where no space separates words from quotes and
    particles. As the markdown-it-cjk-friendly proposal does, a wide character (Hangul, Han,
    kana, full-width forms: East Asian width W or F) beside a delimiter run counts, for that
    clause, like whitespace. Text without wide characters parses exactly as CommonMark. The
    segmenter, the markdown check and the HTML pages all parse with it, so they agree."""
    md.inline.ruler.at("emphasis", _emphasis)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer, with `_scan_delims` for `state.scanDelims`."""
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False
    length, can_open, can_close = _scan_delims(state, start, marker == "*")
    delimiter = _delimiter_class()
    for _ in range(length):
        state.push("text", "", 0).content = marker
        state.delimiters.append(
            delimiter(ord(marker), length, len(state.tokens) - 1, -1, can_open, can_close)
        )
    state.pos += length
    return True


def _scan_delims(state: StateInline, start: int, can_split_word: bool) -> tuple[int, bool, bool]:
    """`StateInline.scanDelims` with the CJK relaxation: (length, can open, can close)."""
    scanned = state.scanDelims(start, can_split_word)
    src, end = state.src, start + scanned.length
    last = src[start - 1] if start > 0 else " "
    following = src[end] if end < state.posMax else " "
    if not (_wide(last) or _wide(following)):  # CommonMark's answer stands
        return scanned.length, scanned.can_open, scanned.can_close
    punct, white = _char_classes()
    last_punct, next_punct = punct(last), punct(following)
    last_white, next_white = white(last), white(following)
    left = not (next_white or (next_punct and not (last_white or last_punct or _wide(last))))
    right = not (last_white or (last_punct and not (next_white or next_punct or _wide(following))))
    can_open = left and (can_split_word or not right or last_punct)
    can_close = right and (can_split_word or not left or next_punct)
    return scanned.length, can_open, can_close


@cache
def _delimiter_class() -> type:
    from markdown_it.rules_inline.state_inline import Delimiter

    return Delimiter


@cache
def _char_classes() -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """markdown-it's punctuation and whitespace tests, as scanDelims applies them."""
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

    return (
        lambda char: isMdAsciiPunct(ord(char)) or isPunctChar(char),
        lambda char: isWhiteSpace(ord(char)),
    )


def _as_written(url: str) -> str:
    return url


def _any_link(url: str) -> bool:
    return True
