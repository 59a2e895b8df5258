"""How many machine-translation calls fuzzy translation-memory pre-fill saves.

Copies the sample project, files an updated version of its reviewed article
(`seoul-court-rules-on-detention-center-abuses`) under a new slug, with a word changed in
several sentences and a paragraph added (as a wire service re-files a story), extracts it,
and runs `translate` twice with an engine that counts the segments it is asked for: with
`[tm] min_score` at its default (75) and at 100 (exact matches only, the behaviour before
fuzzy pre-fill). Prints the segments of the update, where each came from, and the calls saved.

    .venv/bin/python benchmarks/tm_leverage.py
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLUG = "seoul-court-rules-on-detention-center-abuses"
EDITS = [  # one word each, in five sentences
    ("A Seoul court on Thursday", "A Seoul court on Friday"),
    ("she spent 11 months", "she spent 14 months"),
    ("held for up to 11 months", "held for up to 14 months"),
    ("Legal experts say", "Legal scholars say"),
    ("said it respected the decision", "said it welcomed the decision"),
]
ADDED = "\n\nThe plaintiffs' lawyers said they would appeal to the Supreme Court.\n"


class CountingEngine:
    name = "counting"
    provenance = "counting:bench@1"

    def __init__(self) -> None:
        self.calls = 0

    def translate(
        self, texts: list[str], n_best: int = 1, suppress: list[list[str]] | None = None
    ) -> list[list[object]]:
        from transflow.engines import Hypothesis

        self.calls += len(texts)
        return [[Hypothesis(f"MT {text}", -0.5)] for text in texts]


def _run(folder: Path, min_score: int) -> tuple[int, int, int]:
    """MT calls, segments from memory, of which fuzzy."""
    from transflow.extract.extract import extract
    from transflow.project.config import load_project
    from transflow.translate.translate import translate_project

    with (folder / "transflow.toml").open("a", encoding="utf-8") as config:
        config.write(f"\n[tm]\nmin_score = {min_score}\n")
    extract(load_project(folder), [f"{SLUG}-update"], ["ko"])
    engine = CountingEngine()
    report = translate_project(
        load_project(folder), [f"{SLUG}-update"], ["ko"], engine_factory=lambda p, s, t: engine
    )
    return engine.calls, report.from_tm, report.from_tm_fuzzy


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        runs = {}
        for min_score in (75, 100):
            folder = Path(tmp) / str(min_score)
            shutil.copytree(ROOT, folder, ignore=shutil.ignore_patterns(".*", "*.egg-info"))
            for name in ("src", "tests", "benchmarks", "docs", "scripts", "editions"):
                shutil.rmtree(folder / name, ignore_errors=True)
            source = (folder / "sources" / f"{SLUG}.md").read_text(encoding="utf-8")
            for old, new in EDITS:
                assert old in source, old
                source = source.replace(old, new)
            source = source.replace(f"slug: {SLUG}", f"slug: {SLUG}-update") + ADDED
            (folder / "sources" / f"{SLUG}-update.md").write_text(source, encoding="utf-8")
            runs[min_score] = _run(folder, min_score)
        (fuzzy_calls, from_tm, fuzzy), (exact_calls, exact_tm, _) = runs[75], runs[100]
        total = fuzzy_calls + from_tm
        print(f"updated article: {total} segments, {len(EDITS)} edited by one word, 1 added")
        print(f"[tm] min_score = 75:  {from_tm} from memory ({fuzzy} fuzzy), {fuzzy_calls} MT")
        print(f"[tm] min_score = 100: {exact_tm} from memory, {exact_calls} MT")
        print(f"MT calls saved by fuzzy pre-fill: {exact_calls - fuzzy_calls} of {exact_calls}")


if __name__ == "__main__":
    main()
