"""The machine-output store beside a catalog (`<slug>.mt.jsonl`), damaged or hand-edited:
`stats --post-edit` refuses it naming file:line, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .harness import Fault, ids, run_fault

STORE = "translations/ko/rights-groups-urge-china.mt.jsonl"
RECORD = '{"id": "u0123456789abcdef", "engine": "argos:en-ko@1.1", "mt": "A."}\n'


def _store(data: bytes) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        (project / STORE).write_bytes(data)

    return setup


def _folder(project: Path) -> None:
    (project / STORE).mkdir()


CASES = [
    Fault(
        "store-with-a-merge-conflict",
        _store(f"{RECORD}<<<<<<< HEAD\n{RECORD}=======\n>>>>>>> theirs\n".encode()),
        ("stats", "--post-edit"),
        mentions=(f"{STORE}:2", "git merge conflict", "Keep the lines of both sides"),
    ),
    Fault(
        "store-line-no-json",
        _store(f"{RECORD}{RECORD[:-3]}\n".encode()),
        ("stats", "--post-edit", "--json"),
        mentions=(f"{STORE}:2", "not JSON", "git checkout"),
    ),
    Fault(
        "store-record-twice",
        _store(f"{RECORD}\n{RECORD}".encode()),
        ("stats", "--post-edit"),
        mentions=(f"{STORE}:3", "second record", "line 1"),
    ),
    Fault(
        "store-not-utf8",
        _store(RECORD.encode() + b'{"id": "\xff"}\n'),
        ("stats", "--post-edit"),
        mentions=(f"{STORE}:2", "not UTF-8"),
    ),
    Fault(
        "store-is-a-folder",
        _folder,
        ("stats", "--post-edit"),
        mentions=(STORE, "folder"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_post_edit_fault(tmp_path: Path, case: Fault) -> None:
    root = tmp_path / "project"
    root.mkdir()
    run_fault(case, root)
