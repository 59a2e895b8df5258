"""Reassembly: the source document with every segment replaced by its translation.

The edition keeps the source's layout byte for byte outside the translated text: front
matter, blank lines, heading markers, list markers and numbers, block-quote markers, table
pipes, code blocks and raw HTML stay where they were. Only the inline content of each block
(see `transflow.extract.sources.Block`) is swapped, so paragraphs, headings, lists, quotes,
links and emphasis survive (inline Markdown lives inside the segments and thus inside the
translations).

A block that spanned several source lines becomes one line in the edition (a soft line break
inside a paragraph renders as a space, which Chinese and Japanese must not get between
sentences), or one line per hard line break: each hard line goes where its first source line
was, and the break keeps its marker (two spaces or a backslash). Sentences are joined the way
the target language joins them: no space between Chinese or Japanese sentences, a space in
Korean and in languages written with spaces.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from transflow.extract.sources import FRONT_MATTER_RE, Article, Block
from transflow.project.languages import base_language

# Languages written without spaces between sentences.
NO_SPACE_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu", "lzh", "hak", "nan"})

# Quotes and brackets that may close or open a sentence around its real first/last character.
_CLOSERS = "\"'”’」』）)]】〉》"
_OPENERS = "\"'“‘「『（([【〈《"

# A paragraph line that starts like this would turn into another block in Markdown.
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|=+\s*$|-{3,}\s*$)"
)
_MARKERS_ONLY = re.compile(r"^[\s>]*$")
_ESCAPE = re.compile(r"([\\`*_\[\]<>&|])")


@dataclass
class Reassembled:
    """A translated document and what it was made of."""

    text: str  # the whole document: source front matter (title translated) + body
    body: str  # the Markdown body without front matter
    title: str  # the translated title
    title_in_body: bool  # the title is the first heading of the body (no front-matter title)
    missing: list[str] = field(default_factory=list)  # source sentences left untranslated
    title_missing: bool = False  # the title is one of them


def source_span(lang: str) -> Callable[[str], str]:
    """How a draft marks a sentence left in the source language: `<span lang="en">…</span>`,
    the one raw HTML an edition carries (the HTML renderer lets exactly this through;
    `publish.sanitize` escapes any other)."""
    return lambda text: f'<span lang="{lang}">{text}</span>'


def is_wide(char: str) -> bool:
    """Full-width or wide character (Han, kana, Hangul, full-width punctuation)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _edge(text: str, strip: str, last: bool) -> str:
    """The last (or first) character of `text` that is not a quote or bracket."""
    core = text.rstrip(strip + " ") if last else text.lstrip(strip + " ")
    if not core:
        return ""
    return core[-1] if last else core[0]


def join_sentences(pieces: list[str], gaps: list[str], lang: str) -> str:
    """Join translated sentences; `gaps[i]` is the source text between pieces i and i+1.

    In Chinese and Japanese a whitespace gap disappears when either neighbour is a wide
    character (他说。她说 — not 他说。 她说); Latin text inside stays spaced. A hard line
    break (`\n`) always stays.
    """
    no_space = base_language(lang) in NO_SPACE_LANGUAGES
    out = pieces[0] if pieces else ""
    for gap, piece in zip(gaps, pieces[1:], strict=True):
        if no_space and not gap.strip() and "\n" not in gap:
            before, after = _edge(out, _CLOSERS, True), _edge(piece, _OPENERS, False)
            if (before and is_wide(before)) or (after and is_wide(after)):
                gap = ""
        out += gap + piece
    return out


def escape_block_start(text: str) -> str:
    """Backslash the marker that would make a paragraph line a heading, list, quote or rule."""
    if not _BLOCK_START.match(text):
        return text
    number = re.match(r"\d+", text)
    if number:  # 1. -> 1\.  (a backslash before a digit is not an escape)
        return text[: number.end()] + "\\" + text[number.end() :]
    return "\\" + text


def escape_markdown(text: str) -> str:
    """Plain text (a wire article) made literal in Markdown."""
    return escape_block_start(_escape_inline(text))


def _escape_inline(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _clean(translation: str, breaks: int) -> str:
    """A translation as one line, or with as many hard line breaks as its source sentence
    has (inside inline markup, `*one\ntwo*`): any other line break would split the block."""
    if translation.count("\n") == breaks:
        return translation.strip()
    return " ".join(translation.split("\n")).strip()


def translate_block(
    block: Block,
    translations: Mapping[str, str],
    lang: str,
    missing: list[str],
    mark: Callable[[str], str] | None = None,
    escape: Callable[[str], str] = str,
) -> str:
    """The block's text with each sentence replaced (source text where none is given, passed
    through `mark` when there is one); `escape` applies to each sentence's text first."""
    if not block.sentences:
        return block.text
    pieces: list[str] = []
    gaps: list[str] = []
    previous_end = block.sentences[0][0]
    for start, end in block.sentences:
        if pieces:
            gaps.append(block.text[previous_end:start])
        source = block.text[start:end]
        target = escape(_clean(translations.get(source) or "", source.count("\n")))
        if not target:
            missing.append(source)
            target = escape(source) if mark is None else mark(escape(source))
        pieces.append(target)
        previous_end = end
    head = block.text[: block.sentences[0][0]]
    tail = block.text[block.sentences[-1][1] :]
    return head + join_sentences(pieces, gaps, lang) + tail


def _hard_lines(block: Block) -> list[list[tuple[int, str]]]:
    """The block's source lines, (line number, its content in the block's text), grouped by
    hard line: a new group after each hard line break."""
    groups: list[list[tuple[int, str]]] = [[]]
    offsets = block.line_offsets or [(0, block.start_line)]
    for index, (offset, line) in enumerate(offsets):
        end = offsets[index + 1][0] - 1 if index + 1 < len(offsets) else len(block.text)
        if index and block.text[offset - 1] == "\n":
            groups.append([])
        groups[-1].append((line, block.text[offset:end]))
    return groups


def _find(line: str, piece: str, start: int, table: bool) -> tuple[int, int]:
    """Columns of `piece` in a raw source line, at or after `start`."""
    candidates = [piece]
    if table:  # markdown-it unescapes \| inside table cells
        candidates.append(piece.replace("|", "\\|"))
    for candidate in candidates:
        col = line.find(candidate, start)
        if col >= 0:
            return col, col + len(candidate)
    raise ValueError(f"cannot locate {piece!r} in source line {line!r}")


def _yaml_title_lines(lines: list[str], index: int, title: str) -> None:
    """Replace the front-matter `title:` value at lines[index] (and its continuation lines)."""
    key = lines[index].split(":", 1)[0]
    lines[index] = f"{key}: {json.dumps(title, ensure_ascii=False)}"
    following = index + 1
    while following < len(lines) and lines[following][:1] in (" ", "\t"):
        lines[following] = None  # type: ignore[call-overload]
        following += 1


def reassemble(
    article: Article,
    translations: Mapping[str, str],
    lang: str,
    *,
    drop_title: bool = False,
    mark: Callable[[str], str] | None = None,
    sanitize: Callable[[str], str] = str,
) -> Reassembled:
    """The article in `lang`: `translations` maps source sentence -> translation.

    Sentences without a translation keep their source text and are listed in `missing`
    (the publish gate refuses such editions unless they are drafts); `mark` wraps them in the
    body (a draft's `source_span`), never in the title. `sanitize` applies to every sentence
    of a Markdown article (publish's `sanitize_markdown`; a wire article's text is escaped
    whole). `drop_title` removes a title that is the body's first heading (an edition carries
    it in its front matter).
    """
    missing: list[str] = []
    title_index = next(i for i, b in enumerate(article.blocks) if b.kind in ("title", "heading"))
    wire = article.format == "wire"
    escape = _escape_inline if wire else sanitize
    translated = []
    for index, block in enumerate(article.blocks):
        block_mark = None if index == title_index else mark  # a title is plain text
        translated.append(translate_block(block, translations, lang, missing, block_mark, escape))
    title_block = article.blocks[title_index]
    title_left: list[str] = []
    title = translate_block(title_block, translations, lang, title_left)
    title_missing = bool(title_left)
    front_title = article.blocks[0].kind == "title"

    if article.format == "html":
        from transflow.publish.html_source import markdown_body

        body = markdown_body(article, translated)
        text = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{body}"
        return Reassembled(text, body, title, False, missing, title_missing)
    if wire:
        paragraphs = [escape_block_start(t) for t in translated]
        body = (
            "\n\n".join(
                p for p, b in zip(paragraphs, article.blocks, strict=True) if b.kind != "title"
            )
            + "\n"
        )
        text = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{body}"
        return Reassembled(text, body, title, False, missing, title_missing)

    lines: list[str | None] = list(article.text.split("\n"))
    match = FRONT_MATTER_RE.match(article.text)
    body_start = article.text[: match.end()].count("\n") if match else 0
    if match and not article.text[: match.end()].endswith("\n"):
        body_start += 1
    cursors: dict[int, int] = {}  # line index -> column after the last replacement in it
    for block, new_text in zip(article.blocks, translated, strict=True):
        if block.kind == "title":
            _yaml_title_lines(lines, block.start_line - 1, new_text)  # type: ignore[arg-type]
            continue
        if drop_title and not front_title and block is article.blocks[0]:
            for index in range(block.start_line - 1, block.end_line):
                lines[index] = None
            underline = block.end_line  # a setext heading's === or --- line
            if underline < len(lines) and re.match(r"^ {0,3}(=+|-+)\s*$", lines[underline] or ""):
                lines[underline] = None
            continue
        table = block.kind == "table_cell"
        if table:
            new_text = new_text.replace("\\|", "|").replace("|", "\\|")
        groups = _hard_lines(block)
        parts = new_text.split("\n")
        if len(parts) != len(groups):  # a translation dropped or added a hard break
            parts, groups = [" ".join(parts)], [[piece for g in groups for piece in g]]
        for number, (part, group) in enumerate(zip(parts, groups, strict=True)):
            if number or block.kind == "paragraph":
                part = escape_block_start(part)
            broken = number + 1 < len(groups)  # a hard line break follows
            marker = ""
            for line_no, piece in reversed(group):  # the last line first: it holds the marker
                index = line_no - 1
                raw = lines[index]
                assert raw is not None
                col, end = _find(raw, piece, cursors.get(index, 0), table)
                if line_no == group[-1][0] and broken:
                    marker = raw[end:]  # two spaces or more, or a backslash
                if line_no != group[0][0]:
                    lines[index] = None if _MARKERS_ONLY.match(raw[:col]) else raw[:col]
                    continue
                tail = raw[end:] if len(group) == 1 else marker
                if not broken and len(block.line_offsets) > 1:
                    tail = tail.rstrip()  # spaces before a soft line break that is gone
                lines[index] = raw[:col] + part + tail
                cursors[index] = col + len(part)
    kept = [line for line in lines if line is not None]
    text = "\n".join(kept)
    dropped_before_body = sum(1 for line in lines[:body_start] if line is None)
    body = "\n".join(kept[body_start - dropped_before_body :]).lstrip("\n")
    return Reassembled(text, body, title, not front_title, missing, title_missing)
