"""`check --changed-since REF` in a real git repository: what counts as changed, the project
checks over every catalog, and the errors (no git work tree, an unknown revision)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import run_cli
from .test_check_cache import Project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


def _repo(root: Path) -> Project:
    project = Project(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "ci@example.org")
    git(root, "config", "user.name", "CI")
    (root / ".gitignore").write_text(".transflow/\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "archive")
    return project


def _files(root: Path, *args: str) -> tuple[int, list[tuple[str, str]]]:
    res = run_cli("check", "--format", "json", *args, cwd=root)
    assert res.code in (0, 1), res.stderr
    return res.code, [(f["file"], f["check"]) for f in json.loads(res.stdout)]


def test_only_what_changed_since_the_revision_is_reported(tmp_path: Path) -> None:
    project = _repo(tmp_path)
    project.apply(("translate", "ko", "alpha", 3, 1))  # old errors, committed
    git(tmp_path, "commit", "-qam", "old findings")
    assert _files(tmp_path, "--changed-since", "HEAD") == (0, [])
    # a change in the work tree, one staged and an untracked catalog are all reported
    project.apply(("translate", "zh", "beta", 1, 1))
    project.apply(("translate", "ko", "gamma", 3, 1))
    git(tmp_path, "add", "translations/ko/gamma.po")
    new = tmp_path / "translations" / "ko" / "delta.po"
    new.write_text(project.path("ko", "alpha").read_text())
    code, found = _files(tmp_path, "--changed-since", "HEAD")
    assert code == 1
    assert {file for file, _ in found} == {
        "translations/zh/beta.po",
        "translations/ko/gamma.po",
        "translations/ko/delta.po",
    }
    # since the first commit, alpha's committed change counts too
    _, found = _files(tmp_path, "--changed-since", "HEAD~1")
    assert "translations/ko/alpha.po" in {file for file, _ in found}
    # a catalog changed since is checked with its findings as a full run has them
    _, everything = _files(tmp_path, "--no-cache")
    assert set(found) <= set(everything)


def test_project_checks_see_every_catalog(tmp_path: Path) -> None:
    project = _repo(tmp_path)
    # beta and gamma agree on a translation alpha (unchanged) has otherwise: the
    # inconsistency lands in alpha, which --changed-since still reports
    project.apply(("translate", "ko", "beta", 0, 1))
    project.apply(("translate", "ko", "gamma", 0, 1))
    for cache in ((), ("--no-cache",)):
        code, found = _files(tmp_path, "--changed-since", "HEAD", *cache)
        assert (code, found) == (0, [("translations/ko/alpha.po", "inconsistent")])


def test_a_source_glossary_or_config_change_counts_for_the_catalogs_it_touches(
    tmp_path: Path,
) -> None:
    project = _repo(tmp_path)
    for slug in ("alpha", "beta", "gamma"):
        project.apply(("translate", "ko", slug, 2, 1))  # a forbidden term in each
    git(tmp_path, "commit", "-qam", "old findings")
    assert _files(tmp_path, "--changed-since", "HEAD")[1] == []
    project.apply(("source", "beta"))
    assert {f for f, _ in _files(tmp_path, "--changed-since", "HEAD")[1]} == {
        "translations/ko/beta.po"
    }
    git(tmp_path, "checkout", "-q", "--", "sources")
    project.apply(("glossary", 0))
    (tmp_path / "glossary" / "terms.csv").write_text(
        (tmp_path / "glossary" / "terms.csv").read_text() + "panel,위원회,小组\n"
    )
    assert len({f for f, _ in _files(tmp_path, "--changed-since", "HEAD")[1]}) == 3
    git(tmp_path, "checkout", "-q", "--", "glossary")
    project.apply(("config", 1))
    assert len({f for f, _ in _files(tmp_path, "--changed-since", "HEAD")[1]}) == 3


def test_no_work_tree_or_an_unknown_revision_is_an_error_naming_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above
    outside = tmp_path / "plain"
    outside.mkdir()
    Project(outside)
    res = run_cli("check", "--changed-since", "main", cwd=outside)
    assert res.code == 2 and res.stderr.startswith("error: --changed-since: the project at ")
    assert "is not in a git work tree" in res.stderr and res.stderr.count("\n") == 1
    repo = tmp_path / "repo"
    repo.mkdir()
    _repo(repo)
    for ref in ("no-such-branch", "HEAD~5", "--output=x"):
        res = run_cli("check", f"--changed-since={ref}", cwd=repo)
        assert res.code == 2, (ref, res.stderr)
        assert res.stderr.startswith(f"error: --changed-since {ref}: git knows no such revision")
        assert res.stderr.count("\n") == 1
    res = run_cli("check", "--changed-since", "HEAD", "translations", cwd=repo)
    assert res.code == 2 and "it takes no PATH" in res.stderr
    res = run_cli("check", "--changed-since", "HEAD", "--write-baseline", "b.json", cwd=repo)
    assert res.code == 2 and not (repo / "b.json").exists()
