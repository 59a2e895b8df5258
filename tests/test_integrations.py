"""The CI integrations shipped at the repository root, used as a team would use them.

- `.pre-commit-hooks.yaml`, run by the real pre-commit (`pre-commit try-repo` on this
  repository from a temporary git repository holding a small project). The `language:
  python` hook makes pre-commit pip-install transflow and its dependencies into a new
  environment; offline, pip takes them from `.venv/wheelhouse/`, which `make test`
  downloads (PIP_NO_INDEX, no pip configuration; in a network namespace of its own where
  `unshare --net` works, so a download attempt fails the test). That test takes ~20 s, the
  price of one real install; the `language: system` hook shows the rest in ~3 s a run.
- `action.yml`, validated against SchemaStore's schema for action metadata, its expressions
  checked against its inputs and step outputs, and its check step's script run by bash as a
  runner runs it, with the `transflow` under test.
- The README's CI snippets: the workflows against SchemaStore's workflow schema, the
  pre-commit config by `pre-commit validate-config`.

`data/schemastore/github-action.json` and `github-workflow.json` are SchemaStore's
`src/schemas/json/` files at commit 3b6446ad8a077bac56f4a4796c0b7fd88927fc8e
(github.com/SchemaStore/schemastore, Apache License 2.0), unchanged.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from .conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = Path(__file__).parent / "data" / "schemastore"
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"  # `make test` (Makefile: $(WHEELS))
VENV_BIN = Path(sys.executable).parent  # holds the `transflow` console script

CONFIG = """\
[project]
name = "ci"
source_language = "en"
target_languages = ["ko"]
"""
SENTENCE = "At least 480 North Korean defectors were sent back."
SOURCE = f"# Sent back\n\n{SENTENCE}\n"
GLOSSARY = "en,ko\nNorth Korean defector|defector,탈북민|탈북자\n"
GOOD = "최소 480명의 탈북자가 송환됐다."
BAD_NUMBER = "최소 840명의 탈북자가 송환됐다."  # numbers: 480 missing, 840 invented


def make_project(root: Path, translation: str) -> int:
    """A project at `root` with one article translated into Korean; returns the PO line of
    the article's sentence (the line findings name)."""
    (root / "sources").mkdir(parents=True)
    (root / "glossary").mkdir()
    (root / "transflow.toml").write_text(CONFIG, encoding="utf-8")
    (root / "sources" / "a.md").write_text(SOURCE, encoding="utf-8")
    (root / "glossary" / "newsroom.csv").write_text(GLOSSARY, encoding="utf-8")
    assert run_cli("extract", cwd=root).code == 0
    po = root / "translations" / "ko" / "a.po"
    text = po.read_text(encoding="utf-8")
    for msgid, msgstr in (("Sent back", "송환"), (SENTENCE, translation)):
        text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    po.write_text(text, encoding="utf-8")
    return text[: text.index(f'msgstr "{translation}"')].count("\n") + 1


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def consumer_repo(tmp_path: Path, translation: str) -> tuple[Path, int]:
    """A git repository holding a project, every file added; and the line of its finding."""
    repo = tmp_path / "newsroom"
    line = make_project(repo, translation)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    return repo, line


@functools.cache
def offline_prefix() -> tuple[str, ...]:
    """`unshare --net` where this user may make a network namespace (root, as CI runs):
    then nothing run inside can reach a network at all."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "true"], capture_output=True).returncode == 0:
        return (unshare, "--net")
    return ()


def try_repo(
    hook: str, repo: Path, tmp_path: Path, *, all_files: bool = True, system: bool = False
) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo <this repository> HOOK` in `repo`, offline and with every cache
    under `tmp_path`. `system`: the `transflow` of this environment is first on PATH (and
    PYTHONPATH, if set, stays: it is how this checkout's code runs); otherwise neither is
    there, so the hook can only run the transflow that pre-commit installed."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" or system}
    path = [p for p in env["PATH"].split(os.pathsep) if Path(p) != VENV_BIN]
    env.update(
        PATH=os.pathsep.join([str(VENV_BIN), *path] if system else path),
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit"),
        VIRTUALENV_OVERRIDE_APP_DATA=str(tmp_path / "virtualenv"),
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
        PIP_CONFIG_FILE=os.devnull,  # none of this machine's pip settings (indexes, links)
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(WHEELHOUSE),
        PIP_NO_CACHE_DIR="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_COMPILE="0",  # no bytecode for 300 MB of packages: a third of the install time
    )
    args = ["try-repo", "--color=never", str(ROOT), hook] + (["--all-files"] if all_files else [])
    return subprocess.run(
        [*offline_prefix(), sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


# --- .pre-commit-hooks.yaml ---------------------------------------------------------------


def manifest() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return hooks


def test_manifest_is_valid_for_pre_commit() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [h["id"] for h in manifest()] == ["transflow-check", "transflow-check-system"]


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("translations/ko/a.po", True),
        ("site/translations/zh/b.po", True),
        ("glossary/newsroom.csv", True),
        ("glossary/imported.tbx", True),
        ("transflow.toml", True),
        ("site/transflow.toml", True),
        ("sources/a.md", False),
        ("sources/wire.txt", False),
        ("editions/ko/a.html", False),
        ("README.md", False),
        ("my-transflow.toml", False),
    ],
)
def test_hooks_run_on_catalogs_glossaries_and_the_config(path: str, runs: bool) -> None:
    for hook in manifest():  # pre-commit's own test: re.search on the path from the root
        assert bool(re.search(hook["files"], path)) is runs, (hook["id"], path)


def test_system_hook_fails_on_a_finding_and_passes_a_clean_project(tmp_path: Path) -> None:
    repo, line = consumer_repo(tmp_path / "bad", BAD_NUMBER)
    proc = try_repo("transflow-check-system", repo, tmp_path, system=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert f"a.po:{line}" in out and "numbers" in out and "480" in out, out

    repo, _ = consumer_repo(tmp_path / "good", GOOD)
    proc = try_repo("transflow-check-system", repo, tmp_path, system=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"transflow check\.+Passed", proc.stdout), proc.stdout


def test_a_glossary_change_checks_every_catalog(tmp_path: Path) -> None:
    """Why the hooks take no file names: the commit changes only the glossary, and the
    finding it causes is in a catalog that the commit does not touch."""
    repo, line = consumer_repo(tmp_path, GOOD)
    git("commit", "-qm", "translated", cwd=repo)
    glossary = repo / "glossary" / "newsroom.csv"
    glossary.write_text("en,ko,ko.forbidden\nNorth Korean defector,탈북민,탈북자\n", "utf-8")
    git("add", "glossary", cwd=repo)
    proc = try_repo("transflow-check-system", repo, tmp_path, all_files=False, system=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert f"a.po:{line}" in out and "glossary-forbidden" in out, out


def test_python_hook_installs_transflow_and_reports_a_finding(tmp_path: Path) -> None:
    """The hook as published: pre-commit makes a virtualenv and pip-installs this repository
    (building it with its build backend) and its dependencies from the wheelhouse."""
    if not (WHEELHOUSE / ".downloaded").exists():
        pytest.skip(f"no wheelhouse at {WHEELHOUSE} (`make test` downloads it)")
    repo, line = consumer_repo(tmp_path, BAD_NUMBER)
    proc = try_repo("transflow-check", repo, tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert f"a.po:{line}" in out and "numbers" in out and "480" in out, out


# --- action.yml ---------------------------------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return data


@functools.cache
def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def schema_errors(name: str, document: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(document)]


def test_action_is_valid_action_metadata() -> None:
    meta = action()
    assert schema_errors("github-action.json", meta) == []
    assert meta["runs"]["using"] == "composite"
    # the schema is strict enough to catch a broken step
    broken = action()
    del next(s for s in broken["runs"]["steps"] if "run" in s)["shell"]
    assert schema_errors("github-action.json", broken) != []


def test_action_expressions_name_its_inputs_and_step_outputs() -> None:
    meta = action()
    steps = meta["runs"]["steps"]
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    code = "\n".join(EXPRESSION.findall(text) + [s["if"] for s in steps if "if" in s])
    assert set(re.findall(r"\binputs\.([\w-]+)", code)) == set(meta["inputs"])
    for step_id, name in re.findall(r"\bsteps\.([\w-]+)\.outputs\.([\w-]+)", code):
        (step,) = [s for s in steps if s.get("id") == step_id]
        assert f"{name}=" in step["run"] and "$GITHUB_OUTPUT" in step["run"], name
    for step in steps:  # the scripts read inputs from their environment, never pasted in
        assert EXPRESSION.search(step.get("run", "")) is None, step["run"]


def run_check_step(
    workspace: Path, tmp_path: Path, **inputs: str
) -> subprocess.CompletedProcess[str]:
    """The action's `check` step as a runner runs it: its env with these inputs (the rest
    at their defaults), its script through `bash --noprofile --norc -eo pipefail`."""
    meta = action()
    given = {name: spec.get("default", "") for name, spec in meta["inputs"].items()}
    given.update({k.replace("_", "-"): v for k, v in inputs.items()})
    (step,) = [s for s in meta["runs"]["steps"] if s.get("id") == "check"]

    def expand(value: str) -> str:
        def one(m: re.Match[str]) -> str:
            name = m[1].strip().removeprefix("inputs.")
            assert name in given, m[0]
            return given[name]

        return EXPRESSION.sub(one, value)

    script = tmp_path / "check-step.sh"
    script.write_text(step["run"], encoding="utf-8")
    (tmp_path / "runner").mkdir(exist_ok=True)
    env = {
        **os.environ,
        **{k: expand(v) for k, v in step["env"].items()},
        "PATH": os.pathsep.join([str(VENV_BIN), os.environ["PATH"]]),
        "GITHUB_OUTPUT": str(tmp_path / "github-output"),
        "RUNNER_TEMP": str(tmp_path / "runner"),
    }
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_action_check_step_annotates_findings(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    line = make_project(workspace, BAD_NUMBER)
    proc = run_check_step(workspace, tmp_path)  # path ".", format github
    assert proc.returncode == 1, proc.stderr
    annotations = [x for x in proc.stdout.splitlines() if x.startswith("::")]
    assert len(annotations) == 2, proc.stdout
    for annotation in annotations:
        assert annotation.startswith(f"::error file=translations/ko/a.po,line={line},"), annotation
    assert not (tmp_path / "github-output").exists()  # no SARIF file to upload


def test_action_check_step_writes_the_sarif_file_it_uploads(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    line = make_project(workspace, BAD_NUMBER)
    proc = run_check_step(workspace, tmp_path, format="sarif")
    assert proc.returncode == 1, proc.stderr  # an error finding fails the step, after the file
    output = (tmp_path / "github-output").read_text(encoding="utf-8")
    sarif = Path(output.strip().removeprefix("sarif-file="))
    (run,) = json.loads(sarif.read_text(encoding="utf-8"))["runs"]
    where = [r["locations"][0]["physicalLocation"] for r in run["results"]]
    assert [(w["artifactLocation"]["uri"], w["region"]["startLine"]) for w in where] == [
        ("translations/ko/a.po", line)
    ] * 2


def test_action_check_step_passes_path_and_args(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    make_project(workspace / "site", BAD_NUMBER)
    proc = run_check_step(workspace, tmp_path, path="site", args="--lang ko  --disable numbers")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 errors" in proc.stdout


def test_action_caches_the_folder_the_check_step_fills(tmp_path: Path) -> None:
    """The cache step keeps the folder `transflow check` writes its cache to, for a project
    in a subfolder too, and only when the `cache` input says so."""
    workspace = tmp_path / "workspace"
    make_project(workspace / "site", BAD_NUMBER)
    steps = action()["runs"]["steps"]
    (step,) = [s for s in steps if s.get("uses", "").startswith("actions/cache")]
    assert step["if"].replace(" ", "") == "${{inputs.cache=='true'}}"
    assert action()["inputs"]["cache"]["default"] == "true"
    cached = step["with"]["path"].replace("${{ inputs.path }}", "site")
    assert not (workspace / cached).exists()
    assert run_check_step(workspace, tmp_path, path="site").returncode == 1
    assert any(p.is_file() for p in (workspace / cached).rglob("*"))


def test_action_check_step_refuses_an_unknown_format(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    make_project(workspace, BAD_NUMBER)
    proc = run_check_step(workspace, tmp_path, format="json")
    assert proc.returncode == 2
    assert proc.stdout == "" and "format must be github or sarif" in proc.stderr


# --- the README's CI section --------------------------------------------------------------


def readme_snippets() -> list[dict[str, Any]]:
    """The YAML blocks of the README's "CI" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## CI\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```yaml\n(.*?)^```$", section, re.S | re.M)
    docs = [yaml.safe_load(b) for b in blocks]
    for doc in docs:  # YAML 1.1 reads the key `on` as true; GitHub reads it as "on"
        if True in doc:
            doc["on"] = doc.pop(True)
    return docs


def test_readme_workflows_are_valid_and_use_the_action() -> None:
    workflows = [d for d in readme_snippets() if "jobs" in d]
    assert len(workflows) == 2
    inputs = action()["inputs"]
    formats = []
    for workflow in workflows:
        assert schema_errors("github-workflow.json", workflow) == []
        (job,) = workflow["jobs"].values()
        (step,) = [
            s for s in job["steps"] if s.get("uses", "").split("@")[0].endswith("/transflow")
        ]
        assert set(step.get("with", {})) <= set(inputs)
        formats.append(step.get("with", {}).get("format", inputs["format"]["default"]))
        if formats[-1] == "sarif":
            assert job["permissions"]["security-events"] == "write"
    assert formats == ["github", "sarif"]


def test_readme_pre_commit_config_is_valid(tmp_path: Path) -> None:
    (config,) = [d for d in readme_snippets() if "repos" in d]
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ids = {h["id"] for h in manifest()}
    assert {h["id"] for repo in config["repos"] for h in repo["hooks"]} <= ids
