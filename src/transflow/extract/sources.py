"""Source articles: discovery, parsing and the block/segment model every stage shares.

Three formats:
- Markdown with YAML front matter (`title`, `slug`, `date`, `author`; inline Markdown kept
  inside segments, block structure from markdown-it-py's CommonMark parser);
- the wire layout: slug on line 1, a blank line, the title, a blank line, then paragraphs
  separated by blank lines;
- HTML, a CMS export (`transflow.extract.html`: lxml's parser, inline HTML made inline
  Markdown).

An article is a list of blocks (title, headings, paragraphs, list items, block quotes, table
cells); each block is split into sentences by `transflow.extract.segmentation`. Every block and
segment knows its line in the source file, which becomes the PO occurrence.

A block's text is its inline Markdown on one line: a soft line break becomes a space, and a
hard line break (two spaces or a backslash before the line end: datelines, addresses, quote
attributions) a `\n` without its marker. A hard break ends a segment, unless it is inside
inline markup (`*one  \ntwo*`), where the segment keeps the `\n`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transflow.project.errors import SourceError
from transflow.project.fsutil import read_utf8
from transflow.text.markdown import InlineMarkup, parse_inline

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

SOURCE_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "wire",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED = ".md (Markdown with front matter), .txt (wire layout) or .html (a CMS export)"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # C0 controls but tab and line ends
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class Segment:
    """One translatable sentence: the unit of a PO entry."""

    text: str
    line: int  # 1-based line in the source file where the sentence starts
    block: int  # index of its block in Article.blocks
    kind: str  # kind of its block


@dataclass
class Block:
    """A unit of document structure, translated sentence by sentence."""

    kind: str  # title | heading | paragraph | list_item | blockquote | table_cell
    # inline content on one line: a soft line break is a space; a hard one, or one inside an
    # HTML tag, is "\n" (without the hard break's marker)
    text: str
    start_line: int  # 1-based, first line of the block in the file
    end_line: int  # 1-based, last line of the block (inclusive)
    line_offsets: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, line)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # spans in text

    def line_of(self, offset: int) -> int:
        line = self.start_line
        for start, number in self.line_offsets:
            if start > offset:
                break
            line = number
        return line


@dataclass(frozen=True)
class Piece:
    """One Markdown block of the edition of an HTML source: `before` separates it from the
    previous piece, `lead` prefixes its first line (quote and list markers, `## `), `indent`
    the lines after a hard break; it is the block `block` translated, or `verbatim`."""

    before: str
    lead: str
    indent: str
    block: int | None
    verbatim: str = ""


@dataclass
class Article:
    """A parsed source article."""

    path: Path
    slug: str
    format: str  # markdown | wire | html
    title: str
    metadata: dict[str, Any]
    blocks: list[Block]
    text: str  # the whole file, decoded, with '\n' line ends
    # an HTML source's body as Markdown pieces (Markdown and wire sources reassemble from
    # their text)
    layout: list[Piece] = field(default_factory=list)

    def segments(self) -> list[Segment]:
        """Every sentence in document order (duplicates included)."""
        out = []
        for index, block in enumerate(self.blocks):
            for start, end in block.sentences:
                out.append(Segment(block.text[start:end], block.line_of(start), index, block.kind))
        return out


def read_text(path: Path) -> str:
    """Decode a UTF-8 file (BOM allowed), naming the byte and line of the first bad byte,
    with '\n' line ends. A control character other than tab and line end (a NUL, an escape
    sequence) is an error at its line: invisible in an editor, it would otherwise slip into
    the segments (a NUL became U+FFFD in Markdown) and the published pages."""
    text = read_utf8(
        path,
        SourceError,
        "Save the file as UTF-8 (e.g. `iconv -f cp949 -t utf-8`), then run again.",
    )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad is not None:
        line_start = text.rfind("\n", 0, bad.start()) + 1
        code = ord(bad.group())
        raise SourceError(
            f"holds the control character U+{code:04X}{' (NUL)' if code == 0 else ''} at "
            f"column {bad.start() - line_start + 1}.",
            path=path,
            line=text.count("\n", 0, bad.start()) + 1,
            hint="Delete it (an editor may show nothing there), then run again.",
        )
    return text


def _block(kind: str, lines: list[str], start_line: int, lang: str) -> Block:
    """A block of plain text lines (a wire article's, a title), joined by spaces and split
    into sentences."""
    from transflow.extract.segmentation import sentence_spans

    block = _joined(kind, [(line.strip(), " ") for line in lines], start_line)
    block.sentences = sentence_spans(block.text, lang)
    return block


def _inline_block(
    kind: str, content: str, start_line: int, lang: str, references: Mapping[str, Any]
) -> Block:
    """A block of inline Markdown (markdown-it's inline content, one source line a line):
    soft line breaks become a space, hard ones `\n` without their marker. Inside a code span a
    line break is the space CommonMark makes of it and the spaces around it stay; inside an
    HTML tag it stays a line break (joined, `<a\nhref="x">` on a line of its own would be an
    HTML block)."""
    one_line = "\n" not in content  # the usual heading, list item or cell: nothing to join
    markup = InlineMarkup() if one_line else parse_inline(content, references)
    hard = {content.count("\n", 0, start) for start, _ in markup.hard_breaks}
    verbatim = [(c.start, c.end, c.kind) for c in markup.constructs if c.kind in ("code", "html")]
    lines: list[tuple[str, str]] = []
    position = 0
    joint = ""
    for number, line in enumerate(content.split("\n")):
        end = position + len(line)  # the line break after the line
        after = next((k for s, e, k in verbatim if s < end < e), "")
        if number in hard and line.endswith("\\"):
            line = line[:-1]
        piece = line if joint else line.lstrip()
        piece = piece if after else piece.rstrip()
        lines.append((piece, "\n" if number in hard or after == "html" else " "))
        joint = after
        position = end + 1
    block = _joined(kind, lines, start_line)
    block.sentences = _sentences(block.text, lang, references)
    return block


def _joined(kind: str, lines: list[tuple[str, str]], start_line: int) -> Block:
    """A block from its content lines (markup already removed), each with what joins it to
    the next (a space, or "\n" for a hard break); empty lines join nothing."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    joint = ""
    for number, (piece, after) in enumerate(lines, start_line):
        if not piece:
            joint = "\n" if "\n" in (joint, after) else joint
            continue
        if parts:
            parts.append(joint)
            position += 1
        offsets.append((position, number))
        parts.append(piece)
        position += len(piece)
        joint = after
    return Block(kind, "".join(parts), start_line, start_line + len(lines) - 1, offsets)


def _sentences(text: str, lang: str, references: Mapping[str, Any]) -> list[tuple[int, int]]:
    """The sentence spans of a block of inline Markdown: each hard line on its own, except
    that a line break inside inline markup stays in its sentence."""
    from transflow.extract.segmentation import sentence_spans

    if "\n" not in text:
        return sentence_spans(text, lang, references)
    markup = parse_inline(text, references)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [i for i, c in enumerate(text) if c == "\n" and not markup.inside(i)] + [len(text)]:
        spans += [
            (s + start, e + start) for s, e in sentence_spans(text[start:cut], lang, references)
        ]
        start = cut + 1
    return spans


def _check_slug(slug: object, path: Path, line: int | None) -> str:
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        raise SourceError(
            f"unsafe slug {slug!r}: the slug becomes a file name, so it may hold only "
            "lowercase letters, digits and single hyphens (no '/', '..' or spaces).",
            path=path,
            line=line,
            hint="Example: south-korea-rights-groups-urge-china.",
        )
    return slug


class BadDate(ValueError):
    """A YAML value that looks like a date but is none (`2026-13-45`)."""

    def __init__(self, value: str, reason: str, line: int) -> None:
        super().__init__(f"{value} is no date ({reason})")
        self.line = line  # 1-based, in the YAML text


@lru_cache(maxsize=1)
def _yaml_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        """PyYAML's safe loader, raising BadDate where it raised a bare ValueError."""

        def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError as exc:
                raise BadDate(str(node.value), str(exc), node.start_mark.line + 1) from None

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader


def load_yaml(text: str) -> Any:
    """YAML as `yaml.safe_load` reads it, but a date that is none raises BadDate with its
    line: the one way transflow reads front matter (of sources and of editions)."""
    import yaml

    return yaml.load(text, Loader=_yaml_loader())  # a SafeLoader: no arbitrary objects


def _front_matter(path: Path, text: str) -> tuple[dict[str, Any], int]:
    """The YAML front matter of a Markdown source ({} without one) and how many lines it
    takes before the body."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}, 0
    import yaml

    body_offset = text[: match.end()].count("\n")
    if not text[: match.end()].endswith("\n"):
        body_offset += 1
    try:
        loaded = load_yaml(match.group(1) or "")
    except BadDate as exc:
        raise SourceError(
            f"front matter: {exc}.",
            path=path,
            line=exc.line + 1,
            hint="Write a date as YYYY-MM-DD (e.g. 2026-11-27), or quote it to keep it as text.",
        ) from None
    except yaml.YAMLError as exc:
        # where the broken construct starts (an unclosed bracket) beats where parsing gave up
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        raise SourceError(
            f"bad YAML front matter: {getattr(exc, 'problem', None) or exc}.",
            path=path,
            line=mark.line + 2 if mark else 2,
            hint="Quote values that contain ':' or '#'.",
        ) from None
    if loaded is not None and not isinstance(loaded, dict):
        raise SourceError("front matter must be a mapping of keys to values.", path=path, line=2)
    return loaded or {}, body_offset


def _wire_slug(path: Path, text: str) -> str:
    return _check_slug(text.split("\n", 1)[0].strip(), path, 1)


def _markdown_slug(path: Path, text: str, metadata: dict[str, Any]) -> str:
    """The front matter's `slug`, else the file name without its suffix."""
    slug = metadata.get("slug", path.stem)
    return _check_slug(slug, path, _front_matter_line(text, "slug") if "slug" in metadata else None)


def parse_wire(path: Path, text: str, lang: str) -> Article:
    """The wire layout: slug, blank line, title, blank line, paragraphs."""
    lines = text.split("\n")
    slug = _wire_slug(path, text)
    number = 2
    while number <= len(lines) and not lines[number - 1].strip():
        number += 1
    if number == 2 and len(lines) > 1:
        raise SourceError(
            "line 2 must be blank in the wire layout (slug, blank line, title, blank line, "
            "paragraphs).",
            path=path,
            line=2,
        )
    if number > len(lines):
        raise SourceError(
            "the article is empty: no title after the slug.",
            path=path,
            line=1,
            hint="Wire layout: slug on line 1, a blank line, the title, a blank line, paragraphs.",
        )
    title_line = number
    blocks = [_block("title", [lines[title_line - 1]], title_line, lang)]
    group: list[str] = []
    group_start = 0
    for number in range(title_line + 1, len(lines) + 2):
        line = lines[number - 1] if number <= len(lines) else ""
        if line.strip():
            if not group:
                group_start = number
            group.append(line)
        elif group:
            blocks.append(_block("paragraph", group, group_start, lang))
            group = []
    if len(blocks) == 1:
        raise SourceError(
            "the article has a title but no paragraphs.",
            path=path,
            line=title_line,
            hint="Add the body after a blank line.",
        )
    return Article(path, slug, "wire", blocks[0].text, {"slug": slug}, blocks, text)


_CONTAINERS = {"list_item_open": "list_item", "blockquote_open": "blockquote"}


@cache
def _markdown_parser() -> MarkdownIt:
    """CommonMark with tables; made once (making one costs more than parsing an article)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def parse_markdown(path: Path, text: str, lang: str) -> Article:
    """Markdown with optional YAML front matter; structure from markdown-it-py."""
    metadata, body_offset = _front_matter(path, text)
    blocks: list[Block] = []
    if metadata:
        if "title" in metadata:
            title = metadata["title"]
            title_line = _front_matter_line(text, "title")
            if not isinstance(title, str) or not title.strip():
                raise SourceError(
                    "front matter 'title' must be non-empty text.", path=path, line=title_line
                )
            blocks.append(_block("title", [title], title_line, lang))

    slug = _markdown_slug(path, text, metadata)

    body = text.split("\n")[body_offset:]
    env: dict[str, Any] = {}
    tokens = _markdown_parser().parse("\n".join(body), env)
    references = env.get("references", {})
    stack: list[str] = []
    for token in tokens:
        if token.type in _CONTAINERS:
            stack.append(_CONTAINERS[token.type])
        elif token.type in ("list_item_close", "blockquote_close"):
            stack.pop()
        elif token.type == "heading_open":
            stack.append("heading")
        elif token.type == "heading_close":
            stack.pop()
        elif token.type in ("th_open", "td_open"):
            stack.append("table_cell")
        elif token.type in ("th_close", "td_close"):
            stack.pop()
        elif token.type == "inline" and token.map and token.content.strip():
            kind = stack[-1] if stack else "paragraph"
            start = token.map[0] + body_offset + 1
            blocks.append(_inline_block(kind, token.content, start, lang, references))

    if not any(b.kind != "title" for b in blocks) and not blocks:
        raise SourceError(
            "the article is empty: no title and no text.",
            path=path,
            hint="Add front matter with a title and at least one paragraph.",
        )
    if not any(b.kind == "title" for b in blocks):
        first_heading = next((b for b in blocks if b.kind == "heading"), None)
        if first_heading is None:
            raise SourceError(
                "the article has no title: add `title:` to the front matter or start with "
                "a `# Heading`.",
                path=path,
                line=1,
            )
        title = first_heading.text
    else:
        title = blocks[0].text
    if len(blocks) < 2:
        raise SourceError(
            "the article has a title but no body text.",
            path=path,
            line=blocks[0].start_line,
            hint="Add paragraphs after the front matter.",
        )
    return Article(path, slug, "markdown", title, metadata, blocks, text)


def _front_matter_line(text: str, key: str) -> int:
    for number, line in enumerate(text.split("\n"), 1):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return number
    return 1


def _read_source(path: Path) -> tuple[str, str]:
    """(format, text) of a source file; its suffix gives the format."""
    kind = SOURCE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise SourceError(
            f"unsupported source type {path.suffix or '(no suffix)'}.",
            path=path,
            hint=f"Use {SUPPORTED}.",
        )
    if kind == "html":
        from transflow.extract.html import read_html_text

        text = read_html_text(path)
    else:
        text = read_text(path)
    if not text.strip():
        raise SourceError(
            "the article is empty.", path=path, hint="Write the article or remove the file."
        )
    return kind, text


def parse_article(path: Path, lang: str = "en") -> Article:
    """Read and parse one source file; the format follows the suffix."""
    kind, text = _read_source(path)
    if kind == "wire":
        return parse_wire(path, text, lang)
    if kind == "html":
        from transflow.extract.html import parse_html

        return parse_html(path, text, lang)
    return parse_markdown(path, text, lang)


@dataclass(frozen=True)
class SourceFile:
    """A source article known by its file and slug, before (and without) parsing it."""

    path: Path
    slug: str


def source_file(path: Path) -> SourceFile:
    """The slug of a source without splitting it into sentences: what a catalog walk needs."""
    kind, text = _read_source(path)
    if kind == "wire":
        return SourceFile(path, _wire_slug(path, text))
    if kind == "html":  # the file name: no need to parse the document
        return SourceFile(path, _check_slug(path.stem, path, None))
    return SourceFile(path, _markdown_slug(path, text, _front_matter(path, text)[0]))


def discover(sources_dir: Path) -> list[Path]:
    """Source files in the sources folder (not recursive), sorted by name."""
    if not sources_dir.is_dir():
        raise SourceError(
            "the sources folder does not exist.",
            path=sources_dir,
            hint="Create it and put articles in it (<slug>.md, <slug>.txt or <slug>.html), "
            "or fix [paths] sources in transflow.toml.",
        )
    return sorted(
        p
        for p in sources_dir.iterdir()
        if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(".")
    )


def unknown_sources(sources_dir: Path) -> list[Path]:
    """Files in the sources folder that are no source transflow reads (`a.docx`), sorted:
    reported by the walk, never skipped silently. Hidden files are left alone."""
    if not sources_dir.is_dir():
        return []
    return sorted(
        p
        for p in sources_dir.iterdir()
        if p.is_file() and p.suffix.lower() not in SOURCE_SUFFIXES and not p.name.startswith(".")
    )


def list_sources(sources_dir: Path) -> list[SourceFile]:
    """Every source of the sources folder with its slug, refusing duplicate slugs."""
    seen: dict[str, SourceFile] = {}
    for path in discover(sources_dir):
        found = source_file(path)
        if found.slug in seen:
            raise SourceError(
                f"duplicate slug {found.slug!r}: {seen[found.slug].path} has it too.",
                path=found.path,
                hint="Give each article its own slug (front matter `slug:` or line 1).",
            )
        seen[found.slug] = found
    return list(seen.values())


def load_articles(
    sources_dir: Path, lang: str = "en", select: list[str] | None = None
) -> list[Article]:
    """Parse every article (or the selected slugs/paths): all of them before anything is
    returned, so a bad file stops a run before it writes anything."""
    chosen = select_sources(list_sources(sources_dir), select, sources_dir)
    return [parse_article(source.path, lang) for source in chosen]


def select_sources(
    sources: list[SourceFile], select: list[str] | None, sources_dir: Path | str
) -> list[SourceFile]:
    """The sources named by slug or source path (all when `select` is empty), in the
    order asked, each once; an unknown name is an error listing the known slugs."""
    if not select:
        return sources
    by_slug = {a.slug: a for a in sources}
    chosen: list[SourceFile] = []
    for wanted in select:
        hit = by_slug.get(wanted) or next(
            (a for a in sources if a.path.resolve() == Path(wanted).resolve()), None
        )
        if hit is None:
            raise SourceError(
                f"no article {wanted!r} in {sources_dir}.",
                hint=f"Known slugs: {', '.join(sorted(by_slug)) or '(none)'}.",
            )
        if hit not in chosen:
            chosen.append(hit)
    return chosen
