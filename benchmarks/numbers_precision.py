"""The numbers check on the evaluation set of issue 13: false alarms and recall.

tests/data/numbers_eval.tsv holds professional-style en->zh and en->ko news translations
whose numbers agree with their source (tests/test_numbers_eval.py says how the figures are
made, and asserts the thresholds). Printed: segments, false alarms (pairs on which the
numbers check reports anything), and recall on injected digit changes (one digit of each
form a translation holds: ASCII, full-width, Chinese numerals, Korean native numerals),
by form. With --baseline, the same figures for another tree's transflow beside this one's
(the evaluation set and the mutants are this tree's for both).

    PYTHONPATH=src python benchmarks/numbers_precision.py
    PYTHONPATH=src python benchmarks/numbers_precision.py --baseline /work/main/src -v
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.test_numbers_eval


def figures(verbose: bool) -> dict[str, Any]:
    """The evaluation of the transflow on sys.path, as plain data."""
    from tests.test_numbers_eval import evaluate, load_pairs

    result = evaluate(load_pairs())
    return {
        "segments": result.pairs,
        "false_alarms": len(result.false_alarms),
        "false_alarm_rate": result.false_alarm_rate,
        "mutants": dict(result.mutants),
        "caught": dict(result.caught),
        "recall": result.recall,
        "alarm_list": [
            [p.lang, p.note, p.source, p.translation, found] for p, found in result.false_alarms
        ]
        if verbose
        else [],
        "missed_list": [[p.lang, form, p.source, mutant] for p, form, mutant in result.missed]
        if verbose
        else [],
    }


def baseline_figures(src: Path, verbose: bool) -> dict[str, Any]:
    """The same figures for the transflow under `src`, in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, __file__, "--json", *(["-v"] if verbose else [])]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def show(label: str, f: dict[str, Any]) -> None:
    by_form = ", ".join(
        f"{form} {f['caught'].get(form, 0)}/{n}" for form, n in f["mutants"].items()
    )
    print(
        f"{label:>9}: {f['segments']} segments, false alarms {f['false_alarms']} "
        f"({f['false_alarm_rate']:.1%}), recall {sum(f['caught'].values())}/"
        f"{sum(f['mutants'].values())} ({f['recall']:.1%}; {by_form})"
    )
    for lang, note, source, translation, found in f["alarm_list"]:
        print(f"           alarm [{lang}, {note}] {source}\n             {translation}")
        for message in found:
            print(f"               {message}")
    for lang, form, source, mutant in f["missed_list"]:
        print(f"           missed [{lang}, {form}] {source}\n             {mutant}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, help="another tree's src/ to compare with")
    parser.add_argument("-v", "--verbose", action="store_true", help="list alarms and misses")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(figures(args.verbose)))
        return
    if args.baseline:
        show("baseline", baseline_figures(args.baseline, args.verbose))
    show("this tree", figures(args.verbose))


if __name__ == "__main__":
    main()
