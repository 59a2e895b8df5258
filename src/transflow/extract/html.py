"""HTML sources: a CMS export (`sources/<slug>.html`) read with lxml's HTML parser.

The article body is the first `<article>` (else `<main>`); the title is the text of its
first `<h1>` (else of the document's `<title>`); `date` and `author` come from `<meta>` (or
the body's `<time datetime>`, `<a rel="author">`); the slug is the file name. A sentence's
line, the PO occurrence, is the line of the element it is in (`sourceline`, from the parser)
plus the line ends in the text before it.

Inline HTML becomes inline Markdown at extraction (`<em>` `*`, `<strong>` `**`, `<code>`
a code span, `<a href>` a link, `<br>` a hard break, `<img>` an image; other inline elements
give their text), so the PO files hold one inline language whatever the source format: the
segmenter's markup rules, the markdown check, MT protection of link targets and code, the
review app and the renderer that sanitizes editions (raw HTML off, safe links only) all work
on it unchanged. Only that allow-list gets through: attributes, event handlers, scripts,
styles, frames and forms never reach a catalog or an edition, and a link or image whose
target is `javascript:` (or any scheme but http(s) and mailto) keeps its text only.

Blocks are those of a Markdown source (title, heading, paragraph, list_item, blockquote,
table_cell, plus caption for a `<figcaption>`); `Article.layout` records how they sit in the
document (heading levels, list nesting and numbering, quotes, figures, code blocks), so that
reassembly writes a Markdown edition of the same structure. A figure's image is a paragraph
of its own, so its alt text is translated like a Markdown image's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transflow.extract.sources import (
    Article,
    Block,
    Piece,
    _check_slug,
    _sentences,
    read_text,
)
from transflow.project.errors import SourceError
from transflow.project.fsutil import read_bytes

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Elements whose content never reaches a catalog or an edition.
_DROPPED = frozenset(
    "script style template noscript iframe frame frameset object embed applet svg math form "
    "input button select textarea canvas video audio source track nav head link meta base "
    "dialog".split()
)
# Elements that hold blocks (their inline content between blocks makes paragraphs).
_CONTAINERS = frozenset(
    "div section article main header footer aside address details summary center dl dt dd "
    "hgroup body html".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    {"p", "ul", "ol", "li", "blockquote", "figure", "figcaption", "pre", "hr", "table"}
    | set(_HEADINGS)
    | _CONTAINERS
)
_EMPHASIS = {"em": "*", "i": "*", "cite": "*", "strong": "**", "b": "**"}
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_SPACE = re.compile(r"[ \t\n\r\f]+")
# Where a source line ends inside a block's raw text: a C0 control no source can hold
# (`read_text` refuses them), so `_tidy` can count lines and drop it.
NEWLINE = "\x00"
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_MD_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*[]<"})
# `_` can open or close emphasis only at a word's edge (CommonMark): `3_000` stays as it is
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_DATE_META = ("article:published_time", "date", "pubdate", "publishdate", "dc.date", "dcterms.date")
_AUTHOR_META = ("author", "article:author", "dc.creator")


def escape_text(text: str) -> str:
    """Text of an HTML text node made literal in inline Markdown."""
    text = _ENTITY_LIKE.sub(r"\\&", text.translate(_MD_ESCAPE))
    return _UNDERSCORE.sub(r"\\_", text) if "_" in text else text


def _tag(el: Any) -> str:
    """The lower-case tag of an element ("" for a comment or processing instruction)."""
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _safe(url: str | None) -> str | None:
    """The URL when a published page may link to it (http(s), mailto, relative), else None."""
    from transflow.publish.html import safe_link  # the one definition of a safe link

    if not url or not url.strip():
        return None
    url = url.strip()
    return url if safe_link(url) else None


def _destination(url: str) -> str:
    """A link or image destination as Markdown writes it (`<...>` when it has spaces or
    parentheses)."""
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def _code_span(text: str) -> str:
    """A CommonMark code span holding `text` (HTML whitespace collapsed)."""
    lines = NEWLINE * text.count("\n")
    text = _SPACE.sub(" ", text)
    if not text.strip():
        return escape_text(text) + lines
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}{lines}"


def _wrapped(marker_open: str, inner: str, marker_close: str) -> str:
    """`inner` between markers, the spaces (and line ends) at its ends moved outside
    (`<em> x </em>`)."""
    core = inner.strip(" " + NEWLINE)
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip(" " + NEWLINE))]
    trail = inner[len(inner.rstrip(" " + NEWLINE)) :]
    return f"{lead}{marker_open}{core}{marker_close}{trail}"


def _text(text: str | None) -> str:
    """A text node as inline Markdown: literal, whitespace one space, line ends marked."""
    if not text:
        return ""
    return escape_text(re.sub(r"[ \t\r\f]+", " ", text)).replace("\n", NEWLINE + " ")


def inline_markdown(el: HtmlElement) -> str:
    """The content of `el` (its text, children and their tails) as inline Markdown, before
    whitespace is tidied (`_tidy`)."""
    parts = [_text(el.text)]
    for child in el:
        parts.append(_inline_element(child))
        parts.append(_text(child.tail))
    return "".join(parts)


def _inline_element(el: HtmlElement) -> str:
    tag = _tag(el)
    if not tag or tag in _DROPPED:
        return NEWLINE * el.text_content().count("\n") if tag else ""
    if tag == "br":
        return "\n"
    if tag in _EMPHASIS:
        marker = _EMPHASIS[tag]
        return _wrapped(marker, inline_markdown(el), marker)
    if tag in _CODE:
        return _code_span(el.text_content())
    if tag == "a":
        inner = inline_markdown(el)
        href = _safe(el.get("href"))
        if href is None or not inner.strip():
            return inner
        return _wrapped("[", inner, f"]({_destination(href)})")
    if tag == "img":
        return _image(el)
    return inline_markdown(el)  # span, time, abbr, sup, q, u, mark ...: their text


def _image(el: HtmlElement) -> str:
    src = _safe(el.get("src"))
    if src is None:
        return ""
    alt = escape_text(_SPACE.sub(" ", el.get("alt") or "").strip())
    return f"![{alt}]({_destination(src)})"


def _tidy(raw: str, line: int) -> tuple[str, list[tuple[int, int]]]:
    """The text of a block from its raw inline Markdown starting at source `line`: one space
    between words, none around a hard break or at the ends; and where each source line
    starts in it (`Block.line_offsets`)."""
    out: list[str] = []
    size = 0
    marks: list[tuple[int, int]] = []
    space = False
    for char in raw:
        if char == NEWLINE:
            line += 1
        elif char == " ":
            space = True
        else:
            if char == "\n":
                space = False
            elif space and size and out[-1] != "\n":
                out.append(" ")
                size += 1
            space = False
            if char == "\n" and not size:
                continue  # a hard break before any text
            if not marks or marks[-1][1] != line:
                marks.append((size, line))
            out.append(char)
            size += 1
    text = "".join(out).rstrip("\n")
    return text, [(offset, number) for offset, number in marks if offset < len(text)]


@dataclass
class _Frame:
    """A list item or quote the next piece sits in: its first piece gets `first`, later
    pieces and continuation lines `rest`."""

    first: str
    rest: str
    used: bool = False
    quote: bool = False


@dataclass
class _Walker:
    """Walks the article body in document order, making blocks and the layout."""

    path: Path
    lang: str
    blocks: list[Block] = field(default_factory=list)
    layout: list[Piece] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    tight: bool = False  # the next piece continues a list (one line break, no blank line)
    title: HtmlElement | None = None

    def _lead(self) -> tuple[str, str, str]:
        """(first-line prefix, continuation prefix, blank-line content) of the next piece."""
        lead = "".join(f.rest if f.used else f.first for f in self.stack)
        rest = "".join(f.rest for f in self.stack)
        # a blank line stays inside the quotes the previous piece was in already
        blank = "".join(f.rest for f in self.stack if f.quote and f.used).rstrip()
        for frame in self.stack:
            frame.used = True
        return lead, rest, blank

    def _place(self, block: int | None, verbatim: str = "", heading: int = 0) -> None:
        lead, rest, blank = self._lead()
        before = "\n" if self.tight or not self.layout else f"\n{blank}\n"
        if heading:
            lead += "#" * heading + " "
        self.layout.append(Piece(before, lead, rest, block, verbatim))
        self.tight = False

    def add(self, kind: str, raw: str, line: int, heading: int = 0) -> None:
        """A block of raw inline Markdown starting at `line`, placed in the layout."""
        text, marks = _tidy(raw, line)
        if not text:
            return
        block = Block(kind, text, marks[0][1], marks[-1][1], marks)
        block.sentences = _sentences(text, self.lang, {})
        if not block.sentences:
            return
        self.blocks.append(block)
        if kind != "title":
            self._place(len(self.blocks) - 1, heading=heading)

    def flow(self, el: HtmlElement, kind: str = "paragraph") -> None:
        """The children of a container: inline runs between blocks become `kind` blocks."""
        run = [_text(el.text)]
        line = el.sourceline or 1
        for child in el:
            tag = _tag(child)
            if tag in _BLOCKS:
                self.add(kind, "".join(run), line)
                run = []
                self.element(child, kind)
                # its tail starts where it ends (the parser gives start lines only)
                line = (child.sourceline or line) + child.text_content().count("\n")
            else:
                if child.sourceline and not "".join(run).strip(" " + NEWLINE):
                    run, line = [], child.sourceline  # the run starts here: the parser knows
                run.append(_inline_element(child))
            run.append(_text(child.tail))
        self.add(kind, "".join(run), line)

    def element(self, el: HtmlElement, kind: str = "paragraph") -> None:
        """One block-level element."""
        tag = _tag(el)
        line = el.sourceline or 1
        if el is self.title:
            return  # the first block already
        if tag in _HEADINGS:
            self.add("heading", inline_markdown(el), line, heading=_HEADINGS[tag])
        elif tag == "p":
            self.add(kind, inline_markdown(el), line)
        elif tag in ("ul", "ol"):
            self._list(el, ordered=tag == "ol")
        elif tag == "li":  # a stray item: as in a list of its own
            self._items([el], ordered=False, start=1)
        elif tag == "blockquote":
            self.stack.append(_Frame("> ", "> ", quote=True))
            self.flow(el, "blockquote")
            self.stack.pop()
        elif tag == "figure":
            self._figure(el)
        elif tag == "figcaption":
            self.flow(el, "caption")
        elif tag == "pre":
            self._verbatim(_code_block(el.text_content()))
        elif tag == "hr":
            self._verbatim("***")
        elif tag == "table":
            for cell in el.iter("th", "td"):
                self.flow(cell, "table_cell")
        else:  # a container
            self.flow(el, kind)

    def _verbatim(self, markdown: str) -> None:
        self._place(None, markdown)

    def _list(self, el: HtmlElement, ordered: bool) -> None:
        try:
            start = int(el.get("start") or 1)
        except ValueError:
            start = 1
        items = [child for child in el if _tag(child) == "li"]
        self._items(items, ordered, max(0, min(start, 999_999_999)))

    def _items(self, items: list[HtmlElement], ordered: bool, start: int) -> None:
        # a list right after its parent item's text continues that item: no blank line
        nested = bool(self.stack) and self.stack[-1].used and not self.stack[-1].quote
        for number, item in enumerate(items, start):
            marker = f"{number}. " if ordered else "- "
            self.stack.append(_Frame(marker, " " * len(marker)))
            self.tight = bool(self.layout) and (nested or number > start)
            self.flow(item, "list_item")
            self.stack.pop()
        self.tight = False

    def _figure(self, el: HtmlElement) -> None:
        for child in el:
            tag = _tag(child)
            if tag == "figcaption":
                self.flow(child, "caption")
            elif tag in _BLOCKS:
                self.element(child)
            elif tag not in _DROPPED:  # <img>, <picture>, <a><img></a>
                for image in [child] if tag == "img" else list(child.iter("img")):
                    self._figure_image(image)

    def _figure_image(self, el: HtmlElement) -> None:
        """A figure's image: a block when it has alt text (translated, as the image of a
        Markdown paragraph is: readers of the edition get it in their language)."""
        markdown = _image(el)
        if markdown.startswith("![]"):
            self._verbatim(markdown)
        elif markdown:
            self.add("paragraph", markdown, el.sourceline or 1)


def _code_block(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text.strip(chr(10))}\n{fence}"


def _first(root: HtmlElement, *tags: str) -> HtmlElement | None:
    return next(root.iter(*tags), None)


def _metadata(root: HtmlElement, body: HtmlElement) -> dict[str, Any]:
    """`date` and `author` from the document's `<meta>` (else the body's `<time>`, `<a
    rel="author">`)."""
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or el.get("itemprop") or "").lower()
        content = (el.get("content") or "").strip()
        if name and content and name not in meta:
            meta[name] = content
    found: dict[str, Any] = {}
    date_text = next((meta[n] for n in _DATE_META if n in meta), None)
    if date_text is None:
        time = _first(body, "time")
        date_text = time.get("datetime") if time is not None else None
    if date_text:
        try:
            found["date"] = dt.date.fromisoformat(date_text.strip()[:10])
        except ValueError:
            pass  # not a date: the edition goes without one
    author = next((meta[n] for n in _AUTHOR_META if n in meta), None)
    if author is None:
        link = next((a for a in body.iter("a") if (a.get("rel") or "").lower() == "author"), None)
        author = _SPACE.sub(" ", link.text_content()).strip() if link is not None else None
    if author:
        found["author"] = author
    return found


def _parse_tree(path: Path, text: str) -> HtmlElement:
    """The document as lxml's HTML parser builds it (UTF-8, comments dropped)."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise SourceError(
            f"cannot be parsed as HTML: {exc}.",
            path=path,
            hint="Export the article again from the CMS, or save it as Markdown.",
        ) from None


def read_html_text(path: Path) -> str:
    """The text of an HTML source, which must be UTF-8 like every source; a file in another
    encoding is refused naming the charset its `<meta>` declares, so the hint can say how
    to convert it."""
    try:
        return read_text(path)
    except SourceError as error:
        if not error.message.startswith("is not UTF-8"):
            raise
        declared = _declared_charset(read_bytes(path))
        if declared is None:
            raise
        raise SourceError(
            f"{error.message[:-1]}; the file declares charset {declared}, and transflow "
            "reads sources as UTF-8 only.",
            path=path,
            line=error.line,
            hint=f"Convert it: `iconv -f {declared} -t utf-8 {path.name} > {path.stem}.tmp` "
            f"and move that over {path.name} (then fix its <meta charset>).",
        ) from None


def _declared_charset(raw: bytes) -> str | None:
    """The charset a document's `<meta charset>` or `<meta http-equiv>` declares."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="iso-8859-1")  # any byte decodes: tags matter
    try:
        root = lxml.html.document_fromstring(raw, parser=parser)
    except (lxml.etree.ParserError, ValueError):  # no charset to name then
        return None
    for el in root.iter("meta"):
        if el.get("charset"):
            return str(el.get("charset")).strip()
        content = el.get("content") or ""
        if (el.get("http-equiv") or "").lower() == "content-type" and "charset=" in content:
            return content.split("charset=", 1)[1].split(";")[0].strip()
    return None


def parse_html(path: Path, text: str, lang: str) -> Article:
    """An HTML source: blocks, title, metadata and the layout of its body."""
    slug = _check_slug(path.stem, path, None)  # the file name, as the walk has it
    root = _parse_tree(path, text)
    body = _first(root, "article")
    body = body if body is not None else _first(root, "main")
    if body is None:
        raise SourceError(
            "has no <article> or <main> element: transflow translates the article body only.",
            path=path,
            hint="Export the article with its <article> (or <main>) element around the body.",
        )
    walker = _Walker(path, lang, title=_first(body, "h1"))
    # the title is the first block, as in Markdown: the <h1>, else the <title>
    # plain text: a page shows the title as text (in <title>, <h1>, feeds), never markup
    heading = walker.title if walker.title is not None else _first(root, "title")
    if heading is not None:
        walker.add("title", _SPACE.sub(" ", heading.text_content()), heading.sourceline or 1)
    if not walker.blocks:
        raise SourceError(
            "has no title: neither an <h1> with text in the article nor a <title>.",
            path=path,
            line=heading.sourceline if heading is not None else body.sourceline,
            hint="Add the headline as <h1> inside the <article>, or a <title> in <head>.",
        )
    walker.flow(body)
    if len(walker.blocks) < 2:
        raise SourceError(
            "the article has a title but no body text.",
            path=path,
            line=body.sourceline,
            hint="Put the paragraphs inside the <article> (or <main>) element.",
        )
    metadata: dict[str, Any] = {"slug": slug, **_metadata(root, body)}
    title = walker.blocks[0].text
    return Article(path, slug, "html", title, metadata, walker.blocks, text, walker.layout)
