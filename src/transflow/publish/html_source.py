"""The edition of an HTML source: its layout (`Article.layout`, made at extraction) written
as Markdown, each block translated.

Headings keep their level, lists their nesting and numbering, quotes their nesting, figures
their image and caption, code blocks their text; inline markup is the inline Markdown the
segments already hold. So the Markdown edition is what a static site generator reads, and
the HTML page rendered from it (`html.py`, raw HTML off, safe links only) has the source's
structure. A hard line break (`<br>`) is written as a backslash before the line end.
"""

from __future__ import annotations

from transflow.extract.sources import Article
from transflow.publish.reassemble import escape_block_start


def markdown_body(article: Article, translated: list[str]) -> str:
    """The body of the edition: `translated[i]` is block i's text in the target language."""
    parts: list[str] = []
    for piece in article.layout:
        if piece.block is None:
            lines = piece.verbatim.split("\n")
        else:
            text = translated[piece.block]
            if piece.lead.endswith("# "):  # a heading holds no line break
                lines = [" ".join(text.split("\n"))]
            else:
                lines = [escape_block_start(line) for line in text.split("\n")]
                lines = [line + "\\" for line in lines[:-1]] + lines[-1:]
        first, *rest = lines
        parts.append(piece.before if parts else "")
        parts.append(piece.lead + first)
        parts.extend(f"\n{piece.indent}{line}".rstrip(" ") for line in rest)
    return "".join(parts) + "\n"
