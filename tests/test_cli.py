"""The CLI as a user runs it: exit codes, messages without tracebacks, fast start-up.

Most tests run the CLI in-process (`run_cli`); the smoke tests at the end run the real
`python -m transflow` in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from enum import StrEnum
from pathlib import Path

import pytest

from transflow.project import status
from transflow.project.choices import EntryFilter, GlossaryFormat, ReportFormat, Retranslate

from .conftest import SLUG_WIRE, msgfmt_check, run_cli, snapshot

ROOT = Path(__file__).resolve().parents[1]


def test_init_extract_status_end_to_end(tmp_path: Path) -> None:
    res = run_cli("init", str(tmp_path / "news"), "--lang", "ko", "--lang", "ja", cwd=tmp_path)
    assert res.code == 0, res.stderr
    proj = tmp_path / "news"
    assert 'target_languages = ["ko", "ja"]' in (proj / "transflow.toml").read_text()
    (proj / "sources" / "a.txt").write_text("seoul-talks\n\nTalks Resume\n\nOne. Two.\n")
    res = run_cli("extract", cwd=proj / "sources")  # found by walking up
    assert res.code == 0, res.stderr
    assert (proj / "translations" / "ja" / "seoul-talks.po").exists()
    res = run_cli("--project", str(proj), "status", "--json", cwd=tmp_path)
    rows = json.loads(res.stdout)
    assert [(r["slug"], r["lang"], r["segments"], r["untranslated"]) for r in rows] == [
        ("seoul-talks", "ko", 3, 3),
        ("seoul-talks", "ja", 3, 3),
    ]
    assert rows[0]["percent_reviewed"] == 0.0 and rows[0]["stale"] is False
    table = run_cli("status", cwd=proj)
    assert table.code == 0 and "seoul-talks" in table.stdout


def test_init_refuses_existing_project(project: Path) -> None:
    res = run_cli("init", str(project), cwd=project)
    assert res.code == 2 and "already exists" in res.stderr


def test_errors_exit_2_without_traceback_and_write_nothing(project: Path) -> None:
    (project / "sources" / "bad.txt").write_bytes(b"bad-one\n\nTitle\n\n\xff\n")
    before = snapshot(project)
    res = run_cli("extract", cwd=project)
    assert res.code == 2
    assert "Traceback" not in res.stderr
    assert re.search(r"sources/bad\.txt:5: is not UTF-8: byte 0xff at offset 16", res.stderr)
    assert snapshot(project) == before


def test_unknown_language_and_missing_project(project: Path, tmp_path_factory) -> None:
    res = run_cli("extract", "--lang", "fr", cwd=project)
    assert res.code == 2 and "fr is not a target language" in res.stderr
    res = run_cli("extract", "--lang", "qq", cwd=project)
    assert res.code == 2 and "unknown language code 'qq'" in res.stderr
    empty = tmp_path_factory.mktemp("empty")  # outside the project
    res = run_cli("status", cwd=empty)
    assert res.code == 2 and "no transflow.toml" in res.stderr


def test_usage_errors_exit_2_with_clicks_message(project: Path) -> None:
    res = run_cli("status", "--no-such-option", cwd=project)
    assert res.code == 2 and res.stdout == ""
    assert "Try 'python -m transflow status --help' for help." in res.stderr
    assert "Error: No such option: --no-such-option" in res.stderr
    res = run_cli("no-such-command", cwd=project)
    assert res.code == 2 and "Error: No such command 'no-such-command'." in res.stderr


@pytest.mark.parametrize(
    "command, option, choices",
    [
        (["check"], "--format", ReportFormat),
        (["check"], "--only", EntryFilter),
        (["translate"], "--retranslate", Retranslate),
        (["glossary", "export"], "--format", GlossaryFormat),
    ],
)
def test_choice_options_list_their_values_and_refuse_others(
    project: Path, command: list[str], option: str, choices: type[StrEnum]
) -> None:
    before = snapshot(project)
    listed = "|".join(choices)
    assert f"{option} <{listed}>" in run_cli(*command, "--help", cwd=project).stdout
    res = run_cli(*command, option, "nope", cwd=project)
    valid = ", ".join(repr(c.value) for c in choices)
    assert res.code == 2 and f"'nope' is not one of {valid}." in res.stderr
    assert snapshot(project) == before


def raising(exc: BaseException):
    """A stand-in for a library function that fails the way a bug (or Ctrl-C) would."""

    def fail(*args, **kwargs):
        raise exc

    return fail


def test_unexpected_exception_is_a_bug_exit_70(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(status, "project_status", raising(ZeroDivisionError("division by zero")))
    monkeypatch.delenv("TRANSFLOW_DEBUG", raising=False)
    res = run_cli("status", cwd=project)
    assert res.code == 70 and res.stdout == ""
    assert res.stderr.startswith(
        "error: unexpected ZeroDivisionError: division by zero. This is a bug in transflow"
    )
    assert "TRANSFLOW_DEBUG=1" in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr  # one paragraph


def test_bug_traceback_only_with_transflow_debug(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(status, "project_status", raising(ZeroDivisionError("division by zero")))
    monkeypatch.setenv("TRANSFLOW_DEBUG", "1")
    res = run_cli("status", cwd=project)
    assert res.code == 70
    trace, summary = res.stderr.rstrip("\n").rsplit("\n", 1)
    assert trace.startswith("Traceback (most recent call last):")
    assert trace.endswith("ZeroDivisionError: division by zero")
    assert summary.startswith("error: unexpected ZeroDivisionError")


def test_interrupt_exits_130(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(status, "project_status", raising(KeyboardInterrupt()))
    res = run_cli("status", cwd=project)
    assert res.code == 130 and "Traceback" not in res.stderr


USER_TEXT = ":100: [bold]x[/]"  # rich would print an emoji, bold text, or fail on `[/]`


def test_user_text_prints_as_written(project: Path) -> None:
    """File names, terms, translations and arguments go through the CLI's one console, which
    reads no markup and no emoji codes in them."""
    assert run_cli("extract", cwd=project).code == 0
    (project / "glossary").mkdir()
    (project / "glossary" / "g.csv").write_text(f"en,ko\nHalt {USER_TEXT},:x: [red]\n")
    orphan = project / "translations" / "ko" / f"{USER_TEXT.replace('/', '')}.po"
    orphan.write_bytes((project / "translations" / "ko" / f"{SLUG_WIRE}.po").read_bytes())
    outputs = [
        run_cli("glossary", "list", cwd=project),  # a rich table of terms
        run_cli("check", cwd=project),  # a warning naming a file, a text report
        run_cli("review", "--list", USER_TEXT, cwd=project),  # an error naming an argument
    ]
    assert [r.code for r in outputs] == [0, 0, 2]
    text = "".join(r.stdout + r.stderr for r in outputs)
    assert f"Halt {USER_TEXT}" in text and ":x: [red]" in text
    assert f"translations/ko/{orphan.name} belongs to no article" in text
    assert f"error: no article '{USER_TEXT}'" in text
    assert "\U0001f4af" not in text and "\u274c" not in text  # 💯, ❌


def test_status_flags_stale_catalogs(project: Path) -> None:
    assert run_cli("extract", "--lang", "ko", cwd=project).code == 0
    rows = json.loads(run_cli("status", "--json", cwd=project).stdout)
    stale = {(r["lang"], r["stale"]) for r in rows if r["slug"] == SLUG_WIRE}
    assert stale == {("ko", False), ("zh", True)}


def test_every_command_is_documented_in_readme() -> None:
    from typer.main import get_command

    from transflow.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            for sub in command.commands:
                assert f"transflow {name} {sub}" in readme, f"README lacks {name} {sub}"
        else:
            assert f"transflow {name}" in readme, f"README does not document `transflow {name}`"


# --- real subprocess smoke tests -------------------------------------------------------------


def python_m_transflow(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "transflow", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys, transflow.cli;"
        "heavy = {'polib','pysbd','markdown_it','rapidfuzz','yaml','babel','ctranslate2',"
        "'sentencepiece','textual','numpy'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_subprocess_user_error_is_one_paragraph_and_exit_2(project: Path) -> None:
    (project / "sources" / "bad.txt").write_bytes(b"bad-one\n\nTitle\n\n\xff\n")
    proc = python_m_transflow("extract", cwd=project)
    assert proc.returncode == 2 and proc.stdout == ""
    assert re.fullmatch(  # one paragraph, no traceback
        r"error: \S*sources/bad\.txt:5: is not UTF-8: byte 0xff at offset 16\. Save [^\n]+\n",
        proc.stderr,
    )


def test_subprocess_extract_end_to_end(project: Path) -> None:
    proc = python_m_transflow("extract", cwd=project)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.splitlines()[-1] == "2 of 2 catalogs written."
    for lang in ("ko", "zh"):
        msgfmt_check(project / "translations" / lang / f"{SLUG_WIRE}.po")
