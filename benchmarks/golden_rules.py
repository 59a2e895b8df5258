"""Score `transflow.extract.segmentation.split_sentences` on the English "Golden Rules".

The Golden Rules are pragmatic_segmenter's sentence-boundary test cases, also published with
pySBD (`tests/lang/test_english.py`). They are *not* copied into this repository; the script
reads them from one of:

* `--cases FILE`: a JSON list of `{"text": ..., "expected": [...]}` objects, or a pySBD-style
  test module (`.py`) holding a list of `(text, expected)` tuples / `pytest.param(...)` calls;
* otherwise, a copy of pySBD's test module shipped next to the installed `pysbd` package
  (wheels on PyPI do not ship it today, so in practice pass `--cases`).

A case passes when the segments, each `.strip()`-ed, equal the expected list: the comparison
pySBD's own tests make.

    PYTHONPATH=src python benchmarks/golden_rules.py --cases /work/golden_rules_en.json -v
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

Case = tuple[str, list[str]]


def _installed_case_files() -> list[Path]:
    """pySBD test modules that ship with the installed package, if any."""
    try:
        import pysbd
    except ImportError:
        return []
    root = Path(pysbd.__file__).resolve().parent
    candidates = [
        root / "tests" / "lang" / "test_english.py",
        root / "tests" / "test_english.py",
        root.parent / "tests" / "lang" / "test_english.py",
    ]
    return [p for p in candidates if p.is_file()]


def _cases_from_python(source: str) -> list[Case]:
    """The first list of (text, expected) pairs in a test module, without importing it."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.List) or not node.elts:
            continue
        cases: list[Case] = []
        for elt in node.elts:
            if isinstance(elt, ast.Call):  # pytest.param(text, expected, marks=...)
                args = elt.args[:2]
            elif isinstance(elt, ast.Tuple):
                args = elt.elts[:2]
            else:
                break
            try:
                text, expected = (ast.literal_eval(a) for a in args)
            except ValueError:
                break
            if not (isinstance(text, str) and isinstance(expected, list)):
                break
            cases.append((text, expected))
        else:
            return cases
    raise ValueError("no list of (text, expected) cases found")


def load_cases(path: Path) -> list[Case]:
    """Read cases from a JSON file or a pySBD-style Python test module."""
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return _cases_from_python(source)
    return [(c["text"], list(c["expected"])) for c in json.loads(source)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, help="JSON or .py file with the cases")
    parser.add_argument("--lang", default="en", help="language passed to split_sentences")
    parser.add_argument("-v", "--verbose", action="store_true", help="show failing cases")
    parser.add_argument("--min-score", type=int, default=0, help="exit 1 below this score")
    args = parser.parse_args(argv)

    path = args.cases
    if path is None:
        shipped = _installed_case_files()
        if not shipped:
            parser.error("pysbd ships no test data here; pass --cases FILE")
        path = shipped[0]
    cases = load_cases(path)

    from transflow.extract.segmentation import split_sentences

    failures = []
    for number, (text, expected) in enumerate(cases, 1):
        got = [s.strip() for s in split_sentences(text, args.lang)]
        if got != expected:
            failures.append((number, text, expected, got))
    score = len(cases) - len(failures)
    print(f"score {score}/{len(cases)}  ({path})")
    for number, text, expected, got in failures:
        print(f"FAIL rule {number}: {text!r}")
        if args.verbose:
            print(f"  expected: {expected!r}\n  got:      {got!r}")
    return 0 if score >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())
