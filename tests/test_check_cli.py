"""`transflow check` as CI runs it: formats, exit codes, PO line numbers, flags, the sample.

How text, concise and SARIF output look: tests/test_check_output.py."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from transflow.po.conventions import entry_state
from transflow.po.reader import read_po

from .conftest import msgfmt_check, run_cli, write

ROOT = Path(__file__).resolve().parents[1]

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: a\\n"
"PO-Revision-Date: 2026-11-28 01:19+0000\\n"
"Last-Translator: \\n"
"Language-Team: Korean\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Language: {lang}\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"X-Source-Language: en\\n"

"""

KO = (
    HEADER.format(lang="ko")
    + """\
#. type: paragraph
#: sources/a.md:3
msgid "At least 480 North Korean defectors were sent back."
msgstr "최소 840명의 탈북자가 송환됐다."

#: sources/a.md:5
msgid "The panel met on Tuesday."
msgstr "위원회는 화요일에 회의를 열었다."

#, fuzzy
#: sources/a.md:7
msgid "Rights groups say 200 people were sent back."
msgstr "인권단체들은 300명이 송환됐다고 말한다."

#, ignore-numbers
#: sources/a.md:9
msgid "It calls for 12 measures."
msgstr ""
"13개 조치를 요구한다."

#: sources/a.md:11
msgid "Nothing yet."
msgstr ""

#, fuzzy
#~ msgid "Old sentence with 5 numbers."
#~ msgstr "숫자 6개."
"""
)

KO2 = (
    HEADER.format(lang="ko")
    + """\
#: sources/b.md:3
msgid "The panel met on Tuesday."
msgstr "패널은 화요일에 모였다."
"""
)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


L480 = line_of(KO, 'msgstr "최소')
L200 = line_of(KO, 'msgstr "인권단체')
L12 = line_of(KO, 'msgstr ""\n"13')
LNONE = line_of(KO, 'msgid "Nothing yet."') + 1
LPANEL = line_of(KO, 'msgstr "위원회는')

GLOSSARY = "en,ko,ko.forbidden\nNorth Korean defector|defector,탈북민,탈북자\n"


def _project(tmp_path: Path) -> Path:
    write(tmp_path / "transflow.toml", '[project]\ntarget_languages = ["ko", "zh"]\n')
    write(tmp_path / "glossary" / "terms.csv", GLOSSARY)
    write(tmp_path / "translations" / "ko" / "a.po", KO)
    write(tmp_path / "translations" / "ko" / "b.po", KO2)
    return tmp_path


def test_reader_keeps_lines_flags_states(tmp_path: Path) -> None:
    path = write(tmp_path / "a.po", KO)
    msgfmt_check(path)
    data = read_po(path)
    assert data.language == "ko" and data.source_language == "en"
    items = {i.msgid: i for i in data.items}
    assert len(items) == 5  # the obsolete entry is not checked
    assert items["It calls for 12 measures."].line == L12
    assert items["It calls for 12 measures."].msgstr == "13개 조치를 요구한다."
    assert items["It calls for 12 measures."].flags == ("ignore-numbers",)
    assert entry_state(items["Rights groups say 200 people were sent back."]) == "machine"
    assert entry_state(items["Nothing yet."]) == "untranslated"
    assert items["The panel met on Tuesday."].kind == ""
    assert items["At least 480 North Korean defectors were sent back."].kind == "paragraph"


def test_json_schema_exit_code_and_lines(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    res = run_cli("check", "--format", "json", cwd=proj)
    assert res.code == 1, res.stderr
    findings = json.loads(res.stdout)
    keys = {"check", "severity", "file", "line", "lang", "msgid", "msgstr", "message"}
    assert all(keys <= set(f) for f in findings)
    got = {(f["file"], f["line"], f["check"]) for f in findings}
    assert ("translations/ko/a.po", L480, "numbers") in got  # 480 vs 840, line of msgstr
    assert ("translations/ko/a.po", L480, "glossary-forbidden") in got
    assert ("translations/ko/a.po", L200, "numbers") in got  # fuzzy entries are checked too
    assert not any(f["line"] == L12 and f["check"] == "numbers" for f in findings)  # ignored
    assert ("translations/ko/a.po", LNONE, "untranslated") in got
    inconsistent = [f for f in findings if f["check"] == "inconsistent"]
    assert len(inconsistent) == 1 and inconsistent[0]["severity"] == "warning"
    assert f"translations/ko/a.po:{LPANEL}" in inconsistent[0]["message"]
    # --only reviewed: the fuzzy entry's error disappears
    only = json.loads(run_cli("check", "--format", "json", "--only", "reviewed", cwd=proj).stdout)
    assert not any(f["line"] == L200 for f in only) and any(f["line"] == L480 for f in only)


def test_github_and_junit_formats(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    res = run_cli("check", "--format", "github", cwd=proj)
    assert res.code == 1
    lines = [x for x in res.stdout.splitlines() if x.startswith("::")]
    assert any(
        x.startswith(f"::error file=translations/ko/a.po,line={L480},title=numbers (ko)::")
        for x in lines
    )
    assert any(x.startswith("::warning file=translations/ko/") for x in lines)
    assert any(x.startswith("::notice ") for x in lines)
    res = run_cli("check", "--format", "junit", cwd=proj)
    root = ET.fromstring(res.stdout)
    assert root.tag == "testsuites" and int(root.get("failures")) >= 3
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"translations/ko/a.po", "translations/ko/b.po"}
    failure = next(root.iter("failure"))
    assert failure.get("type") and "source:" in failure.text


def test_paths_outside_a_project_with_glossary(tmp_path: Path) -> None:
    po = write(tmp_path / "loose" / "x.po", KO)
    gl = write(tmp_path / "g.csv", GLOSSARY)
    res = run_cli("check", str(po), "--glossary", str(gl), "--format", "json", cwd=tmp_path)
    assert res.code == 1, res.stderr
    checks = {f["check"] for f in json.loads(res.stdout)}
    assert {"numbers", "glossary-forbidden"} <= checks
    res = run_cli("check", str(po), "--format", "json", "--lang", "zh", cwd=tmp_path)
    assert res.code == 0 and json.loads(res.stdout) == []


def test_input_errors_exit_2(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    write(
        proj / "translations" / "ko" / "c.po", HEADER.format(lang="ko") + 'msgid "x"\nmsgstr "y\n'
    )
    res = run_cli("check", cwd=proj)
    assert res.code == 2 and "translations/ko/c.po:15" in res.stderr
    assert "Traceback" not in res.stderr
    assert run_cli("check", "--format", "xml", cwd=proj).code == 2
    assert run_cli("check", "--disable", "nope", cwd=proj).code == 2
    assert run_cli("check", str(proj / "missing.po"), cwd=proj).code == 2
    write(proj / "glossary" / "terms.csv", "en,ko\n,탈북민\n")
    res = run_cli("check", str(proj / "translations" / "ko" / "b.po"), cwd=proj)
    assert res.code == 2 and "glossary/terms.csv:2" in res.stderr


def test_disable_and_list_checks(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    res = run_cli("check", "--format", "json", "--disable", "numbers", cwd=proj)
    assert "numbers" not in {f["check"] for f in json.loads(res.stdout)}
    listed = run_cli("check", "--list-checks", cwd=proj).stdout
    for cid in ("glossary-missing", "numbers", "inconsistent", "length-ratio"):
        assert cid in listed


def test_sample_project_reviewed_translations_are_clean() -> None:
    res = run_cli("check", "--format", "json", "--only", "reviewed", cwd=ROOT)
    assert res.code == 0, res.stdout
    assert json.loads(res.stdout) == []
    res = run_cli("check", "--format", "json", cwd=ROOT)
    assert res.code == 0
    assert {f["severity"] for f in json.loads(res.stdout)} <= {"info"}


def test_each_plural_form_is_checked_against_the_source_it_translates(tmp_path: Path) -> None:
    plural = (
        '#, c-format\nmsgid "One person was sent back."\nmsgid_plural "%d people were sent back."\n'
    )
    ko = write(
        tmp_path / "ko.po",
        HEADER.format(lang="ko") + plural + 'msgstr[0] "%d명이 송환됐다."\n',
    )
    de = write(
        tmp_path / "de.po",
        HEADER.format(lang="de").replace("nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);")
        + plural
        + 'msgstr[0] "Eine Person wurde zurückgeschickt."\n'
        + 'msgstr[1] "Viele Personen wurden zurückgeschickt."\n',
    )
    msgfmt_check(ko)
    with pytest.raises(AssertionError, match=r"in 'msgid_plural' and 'msgstr\[1\]'"):
        msgfmt_check(de)  # msgfmt finds the same form wrong
    # Korean has one form, for every number: it translates msgid_plural, %d and all
    res = run_cli("check", str(ko), "--format", "json", cwd=tmp_path)
    assert (res.code, json.loads(res.stdout)) == (0, []), res.stdout
    res = run_cli("check", str(de), "--format", "json", cwd=tmp_path)
    found = [(f["line"], f["check"], f["msgid"]) for f in json.loads(res.stdout)]
    assert found == [(18, "placeholders", "%d people were sent back.")], res.stdout  # msgstr[1]
