"""Fuzz targets: the readers of every file a user hands transflow, fed mutated real files.

Each target takes bytes as they would sit on disk and calls the same entry point a command
uses. It may return, or raise a `TransflowError` (a user's error: one paragraph, exit 2);
any other exception is a bug (exit 70) and fails the run. Inputs are valid seed files
mutated by Hypothesis (bytes and lines inserted, deleted, repeated; tokens of the format
spliced in), so the fuzzer reaches past the first syntax check.

`tests/test_fuzz.py` runs each target for a bounded number of examples in `make test`;
`scripts/fuzz.py` runs them for minutes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

from transflow.extract.sources import parse_article
from transflow.glossary.csvfile import parse_csv
from transflow.glossary.tbx import parse_tbx
from transflow.handoff.xliff import parse_xliff
from transflow.po.catalog import parse_catalog
from transflow.project.config import load_project
from transflow.project.errors import GlossaryError, TransflowError
from transflow.project.fsutil import decode_utf8
from transflow.translate.machine_output import read_store
from transflow.translate.tmx import parse_tmx

ROOT = Path(__file__).resolve().parents[1]

PO_SEED = ROOT / "translations" / "ko" / "un-panel-urges-china-to-halt-repatriations.po"
PO_TOKENS = [
    b'msgid "', b'msgstr "', b"msgctxt ", b"msgid_plural ", b"msgstr[0] ", b'"\n', b"\\",
    b'\\"', b"#, fuzzy\n", b"#| msgid ", b"#~ ", b"#. type: ", b"#: a.md:", b"\n\n", b"\r\n",
    b"\x00", b"\xff", b"<<<<<<< HEAD\n", b"\\x41", b"\\101", b"\\u", b'""\n', b"#",
]  # fmt: skip
CSV_SEED = ROOT / "glossary" / "newsroom.csv"
CSV_TOKENS = [
    b'"', b'""', b",", b"\n", b"\r\n", b"|", b"ko.forbidden", b"note", b"case", b"sensitive",
    b"#", "\ufeff".encode(), b"zz", b"=cmd()", b"\x00",
]  # fmt: skip
TBX_SEED = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>seed</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="definition">A person who left North Korea.</descrip>
      <langSec xml:lang="en"><termSec><term>defector</term></termSec></langSec>
      <langSec xml:lang="ko"><termSec><term>탈북민</term></termSec>
        <termSec><term>탈북자</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
""".encode()
TBX_TOKENS = [
    b"<", b">", b"</", b"/>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"&amp;",
    b"<termSec>", b"<term>", b"</term>", b"xml:lang=", b"<langSec xml:lang=\"zz\">",
    b"<conceptEntry>", b"\x00", b"]]>", b"<![CDATA[", b'"',
]  # fmt: skip
TMX_SEED = ROOT / "tests" / "data" / "tm" / "omegat-level2.tmx"
TMX_TOKENS = [
    b"<", b">", b"</", b"/>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"&amp;", b"<tu>",
    b"<tuv xml:lang=\"ko\">", b"<seg>", b"</seg>", b"<bpt i=\"1\">", b"<ph>", b"lang=",
    b"xml:lang=\"zz\"", b"changedate=\"x\"", b"\x00", b"]]>", b"<![CDATA[", b'"',
]  # fmt: skip
XLIFF12_SEED = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file original="translations/ko/a.po" source-language="en" target-language="ko" datatype="po">
    <body><group id="g">
      <trans-unit id="u1" approved="yes" xml:space="preserve">
        <source>See <ph id="1">https://example.org</ph> <g id="2">now</g>.</source>
        <target state="final"><ph id="1">https://example.org</ph>
          <mrk mtype="x">참조</mrk>.</target>
        <note from="transflow">mt=argos</note>
      </trans-unit>
      <trans-unit id="u2"><source>Two</source><target state="translated">둘</target></trans-unit>
    </group></body>
  </file>
</xliff>
""".encode()
XLIFF21_SEED = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ko"
  xmlns:gls="urn:oasis:names:tc:xliff:glossary:2.0">
  <file id="f1" original="translations/ko/a.po">
    <unit id="u1" name="ctx">
      <gls:glossary><gls:glossEntry><gls:term>See</gls:term></gls:glossEntry></gls:glossary>
      <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data></originalData>
      <segment state="reviewed"><source><pc id="1" dataRefStart="d1" dataRefEnd="d2">See</pc>
        <cp hex="0001"/></source>
        <target><ph id="1" dataRef="d1"/>참조<sm id="m"/></target></segment>
      <ignorable><source> </source></ignorable>
    </unit>
  </file>
</xliff>
""".encode()
XLIFF_TOKENS = [
    b"<", b">", b"</", b"/>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"&amp;", b"&#0;",
    b"<ph id=\"9\" dataRef=\"d9\"/>", b"<x id=\"1\"/>", b"<cp hex=\"zz\"/>",
    b"<cp hex=\"110000\"/>", b"<target>", b"</target>", b"<source>", b"<segment>",
    b"state=\"final\"", b"original=\"\"", b"trgLang=\"zz\"", b"\x00", b"]]>", b'"',
]  # fmt: skip
MD_SEED = ROOT / "sources" / "defector-families-seek-answers.md"
WIRE_SEED = ROOT / "sources" / "un-panel-urges-china-to-halt-repatriations.txt"
HTML_SEED = ROOT / "tests" / "golden" / "cms-article-ko.html"
HTML_TOKENS = [
    b"<article>", b"</article>", b"<main>", b"<h1>", b"</h1>", b"<p>", b"</p>", b"<ul>",
    b"<ol start=-3>", b"<li>", b"</li>", b"<blockquote>", b"<figure>", b"<figcaption>",
    b"<pre>", b"<br>", b"<em>", b"</em>", b"<strong>", b"<code>", b"`", b"*", b"_",
    b'<a href="javascript:x">', b"<a href=", b"</a>", b"<img src=x>", b"<script>", b"<table>",
    b"<td>", b"<!--", b"-->", b"&amp;", b"&#0;", b"<", b">", b"\x00", b"\xff", b"\n\n",
    b'<meta charset="latin1">', b"<title>", b"<hr>", b"<div>",
]  # fmt: skip
CONFIG_SEED = ROOT / "transflow.toml"
CONFIG_TOKENS = [
    b"[", b"]", b"[[", b"]]", b"[check]\n", b"[engine]\n", b"=", b'"', b"'", b"\\u0000",
    b"{", b"}", b",", b"\n", b"#", b"../", b"/etc", b"1e999", b"-1", b"true", b"xx-Qq",
    b"timeout = ", b"target_languages = ", b"\x00", b"\xff",
]  # fmt: skip
SOURCE_TOKENS = [
    b"---\n", b"title: ", b"slug: ", b"date: 2026-13-45\n", b": ", b"[", b"]", b"{", b"#",
    b"# ", b"> ", b"- ", b"1. ", b"|", b"```", b"`", b"*", b"**", b"_", b"![a](b)", b"<a>",
    b"\n\n", b"\r", b"\x00", b"\xff", b"\\", b"  \n", "\u2028".encode(), b"<!--",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, seed: bytes, tokens: list[bytes]) -> bytes:
    """`seed` with a few random edits: bytes or format tokens inserted, spans deleted or
    repeated, lines swapped."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["token", "bytes", "delete", "repeat", "line"]))
        if action == "token":
            data[where:where] = draw(st.sampled_from(tokens))
        elif action == "bytes":
            data[where:where] = draw(st.binary(min_size=1, max_size=4))
        elif action == "delete":
            data[where : where + draw(st.integers(1, 40))] = b""
        elif action == "repeat":
            data[where:where] = data[where : where + draw(st.integers(1, 80))]
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def po_catalog(data: bytes) -> None:
    """`load_catalog`: the one reader, then polib (what extract, translate, review run)."""
    parse_catalog(data, Path("x.po"))


STORE_SEED = (
    '{"id": "u0123456789abcdef", "engine": "argos:en-ko@1.1", "mt": "유엔 \\"인권\\"\\n이사회"}\n'
    '{"id": "u0123456789abcdef", "engine": "ct2:nllb/nllb-600m#a1b2c3", "mt": "北京\u2028拒绝"}\n'
    '{"id": "ufedcba9876543210", "engine": "argos:en-zh@1.0", "mt": "A <b>bold</b> move."}\n'
).encode()
STORE_TOKENS = [
    b"{", b"}", b"[", b"]", b'"', b":", b",", b'"id"', b'"engine"', b'"mt"', b"\\", b"\\u",
    b"\\ud800", b"null", b"1e999", b"\n", b"\r\n", b"\x00", b"\xff", b"<<<<<<< HEAD\n",
    "\ufeff".encode(), b"u0123456789abcdef",
]  # fmt: skip


def machine_output(data: bytes) -> None:
    """`read_store`: a catalog's `.mt.jsonl`, as translate, review and stats read it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.mt.jsonl"
        path.write_bytes(data)
        read_store(path)


def glossary_csv(data: bytes) -> None:
    text = decode_utf8(data, Path("g.csv"), GlossaryError, "Save it as UTF-8.")
    parse_csv(text, Path("g.csv"), "en")


def glossary_tbx(data: bytes) -> None:
    parse_tbx(data, Path("g.tbx"))


def tmx(data: bytes) -> None:
    """`parse_tmx`: what `transflow tm import FILE.tmx` reads."""
    parse_tmx(data, Path("m.tmx"))


def xliff(data: bytes) -> None:
    """`read_xliff` past its size check: what `transflow xliff import` parses."""
    parse_xliff(data, Path("x.xlf"))


def config(data: bytes) -> None:
    """`load_project`: a transflow.toml as every command reads it."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "transflow.toml").write_bytes(data)
        load_project(Path(folder))


def _source(suffix: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"article{suffix}"
            path.write_bytes(data)
            article = parse_article(path)
            article.segments()

    return target


def html_source(data: bytes) -> None:
    """An HTML source read, and its edition reassembled and rendered (the layout it made)."""
    from transflow.publish.html import markdown_renderer
    from transflow.publish.reassemble import reassemble

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.html"
        path.write_bytes(data)
        article = parse_article(path)
        table = {s.text: f"«{s.text}»" for s in article.segments()}
        markdown_renderer().render(reassemble(article, table, "ko", drop_title=True).body)


TARGETS: dict[str, tuple[Callable[[bytes], None], st.SearchStrategy[bytes]]] = {
    "config": (config, mutated(CONFIG_SEED.read_bytes(), CONFIG_TOKENS)),
    "po": (po_catalog, mutated(PO_SEED.read_bytes(), PO_TOKENS)),
    "csv": (glossary_csv, mutated(CSV_SEED.read_bytes(), CSV_TOKENS)),
    "tbx": (glossary_tbx, mutated(TBX_SEED, TBX_TOKENS)),
    "tmx": (tmx, mutated(TMX_SEED.read_bytes(), TMX_TOKENS)),
    "xliff12": (xliff, mutated(XLIFF12_SEED, XLIFF_TOKENS)),
    "xliff21": (xliff, mutated(XLIFF21_SEED, XLIFF_TOKENS)),
    "markdown": (_source(".md"), mutated(MD_SEED.read_bytes(), SOURCE_TOKENS)),
    "wire": (_source(".txt"), mutated(WIRE_SEED.read_bytes(), SOURCE_TOKENS)),
    "html": (html_source, mutated(HTML_SEED.read_bytes(), HTML_TOKENS)),
    "machine-output": (machine_output, mutated(STORE_SEED, STORE_TOKENS)),
}


def run_target(name: str, data: bytes) -> None:
    """One input through one target: a user's error is fine, anything else is a bug."""
    target = TARGETS[name][0]
    try:
        target(data)
    except TransflowError:
        pass
