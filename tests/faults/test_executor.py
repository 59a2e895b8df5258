"""`translate --executor` that cannot run: the user's error (exit 2) naming the option's value
and what to do, before any work, so nothing is written. (Without Ray installed:
tests/test_translate_ray.py, which hides it.)"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from .harness import Fault, ids, run_fault


def _closed_port() -> int:
    with socket.socket() as sock:  # bound, then closed: nothing listens there
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _nothing(project: Path) -> None:
    pass


PORT = _closed_port()
CASES = [
    Fault(
        "executor-unknown",
        _nothing,
        ("translate", "--executor", "spark"),
        mentions=("unknown executor 'spark'", "--executor ray=ADDRESS"),
    ),
    Fault(
        "executor-ray-address-unreadable",
        _nothing,
        ("translate", "--executor", "ray=head-node"),
        mentions=("cannot read the Ray address 'head-node'", "ray://HOST:PORT"),
    ),
    Fault(
        "executor-ray-cluster-unreachable",
        _nothing,
        ("translate", "--executor", f"ray=ray://127.0.0.1:{PORT}"),
        mentions=(f"cannot reach the Ray cluster at ray://127.0.0.1:{PORT}", "ray start --head"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_executor_fault(tmp_path: Path, case: Fault) -> None:
    if "ray" in case.id:
        pytest.importorskip("ray")
    run_fault(case, tmp_path)
