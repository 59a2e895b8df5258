"""The fuzz targets (tests/fuzz_targets.py) under `make test`, and the inputs fuzzing found.

Every reader of a user's file either reads it or refuses it with a user's error; anything
else is a bug. Here each target runs a bounded number of mutated examples (the Hypothesis
profile); `scripts/fuzz.py SECONDS` runs them for minutes. An input that once crashed a
target is kept in tests/data/fuzz/<target>/ and replayed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from .fuzz_targets import TARGETS, run_target

FOUND = Path(__file__).parent / "data" / "fuzz"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_target_reads_or_refuses_mutated_files(name: str) -> None:
    strategy = TARGETS[name][1]

    @settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(strategy)
    def run(data: bytes) -> None:
        run_target(name, data)

    run()


@pytest.mark.parametrize(
    "case",
    sorted(FOUND.glob("*/*")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_inputs_fuzzing_found(case: Path) -> None:
    run_target(case.parent.name, case.read_bytes())
