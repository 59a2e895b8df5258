"""The fault suite's one shape: a bad input or an OS fault, the command a user runs on it, and
what must happen (issue 11).

Every case runs on a fresh copy of a small project (`base_project`), through the real CLI
(`run_cli`, in-process through `cli.main()`), and must:

- exit with `exit` (2 for a user's error; 0 or 1 where the input is handled gracefully);
- print no traceback, and name the file or option at fault (every string of `mentions`, in
  stderr or stdout);
- leave the project exactly as it was, or change only what `changes` allows (the caches
  under `.transflow/` are no part of it: `check` keeps its findings there, and they can be
  deleted at any time).

A case is data; `setup` makes the project hostile before the command runs. Add cases to the
`CASES` list of the test module of their area (`test_<area>.py`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..conftest import CONFIG, WIRE, Result, run_cli

Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Fault:
    """One kind of bad input or fault, the command run on it, and the expected outcome."""

    id: str  # kebab-case, unique across the suite: it names the test
    setup: Setup
    command: tuple[str, ...]
    exit: int = 2
    mentions: tuple[str, ...] = ()  # each must appear in the output (the file, the option, ...)
    # paths (relative to the project, '/'-separated) allowed to change; None: anything may
    changes: frozenset[str] | None = field(default_factory=frozenset)
    check: Callable[[Path, Result], None] | None = None  # any further assertion


def base_project(root: Path) -> Path:
    """A small project: one wire article in ko and zh, extracted, and a one-row glossary."""
    (root / "transflow.toml").write_text(CONFIG, encoding="utf-8")
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "rights-groups-urge-china.txt").write_text(WIRE, encoding="utf-8")
    (root / "glossary").mkdir()
    (root / "glossary" / "newsroom.csv").write_text(
        "en,ko,zh\nforced repatriation,강제북송,强制遣返\n", encoding="utf-8"
    )
    assert run_cli("extract", cwd=root).code == 0
    return root


def tree(root: Path) -> dict[str, bytes | str]:
    """Every entry under `root` (but the caches): file bytes, or what a link, folder or
    special file is."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root):
        if Path(folder) == root:
            dirs[:] = [d for d in dirs if d != ".transflow"]
        for name in [*dirs, *files]:
            path = Path(folder) / name
            key = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[key] = f"-> {os.readlink(path)}"
            elif stat.S_ISDIR(mode):
                found[key] = f"dir {stat.S_IMODE(mode):o}"
            elif stat.S_ISREG(mode):
                try:
                    found[key] = path.read_bytes()
                except PermissionError:
                    found[key] = f"unreadable {stat.S_IMODE(mode):o}"
            else:
                found[key] = f"special {stat.S_IFMT(mode):o}"
    return found


def run_fault(case: Fault, root: Path) -> Result:
    project = base_project(root)
    case.setup(project)
    before = tree(project)
    result = run_cli(*case.command, cwd=project)
    output = result.stdout + result.stderr
    assert result.code == case.exit, f"exit {result.code}, expected {case.exit}:\n{output}"
    assert "Traceback" not in output, output
    for text in case.mentions:
        assert text in output, f"{text!r} not in:\n{output}"
    if case.changes is not None:
        after = tree(project)
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        assert changed <= case.changes, f"unexpected changes: {sorted(changed - case.changes)}"
    if case.check is not None:
        case.check(project, result)
    return result


def ids(cases: Iterable[Fault]) -> list[str]:
    names = [case.id for case in cases]
    assert len(names) == len(set(names)), "fault ids must be unique"
    return names
