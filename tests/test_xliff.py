"""The XLIFF hand-off (issue 15): `transflow xliff export` validated against the official
XLIFF 1.2 and 2.1 schemas (tests/data/xliff/), imports that change no reviewed entry, state
mapping both ways, inline codes, and the Translate Toolkit's po2xliff/xliff2po as a second
opinion. Refusals (hostile files, changed sources) are in tests/faults/test_xliff.py."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from lxml import etree

from transflow.handoff.xliff import GLS, NS2, NS12, unit_id
from transflow.po import conventions as conv
from transflow.po.conventions import State

from .conftest import SLUG_WIRE, msgfmt_check, run_cli, snapshot

DATA = Path(__file__).parent / "data" / "xliff"
SLUG = SLUG_WIRE
KO = Path("translations/ko") / f"{SLUG}.po"
TITLE = "Rights Groups Urge China to Halt Repatriations"
MACHINE = "Activists gathered in Seoul on Tuesday."
CHANGED = "They urged the U.N. Human Rights Council to act."
LINKED = "Read the report at https://example.org/report and see <b>page 2</b>."
PLAIN = "The groups said 200 people were sent back."

SOURCE = f"""\
{SLUG}

{TITLE}

{MACHINE} {CHANGED}

{PLAIN} Dr. Lee called it a crime.

{LINKED}
"""


# --- fixtures ---------------------------------------------------------------------------------


class _LocalXmlXsd(etree.Resolver):
    """The 1.2 schema imports xml.xsd from the W3C's site: tests read the vendored copy."""

    def resolve(self, url: str, pubid: str | None, context: object) -> object:
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(DATA / "1.2" / "xml.xsd"), context)
        return None


def _schema(version: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlXsd())
    if version == "1.2":
        return etree.XMLSchema(etree.parse(str(DATA / "1.2" / "xliff-core-1.2-strict.xsd"), parser))
    # XLIFF 2.1: the core schema and the module used (Glossary), imported by one schema
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(DATA / "2.1" / name).as_uri()}"/>'
        for ns, name in ((NS2, "xliff_core_2.0.xsd"), (GLS, "glossary.xsd"))
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper, parser))


@pytest.fixture
def handoff(tmp_path: Path) -> Path:
    """A project whose Korean catalog has an entry in every state, a glossary term and a
    sentence with inline tokens (a URL, an HTML tag)."""
    from .conftest import CONFIG

    (tmp_path / "transflow.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / f"{SLUG}.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "newsroom.csv").write_text(
        "en,ko,zh,note\nHuman Rights Council,인권이사회,人权理事会,UN body\n", encoding="utf-8"
    )
    assert run_cli("extract", cwd=tmp_path).code == 0
    path = tmp_path / KO
    po = polib.pofile(str(path))
    by_id = {e.msgid: e for e in po}
    conv.mark_reviewed(by_id[TITLE], "인권단체, 중국에 송환 중단 촉구", "Kim")
    by_id[TITLE].tcomment = "headline style checked"
    conv.fill(by_id[MACHINE], "활동가들이 화요일 서울에 모였다.", "mt=argos:en-ko@1.0 score=-0.3")
    conv.fill(by_id[CHANGED], "그들은 유엔에 행동을 촉구했다.", "mt=argos:en-ko@1.0 score=-0.5")
    by_id[CHANGED].previous_msgid = "They urged the U.N. to act."
    conv.fill(
        by_id[LINKED],
        "https://example.org/report 에서 보고서를 읽고 <b>2쪽</b>을 보라.",
        "mt=argos:en-ko@1.0",
    )
    po.save(str(path))
    return tmp_path


def _states(project: Path) -> dict[str, State]:
    return {e.msgid: conv.entry_state(e) for e in polib.pofile(str(project / KO)) if e.msgid}


def _export(project: Path, fmt: str, *more: str) -> Path:
    result = run_cli("xliff", "export", SLUG, "--lang", "ko", "--format", fmt, *more, cwd=project)
    assert result.code == 0, result.stderr
    return project / "handoff" / "ko" / f"{SLUG}.xlf"


def _ns(fmt: str) -> dict[str, str]:
    return {"x": NS12 if fmt == "1.2" else NS2, "gls": GLS}


def _unit(doc: etree._ElementTree, fmt: str, source: str) -> etree._Element:
    tag = "trans-unit" if fmt == "1.2" else "unit"
    found = doc.xpath(f"//x:{tag}[@id=$id]", namespaces=_ns(fmt), id=unit_id("", source))
    assert len(found) == 1
    return found[0]


def _set_target(path: Path, fmt: str, source: str, text: str, state: str) -> None:
    """What a CAT user does: type a translation (plain text) and set the unit's state."""
    doc = etree.parse(str(path))
    unit = _unit(doc, fmt, source)
    holder = unit if fmt == "1.2" else unit.find("x:segment", _ns(fmt))
    target = holder.find("x:target", _ns(fmt))
    if target is None:
        target = etree.SubElement(holder, f"{{{_ns(fmt)['x']}}}target")
    for child in list(target):
        target.remove(child)
    target.text = text
    (target if fmt == "1.2" else holder).set("state", state)
    if fmt == "1.2" and "approved" in unit.attrib:
        del unit.attrib["approved"]
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")


# --- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["1.2", "2.1"])
def test_export_is_valid_against_the_official_schema(handoff: Path, fmt: str) -> None:
    schema = _schema(fmt)
    run_cli("xliff", "export", "--format", fmt, cwd=handoff)  # both languages
    files = sorted((handoff / "handoff").rglob("*.xlf"))
    assert [f.relative_to(handoff).as_posix() for f in files] == [
        f"handoff/ko/{SLUG}.xlf",
        f"handoff/zh/{SLUG}.xlf",
    ]
    for path in files:
        doc = etree.parse(str(path))
        assert schema.validate(doc), f"{path}: {schema.error_log}"
    # the schema is no rubber stamp: a state outside the standard's list fails it
    doc = etree.parse(str(files[0]))
    attr = "x:target/@state" if fmt == "1.2" else "x:segment/@state"
    holder = _unit(doc, fmt, MACHINE).xpath(attr.rsplit("/", 1)[0], namespaces=_ns(fmt))[0]
    holder.set("state", "almost-done")
    assert not schema.validate(doc)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "1.2",
            {
                TITLE: ("final", None, "yes"),
                MACHINE: ("needs-review-translation", "leveraged-mt", "no"),
                CHANGED: ("needs-review-translation", "fuzzy-match", "no"),
                PLAIN: ("needs-translation", None, "no"),
            },
        ),
        (
            "2.1",
            {
                TITLE: ("final", None, None),
                MACHINE: ("translated", "transflow:machine", None),
                CHANGED: ("translated", "transflow:changed", None),
                PLAIN: ("initial", None, None),
            },
        ),
    ],
)
def test_export_maps_states(
    handoff: Path, fmt: str, expected: dict[str, tuple[str, str | None, str | None]]
) -> None:
    doc = etree.parse(str(_export(handoff, fmt)))
    for source, (state, qualifier, approved) in expected.items():
        unit = _unit(doc, fmt, source)
        if fmt == "1.2":
            target = unit.find("x:target", _ns(fmt))
            found = (target.get("state"), target.get("state-qualifier"), unit.get("approved"))
        else:
            segment = unit.find("x:segment", _ns(fmt))
            found = (segment.get("state"), segment.get("subState"), None)
        assert found == (state, qualifier, approved), source


@pytest.mark.parametrize("fmt", ["1.2", "2.1"])
def test_export_carries_notes_and_glossary_terms(handoff: Path, fmt: str) -> None:
    doc = etree.parse(str(_export(handoff, fmt)))
    ns = _ns(fmt)
    changed = _unit(doc, fmt, CHANGED)
    notes = [n.text for n in changed.iter(f"{{{ns['x']}}}note")]
    assert "mt=argos:en-ko@1.0 score=-0.5" in notes
    assert "They urged the U.N. to act." in notes  # the previous source of a changed entry
    assert "headline style checked" in [
        n.text for n in _unit(doc, fmt, TITLE).iter(f"{{{ns['x']}}}note")
    ]
    if fmt == "1.2":
        assert "Human Rights Council = 인권이사회 (UN body)" in notes
    else:
        entry = changed.find("gls:glossary/gls:glossEntry", ns)
        assert entry.findtext("gls:term", namespaces=ns) == "Human Rights Council"
        assert entry.findtext("gls:translation", namespaces=ns) == "인권이사회"
        assert entry.findtext("gls:definition", namespaces=ns) == "UN body"


@pytest.mark.parametrize("fmt", ["1.2", "2.1"])
def test_inline_tokens_are_codes(handoff: Path, fmt: str) -> None:
    doc = etree.parse(str(_export(handoff, fmt)))
    ns = _ns(fmt)
    unit = _unit(doc, fmt, LINKED)
    source = unit.find(".//x:source", ns)
    codes = source.findall("x:ph", ns)
    if fmt == "1.2":
        tokens = [c.text for c in codes]
    else:
        data = {d.get("id"): d.text for d in unit.findall("x:originalData/x:data", ns)}
        tokens = [data[c.get("dataRef")] for c in codes]
    assert tokens == ["https://example.org/report", "<b>", "</b>"]
    assert source.text == "Read the report at "
    # the target's codes are the source's (same ids), so a CAT tool pairs them
    target_ids = [c.get("id") for c in unit.find(".//x:target", ns).findall("x:ph", ns)]
    assert target_ids == [c.get("id") for c in codes]


def test_unit_ids_survive_reextraction(handoff: Path) -> None:
    before = {u.get("id") for u in etree.parse(str(_export(handoff, "2.1"))).iter(f"{{{NS2}}}unit")}
    source = handoff / "sources" / f"{SLUG}.txt"
    source.write_text(SOURCE.replace(PLAIN, "The groups said 300 people were sent back."))
    assert run_cli("extract", cwd=handoff).code == 0
    after = {u.get("id") for u in etree.parse(str(_export(handoff, "2.1"))).iter(f"{{{NS2}}}unit")}
    assert before - after == {unit_id("", PLAIN)}
    assert after - before == {unit_id("", "The groups said 300 people were sent back.")}


def test_export_refuses_to_write_into_the_projects_inputs(handoff: Path) -> None:
    before = snapshot(handoff)
    result = run_cli("xliff", "export", "--output", "translations", cwd=handoff)
    assert result.code == 2 and "translations folder" in result.stderr
    assert snapshot(handoff) == before


# --- import -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["1.2", "2.1"])
def test_import_after_export_changes_nothing(handoff: Path, fmt: str) -> None:
    path = _export(handoff, fmt)
    before = snapshot(handoff / "translations")
    result = run_cli("xliff", "import", str(path), cwd=handoff)
    assert result.code == 0, result.stderr
    assert "0 translated, 0 reviewed" in result.stdout
    assert snapshot(handoff / "translations") == before


@pytest.mark.parametrize(
    ("fmt", "done", "signed"), [("1.2", "translated", "final"), ("2.1", "translated", "reviewed")]
)
def test_import_merges_translations_and_states(
    handoff: Path, fmt: str, done: str, signed: str
) -> None:
    path = _export(handoff, fmt)
    _set_target(path, fmt, PLAIN, "단체들은 200명이 송환됐다고 말했다.", done)
    _set_target(path, fmt, MACHINE, "활동가들은 화요일 서울에 모였다.", signed)
    _set_target(path, fmt, TITLE, "다른 제목", done)  # reviewed entry, unit not reviewed
    result = run_cli("xliff", "import", str(path), "--reviewer", "Park", cwd=handoff)
    assert result.code == 0, result.stderr
    po = {e.msgid: e for e in polib.pofile(str(handoff / KO))}
    assert conv.entry_state(po[PLAIN]) is State.MACHINE  # the freelancer's, to be reviewed
    assert po[PLAIN].msgstr == "단체들은 200명이 송환됐다고 말했다."
    assert conv.provenance(po[PLAIN]) == [f"xliff={SLUG}.xlf"]
    assert conv.entry_state(po[MACHINE]) is State.REVIEWED  # the file said reviewed
    assert conv.reviewers(po[MACHINE]) == ["Park"]
    assert po[TITLE].msgstr == "인권단체, 중국에 송환 중단 촉구"  # nothing reviewed lost
    assert conv.entry_state(po[TITLE]) is State.REVIEWED
    assert "1 reviewed entries kept" in result.stdout
    msgfmt_check(handoff / KO)


@pytest.mark.parametrize("fmt", ["1.2", "2.1"])
def test_a_reviewed_conflict_keeps_the_catalog(handoff: Path, fmt: str) -> None:
    path = _export(handoff, fmt)
    _set_target(path, fmt, TITLE, "다른 제목", "final")
    _set_target(path, fmt, PLAIN, "단체들은 200명이 송환됐다고 말했다.", "translated")
    result = run_cli("xliff", "import", str(path), "--reviewer", "Park", cwd=handoff)
    assert result.code == 1
    assert f"unit {unit_id('', TITLE)}" in result.stderr
    po = {e.msgid: e for e in polib.pofile(str(handoff / KO))}
    assert po[TITLE].msgstr == "인권단체, 중국에 송환 중단 촉구"
    assert po[PLAIN].msgstr  # the rest of the file is imported


@pytest.mark.parametrize("fmt", ["1.2", "2.1"])
def test_inline_codes_come_back_as_their_text(handoff: Path, fmt: str) -> None:
    path = _export(handoff, fmt)
    text = path.read_text(encoding="utf-8")
    # the CAT user reorders the words around the codes, which stay as they were
    text = text.replace(" 에서 보고서를 읽고 ", "에서 보고서를 읽고, ")
    path.write_text(text, encoding="utf-8")
    assert run_cli("xliff", "import", str(path), cwd=handoff).code == 0
    po = {e.msgid: e for e in polib.pofile(str(handoff / KO))}
    assert po[LINKED].msgstr == "https://example.org/report에서 보고서를 읽고, <b>2쪽</b>을 보라."


def test_changed_entry_translated_again_is_no_longer_changed(handoff: Path) -> None:
    path = _export(handoff, "2.1")
    _set_target(path, "2.1", CHANGED, "그들은 유엔 인권이사회에 행동을 촉구했다.", "translated")
    assert _states(handoff)[CHANGED] is State.CHANGED
    assert run_cli("xliff", "import", str(path), cwd=handoff).code == 0
    assert _states(handoff)[CHANGED] is State.MACHINE  # made for the current source


# --- the Translate Toolkit as a second opinion ------------------------------------------------


def _toolkit(command: str, *args: Path) -> None:
    pytest.importorskip("translate", reason="translate-toolkit is in the dev extra")
    module = {"xliff2po": "translate.convert.xliff2po", "po2xliff": "translate.convert.po2xliff"}
    run = f"import sys; from {module[command]} import main; sys.exit(main())"
    proc = subprocess.run(
        [sys.executable, "-c", run, *map(str, args)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def _pairs(path: Path, keep: Callable[[polib.POEntry], bool] = lambda e: True) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgid and keep(e)}


def test_xliff2po_reads_our_xliff_as_the_catalog(handoff: Path, tmp_path: Path) -> None:
    path = _export(handoff, "1.2")
    _toolkit("xliff2po", path, tmp_path / "back.po")
    assert _pairs(tmp_path / "back.po") == _pairs(handoff / KO)


def test_a_po2xliff_file_imports(handoff: Path, tmp_path: Path) -> None:
    """po2xliff numbers its units and writes the PO header as one: units are found by their
    source text, the header is skipped, and its `approved="yes"` on every reviewed entry is
    no state transflow reads as reviewed."""
    path = tmp_path / f"{SLUG}.xlf"
    _toolkit("po2xliff", handoff / KO, path)
    text = path.read_text(encoding="utf-8")
    assert f'id="{unit_id("", PLAIN)}"' not in text
    before = _pairs(handoff / KO)
    old = f"<source>{PLAIN}</source>\n        <target></target>"
    assert old in text
    path.write_text(text.replace(old, old.replace("<target></target>", "<target>번역</target>")))
    result = run_cli("xliff", "import", str(path), cwd=handoff)
    assert result.code == 0, result.stderr
    assert _pairs(handoff / KO) == {**before, PLAIN: "번역"}
    assert _states(handoff)[PLAIN] is State.MACHINE


def test_a_region_in_the_target_language_finds_the_catalog(handoff: Path) -> None:
    """Trados and memoQ write target-language="ko-KR" for a project's ko."""
    path = _export(handoff, "1.2")
    _set_target(path, "1.2", PLAIN, "번역", "translated")
    path.write_text(path.read_text(encoding="utf-8").replace('"ko"', '"ko-KR"'))
    assert run_cli("xliff", "import", str(path), cwd=handoff).code == 0
    assert _pairs(handoff / KO)[PLAIN] == "번역"


def test_import_merges_with_a_catalog_changed_meanwhile(
    handoff: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reviewer saves in Poedit while the import runs: their entries stay theirs (one of
    them the import also changed: theirs is kept and the import says so), ours land."""
    from transflow.po import update

    path = _export(handoff, "2.1")
    _set_target(path, "2.1", PLAIN, "번역", "translated")
    _set_target(path, "2.1", MACHINE, "우리 번역", "translated")
    real = update.commit_edits

    def poedit_saves_first(*args: object, **kwargs: object) -> object:
        po = polib.pofile(str(handoff / KO))
        by_id = {e.msgid: e for e in po}
        conv.mark_reviewed(by_id[MACHINE], "그들의 번역", "Kim")
        conv.mark_reviewed(by_id[CHANGED], "그들은 유엔 인권이사회에 촉구했다.", "Kim")
        po.save(str(handoff / KO))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(update, "commit_edits", poedit_saves_first)
    result = run_cli("xliff", "import", str(path), cwd=handoff)
    assert result.code == 0, result.stderr
    assert "1 entries changed on disk meanwhile" in result.stdout
    pairs = _pairs(handoff / KO)
    assert pairs[PLAIN] == "번역"
    assert pairs[MACHINE] == "그들의 번역"
    assert pairs[CHANGED] == "그들은 유엔 인권이사회에 촉구했다."
    msgfmt_check(handoff / KO)
