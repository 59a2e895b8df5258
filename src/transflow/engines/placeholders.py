"""Protect what must not be translated: inline tokens and inline Markdown syntax.

Protected are the inline tokens of `transflow.text.inline` (URLs, e-mail addresses,
placeholders, HTML tags, code spans, link targets: exactly what the checks leave alone), the
Markdown syntax around translatable text (emphasis markers, the opening bracket of a link,
backslash escapes, autolink brackets, HTML comments) and every underscore (see below). Each
protected span becomes a numbered placeholder such as `{0}` before tokenization and is put
back after decoding. Placeholders are chosen to survive the Argos pipeline:

- ASCII braces and digits only: SentencePiece's NFKC normalisation leaves them alone (and
  the fullwidth forms a CJK decoder may emit, `｛１｝`, are accepted on the way back);
- no underscore: Argos decoding turns `_` into a space, so any source token holding one
  (`snake_case`, `__bold__`) is itself protected rather than sent through the model;
- a style the package's SentencePiece model can encode without `<unk>`
  (`choose_style`), tried in order `{0}`, `[0]`, `(0)`, `<0>`;
- text that already looks like a placeholder of that style is protected too, so restoring
  is unambiguous.

Link and image text is translated; only the brackets and the destination are protected.
Spans that overlap or touch share one placeholder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from transflow.text.inline import spans

STYLES: tuple[tuple[str, str], ...] = (("{", "}"), ("[", "]"), ("(", ")"), ("<", ">"))
_FULLWIDTH = {
    "{": "｛",
    "}": "｝",
    "[": "［",
    "]": "］",
    "(": "（",
    ")": "）",
    "<": "＜",
    ">": "＞",
}

# protected besides the inline tokens: Markdown syntax, and underscores
MARKDOWN_SYNTAX = [
    r"<!--.*?-->",  # HTML comment
    r"<(?:https?|ftp|mailto):[^\s<>]*>|<[^\s<>@]+@[^\s<>]+>",  # autolinks
    r"!?\[(?=[^\]]*\](?:\(|\[))",  # opening bracket of a link or image
    r"\\[\\`*_{}\[\]()#+\-.!<>~|]",  # Markdown backslash escapes
    r"[^\W_]+(?:_+[^\W_]+)+",  # tokens holding an underscore (snake_case)
    r"(?<![\w*_~\\])[*_~]{1,3}(?=[^\s*_~])",  # emphasis opening
    r"(?<=[^\s*_~\\])[*_~]{1,3}(?![\w*_~])",  # emphasis closing
    r"_+",  # any other underscore: Argos decoding would make it a space
]


@cache
def _syntax_re(style: tuple[str, str]) -> re.Pattern[str]:
    literal = rf"{re.escape(style[0])}\s*\d+\s*{re.escape(style[1])}"
    return re.compile("|".join([literal, *MARKDOWN_SYNTAX]), re.S)


@cache
def _back_re(style: tuple[str, str]) -> re.Pattern[str]:
    o, c = style
    return re.compile(
        rf"[{re.escape(o)}{_FULLWIDTH[o]}]\s*([0-9０-９]+)\s*[{re.escape(c)}{_FULLWIDTH[c]}]"
    )


@dataclass
class Masked:
    """A segment with its protected spans replaced by placeholders."""

    text: str
    spans: list[str]
    style: tuple[str, str] = STYLES[0]

    @property
    def only_placeholders(self) -> bool:
        """Nothing left to translate (the segment is a URL, a code span, ...)."""
        return not _back_re(self.style).sub("", self.text).strip()


def placeholder(index: int, style: tuple[str, str] = STYLES[0]) -> str:
    return f"{style[0]}{index}{style[1]}"


def protect(text: str, style: tuple[str, str] = STYLES[0]) -> Masked:
    """Replace every protected span of `text` by a placeholder."""
    found = spans(text)
    found += [m.span() for m in _syntax_re(style).finditer(text) if m.start() != m.end()]
    found.sort()
    pieces: list[str] = []
    out: list[str] = []
    last = 0
    for start, end in found:
        if pieces and start <= last:  # overlaps or touches the span before
            if end > last:
                pieces[-1] += text[last:end]
                last = end
            continue
        out.append(text[last:start])
        out.append(placeholder(len(pieces), style))
        pieces.append(text[start:end])
        last = end
    out.append(text[last:])
    return Masked("".join(out), pieces, style)


def restore(translated: str, masked: Masked) -> tuple[str, bool]:
    """Put the spans back. Returns (text, complete): a placeholder the model dropped is
    appended at the end (nothing protected is ever lost), a duplicated or invented one is
    removed; `complete` is False when either happened."""
    if not masked.spans:
        return translated.strip(), True
    used: set[int] = set()
    complete = True

    def mark(match: re.Match[str]) -> str:
        nonlocal complete
        index = int(unicodedata.normalize("NFKC", match.group(1)))
        if index >= len(masked.spans) or index in used:
            complete = False
            return ""
        used.add(index)
        return f"\x00{index}\x01"

    text = _back_re(masked.style).sub(mark, translated)
    if not complete:  # something was removed: tidy the spaces it leaves (before the spans
        text = re.sub(r"[ \t]{2,}", " ", text)  # go back, so their own spacing is kept)
    missing = [i for i in range(len(masked.spans)) if i not in used]
    if missing:
        complete = False
        text = text.rstrip() + "".join(f" \x00{i}\x01" for i in missing)
    text = re.sub("\x00(\\d+)\x01", lambda m: masked.spans[int(m.group(1))], text.strip())
    return text, complete


def choose_style(encode: Callable[[str], list[str]]) -> tuple[str, str]:
    """The first placeholder style that `encode(text) -> list[str]` (a SentencePiece
    tokenizer) keeps without unknown pieces, so the model can copy it."""
    for style in STYLES:
        pieces = encode(f"a {placeholder(0, style)} b {placeholder(17, style)}")
        if "<unk>" not in pieces and "⁇" not in "".join(pieces):
            return style
    return STYLES[0]
