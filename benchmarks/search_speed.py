"""How fast `transflow search` answers on a large project, cold and warm.

Builds the project of `check_scale.py` (N segments per language in ko and zh, 500 a PO
file), then times `search_project` for a few queries: the first run (no cache: every
catalog read and indexed into .transflow/), then warm runs (the cache current: each file
stat'ed, the keys read and searched), and a run after one catalog changed. The issue's
bar: under 0.5 s warm on a 100k-entry project. The machine's load average is printed: on
a shared machine the same run takes several times longer under load.

    .venv/bin/python benchmarks/search_speed.py                  # 100k per language
    .venv/bin/python benchmarks/search_speed.py --sizes 10000 100000 --runs 7
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_scale import make_project  # noqa: E402  (the benchmark's own generator)

# A term or a case number, as a desk looks one up (tens of hits); then sentences of the
# generator's eight templates (each in an eighth of the project: thousands of hits, the worst
# case: every hit is counted); then nothing.
QUERIES = [
    "cases/12346)", "第123号", "123호 ", "detention centers", "압록강", "强制遣返",
    "zzz-no-such-text",
]  # fmt: skip


def _search(folder: Path, query: str) -> tuple[float, float, int, int]:
    """Seconds (wall clock, and this process's CPU time, which other processes on a busy
    machine disturb less), hits and files re-read of one search, the project loaded as a
    command does."""
    from transflow.project.config import load_project
    from transflow.translate.search import search_project

    start, cpu = time.perf_counter(), time.process_time()
    result = search_project(load_project(folder), query)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, result.total, result.reread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per query")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            files = make_project(folder, size)
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"{size:,} segments per language (ko, zh): {files} PO files; load {load}")
            seconds, cpu, _, _ = _search(folder, QUERIES[0])
            print(f"  first run (index built): {seconds:.2f} s (CPU {cpu:.2f} s)")
            for query in QUERIES:
                times, cpus = [], []
                for _ in range(args.runs):
                    seconds, cpu, hits, _ = _search(folder, query)
                    times.append(seconds)
                    cpus.append(cpu)
                print(
                    f"  warm {query!r}: median {statistics.median(times) * 1000:.0f} ms, "
                    f"best {min(times) * 1000:.0f} ms (CPU median "
                    f"{statistics.median(cpus) * 1000:.0f} ms), {hits:,} hits"
                )
            catalog = next((folder / "translations" / "ko").glob("*.po"))
            catalog.write_text(catalog.read_text("utf-8") + "\n", "utf-8")
            seconds, cpu, _, reread = _search(folder, QUERIES[0])
            print(
                f"  after one catalog changed: {seconds * 1000:.0f} ms (CPU {cpu * 1000:.0f} "
                f"ms; {reread} re-read)"
            )


if __name__ == "__main__":
    main()
