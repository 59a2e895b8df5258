"""kill -9 at each write of a multi-file command (issue 11): every file is old or new, never a
part of one, and the next run removes the temp files the killed run left.

The command runs in a forked child with TRANSFLOW_KILL_AT_WRITE=N, so the writer SIGKILLs it
at its Nth write step (a temp file half written, or a rename about to happen); N counts up
until the command finishes before it is killed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Callable
from itertools import count
from pathlib import Path

from transflow.project.fsutil import KILL_AT_WRITE, TEMP_SUFFIX

from ..conftest import run_cli
from .harness import base_project
from .test_writer import DRAFT, SLUG, edit_source

STAMP = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2}\+0000")  # PO headers: the minute of a run


def files(root: Path) -> dict[str, bytes]:
    """Every regular file under `root` but temp files and the `.transflow/` cache (its lock
    names the process holding it), with its bytes (time stamps masked)."""
    return {
        path.relative_to(root).as_posix(): STAMP.sub(b"<stamp>", path.read_bytes())
        for path in root.rglob("*")
        if path.is_file()
        and not path.name.endswith(TEMP_SUFFIX)
        and path.relative_to(root).parts[0] != ".transflow"
    }


def temp_files(root: Path) -> list[Path]:
    return list(root.rglob(f"*{TEMP_SUFFIX}"))


def killed_at(project: Path, command: tuple[str, ...], step: int) -> bool:
    """Run `command` in a forked child that kills itself at write step `step`: whether it was
    killed (False: it finished, with exit 0, before that step)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            os.environ[KILL_AT_WRITE] = str(step)
            code = run_cli(*command, cwd=project).code
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.waitstatus_to_exitcode(status) == 0
    return False


def kill_at_each_write(
    tmp_path: Path, prepare: Callable[[Path], None], command: tuple[str, ...]
) -> int:
    """Kill `command` at each of its write steps on a copy of the prepared project; check the
    files after each kill and after the next run. The number of write steps."""
    (tmp_path / "project").mkdir()
    project = base_project(tmp_path / "project")
    prepare(project)
    old = files(project)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference, symlinks=True)
    assert run_cli(*command, cwd=reference).code == 0
    new = files(reference)
    assert new != old
    temps_seen = False
    for step in count(1):
        work = tmp_path / f"step-{step}"
        shutil.copytree(project, work, symlinks=True)
        killed = killed_at(work, command, step)
        now = files(work)
        for name in old.keys() | new.keys() | now.keys():
            assert now.get(name) in (old.get(name), new.get(name)), f"step {step}: {name}"
        if not killed:
            assert now == new
            assert temps_seen  # the kills left temp files, which the next runs removed
            return step - 1
        temps_seen = temps_seen or bool(temp_files(work))
        assert run_cli(*command, cwd=work).code == 0
        assert files(work) == new, f"step {step}"
        assert temp_files(work) == [], f"step {step}: the next run left {temp_files(work)}"
    raise AssertionError("unreachable: count() does not end")


def test_kill_extract_at_each_write(tmp_path: Path) -> None:
    steps = kill_at_each_write(tmp_path, edit_source, ("extract",))
    assert steps == 4  # two catalogs: each half written, then renamed


def _published_then_changed(project: Path) -> None:
    """Editions on disk; then the article changes and a second article's source is removed,
    so publish --prune rewrites some editions, removes others and keeps the rest."""
    other = project / "sources" / "second-story.txt"
    other.write_text("second-story\n\nSecond Story\n\nIt rained.\n", encoding="utf-8")
    assert run_cli("extract", cwd=project).code == 0
    assert run_cli(*DRAFT, cwd=project).code == 0
    other.unlink()
    edit_source(project)
    assert run_cli("extract", cwd=project).code == 0


def test_kill_publish_at_each_write(tmp_path: Path) -> None:
    command = (*DRAFT, "--prune", "--lang", "ko")  # one language: half the steps, as telling
    steps = kill_at_each_write(tmp_path, _published_then_changed, command)
    assert steps >= 6  # at least the Markdown and HTML edition and the language's index
    assert not (tmp_path / "reference" / "editions" / "ko" / "second-story.md").exists()
    assert (tmp_path / "reference" / "editions" / "ko" / f"{SLUG}.md").is_file()
