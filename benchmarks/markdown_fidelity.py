"""Markdown fidelity over the CommonMark spec's examples: the counts of issue 11.

Each of the spec's 652 examples (tests/data/commonmark-spec-0.31.2.json) becomes an article,
is extracted, translated segment by segment and reassembled; the edition is rendered with
markdown-it-py beside the source (tests/test_markdown_fidelity.py says how, and asserts the
99% threshold). Printed for identity translations and for changed ones (each segment's words
reversed and upper-cased, its markup kept): how many examples hold prose, how many pass, and
the failures by spec section, those that render differently and those where a segment
boundary falls inside inline markup.

    PYTHONPATH=src python benchmarks/markdown_fidelity.py        # the counts
    PYTHONPATH=src python benchmarks/markdown_fidelity.py -v     # and each failure
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.test_markdown_fidelity


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="show every failure")
    args = parser.parse_args()

    from tests.test_markdown_fidelity import CHANGED, IDENTITY, THRESHOLD, count

    for translation in (IDENTITY, CHANGED):
        started = time.perf_counter()
        counts = count(translation)
        seconds = time.perf_counter() - started
        share = counts.passing / counts.prose if counts.prose else 0.0
        print(
            f"{translation.name:>8}: {counts.examples} examples, {counts.prose} with prose, "
            f"{counts.passing} pass ({share:.2%}; threshold {THRESHOLD:.0%}), "
            f"{sum(counts.different.values())} render differently, "
            f"{sum(counts.cut.values())} with a boundary inside markup  [{seconds:.1f} s]"
        )
        for label, by_section in (("render differently", counts.different), ("cut", counts.cut)):
            for section, n in sorted(by_section.items()):
                print(f"          {label}: {section}: {n}")
        if args.verbose:
            for example, outcome in counts.failures:
                print(f"\n  #{example['example']} ({example['section']})")
                print(f"    source:  {example['markdown']!r}")
                print(f"    edition: {outcome.edition!r}")
                print(f"    cut:     {outcome.cut}")
                print(f"    html:    {outcome.source_html!r}")
                print(f"         vs  {outcome.edition_html!r}")


if __name__ == "__main__":
    main()
