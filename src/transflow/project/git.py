"""What git knows about the project's files: which changed since a revision.

`check --changed-since REF` asks it; git runs as a program (what a CI job and a developer
have installed), with the user's own configuration and environment, so that the answer is
the one `git diff` and `git status` give them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from transflow.project.errors import GitError


def changed_since(root: Path, ref: str, option: str) -> set[str]:
    """Files under `root` that differ from revision `ref` (committed since, staged or not,
    deleted) and untracked files git does not ignore, relative to `root` with '/'.

    `option` names the option asking, for the errors: no git, `root` in no work tree, or a
    revision git does not know."""
    git = shutil.which("git")
    if git is None:
        raise GitError(
            f"{option} needs git, and git is not installed (or not on PATH).",
            hint=f"Install git, or check without {option}.",
        )
    inside = _git(git, root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise GitError(
            f"{option}: the project at {root} is not in a git work tree.",
            hint=f"Check without {option}, or run it in a clone of the repository.",
        )
    commit = _git(git, root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                  f"{ref}^{{commit}}")  # fmt: skip
    if commit.returncode != 0:
        raise GitError(
            f"{option} {ref}: git knows no such revision in this repository.",
            hint="Name a branch, tag or commit that exists here; a CI checkout may need "
            "the history fetched first (`git fetch origin main`, or `fetch-depth: 0` in "
            "actions/checkout).",
        )
    sha = commit.stdout.strip()
    diff = _git(git, root, "diff", "--name-only", "--no-renames", "--relative", "-z", sha, "--")
    untracked = _git(git, root, "ls-files", "--others", "--exclude-standard", "-z")
    for proc in (diff, untracked):
        if proc.returncode != 0:
            raise GitError(
                f"{option} {ref}: git failed: {proc.stderr.strip() or proc.returncode}.",
                hint="Run `git status` in the project to see what git says.",
            )
    return {name for name in (diff.stdout + untracked.stdout).split("\0") if name}


def _git(git: str, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [git, "-C", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        check=False,
    )
