"""Markdown fidelity against the CommonMark spec's own examples (issue 11).

Every example of the spec is made an article (a front-matter title, the example as the
body), extracted and reassembled with translations of each segment, and the edition is
rendered with markdown-it-py next to the source. It must render to the same HTML, modulo
whitespace a reader cannot see, and no segment boundary may fall inside inline markup:

- identity translations: the edition must render exactly as the source;
- changed translations: each segment's words reversed and upper-cased within each run of
  text, its markup kept where it was (what a translator does). The HTML is then compared in
  a form that forgets letter case and word order within a text: its punctuation, markup and
  words must be the source's.

An example holds prose when its article has a segment besides the title (code blocks, raw
HTML and link definitions alone have none). At least 99% of those must pass, both ways.

`data/commonmark-spec-0.31.2.json` is the spec's example list (spec.commonmark.org/0.31.2/
spec.json, as markdown-it-py's tests keep it; the spec is CC-BY-SA 4.0, John MacFarlane):
markdown-it-py 4 follows 0.31.2. `benchmarks/markdown_fidelity.py` prints the counts.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.extract.sources import Article, parse_markdown
from transflow.project.errors import SourceError
from transflow.publish.reassemble import reassemble
from transflow.text.markdown import parse_inline

SPEC = Path(__file__).parent / "data" / "commonmark-spec-0.31.2.json"
THRESHOLD = 0.99

Translate = Callable[[str, Mapping[str, Any]], str]


# --- the two translations --------------------------------------------------------------------


def identity(text: str, references: Mapping[str, Any]) -> str:
    return text


_WORD = re.compile(r"[^\W_]+")


def reversed_upper(text: str, references: Mapping[str, Any]) -> str:
    """Within each run of text (between markup and hard line breaks), the words that stand
    between spaces or punctuation in reverse order, and every word upper-case; punctuation,
    spaces and markup stay where they were, so no delimiter changes its sides. A reference
    link's text that is its label (`[foo]`, `[foo][]`) is markup: it names the definition."""
    fixed = [c == "\n" for c in text]
    _fix_markup(text, references, 0, len(text), fixed)
    out: list[str] = []
    run: list[str] = []
    for ch, keep in zip(text, fixed, strict=True):
        if keep:
            out += [_reverse_upper("".join(run)), ch]
            run = []
        else:
            run.append(ch)
    return "".join([*out, _reverse_upper("".join(run))])


def _fix_markup(
    text: str, references: Mapping[str, Any], start: int, end: int, fixed: list[bool]
) -> None:
    """Mark the markup of `text[start:end]` fixed; an image's description, which markdown-it
    parses apart, is looked into the same way."""
    for c in parse_inline(text[start:end], references).constructs:
        a, b, inner = start + c.start, start + c.end, (start + c.inner[0], start + c.inner[1])
        tail = text[inner[1] : b]
        whole = inner[0] == inner[1] or (c.kind in ("link", "image") and tail in ("]", "][]"))
        for p in range(a, b):
            if whole or not inner[0] <= p < inner[1]:
                fixed[p] = True
        if c.kind == "image" and not whole:
            _fix_markup(text, references, inner[0], inner[1], fixed)


_EDGE = " \t.,;:!?\"'()"


def _reverse_upper(run: str) -> str:
    words = list(_WORD.finditer(run))
    movable = [
        m
        for m in words
        if (m.start() == 0 or run[m.start() - 1] in _EDGE)
        and (m.end() == len(run) or run[m.end()] in _EDGE)
    ]
    order = {m.start(): n.group() for m, n in zip(movable, reversed(movable), strict=True)}
    return _WORD.sub(lambda m: order.get(m.start(), m.group()).upper(), run)


# --- comparing rendered HTML -----------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "p li ul ol blockquote h1 h2 h3 h4 h5 h6 hr pre table thead tbody tr th td div".split()
)


class _Events(HTMLParser):
    """An HTML page as a list of events: tags with their attributes, and text."""

    def __init__(self, text_form: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=True)
        self.form = text_form
        self.events: list[Any] = []
        self.text = ""

    def _flush(self, block_edge: bool) -> None:
        text = re.sub(r"[ \t\n\r]+", " ", self.text)
        if not self.events or self.events[-1][0].lstrip("/") in _BLOCK_TAGS:
            text = text.lstrip(" ")
        if block_edge:
            text = text.rstrip(" ")
        if text:
            self.events.append(("#text", self.form(text)))
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush(tag in _BLOCK_TAGS)
        self.events.append((tag, tuple((k, self.form(v or "")) for k, v in attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._flush(tag in _BLOCK_TAGS)
        self.events.append(("/" + tag,))

    def handle_data(self, data: str) -> None:
        self.text += data

    def close(self) -> None:
        super().close()
        self._flush(True)


def page(html: str, text_form: Callable[[str], str] = lambda t: t) -> list[Any]:
    """The events of `html` with invisible whitespace gone: runs of spaces and line breaks
    are one space, none at the start or end of a block."""
    parser = _Events(text_form)
    parser.feed(html)
    parser.close()
    return parser.events


def words_forgotten(text: str) -> str:
    """A text's punctuation and spacing, then its words sorted, case folded."""
    folded = unicodedata.normalize("NFC", text.casefold())
    return _WORD.sub("W", folded) + " | " + " ".join(sorted(_WORD.findall(folded)))


# --- one document ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    """How each segment is translated, and the form in which rendered text is compared."""

    name: str
    translate: Translate
    form: Callable[[str], str]


IDENTITY = Translation("identity", identity, lambda text: text)
CHANGED = Translation("changed", reversed_upper, words_forgotten)


@cache
def _renderer() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")  # the parser of the sources


@dataclass
class Outcome:
    prose: bool = False  # the article has a segment besides its title
    same: bool = True  # the edition renders as the source
    cut: list[str] = field(default_factory=list)  # constructs a boundary falls inside
    edition: str = ""
    source_html: str = ""
    edition_html: str = ""


def boundaries_inside_markup(article: Article, references: Mapping[str, Any]) -> list[str]:
    """The constructs (kind and text) that a boundary between two segments of a block falls
    inside."""
    cut = []
    for block in article.blocks:
        markup = parse_inline(block.text, references)
        for (_, end), (start, _) in zip(block.sentences, block.sentences[1:], strict=False):
            cut += [
                f"{c.kind} {block.text[c.start : c.end]!r}"
                for c in markup.inside(end)
                if c.end > start
            ]
    return cut


@cache
def _extracted(markdown: str) -> tuple[Article, Mapping[str, Any], str] | None:
    """`markdown` made an article (a front-matter title, then it as the body), its link
    reference definitions and its HTML; None when it holds no segment besides the title."""
    try:
        article = parse_markdown(Path("a.md"), "---\ntitle: T\n---\n\n" + markdown, "en")
    except SourceError:  # no body text
        return None
    if all(s.kind == "title" for s in article.segments()):
        return None
    env: dict[str, Any] = {}
    _renderer().parse(markdown, env)
    return article, env.get("references", {}), _renderer().render(markdown)


def run_document(markdown: str, translation: Translation) -> Outcome:
    """`markdown` extracted, translated segment by segment, reassembled, and rendered beside
    the source."""
    extracted = _extracted(markdown)
    if extracted is None:
        return Outcome()
    article, references, source_html = extracted
    table = {s.text: translation.translate(s.text, references) for s in article.segments()}
    edition = reassemble(article, table, "en").body
    outcome = Outcome(True, True, [], edition, source_html, _renderer().render(edition))
    source, edition = (page(h, translation.form) for h in (source_html, outcome.edition_html))
    outcome.same = source == edition
    outcome.cut = boundaries_inside_markup(article, references)
    return outcome


# --- every example ---------------------------------------------------------------------------


@cache
def examples() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(SPEC.read_text(encoding="utf-8")))


@dataclass
class Counts:
    examples: int = 0
    prose: int = 0
    passing: int = 0
    different: Counter[str] = field(default_factory=Counter)  # by spec section
    cut: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[dict[str, Any], Outcome]] = field(default_factory=list)


def count(translation: Translation) -> Counts:
    counts = Counts()
    for example in examples():
        outcome = run_document(example["markdown"], translation)
        counts.examples += 1
        if not outcome.prose:
            continue
        counts.prose += 1
        if outcome.same and not outcome.cut:
            counts.passing += 1
            continue
        counts.failures.append((example, outcome))
        if not outcome.same:
            counts.different[example["section"]] += 1
        if outcome.cut:
            counts.cut[example["section"]] += 1
    return counts


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("translation", [IDENTITY, CHANGED], ids=lambda t: t.name)
def test_spec_examples_render_the_same_after_translation(translation: Translation) -> None:
    counts = count(translation)
    assert counts.examples == 652 and counts.prose > 500
    report = "\n".join(
        f"#{e['example']} {e['section']}: "
        + (f"cut {', '.join(o.cut)}" if o.cut else "renders differently")
        for e, o in counts.failures
    )
    assert counts.passing >= THRESHOLD * counts.prose, report
    assert not counts.cut, report


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.sampled_from(examples()), min_size=2, max_size=4),
    translation=st.sampled_from([IDENTITY, CHANGED]),
)
def test_documents_of_several_examples_render_the_same(
    parts: list[dict[str, Any]], translation: Translation
) -> None:
    """Examples side by side (their references and lists may meet): the same holds."""
    outcome = run_document("\n\n".join(p["markdown"] for p in parts), translation)
    assert outcome.same, (outcome.edition, outcome.source_html, outcome.edition_html)
    assert not outcome.cut
