"""`translate` pre-fills fuzzy translation-memory matches above `[tm] min_score`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from transflow.engines import Hypothesis
from transflow.po.catalog import load_catalog, save_catalog
from transflow.po.conventions import State, entry_state, mark_reviewed, provenance
from transflow.project.config import load_project
from transflow.project.errors import ConfigError
from transflow.translate.translate import translate_project

from .conftest import SLUG_WIRE, msgfmt_check, run_cli, write

# Yesterday's story, re-filed today under a new slug with words changed and a sentence added.
UPDATE = """\
rights-groups-urge-china-update

Rights Groups Urge China to Halt Repatriations

Activists gathered in Seoul on Wednesday. They urged the U.N. Human Rights Council to act.

The groups said 200 people were sent back. Dr. Lee called it a grave crime.

Beijing did not respond to a request for comment.
"""
EDITED = {
    "Activists gathered in Seoul on Wednesday.": "Activists gathered in Seoul on Tuesday.",
    "Dr. Lee called it a grave crime.": "Dr. Lee called it a crime.",
}
NEW = "Beijing did not respond to a request for comment."


class CountingEngine:
    """Counts the segments sent to machine translation."""

    name = "counting"
    provenance = "counting:test@1"

    def __init__(self) -> None:
        self.texts: list[str] = []

    def translate(
        self, texts: list[str], n_best: int = 1, suppress: list[list[str]] | None = None
    ) -> list[list[Hypothesis]]:
        self.texts.extend(texts)
        return [[Hypothesis(f"MT {text}", -0.5)] for text in texts]


def _reviewed_story(project: Path) -> Path:
    """The wire story extracted and reviewed in Korean ("KO <source>")."""
    assert run_cli("extract", cwd=project).code == 0
    path = project / "translations" / "ko" / f"{SLUG_WIRE}.po"
    po = load_catalog(path)
    for entry in po:
        mark_reviewed(entry, f"KO {entry.msgid}", "Kim")
    save_catalog(po, path)
    write(project / "sources" / "rights-groups-urge-china-update.txt", UPDATE)
    assert run_cli("extract", cwd=project).code == 0
    return project


def _translate(project: Path) -> CountingEngine:
    engine = CountingEngine()
    translate_project(load_project(project), langs=["ko"], engine_factory=lambda p, s, t: engine)
    return engine


def test_edited_sentences_come_from_memory_with_their_score(project: Path) -> None:
    engine = _translate(_reviewed_story(project))
    assert engine.texts == [NEW]  # the only segment machine-translated
    path = project / "translations" / "ko" / "rights-groups-urge-china-update.po"
    msgfmt_check(path)
    po = {e.msgid: e for e in load_catalog(path)}
    origin = f"sources/{SLUG_WIRE}.txt"
    for new, old in EDITED.items():
        entry = po[new]
        assert entry.msgstr == f"KO {old}"
        assert entry.previous_msgid == old  # what differs, for the reviewer
        assert entry_state(entry) is State.CHANGED and entry_state(entry).unreviewed
        [line] = provenance(entry)
        assert line.startswith(f"tm={origin} (") and line.endswith("%)")
        assert 75 <= int(line.rsplit("(", 1)[1][:-2]) < 100
    exact = po["They urged the U.N. Human Rights Council to act."]
    assert provenance(exact) == [f"tm={origin} (100%)"] and exact.previous_msgid is None
    assert entry_state(exact) is State.MACHINE
    assert po[NEW].msgstr == f"MT {NEW}" and provenance(po[NEW])[0].startswith("mt=counting")


def test_mt_calls_saved_against_exact_only_reuse(project: Path, tmp_path: Path) -> None:
    """The figure of the report: with `[tm] min_score = 100` (exact only, the old behaviour)
    the edited sentences went to MT."""
    _reviewed_story(project)
    exact_only = tmp_path / "exact-only"
    shutil.copytree(project, exact_only)
    with (exact_only / "transflow.toml").open("a", encoding="utf-8") as config:
        config.write("\n[tm]\nmin_score = 100\n")
    fuzzy_calls = len(_translate(project).texts)
    exact_calls = len(_translate(exact_only).texts)
    assert (fuzzy_calls, exact_calls) == (1, 1 + len(EDITED))


def test_below_the_threshold_machine_translation(project: Path) -> None:
    _reviewed_story(project)
    with (project / "transflow.toml").open("a", encoding="utf-8") as config:
        config.write("\n[tm]\nmin_score = 99\n")
    engine = _translate(project)
    assert sorted(engine.texts) == sorted([NEW, *EDITED])


def test_cli_reports_fuzzy_matches(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _reviewed_story(project)
    monkeypatch.setattr("transflow.engines.get_engine", lambda p, s, t: CountingEngine())
    res = run_cli("translate", "--lang", "ko", cwd=project)
    assert res.code == 0, res.stderr
    assert "5 from translation memory (2 fuzzy matches), 1 machine-translated" in res.stdout


@pytest.mark.parametrize("value", ["49", "101", '"75"', "true"])
def test_min_score_is_validated(project: Path, value: str) -> None:
    with (project / "transflow.toml").open("a", encoding="utf-8") as config:
        config.write(f"\n[tm]\nmin_score = {value}\n")
    with pytest.raises(ConfigError, match="min_score"):
        load_project(project)
