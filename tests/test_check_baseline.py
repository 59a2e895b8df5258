"""`check --write-baseline` / `--baseline`: adopting CI on an archive with old findings."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .conftest import run_cli, write

HEAD = (
    'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)
# 480 -> 840 and the forbidden term: errors; the panel sentence differs from b.po's: a
# warning whose message names b.po's line
A = HEAD.format(lang="ko") + (
    'msgid "At least 480 North Korean defectors were sent back."\n'
    'msgstr "최소 840명의 탈북자가 송환됐다."\n\n'
    'msgid "The panel met on Tuesday."\nmsgstr "위원회는 화요일에 회의를 열었다."\n'
)
B = HEAD.format(lang="ko") + 'msgid "The panel met on Tuesday."\nmsgstr "패널은 화요일에 모였다."\n'
# ten lines of clean entries, to put above the old findings
TEN_LINES = (
    'msgid "Seoul, Dec. 3."\nmsgstr "서울, 12월 3일."\n\n'
    'msgid "Officials spoke."\nmsgstr "관리들이 말했다."\n\n'
    'msgid "They left."\nmsgstr "그들은 떠났다."\n\n'
    "# a translator's note\n"
)
NEW = (
    '\nmsgid "The groups said 200 people were sent back."\n'
    'msgstr "단체들은 300명이 송환됐다고 말했다."\n'
)


def _project(root: Path) -> Path:
    write(root / "transflow.toml", '[project]\ntarget_languages = ["ko", "zh"]\n')
    write(
        root / "glossary" / "terms.csv", "en,ko,ko.forbidden\nNorth Korean defector,탈북민,탈북자\n"
    )
    write(root / "translations" / "ko" / "a.po", A)
    write(root / "translations" / "ko" / "b.po", B)
    return root


def _findings(root: Path, *args: str) -> tuple[int, list[dict], str]:
    res = run_cli("check", "--format", "json", *args, cwd=root)
    return res.code, json.loads(res.stdout) if res.stdout.strip() else [], res.stderr


def test_an_old_finding_moved_ten_lines_down_stays_silent_and_a_new_one_fails(
    tmp_path: Path,
) -> None:
    proj = _project(tmp_path)
    code, before, _ = _findings(proj)
    assert code == 1 and {f["check"] for f in before} >= {"numbers", "inconsistent"}
    res = run_cli("check", "--write-baseline", "baseline.json", cwd=proj)
    assert res.code == 0, res.stderr
    assert f"{len(before)} findings" in res.stdout

    po = proj / "translations" / "ko" / "a.po"
    b = proj / "translations" / "ko" / "b.po"
    po.write_text(A.replace(HEAD.format(lang="ko"), HEAD.format(lang="ko") + TEN_LINES))
    b.write_text(B.replace(HEAD.format(lang="ko"), HEAD.format(lang="ko") + TEN_LINES))
    code, moved, _ = _findings(proj)
    # the same findings, ten lines further down (the warning's message names the new line)
    assert [(f["check"], f["line"]) for f in moved] == [
        (f["check"], f["line"] + 10) for f in before
    ]
    assert [f["message"] for f in moved] != [f["message"] for f in before]
    code, reported, err = _findings(proj, "--baseline", "baseline.json")
    assert (code, reported) == (0, []), err
    assert f"baseline baseline.json: {len(before)} known findings not reported." in err

    po.write_text(po.read_text() + NEW)
    code, reported, err = _findings(proj, "--baseline", "baseline.json")
    assert code == 1
    assert [(f["check"], f["msgid"]) for f in reported] == [
        ("numbers", "The groups said 200 people were sent back."),
        ("numbers", "The groups said 200 people were sent back."),
    ]


def test_keys_are_counted_and_fixed_findings_are_named(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    po = proj / "translations" / "ko" / "a.po"
    twice = A.replace("최소 840명의 탈북자가", "탈북자와 탈북자 최소 840명이")
    po.write_text(twice)
    run_cli("check", "--write-baseline", "baseline.json", cwd=proj)
    rows = [
        json.loads(line.rstrip(","))
        for line in (proj / "baseline.json").read_text().splitlines()[1:-1]
    ]
    forbidden = [r for r in rows if r["check"] == "glossary-forbidden"]
    assert len(forbidden) == 1 and forbidden[0]["count"] == 2
    # a third occurrence of the same finding is new; the two recorded stay silent
    po.write_text(twice.replace("탈북자와 탈북자", "탈북자와 탈북자와 탈북자"))
    code, reported, _ = _findings(proj, "--baseline", "baseline.json")
    assert code == 1 and [f["check"] for f in reported] == ["glossary-forbidden"]
    # fixed: both forbidden terms and the two numbers findings, said on stderr
    po.write_text(A.replace("최소 840명의 탈북자가", "최소 480명의 탈북민이"))
    code, reported, err = _findings(proj, "--baseline", "baseline.json")
    assert (code, reported) == (0, [])
    assert "4 of its findings no longer occur (fixed)" in err
    assert "--write-baseline baseline.json" in err


def test_baseline_file_is_sorted_stable_json_one_key_a_line(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    run_cli("check", "--write-baseline", "baseline.json", cwd=proj)
    text = (proj / "baseline.json").read_text()
    data = json.loads(text)
    assert data["format"] == "transflow-check-baseline" and data["version"] == 1
    keys = [
        (r["file"], r["check"], r["msgctxt"], r["msgid"], r["message"]) for r in data["findings"]
    ]
    assert keys == sorted(keys) and len(text.splitlines()) == len(keys) + 2
    assert "탈북민" in text  # readable, not \u escapes
    assert all("line" not in r for r in data["findings"])
    # the inconsistency names a.po without its line: moving a.po's entry changes nothing
    assert any(r["message"].endswith("in translations/ko/a.po") for r in data["findings"])
    # written again from the same findings: the same bytes, the file not even rewritten
    mtime = (proj / "baseline.json").stat().st_mtime_ns
    run_cli("check", "--no-cache", "--write-baseline", "baseline.json", cwd=proj)
    assert (proj / "baseline.json").read_text() == text
    assert (proj / "baseline.json").stat().st_mtime_ns == mtime


def test_a_bad_baseline_is_one_paragraph_naming_the_file(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    cases = {
        "missing.json": None,
        "syntax.json": '{"format": "transflow-check-baseline",\n "version": 1,\n "findings": [}\n',
        "foreign.json": '{"version": 1, "findings": []}\n',
        "future.json": '{"format": "transflow-check-baseline", "version": 2, "findings": []}\n',
        "shape.json": '{"format": "transflow-check-baseline", "version": 1, "findings": [\n'
        '{"file": "x.po", "check": "numbers", "msgctxt": "", "msgid": "ab", "message": "m",'
        ' "count": 0}\n]}\n',
        "latin1.json": b'{"format": "\xe9"}',
    }
    expected = {
        "missing.json": "missing.json: no such baseline file.",
        "syntax.json": "syntax.json:3: is not valid JSON",
        "foreign.json": "foreign.json: is not a transflow baseline",
        "future.json": "future.json: is a baseline of format version 2; this transflow "
        "reads version 1.",
        "shape.json": "shape.json: findings[0] is not a baseline key",
        "latin1.json": "latin1.json:1: is not UTF-8",
    }
    for name, content in cases.items():
        if isinstance(content, bytes):
            (proj / name).write_bytes(content)
        elif content is not None:
            (proj / name).write_text(content)
        res = run_cli("check", "--baseline", name, cwd=proj)
        assert res.code == 2, (name, res.stdout, res.stderr)
        assert res.stderr.startswith(f"error: {expected[name]}"), res.stderr
        assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
        assert res.stdout == ""  # nothing reported before the baseline was read


def test_write_baseline_refuses_project_inputs_links_and_standard_output(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    config = (proj / "transflow.toml").read_text()
    for target in ("transflow.toml", "translations/ko/new.json", "glossary/terms.csv", "-"):
        res = run_cli("check", "--write-baseline", target, cwd=proj)
        assert res.code == 2 and "Traceback" not in res.stderr, (target, res.stderr)
    assert (proj / "transflow.toml").read_text() == config
    assert not (proj / "translations" / "ko" / "new.json").exists()
    os.symlink(proj / "elsewhere.json", proj / "link.json")
    res = run_cli("check", "--write-baseline", "link.json", cwd=proj)
    assert res.code == 2 and "symbolic link" in res.stderr
    assert not (proj / "elsewhere.json").exists()
    res = run_cli("check", "--baseline", "b.json", "--write-baseline", "b.json", cwd=proj)
    assert res.code == 2 and "cannot be used together" in res.stderr
    # outside the project is the user's choice, as for glossary export --output
    res = run_cli("check", "--write-baseline", str(tmp_path.parent / "outside.json"), cwd=proj)
    assert res.code == 0 and (tmp_path.parent / "outside.json").is_file()
    (tmp_path.parent / "outside.json").unlink()
