"""Fuzz the readers of user files for a while (tests/fuzz_targets.py).

    .venv/bin/python scripts/fuzz.py 600             # 10 minutes, shared among the targets
    .venv/bin/python scripts/fuzz.py 120 po csv      # 2 minutes each for two targets

Prints, per target, the examples run and the first failure (Hypothesis shrinks it to a
small input, written to tests/data/fuzz/<target>/ to be kept as a regression test).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz_targets import TARGETS, run_target  # noqa: E402

FOUND = ROOT / "tests" / "data" / "fuzz"
ROUND = 500  # examples per round: the time limit is checked between rounds


def fuzz(name: str, seconds: float) -> tuple[int, BaseException | None]:
    """Run one target in rounds of random examples until `seconds` are up or it fails."""
    strategy = TARGETS[name][1]
    count = 0
    failure: list[tuple[bytes, BaseException]] = []

    @settings(
        max_examples=ROUND,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(data: bytes) -> None:
        nonlocal count
        count += 1
        try:
            run_target(name, data)
        except Exception as exc:
            failure[:] = [(data, exc)]  # the last one raised: the shrunk input
            raise

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            run()
        except Exception:
            if not failure:
                raise
            data, exc = failure[0]
            folder = FOUND / name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / hashlib.sha256(data).hexdigest()[:12]).write_bytes(data)
            return count, exc
    return count, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", type=float, help="time for all the targets together")
    parser.add_argument("targets", nargs="*", default=sorted(TARGETS))
    args = parser.parse_args()
    each = args.seconds / len(args.targets)
    failed = 0
    for name in args.targets:
        start = time.monotonic()
        count, exc = fuzz(name, each)
        took = time.monotonic() - start
        if exc is None:
            print(f"{name:9} {count:>8,} inputs in {took:5.0f} s: no failure", flush=True)
        else:
            failed += 1
            kind = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            print(f"{name:9} {count:>8,} inputs in {took:5.0f} s: FAILED {kind}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
