"""Shared fixtures: throwaway projects on disk and a runner for the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from .argos_fixtures import argos_env, argos_packages, no_argos_models  # noqa: F401

# Property tests: `make test` runs 100 examples of each (no deadline: timings on a shared
# machine are noise); TRANSFLOW_HYPOTHESIS=deep runs 2000 (see CONTRIBUTING.md).
settings.register_profile("make", max_examples=100, deadline=None)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("TRANSFLOW_HYPOTHESIS", "make"))

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed-article.txt"

# One CTranslate2 thread: the tests share 2 cores with other processes, and a model's second
# thread then mostly waits for a core (a batch of the tiny models took ~3x longer with two).
CONFIG = """\
[project]
name = "test"
source_language = "en"
target_languages = ["ko", "zh"]

[engine]
threads = 1
"""

SLUG_WIRE = "rights-groups-urge-china"

WIRE = """\
rights-groups-urge-china

Rights Groups Urge China to Halt Repatriations

Activists gathered in Seoul on Tuesday. They urged the U.N. Human Rights Council to act.

The groups said 200 people were sent back. Dr. Lee called it a crime.
"""


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A minimal project with one wire article."""
    (tmp_path / "transflow.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "rights-groups-urge-china.txt").write_text(WIRE, encoding="utf-8")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_cli(*args: str, cwd: Path) -> Result:
    """`python -m transflow ARGS` in `cwd`, run in this process through `cli.main()`.

    The same error mapping as the console script, so the exit code and messages are what a
    user sees; stdout and stderr are captured apart, with COLUMNS=200 and NO_COLOR=1 and an
    empty, non-terminal stdin. The working directory and the CLI's global state are restored
    afterwards, so nothing leaks into the next invocation. (tests/test_cli.py keeps a few
    real subprocess runs.)
    """
    from typer.testing import CliRunner

    from transflow import cli

    home = Path.cwd()
    code = 0
    with CliRunner().isolation(env={"COLUMNS": "200", "NO_COLOR": "1"}) as (out, err, _):
        os.chdir(cwd)
        try:
            cli.main(list(args), prog_name="python -m transflow")
        except SystemExit as exc:
            code = int(exc.code or 0)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.chdir(home)
            cli.state["project"] = None
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return Result(code, stdout, stderr)


def msgfmt_check(path: Path) -> None:
    """The real GNU msgfmt must accept the file (`make setup` installs GNU gettext)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt is not installed (`make setup` installs GNU gettext)")
    proc = subprocess.run(
        [msgfmt, "--check-format", "--check-header", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and not proc.stderr, proc.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes, to prove a failed run wrote nothing."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
