"""Writers that overlap: nothing another writer saved is lost, deterministically.

A reviewer's save (or a git pull) lands while `translate` runs its model, while `extract`
has merged in memory, or while `transflow review` holds the catalog. Each test injects the
other writer's save at the exact point in between (a fake engine, a wrapped write), so the
interleaving is fixed rather than left to sleeps.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from transflow.engines import Hypothesis
from transflow.extract import extract as extract_module
from transflow.po.conventions import State, entry_state
from transflow.po.update import CatalogEdit, Snapshot, project_lock
from transflow.project.config import load_project
from transflow.translate.translate import translate_project

from ..conftest import SLUG_WIRE
from ..review_fixtures import KO, S1, S2, S3, S4, TITLE, edit_on_disk, reread, review_project


def _catalog(project: Path, lang: str = "ko") -> Path:
    return project / "translations" / lang / f"{SLUG_WIRE}.po"


class _ReviewerMidway:
    """An engine that, before answering, lets a reviewer save the catalog: S4 accepted by
    hand (reviewed), a note added to the title (machine output being translated again)."""

    name = "fake"
    provenance = "fake:en-ko@1"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.saved = False

    def translate(
        self, texts: list[str], n_best: int = 1, suppress: list[list[str]] | None = None
    ) -> list[list[Hypothesis]]:
        if not self.saved:
            edit_on_disk(self.path, S4, msgstr="이 박사는 범죄라고 했다.", flags=[])
            edit_on_disk(self.path, TITLE, tcomment="check the headline with the desk")
            self.saved = True
        return [[Hypothesis(f"MT {text}", -0.5)] for text in texts]


def test_translate_keeps_what_a_reviewer_saved_while_the_model_ran(project: Path) -> None:
    config, path = review_project(project)  # S4 untranslated, the title machine output
    engine = _ReviewerMidway(path)
    report = translate_project(
        config, None, ["ko"], retranslate="machine", engine_factory=lambda *_: engine
    )
    after = reread(path)
    assert engine.saved
    assert after[S4].msgstr == "이 박사는 범죄라고 했다."
    assert entry_state(after[S4]) is State.REVIEWED
    assert after[TITLE].tcomment == "check the headline with the desk"  # their note...
    assert after[TITLE].msgstr == f"MT {TITLE}"  # ...and our translation: other fields
    assert after[S1].msgstr == KO[S1] and entry_state(after[S1]) is State.REVIEWED
    assert report.kept_theirs == 1  # S4: theirs kept, counted


def test_extract_merges_again_when_a_catalog_changed_after_it_was_read(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, path = review_project(project)
    source = project / "sources" / f"{SLUG_WIRE}.txt"
    source.write_text(source.read_text() + "\nA new sentence arrived.\n", encoding="utf-8")
    real = extract_module.changed_since

    def reviewer_saves_first(target: Path, snapshot: Snapshot | None) -> bool:
        if target == path:  # the reviewer's save lands between our read and our write
            edit_on_disk(path, S3, msgstr="단체들은 200명이 송환됐다고 밝혔다.", flags=[])
        return real(target, snapshot)

    monkeypatch.setattr(extract_module, "changed_since", reviewer_saves_first)
    extract_module.extract(config, None, ["ko"])
    after = reread(path)
    assert after[S3].msgstr == "단체들은 200명이 송환됐다고 밝혔다."  # their save kept
    assert entry_state(after[S3]) is State.REVIEWED
    assert "A new sentence arrived." in after  # our change applied onto theirs
    assert after[S1].msgstr == KO[S1]


def test_two_edits_of_one_catalog_merge_entry_by_entry(project: Path) -> None:
    config, path = review_project(project)
    first, second = CatalogEdit(path, config.root), CatalogEdit(path, config.root)
    first.po.find(S2).msgstr = "첫 번째 편집"
    first.po.find(S2).flags = []
    assert first.commit().written
    second.po.find(S2).msgstr = "두 번째 편집"  # the same field, changed meanwhile: theirs
    second.po.find(S4).msgstr = "새 번역"  # an entry nobody else touched: ours
    commit = second.commit()
    assert commit.merged and commit.dropped == [("", S2)]
    after = reread(path)
    assert after[S2].msgstr == "첫 번째 편집" and after[S4].msgstr == "새 번역"


def test_review_accept_onto_a_catalog_another_tool_rewrote(project: Path) -> None:
    from transflow.review.session import Reviewer, ReviewSession

    config, path = review_project(project)
    session = ReviewSession(config, path, "ko", Reviewer("Kim"))
    edit_on_disk(path, S1, tcomment="a note from Poedit")  # another tool's save
    outcome = session.accept(("", S3), KO[S3])
    after = reread(path)
    assert outcome.written and outcome.reloaded
    assert after[S1].tcomment == "a note from Poedit" and entry_state(after[S3]) is State.REVIEWED


def test_a_second_transflow_waits_for_the_lock_and_says_so(project: Path) -> None:
    load_project(project)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with project_lock(project):
        proc = subprocess.Popen(
            [sys.executable, "-m", "transflow", "extract"],
            cwd=project,
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        ready, _, _ = select.select([proc.stderr], [], [], 60)
        assert ready, "the second process never said it was waiting"
        line = proc.stderr.readline()
        assert "waiting for transflow (pid" in line and ".transflow/lock" in line
        assert proc.poll() is None  # still waiting while we hold the lock
    assert proc.wait(timeout=60) == 0
    assert _catalog(project).exists()


def test_the_lock_is_reentrant_within_one_process(project: Path) -> None:
    with project_lock(project), project_lock(project):
        po = polib.POFile()
        assert po is not None


def test_an_edit_of_plural_forms_alone_is_written_and_merged(project: Path) -> None:
    config, path = review_project(project)
    po = polib.pofile(str(path), wrapwidth=78)
    po.append(polib.POEntry(msgid="%d person", msgid_plural="%d people", msgstr_plural={0: ""}))
    po.save(str(path))
    edit = CatalogEdit(path, config.root)
    edit.po.find("%d person").msgstr_plural = {0: "%d명"}
    edit_on_disk(path, S1, tcomment="someone else's note")  # the file changes meanwhile
    commit = edit.commit()
    assert commit.written and commit.merged and not commit.dropped
    after = polib.pofile(str(path))
    assert after.find("%d person").msgstr_plural == {0: "%d명"}
    assert after.find(S1).tcomment == "someone else's note"
