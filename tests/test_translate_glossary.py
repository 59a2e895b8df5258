"""Terminology-aware translation: the engine's n-best list, chosen by glossary compliance."""

from __future__ import annotations

from pathlib import Path

from transflow.engines import Hypothesis
from transflow.po.catalog import load_catalog
from transflow.project.config import load_project
from transflow.translate.translate import N_BEST, translate_project

from .conftest import SLUG_WIRE, msgfmt_check, run_cli, write

GLOSSARY = """\
en,ko,zh,ko.forbidden,note
U.N. Human Rights Council,유엔 인권이사회,联合国人权理事会,,
Seoul,서울,首尔,,
"""


class CraftedEngine:
    """Returns crafted n-best lists: the model's favourite ignores the glossary."""

    name = "crafted"
    provenance = "crafted:test@1"

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.calls: list[int] = []

    def translate(
        self, texts: list[str], n_best: int = 1, suppress: list[list[str]] | None = None
    ) -> list[list[Hypothesis]]:
        self.calls.append(n_best)
        out = []
        for text in texts:
            if "Human Rights Council" in text:
                hyps = [
                    Hypothesis("그들은 유엔 인권위원회에 행동을 촉구했다.", -0.1),
                    Hypothesis("그들은 국제연합 인권 이사회에 촉구했다.", -0.3),
                    Hypothesis("그들은 유엔 인권이사회에 행동을 촉구했다.", -0.6),
                    Hypothesis("그들은 유엔인권이사회에 행동을 촉구했다.", -0.4),
                ]
            else:
                hyps = [Hypothesis(f"[{self.lang}] {text}", -0.2 - i / 10) for i in range(4)]
            out.append(hyps[:n_best])
        return out


def test_translate_keeps_the_hypothesis_satisfying_the_glossary(project: Path) -> None:
    write(project / "glossary" / "terms.csv", GLOSSARY)
    assert run_cli("extract", cwd=project).code == 0
    engines: dict[str, CraftedEngine] = {}

    def factory(config, source, target):
        engines[target] = CraftedEngine(target)
        return engines[target]

    translate_project(load_project(project), engine_factory=factory)
    assert {n for e in engines.values() for n in e.calls} == {N_BEST}
    po = load_catalog(project / "translations" / "ko" / f"{SLUG_WIRE}.po")
    msgfmt_check(Path(po.fpath))
    entry = next(e for e in po if "Human Rights Council" in e.msgid)
    # 1-best (-0.1) misses the term; of the two compliant ones, the better model score wins
    assert entry.msgstr == "그들은 유엔인권이사회에 행동을 촉구했다."
    assert "transflow: mt=crafted:test@1 score=-0.40 glossary=1/1 pick=4/4" in entry.comment
    seoul = next(e for e in po if "Seoul" in e.msgid)
    assert "glossary=0/1" in seoul.comment and "pick=1/4" in seoul.comment
    plain = next(e for e in po if "Seoul" not in e.msgid and "Council" not in e.msgid)
    assert "glossary" not in plain.comment


def test_without_glossary_the_engine_is_asked_for_one(project: Path) -> None:
    assert run_cli("extract", cwd=project).code == 0
    engines: list[CraftedEngine] = []

    def factory(config, source, target):
        engines.append(CraftedEngine(target))
        return engines[-1]

    translate_project(load_project(project), engine_factory=factory)
    assert {n for e in engines for n in e.calls} == {1}
