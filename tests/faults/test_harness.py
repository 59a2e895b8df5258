"""The harness itself: a case that passes, and the ways a case can fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import Fault, run_fault


def _break_utf8(project: Path) -> None:
    (project / "sources" / "bad.txt").write_bytes(b"bad-one\n\nTitle\n\n\xff\n")


def _remove_ko_catalog(project: Path) -> None:
    (project / "translations" / "ko" / "rights-groups-urge-china.po").unlink()


def test_a_case_that_holds(tmp_path: Path) -> None:
    case = Fault("bad-utf8-source", _break_utf8, ("extract",), 2, ("sources/bad.txt:5",))
    run_fault(case, tmp_path)


@pytest.mark.parametrize(
    "case",
    [
        Fault("wrong-exit", _break_utf8, ("extract",), 0),
        Fault("missing-mention", _break_utf8, ("extract",), 2, ("glossary/newsroom.csv",)),
        Fault("unexpected-change", _remove_ko_catalog, ("extract",), 0),
    ],
    ids=lambda c: c.id,
)
def test_the_harness_catches_a_case_that_does_not_hold(tmp_path: Path, case: Fault) -> None:
    with pytest.raises(AssertionError):
        run_fault(case, tmp_path)
