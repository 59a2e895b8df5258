"""`transflow translate --executor ray`: shards on Ray actors, the same catalogs as in process.

One local Ray instance (2 CPUs, no dashboard) serves the module's tests, started once per
session and shut down after; the models are tiny real Argos packages (tests/argos_fixtures):
en-ko copies its input, en-zh has seeded random weights, so its output and scores differ
from sentence to sentence and any shard mixed up or regrouped would show in the bytes.
"""

from __future__ import annotations

import logging
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from transflow.project.config import load_project
from transflow.translate import translate as translate_module
from transflow.translate.executors import RayExecutor
from transflow.translate.translate import Progress, translate_project

from .argos_fixtures import _WORDS, make_package
from .conftest import msgfmt_check, run_cli, snapshot, write

# a Ray that hangs (an actor never scheduled...) fails its test instead of blocking the run
pytestmark = [pytest.mark.ray, pytest.mark.timeout(600)]

CONFIG = """\
[project]
name = "archive"
source_language = "en"
target_languages = ["ko", "zh"]

[engine]
threads = 1
max_decoding_length = 48
decoding_length_ratio = 1.0
"""

GLOSSARY = """\
en,ko,zh,ko.forbidden,note
Seoul,서울,首尔,,
United Nations,유엔,联合国,국제연합,
"""

ARTICLES = 4
PARAGRAPHS = 10
SHARD = 16  # segments per shard here (CHUNK): shards enough to kill actors in between


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 10))).capitalize() + "."


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ray-models")
    make_package(root, "en", "ko", version="1.1")
    make_package(root, "en", "zh", kind="random", layers=1, d_model=64, heads=2, ffn=128)
    return root


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of several articles, extracted: more shards than actors, texts repeated
    across articles (translated once), glossary terms (n-best chosen by the glossary)."""
    root = tmp_path_factory.mktemp("archive")
    write(root / "transflow.toml", CONFIG)
    write(root / "glossary" / "terms.csv", GLOSSARY)
    rng = random.Random(17)
    shared = [_sentence(rng) + " Seoul said so." for _ in range(5)]
    for number in range(ARTICLES):
        paragraphs = [f"The United Nations met in Seoul, report {number}."] + [
            f"{_sentence(rng)} {rng.choice(shared) if i % 4 == 0 else _sentence(rng)}"
            for i in range(PARAGRAPHS)
        ]
        body = "\n\n".join(paragraphs)
        write(
            root / "sources" / f"story-{number}.txt",
            f"story-{number}\n\nStory {number}\n\n{body}\n",
        )
    assert run_cli("extract", cwd=root).code == 0
    return root


@pytest.fixture(scope="module")
def stamped(models: Path) -> Iterator[None]:
    """The models found, small shards, and one PO-Revision-Date for every run, so runs
    compare by bytes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(models))
        patch.setattr(translate_module, "CHUNK", SHARD)
        patch.setattr(translate_module, "now_stamp", lambda: "2026-01-01 00:00+0000")
        yield


def _copy(extracted: Path, into: Path) -> Path:
    return Path(shutil.copytree(extracted, into))


@pytest.fixture(scope="module")
def reference(
    stamped: None, extracted: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, bytes]:
    """The catalogs as the in-process run writes them."""
    project = _copy(extracted, tmp_path_factory.mktemp("in-process") / "project")
    report = translate_project(load_project(project))
    assert report.from_mt > 2 * 4 * SHARD  # several shards a language
    return snapshot(project / "translations")


@pytest.fixture(scope="session")
def ray_local() -> Iterator[object]:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def test_ray_run_writes_the_same_catalogs_byte_for_byte(
    ray_local: object, reference: dict[str, bytes], extracted: Path, tmp_path: Path
) -> None:
    project = _copy(extracted, tmp_path / "ray")
    res = run_cli("translate", "--executor", "ray", cwd=project)
    assert res.code == 0, res.stderr
    assert "executor  ray: 2 actors\n" in res.stdout
    assert "engine    zh: argos:en-zh@1.0" in res.stdout
    assert snapshot(project / "translations") == reference
    for path in (project / "translations").rglob("*.po"):
        msgfmt_check(path)
    ko = (project / "translations/ko/story-0.po").read_text(encoding="utf-8")
    assert 'msgstr "The United Nations met in Seoul, report 0."' in ko  # the copy model
    assert "glossary=1/2 pick=" in ko or "glossary=0/2" in ko  # the glossary had its say


class Killer(Progress):
    """Kills the first actor for good after the first shard (Ray cannot restart it: the
    executor must replace it) and the second after the third shard (Ray restarts it)."""

    def __init__(self, ray: object, runner: RayExecutor) -> None:
        self.ray, self.runner, self.shards = ray, runner, 0

    def advance(self, count: int) -> None:
        self.shards += 1
        if self.shards == 1:
            self.ray.kill(self.runner.workers[0], no_restart=True)  # type: ignore[attr-defined]
        if self.shards == 3:
            self.ray.kill(self.runner.workers[1], no_restart=False)  # type: ignore[attr-defined]


def test_killed_actors_still_complete_the_job_with_the_same_catalogs(
    ray_local: object, reference: dict[str, bytes], extracted: Path, tmp_path: Path
) -> None:
    project = _copy(extracted, tmp_path / "ray-killed")
    runner = RayExecutor()
    killer = Killer(ray_local, runner)
    report = translate_project(load_project(project), progress=killer, executor=runner)
    assert killer.shards > 3 and runner.replaced >= 1
    assert all(result.written for result in report.results)
    assert snapshot(project / "translations") == reference
    assert runner.workers == []  # every actor killed at the end, the CPUs free again


def test_a_node_without_the_model_is_the_users_error(
    ray_local: object,
    stamped: None,
    models: Path,
    extracted: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """This machine has the models, the actors' lookup finds none: the actor's
    MissingModelError comes back as it is (exit 2 in the CLI), and nothing is written."""
    from transflow.engines.argos.engine import ArgosEngine
    from transflow.engines.argos.packages import read_package
    from transflow.project.errors import MissingModelError

    project = _copy(extracted, tmp_path / "no-model")
    before = snapshot(project / "translations")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty"))  # what actors get

    def here(_project: object, source: str, target: str) -> ArgosEngine:
        return ArgosEngine(read_package(next(models.glob(f"translate-{source}_{target}-*"))))

    with pytest.raises(MissingModelError, match="no translation model for en -> ko") as error:
        translate_project(
            load_project(project), langs=["ko"], engine_factory=here, executor=RayExecutor()
        )
    assert type(error.value) is MissingModelError  # not Ray's wrapper, with its traceback
    assert snapshot(project / "translations") == before


def test_without_ray_installed_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, stamped: None, extracted: Path
) -> None:
    before = snapshot(extracted)
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    res = run_cli("translate", "--executor", "ray", cwd=extracted)
    assert res.code == 2 and "Traceback" not in res.stderr
    assert "needs Ray, which is not installed" in res.stderr
    assert "pip install 'transflow[ray]'" in res.stderr
    assert snapshot(extracted) == before


def test_translate_help_imports_no_ray() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['transflow', 'translate', '--help']\n"
        "from transflow.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted({'ray', 'ctranslate2'} & set(sys.modules)), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "--executor" in out.stdout
    assert out.stderr.strip() == "[]"
