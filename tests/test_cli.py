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

from transflow.cli import PIPELINE_ORDER
from transflow.project import status
from transflow.project.choices import EntryFilter, GlossaryFormat, ReportFormat, Retranslate

from .conftest import SLUG_WIRE, Result, msgfmt_check, run_cli, snapshot

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
IN_NAME = USER_TEXT.replace("/", "")  # the same in a file name
MARKUP_ARTICLE = f"""\
markup-article

Officials Meet Again

Officials said {USER_TEXT} again.
"""


def _every_command_with_user_text(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, list[Result]]:
    """Each command run where its output holds text from a file, a file name or an
    argument with markup and emoji codes in it: a msgid, a glossary term, paths."""
    from transflow.po.catalog import load_catalog, save_catalog

    (project / "sources" / "markup-article.txt").write_text(MARKUP_ARTICLE, encoding="utf-8")
    glossary = project / "glossary" / f"{IN_NAME}.csv"
    glossary.parent.mkdir()
    glossary.write_text(f"en,ko\nOfficials,관리 {USER_TEXT}\n", encoding="utf-8")
    assert run_cli("extract", cwd=project).code == 0
    catalog = project / "translations" / "ko" / "markup-article.po"
    po = load_catalog(catalog)
    for entry in po:  # a reviewed translation without the glossary's term: an error finding
        entry.msgstr = "관리들이 다시 말했다." if entry.msgid.startswith("Officials said") else ""
    save_catalog(po, catalog)
    orphan = project / "translations" / "ko" / f"{IN_NAME}.po"
    orphan.write_bytes((project / "translations" / "ko" / f"{SLUG_WIRE}.po").read_bytes())
    other = tmp_path / f"{IN_NAME}.csv"
    other.write_text(f"en,ko\nSummit {USER_TEXT},정상회담\n", encoding="utf-8")
    memory = tmp_path / f"{IN_NAME}.tmx"
    memory.write_text(
        '<tmx version="1.4"><header srclang="en"/><body><tu>'
        f'<tuv xml:lang="en"><seg>Summit {USER_TEXT}</seg></tuv>'
        '<tuv xml:lang="ko"><seg>정상회담</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / f"models {IN_NAME}"))
    return {
        "init": [run_cli("init", str(tmp_path / f"new {IN_NAME}"), cwd=tmp_path)],
        "extract": [run_cli("extract", cwd=project)],
        "translate": [run_cli("translate", "--memory-only", cwd=project)],
        "check": [
            run_cli("check", "--format", fmt, cwd=project)
            for fmt in ("text", "concise", "json", "github", "sarif", "junit")
        ]
        + [run_cli("check", "--format", USER_TEXT, cwd=project)],
        "review": [
            run_cli("review", "--list", cwd=project),
            run_cli("review", "--list", USER_TEXT, cwd=project),
        ],
        "status": [run_cli("status", cwd=project)],
        "publish": [run_cli("publish", cwd=project)],
        "glossary": [
            run_cli("glossary", "list", cwd=project),
            run_cli("glossary", "add", f"Envoy {USER_TEXT}", "-t", "ko=특사", cwd=project),
            run_cli("glossary", "import", str(other), cwd=project),
            run_cli("glossary", "export", cwd=project),
            run_cli("glossary", "export", "-o", str(tmp_path / f"out {IN_NAME}.csv"), cwd=project),
        ],
        "xliff": [
            run_cli("xliff", "export", "-o", str(tmp_path / f"handoff {IN_NAME}"), cwd=project),
            run_cli("xliff", "import", str(tmp_path / f"{IN_NAME}.xlf"), cwd=project),
        ],
        "models": [
            run_cli("models", "list", cwd=project),
            run_cli("models", "add", str(tmp_path / f"{IN_NAME}.argosmodel"), cwd=project),
            run_cli("models", "fetch", "en", "ko", "--index", USER_TEXT, cwd=project),
        ],
        "tm": [
            run_cli("tm", "import", str(memory), cwd=project),
            run_cli("tm", "export", cwd=project),
        ],
        "search": [run_cli("search", "Summit", cwd=project)],
        "stats": [run_cli("stats", "--lang", "ko", cwd=project)],
    }


def test_user_text_prints_as_written_by_every_command(
    project: Path, tmp_path_factory, monkeypatch
) -> None:
    """File names, terms, translations and arguments print as they are written: no command
    reads rich markup or `:emoji:` codes in them, on any of its output paths (tables, rich
    text, warnings, errors of its own and typer's usage errors)."""
    runs = _every_command_with_user_text(project, tmp_path_factory.mktemp("user text"), monkeypatch)
    assert set(runs) == set(PIPELINE_ORDER)
    for command, results in runs.items():
        for res in results:
            out = res.stdout + res.stderr
            assert res.code in (0, 1, 2) and "Traceback" not in out, (command, out)
            assert USER_TEXT in out or IN_NAME in out, (command, out)
            assert "\U0001f4af" not in out, (command, out)  # 💯
    check = runs["check"]
    for res in check[:-1]:  # every format, and the term in a message in each
        assert f"관리 {USER_TEXT}" in res.stdout, res.stdout
    assert f"'{USER_TEXT}' is not one of" in check[-1].stderr
    assert f"Officials said {USER_TEXT} again." in runs["review"][0].stdout
    assert f"error: no article '{USER_TEXT}'" in runs["review"][1].stderr
    assert f"translations/ko/{IN_NAME}.po belongs to no article" in runs["status"][0].stderr
    assert f"관리 {USER_TEXT}" in runs["publish"][0].stdout
    listed, added, imported, exported, written = runs["glossary"]
    assert f"관리 {USER_TEXT}" in listed.stdout
    assert f"added 'Envoy {USER_TEXT}' to glossary/{IN_NAME}.csv" in added.stdout
    assert f"imported 1 concepts into glossary/{IN_NAME}.csv" in imported.stdout
    assert f"Envoy {USER_TEXT}" in exported.stdout and f"out {IN_NAME}.csv" in written.stdout
    assert f"models {IN_NAME}" in runs["models"][0].stdout
    assert f"imported 1 units into tm/ko/{IN_NAME}.po" in runs["tm"][0].stdout
    assert f"<seg>Summit {USER_TEXT}</seg>" in runs["tm"][1].stdout
    assert f"Summit {USER_TEXT}" in runs["search"][0].stdout
    assert f"translations/ko/{IN_NAME}.po belongs to no article" in runs["stats"][0].stderr
    exported, missing = runs["xliff"]
    assert f"handoff {IN_NAME}/ko/markup-article.xlf" in exported.stdout
    assert f"{IN_NAME}.xlf: cannot read" in missing.stderr


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
