"""Korean word boundaries of glossary terms: the counts of issue 13.

Runs every case of tests/data/korean_terms.csv (short required terms with particles, in
compounds, at the start of or inside other words; forbidden variants glued into compounds or
made by joining words) with the rule alone and with the kiwipiepy analyzer (when installed),
and prints how many each gets right, by kind, and the rows each gets wrong.

    PYTHONPATH=src python benchmarks/korean_terms.py           # the counts and the misses
    PYTHONPATH=src python benchmarks/korean_terms.py --write   # record both answers in the CSV
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.test_korean_terms

from tests.test_korean_terms import CASES, cases, judge  # noqa: E402

from transflow.glossary import korean  # noqa: E402


def answers(rows: list[dict[str, str]], analyze: bool) -> list[int]:
    real = korean.analyzer
    if not analyze:
        korean.analyzer = lambda: None  # type: ignore[assignment]
    try:
        return [judge(row) for row in rows]
    finally:
        korean.analyzer = real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="record the answers in the CSV")
    args = parser.parse_args()
    rows = cases()
    paths = {"rule": answers(rows, analyze=False)}
    if korean.available():
        started = time.perf_counter()
        korean.analyzer()
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        paths["kiwi"] = answers(rows, analyze=True)
        took = time.perf_counter() - started
        print(f"kiwipiepy: loaded in {loaded:.1f} s; the {len(rows)} cases in {took:.2f} s")
    else:
        print("kiwipiepy is not installed: the rule only (pip install 'transflow[korean]')")
    kinds = sorted({r["kind"] for r in rows})
    for name, got in paths.items():
        right = [int(r["expected"]) == g for r, g in zip(rows, got, strict=True)]
        by_kind = ", ".join(
            f"{kind} {sum(ok for r, ok in zip(rows, right, strict=True) if r['kind'] == kind)}"
            f"/{sum(r['kind'] == kind for r in rows)}"
            for kind in kinds
        )
        print(f"{name}: {sum(right)}/{len(rows)} right ({by_kind})")
        for r, g, ok in zip(rows, got, right, strict=True):
            if not ok:
                print(f"  wrong: {r['kind']} {r['term']} in {r['sentence']!r}: {g} ({r['why']})")
    if args.write:
        for name, got in paths.items():
            for r, g in zip(rows, got, strict=True):
                r[name] = str(g)
        with CASES.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"recorded in {CASES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
