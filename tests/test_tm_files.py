"""`transflow tm import | export`: TMX 1.4b and PO compendia into tm/, reviewed pairs out."""

from __future__ import annotations

import shutil
from pathlib import Path
from unittest import mock

import pytest

from transflow.po.catalog import load_catalog, save_catalog
from transflow.po.conventions import mark_reviewed
from transflow.po.reader import read_po
from transflow.project.config import load_project
from transflow.review.assist import Assistant
from transflow.translate.tm import TranslationMemory
from transflow.translate.tmx import parse_tmx

from .conftest import CONFIG, SLUG_WIRE, msgfmt_check, run_cli, snapshot, write

OMEGAT = Path(__file__).parent / "data" / "tm" / "omegat-level2.tmx"

BOMB = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&lol3;</seg></tuv>
<tuv xml:lang="ko"><seg>x</seg></tuv></tu></body></tmx>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv>
<tuv xml:lang="ko"><seg>x</seg></tuv></tu></body></tmx>
"""

COMPENDIUM = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ko\\n"

msgid "The council met on Friday."
msgstr "이사회는 금요일 회의했다."

#, fuzzy
msgid "Unreviewed sentence."
msgstr "검토 안 됨"

msgid "Untranslated sentence."
msgstr ""
"""


def _memory(project: Path, lang: str, name: str) -> dict[str, str]:
    items = read_po(project / "tm" / lang / f"{name}.po").items
    return {i.msgid: i.msgstr for i in items if not i.msgctxt}


def test_omegat_tmx_is_imported_with_inline_codes_as_text(project: Path) -> None:
    res = run_cli("tm", "import", str(OMEGAT), cwd=project)
    assert res.code == 0, res.stderr
    assert "imported 4 units into tm/ko/omegat-level2.po" in res.stdout
    assert "imported 1 units into tm/zh/omegat-level2.po" in res.stdout
    assert "1 other translations of a sentence already translated" in res.stdout
    assert "JA-JP" in res.stderr  # a language the project does not translate into
    for lang in ("ko", "zh"):
        msgfmt_check(project / "tm" / lang / "omegat-level2.po")
    assert _memory(project, "ko", "omegat-level2") == {
        "The court ruled on <b>Thursday</b>.": "법원은 <b>목요일</b> 판결했다.",
        "Activists gathered in Seoul on Tuesday.": "활동가들이 화요일 서울에 모였다.",  # first
        "Press <i>here": "<i>여기를 누르세요",
    }
    [alternative] = [i for i in read_po(project / "tm/ko/omegat-level2.po").items if i.msgctxt]
    assert alternative.msgctxt == "alternative 2"
    assert alternative.msgstr == "활동가들이 화요일 서울에서 모였다."
    assert _memory(project, "zh", "omegat-level2") == {
        'See <a href="https://un.org/report"/> for the full text.': (
            '全文见<a href="https://un.org/report"/>。'
        )
    }
    again = snapshot(project / "tm")
    later = "2099-01-01 00:00+0000"  # a minute later, or years: the same memory keeps its date
    with mock.patch("transflow.po.catalog.now_stamp", lambda: later):
        assert run_cli("tm", "import", str(OMEGAT), cwd=project).code == 0
    assert snapshot(project / "tm") == again  # the same file again: the same memory


def test_imported_memory_serves_translate_and_review(project: Path) -> None:
    assert run_cli("tm", "import", str(OMEGAT), "--lang", "ko", cwd=project).code == 0
    assert not (project / "tm" / "zh").exists()
    assert run_cli("extract", cwd=project).code == 0
    assert run_cli("translate", "--memory-only", "--lang", "ko", cwd=project).code == 0
    po = {e.msgid: e for e in load_catalog(project / "translations/ko" / f"{SLUG_WIRE}.po")}
    entry = po["Activists gathered in Seoul on Tuesday."]
    assert entry.msgstr == "활동가들이 화요일 서울에 모였다."  # the first of two: a tie
    assert "transflow: tm=tm/ko/omegat-level2.po (100%)" in entry.comment
    [suggestion] = Assistant(load_project(project), "ko").tm_suggestions(
        "Activists gathered in Seoul on Monday."
    )
    assert suggestion.text == "활동가들이 화요일 서울에 모였다."
    assert suggestion.origin is not None and "tm=tm/ko/omegat-level2.po (" in suggestion.origin


def test_the_project_wins_over_an_imported_memory(project: Path) -> None:
    assert run_cli("extract", cwd=project).code == 0
    path = project / "translations/ko" / f"{SLUG_WIRE}.po"
    po = load_catalog(path)
    for entry in po:
        mark_reviewed(entry, f"KO {entry.msgid}", "Kim")
    save_catalog(po, path)
    assert run_cli("tm", "import", str(OMEGAT), cwd=project).code == 0
    memory = TranslationMemory.for_language(load_project(project), "ko")
    match = memory.exact("Activists gathered in Seoul on Tuesday.")
    assert match is not None and match.target == "KO Activists gathered in Seoul on Tuesday."
    assert memory.exact("Press <i>here") is not None


def test_po_compendium_takes_reviewed_entries(project: Path) -> None:
    write(project / "old.po", COMPENDIUM)
    res = run_cli("tm", "import", "old.po", "--into", "archive", cwd=project)
    assert res.code == 0, res.stderr
    assert _memory(project, "ko", "archive") == {
        "The council met on Friday.": "이사회는 금요일 회의했다."
    }
    write(project / "nolang.po", COMPENDIUM.replace('"Language: ko\\n"\n', ""))
    res = run_cli("tm", "import", "nolang.po", cwd=project)
    assert res.code == 2 and "has no Language header" in res.stderr and "--lang" in res.stderr
    assert run_cli("tm", "import", "nolang.po", "--lang", "zh", cwd=project).code == 0
    assert (project / "tm/zh/nolang.po").is_file()


def test_export_reimported_equal(project: Path, tmp_path: Path) -> None:
    assert run_cli("extract", cwd=project).code == 0
    for lang in ("ko", "zh"):
        path = project / "translations" / lang / f"{SLUG_WIRE}.po"
        po = load_catalog(path)
        for entry in po:
            mark_reviewed(entry, f"{lang.upper()} {entry.msgid}", "Kim")
        save_catalog(po, path)
    assert run_cli("tm", "import", str(OMEGAT), cwd=project).code == 0
    out = tmp_path / "out" / "export.tmx"
    res = run_cli("tm", "export", "--format", "tmx", "--output", str(out), cwd=project)
    assert res.code == 0, res.stderr
    srclang, units = parse_tmx(out.read_bytes(), out)
    assert srclang == "en" and all(len(u.date) == 16 and u.date.endswith("Z") for u in units)
    assert {lang for u in units for lang in u.segments} == {"en", "ko", "zh"}
    assert len(units) == 5 + 5 + 4 + 1  # two catalogs of five, then the memories
    stdout = run_cli("tm", "export", cwd=project)
    assert stdout.code == 0 and stdout.stdout == out.read_text(encoding="utf-8")

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "transflow.toml").write_text(CONFIG, encoding="utf-8")
    assert run_cli("tm", "import", str(out), cwd=fresh).code == 0
    again = tmp_path / "again.tmx"
    assert run_cli("tm", "export", "-o", str(again), cwd=fresh).code == 0
    _, reimported = parse_tmx(again.read_bytes(), again)
    assert {tuple(sorted(u.segments.items())) for u in reimported} == {
        tuple(sorted(u.segments.items())) for u in units
    }
    for lang in ("ko", "zh"):
        mine = TranslationMemory.for_language(load_project(project), lang).units
        theirs = TranslationMemory.for_language(load_project(fresh), lang).units
        assert {k: v.target for k, v in mine.items()} == {k: v.target for k, v in theirs.items()}


def test_export_refuses_the_projects_own_files(project: Path) -> None:
    assert run_cli("extract", cwd=project).code == 0
    target = project / "translations" / "ko" / f"{SLUG_WIRE}.po"
    before = target.read_bytes()
    res = run_cli("tm", "export", "-o", str(target), cwd=project)
    assert res.code == 2 and "--force" in res.stderr
    assert target.read_bytes() == before
    res = run_cli("tm", "export", "-o", "tm/ko/x.po", cwd=project)
    assert res.code == 2 and "tm folder" in res.stderr


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (BOMB, "refused: the file declares or references XML entities"),
        (EXTERNAL, "refused: the file declares or references XML entities"),
        ("<tmx><body><tu>", "is not well-formed XML"),
        ('<?xml version="1.0"?><martif/>', "is not a TMX file"),
        ('<tmx version="1.4"><header srclang="fr"/><body/></tmx>', "holds no translation"),
    ],
)
def test_bad_tmx_refused_and_nothing_written(project: Path, text: str, needle: str) -> None:
    write(project / "bad.tmx", text)
    res = run_cli("tm", "import", "bad.tmx", cwd=project)
    assert res.code == 2 and needle in res.stderr and "bad.tmx" in res.stderr
    assert not (project / "tm").exists()


def test_oversized_tmx_refused_before_reading(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(OMEGAT, project / "big.tmx")
    monkeypatch.setattr("transflow.translate.tmx.MAX_TMX_BYTES", 1000)
    res = run_cli("tm", "import", "big.tmx", cwd=project)
    assert res.code == 2 and "refused:" in res.stderr and "at most 1,000" in res.stderr
    assert not (project / "tm").exists()


def test_unknown_format_and_bad_name(project: Path) -> None:
    write(project / "memory.csv", "a,b\n")
    res = run_cli("tm", "import", "memory.csv", cwd=project)
    assert res.code == 2 and "neither a TMX file" in res.stderr
    res = run_cli("tm", "import", str(OMEGAT), "--into", "../x", cwd=project)
    assert res.code == 2 and "not a plain name" in res.stderr
