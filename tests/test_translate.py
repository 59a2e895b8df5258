"""`transflow translate` end to end with real (copy-model) Argos packages and real msgfmt."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from transflow.engines import get_engine
from transflow.po.catalog import load_catalog, save_catalog
from transflow.po.conventions import entry_state, is_machine_output
from transflow.project.config import load_project
from transflow.translate.tm import TranslationMemory
from transflow.translate.translate import translate_project

from .conftest import SLUG_WIRE, msgfmt_check, run_cli, snapshot, write

MD = """\
---
title: Court Orders **Compensation** for Former Detainees
---

# What the court found

The ruling cites [the U.N. report](https://un.org/a_b "UN") and `case_no 41`.

Activists gathered in Seoul on Tuesday. Visit https://example.org/x_y for more.
"""


@pytest.fixture
def proj(project: Path, argos_env: Path) -> Path:
    write(project / "sources" / "court-ruling.md", MD)
    assert run_cli("extract", cwd=project).code == 0
    return project


def _po(project: Path, lang: str, slug: str) -> polib.POFile:
    return load_catalog(project / "translations" / lang / f"{slug}.po")


def test_translate_fills_every_entry_as_fuzzy_with_provenance(proj: Path) -> None:
    res = run_cli("translate", cwd=proj)
    assert res.code == 0, res.stderr
    assert "engine    ko: argos:en-ko@1.1" in res.stdout
    assert "engine    zh: argos:en-zh@1.0" in res.stdout
    assert res.stderr == ""  # no progress bar on a pipe
    for lang in ("ko", "zh"):
        for slug in (SLUG_WIRE, "court-ruling"):
            po = _po(proj, lang, slug)
            msgfmt_check(Path(po.fpath))
            for entry in po:
                assert entry_state(entry) == "machine"
                assert entry.msgstr == entry.msgid  # the copy model: markup survived exactly
                assert is_machine_output(entry)
                version = "1.1" if lang == "ko" else "1.0"
                assert f"transflow: mt=argos:en-{lang}@{version} score=" in entry.comment
                assert entry.comment.startswith("type: ")
    text = (proj / "translations/ko/court-ruling.po").read_text()
    assert '"The ruling cites [the U.N. report](https://un.org/a_b \\"UN\\") and `case_no' in text
    assert "#. transflow: mt=argos:en-ko@1.1 score=0.00\n" in text
    again = snapshot(proj)
    res = run_cli("translate", cwd=proj)
    assert res.code == 0 and "0 from translation memory, 0 machine-translated" in res.stdout
    assert snapshot(proj) == again


def test_reviewed_never_touched_and_retranslate_machine(proj: Path) -> None:
    assert run_cli("translate", "--lang", "ko", cwd=proj).code == 0
    path = proj / "translations/ko" / f"{SLUG_WIRE}.po"
    po = load_catalog(path)
    reviewed, machine, edited = po[0], po[1], po[2]
    reviewed.msgstr, reviewed.flags = "탈북민 송환 중단 촉구", []
    machine.msgstr = "stale machine output"
    edited.msgstr = "번역가가 고친 번역"  # reviewer edited but kept it fuzzy: no longer MT?
    edited.comment = "type: paragraph"  # provenance removed: not machine output any more
    save_catalog(po, path)
    res = run_cli("translate", "--lang", "ko", cwd=proj)
    assert res.code == 0 and "0 machine-translated" in res.stdout
    assert load_catalog(path)[1].msgstr == "stale machine output"  # translated: left alone
    res = run_cli("translate", "--lang", "ko", "--retranslate", "machine", cwd=proj)
    assert res.code == 0, res.stderr
    po = load_catalog(path)
    assert po[0].msgstr == "탈북민 송환 중단 촉구" and entry_state(po[0]) == "reviewed"
    assert po[1].msgstr == po[1].msgid and "fuzzy" in po[1].flags
    assert po[2].msgstr == "번역가가 고친 번역"
    res = run_cli("translate", "--retranslate", "everything", cwd=proj)
    assert res.code == 2 and "'everything' is not one of 'machine'" in res.stderr


def test_translation_memory_comes_first(proj: Path) -> None:
    # A reviewed translation of a sentence that also occurs in the other article.
    path = proj / "translations/ko/court-ruling.po"
    po = load_catalog(path)
    entry = po.find("Activists gathered in Seoul on Tuesday.")
    entry.msgstr, entry.flags = "활동가들이 화요일 서울에 모였다.", []
    save_catalog(po, path)
    memory = TranslationMemory.for_language(load_project(proj), "ko")
    assert memory.exact("Activists gathered in Seoul on Tuesday.").origin == (
        "sources/court-ruling.md"
    )
    res = run_cli("translate", "--lang", "ko", cwd=proj)
    assert res.code == 0 and "1 from translation memory" in res.stdout
    wire = _po(proj, "ko", SLUG_WIRE).find("Activists gathered in Seoul on Tuesday.")
    assert wire.msgstr == "활동가들이 화요일 서울에 모였다." and "fuzzy" in wire.flags
    assert "transflow: tm=sources/court-ruling.md (100%)" in wire.comment
    assert entry_state(load_catalog(path).find(entry.msgid)) == "reviewed"


def test_memory_only_needs_no_model(proj: Path, no_argos_models: Path) -> None:
    res = run_cli("translate", "--memory-only", cwd=proj)
    assert res.code == 0, res.stderr
    assert "0 from translation memory, 0 machine-translated" in res.stdout


def test_plural_entries_are_skipped_with_a_note(proj: Path, no_argos_models: Path) -> None:
    path = proj / "translations/ko" / f"{SLUG_WIRE}.po"
    po = load_catalog(path)
    for msgid, forms in (("%d person", {0: ""}), ("%d day", {0: "%d일"})):
        po.append(polib.POEntry(msgid=msgid, msgid_plural=msgid + "s", msgstr_plural=forms))
    save_catalog(po, path)
    before = path.read_bytes()
    res = run_cli("translate", "--memory-only", "--lang", "ko", cwd=proj)
    assert res.code == 0, res.stderr
    assert res.stderr == (
        f"note: translations/ko/{SLUG_WIRE}.po: 1 untranslated plural entry (msgid_plural) "
        "left for a translator: machine translation fills sentences, not plural forms.\n"
    )
    assert path.read_bytes() == before
    report = translate_project(load_project(proj), langs=["ko"], memory_only=True)
    assert {r.slug: r.plural for r in report.results} == {SLUG_WIRE: 1, "court-ruling": 0}


def test_missing_model_is_a_clear_error_and_writes_nothing(
    proj: Path, no_argos_models: Path
) -> None:
    # a TM match exists, but nothing may be written when a model is missing
    path = proj / "translations/ko/court-ruling.po"
    po = load_catalog(path)
    po.find("Activists gathered in Seoul on Tuesday.").msgstr = "활동가들"
    po.find("Activists gathered in Seoul on Tuesday.").flags = []
    save_catalog(po, path)
    before = snapshot(proj)
    res = run_cli("translate", cwd=proj)
    assert res.code == 2 and "Traceback" not in res.stderr
    err = " ".join(res.stderr.split())
    assert "no translation model for en -> ko; installed pairs: none." in err
    assert "`transflow models fetch en ko`" in err
    assert "`transflow models add FILE.argosmodel`" in err
    assert snapshot(proj) == before


def test_missing_catalog_says_run_extract(project: Path, argos_env: Path) -> None:
    res = run_cli("translate", cwd=project)
    assert res.code == 2 and "Run `transflow extract` first" in res.stderr.replace("\n", " ")


def test_pivot_language_pair(tmp_path: Path, argos_env: Path) -> None:
    (tmp_path / "transflow.toml").write_text(
        '[project]\nsource_language = "ko"\ntarget_languages = ["zh"]\n[engine]\nthreads = 1\n'
    )
    write(tmp_path / "sources/seoul.txt", "seoul-news\n\n서울 뉴스\n\n회의가 열렸다. 끝.\n")
    assert run_cli("extract", cwd=tmp_path).code == 0
    res = run_cli("translate", cwd=tmp_path)
    assert res.code == 0, res.stderr
    po = _po(tmp_path, "zh", "seoul-news")
    assert [e.msgstr for e in po] == ["서울 뉴스", "회의가 열렸다.", "끝."]
    assert "mt=argos:ko-en@1.0+argos:en-zh@1.0 score=" in po[0].comment
    msgfmt_check(Path(po.fpath))


def test_each_catalog_is_written_when_done_so_interrupts_keep_finished_work(
    proj: Path,
) -> None:
    """Ctrl-C during the second language: the first language's catalogs are complete,
    the others untouched, every file valid."""
    config = load_project(proj)
    before = snapshot(proj / "translations" / "zh")

    class Interrupting:
        def __init__(self, engine) -> None:
            self.engine, self.provenance, self.name = engine, engine.provenance, "argos"

        def translate(self, texts, n_best=1, suppress=None):
            if self.provenance.startswith("argos:en-zh"):
                raise KeyboardInterrupt
            return self.engine.translate(texts, n_best)

    with pytest.raises(KeyboardInterrupt):
        translate_project(config, engine_factory=lambda c, s, t: Interrupting(get_engine(c, s, t)))
    for slug in (SLUG_WIRE, "court-ruling"):
        po = _po(proj, "ko", slug)
        assert all(e.msgstr == e.msgid for e in po)
        msgfmt_check(Path(po.fpath))
    assert snapshot(proj / "translations" / "zh") == before
    assert not list((proj / "translations").rglob("*.tmp"))


def test_translate_is_documented_and_models_commands_too() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for command in ("transflow translate", "transflow models list", "transflow models add",
                    "transflow models fetch", "transflow models remove", "[engine]"):  # fmt: skip
        assert command in readme
