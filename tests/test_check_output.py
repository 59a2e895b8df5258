"""How `transflow check` prints findings: concise lines in a pipe, a table on a terminal,
SARIF that the official schema accepts, GitHub annotations escaped as Actions reads them.

`data/sarif-schema-2.1.0.json` is the official SARIF 2.1.0 JSON schema as OASIS published it
(errata 01; `sarif-2.1/schema/` of the oasis-tcs/sarif-spec repository), kept here so the test
never downloads it."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path
from urllib.parse import unquote

import jsonschema

from transflow.checks.base import Finding
from transflow.checks.registry import CHECKS
from transflow.checks.report import MESSAGE_MIN, TEXT_MIN, to_concise, to_github

from .conftest import run_cli, write
from .test_check_cli import HEADER, KO, _project, line_of

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
CONCISE = re.compile(r"^(\S+):(\d+): (error|warning|info) \[([a-z-]+)\] (.+)$")
USER_TEXT = ":100: [bold]x[/]"  # rich would print an emoji, bold text, or fail on `[/]`


def python_m_transflow(*args: str, cwd: Path, env: dict[str, str]) -> str:
    """The real command in a pipe (what CI sees): its standard output."""
    proc = subprocess.run(
        [sys.executable, "-m", "transflow", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


def in_terminal(*args: str, cwd: Path, columns: int) -> str:
    """The real command on a pseudo-terminal `columns` wide: what a user sees (the escape
    codes of styles removed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "transflow", *args],
        cwd=cwd,
        env={**env, "TERM": "xterm", "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=120) in (0, 1), proc.stderr.read()
    text = out.decode().replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _findings(proj: Path, *args: str) -> list[dict]:
    return json.loads(run_cli("check", "--format", "json", *args, cwd=proj).stdout)


def _expected_lines(findings: list[dict]) -> list[str]:
    """The concise lines of JSON findings: each listed, then the file's untranslated count."""
    lines: list[str] = []
    for file in dict.fromkeys(f["file"] for f in findings):
        mine = [f for f in findings if f["file"] == file]
        for f in mine:
            if f["check"] != "untranslated":
                lines.append(f"{file}:{f['line']}: {f['severity']} [{f['check']}] {f['message']}")
        if n := sum(f["check"] == "untranslated" for f in mine):
            lines.append(f"{file}: info [untranslated] {n} {'entry' if n == 1 else 'entries'} ")
    return lines


def test_piped_text_is_one_line_per_finding_whatever_columns_says(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    findings = _findings(proj)
    piped = run_cli("check", cwd=proj)  # not a terminal
    assert piped.code == 1
    *lines, summary = piped.stdout.splitlines()
    assert summary == "5 errors, 1 warning, 1 info in 2 catalogs checked."
    expected = _expected_lines(findings)
    assert len(lines) == len(expected) < len(findings) + 1
    for line, want in zip(lines, expected, strict=True):
        assert line.startswith(want), (line, want)
    assert all(CONCISE.match(x) for x in lines if "[untranslated]" not in x)
    assert run_cli("check", "--format", "concise", cwd=proj).stdout == piped.stdout
    # a real pipe, with a width that would squeeze a table (run_cli's COLUMNS is 200)
    assert python_m_transflow("check", cwd=proj, env={"COLUMNS": "20"}) == piped.stdout


def test_a_finding_is_one_line_whatever_its_text_holds() -> None:
    nasty = "“탈\n북자”\r\u2028\x1b[31m\tend"
    finding = Finding("glossary-forbidden", "error", "a\nb.po", 3, "ko", nasty, nasty, nasty)
    text = to_concise([finding], 1)
    assert text.count("\n") == 1 and len(text.splitlines()) == 2
    first = text.splitlines()[0]
    assert first == ("a\\nb.po:3: error [glossary-forbidden] “탈\\n북자”\\r\\u2028\\x1b[31m\tend")


def test_terminal_table_keeps_readable_columns_and_falls_back_when_narrow(
    tmp_path: Path,
) -> None:
    proj = _project(tmp_path)
    write(
        proj / "translations" / "ko" / "c.po",
        HEADER.format(lang="ko")
        + f'msgid "Defectors {USER_TEXT}."\nmsgstr "탈북자 {USER_TEXT}."\n',
    )
    wide = in_terminal("check", cwd=proj, columns=100)
    assert "translations/ko/a.po (ko)" in wide and "최소 840명의 탈북자가 송환됐다." in wide
    header = next(x for x in wide.splitlines() if "finding" in x and "line" in x)
    assert len(header) == 100  # as wide as the terminal, no wider
    _, line_col, finding_col, text_col, _ = header.split("┃")
    assert line_col.strip() == "line"
    assert len(finding_col) >= MESSAGE_MIN and len(text_col) >= TEXT_MIN
    assert f"Defectors {USER_TEXT}." in wide and f"탈북자 {USER_TEXT}." in wide  # as written
    assert "\U0001f4af" not in wide
    assert wide.splitlines()[-1] == "6 errors, 1 warning, 1 info in 3 catalogs checked."
    # too narrow for a readable table: the concise lines, unwrapped
    narrow = in_terminal("check", cwd=proj, columns=50)
    assert "┃" not in narrow
    assert narrow == run_cli("check", "--format", "concise", cwd=proj).stdout


def _sarif(proj: Path, *args: str) -> dict:
    res = run_cli("check", "--format", "sarif", *args, cwd=proj)
    assert res.code in (0, 1), res.stderr
    log = json.loads(res.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    # FormatChecker(): every format it knows, `uri-reference` too (rfc3986-validator)
    errors = list(validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(log))
    assert not errors, [e.message for e in errors]
    return log


def test_sarif_is_valid_and_names_rules_and_lines(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    orphan = proj / "translations" / "ko" / f"{USER_TEXT.replace('/', '')} x.po"
    orphan.write_text(KO, encoding="utf-8")  # a name a URI must escape
    log = _sarif(proj, "--disable", "whitespace")
    (run,) = log["runs"]
    assert log["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    ran = [c for c in CHECKS if c.default and c.id != "whitespace"]
    assert [r["id"] for r in rules] == [c.id for c in ran]
    for rule, check in zip(rules, ran, strict=True):
        assert rule["name"] == check.name
        assert rule["shortDescription"]["text"] == check.description
        level = {"error": "error", "warning": "warning", "info": "note"}[check.severity]
        assert rule["defaultConfiguration"]["level"] == level
    findings = _findings(proj, "--disable", "whitespace")
    results = run["results"]
    assert len(results) == len(findings)
    root = run["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert root == proj.as_uri() + "/"
    for result, f in zip(results, findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == f["check"]
        assert result["message"]["text"] == f["message"]
        (location,) = result["locations"]
        where = location["physicalLocation"]
        assert where["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert unquote(where["artifactLocation"]["uri"]) == f["file"]
        assert (proj / f["file"]).is_file()
        assert where["region"]["startLine"] == f["line"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "translations/ko/%3A100%3A%20%5Bbold%5Dx%5B%5D%20x.po" in uris
    assert "translations/ko/a.po" in uris


def test_sarif_fingerprints_survive_moved_lines_and_tell_contexts_apart(tmp_path: Path) -> None:
    proj = _project(tmp_path)
    twice = (
        'msgctxt "caption"\nmsgid "They sent 5 envoys."\nmsgstr "특사 6명을 보냈다."\n\n'
        'msgid "They sent 5 envoys."\nmsgstr "특사 6명을 보냈다."\n'
    )
    po = write(proj / "translations" / "ko" / "a.po", KO + "\n" + twice)

    def fingerprints() -> dict[str, tuple[str, int]]:
        """fingerprint: (file, line)"""
        results = _sarif(proj)["runs"][0]["results"]
        where = [r["locations"][0]["physicalLocation"] for r in results]
        return {
            r["partialFingerprints"]["transflowEntry/v1"]: (
                w["artifactLocation"]["uri"],
                w["region"]["startLine"],
            )
            for r, w in zip(results, where, strict=True)
        }

    before = fingerprints()
    assert len(before) == len(_findings(proj))  # every result has its own
    first = line_of(po.read_text(encoding="utf-8"), 'msgstr "특사')
    # two entries (same msgid, another msgctxt), two numbers findings each (5 missing, 6
    # invented): one fingerprint an entry, numbered within it
    numbered: dict[str, set[str]] = {}
    for key, (file, line) in before.items():
        if file == "translations/ko/a.po" and line >= first:
            entry, n = key.rsplit(":", 1)
            numbered.setdefault(entry, set()).add(n)
    assert list(numbered.values()) == [{"1", "2"}, {"1", "2"}]
    # ten lines above every entry of a.po: the same findings, those of a.po 10 lines down
    text = po.read_text(encoding="utf-8")
    cut = text.index("#. type: paragraph")
    po.write_text(text[:cut] + "# note\n" * 10 + text[cut:], encoding="utf-8")
    moved = {
        key: (file, line + 10 if file.endswith("a.po") else line)
        for key, (file, line) in before.items()
    }
    assert fingerprints() == moved


def test_sarif_outside_a_project_names_files_as_given(tmp_path: Path) -> None:
    po = write(tmp_path / "loose" / "x.po", KO)
    relative = _sarif(tmp_path, "loose/x.po")["runs"][0]
    location = relative["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "loose/x.po", "uriBaseId": "SRCROOT"}
    assert relative["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.as_uri() + "/"
    absolute = _sarif(tmp_path, str(po))["runs"][0]
    location = absolute["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": po.as_uri()}


def _unescape_github(text: str) -> str:
    """How the Actions runner reads a workflow command's escaped value back."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def test_github_annotations_escape_what_actions_would_misread() -> None:
    file = "translations/ko/50%,a:b.po"
    message = "100% “a,b: c”\nsecond line\r"
    finding = Finding("numbers", "error", file, 7, "ko", "src %0A", "tgt", message)
    (line,) = to_github([finding]).splitlines()
    match = re.fullmatch(r"::error file=([^,]*),line=(\d+),title=([^,:]*)::(.*)", line)
    assert match, line
    assert _unescape_github(match[1]) == file and match[2] == "7"
    assert _unescape_github(match[3]) == "numbers (ko)"
    assert _unescape_github(match[4]) == f"{message}\nsource: src %0A"
