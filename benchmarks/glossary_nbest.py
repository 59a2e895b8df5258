"""Glossary compliance of 1-best vs glossary-aware n-best selection, on crafted n-best lists.

Crafted data (no MT model is needed): for every reviewed sentence of the sample project
that holds glossary terms, an engine's n-best list is simulated by the reviewed translation
with 0..k of its glossary terms rendered the way MT engines typically get them wrong
(탈북자 for 탈북민, 汉城 for 首尔, a dropped term...), each hypothesis with a model score that
does not know the glossary. We report the share of sentences whose chosen translation
satisfies every glossary constraint (and uses no forbidden term): the engine's 1-best vs
`select_hypothesis`.

    .venv/bin/python benchmarks/glossary_nbest.py [--n 4] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

from transflow.glossary import load_glossary
from transflow.po.conventions import State, entry_state
from transflow.po.reader import read_po
from transflow.project.config import load_project
from transflow.translate.selection import select_hypothesis

ROOT = Path(__file__).resolve().parents[1]
WRONG = {  # typical machine renderings that the glossary does not accept
    "탈북민": "탈북자",
    "강제북송": "강제 추방",
    "구금시설": "감옥",
    "서울": "소울",
    "단둥": "단동",
    "선양": "심양",
    "통일부": "통일성",
    "휴먼라이츠워치": "인권감시단",
    "서울중앙지방법원": "서울지역법원",
    "강제노동": "강요된 노동",
    "원고": "고소인",
    "구금자": "죄수",
    "북한": "북조선",
    "한국": "남조선",
    "중국": "중화",
    "재판권": "권한",
    "脱北者": "叛逃者",
    "强制遣返": "强行送回",
    "拘留中心": "监狱",
    "首尔": "汉城",
    "沈阳": "沉阳",
    "丹东": "单东",
    "统一部": "统一省",
    "人权观察": "人权监督",
    "首尔中央地方法院": "首尔中区法院",
    "强迫劳动": "被迫工作",
    "原告": "起诉人",
    "被拘留者": "犯人",
    "朝鲜": "北韩",
    "韩国": "南韩",
    "中国": "中华",
    "管辖权": "权力",
}


@dataclass
class Hyp:
    text: str
    score: float


def corrupt(text: str, variants: list[str], count: int, rng: random.Random) -> str:
    for variant in rng.sample(variants, min(count, len(variants))):
        text = text.replace(variant, WRONG.get(variant, ""))
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4, help="hypotheses per sentence")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    config = load_project(ROOT)
    glossary = load_glossary(config)
    rows = []
    for lang in config.target_languages:
        for path in sorted((config.translations_dir / lang).glob("*.po")):
            for item in read_po(path).items:
                if entry_state(item) is not State.REVIEWED:
                    continue
                report = glossary.evaluate(item.msgid, item.msgstr, lang)
                if not report.total:
                    continue
                used = [
                    v
                    for m in report.satisfied
                    for v in m.concept.variants(lang)
                    if v in item.msgstr
                ]
                hyps = [
                    Hyp(
                        corrupt(item.msgstr, used, rng.choice([0, 1, 1, 2]), rng),
                        rng.gauss(-0.5, 0.2),
                    )
                    for _ in range(args.n)
                ]
                rows.append((item.msgid, lang, hyps))
    one_best = [
        select_hypothesis(src, [max(hyps, key=lambda h: h.score)], lang, glossary)
        for src, lang, hyps in rows
    ]
    n_best = [select_hypothesis(src, hyps, lang, glossary) for src, lang, hyps in rows]
    constraints = sum(p.total for p in n_best)
    print(
        f"{len(rows)} sentences with glossary terms (ko+zh), {constraints} constraints, "
        f"{args.n} hypotheses each"
    )
    print(f"{'':24} {'all terms right':>16} {'constraints met':>16}")
    for name, picks in (("engine 1-best", one_best), ("glossary-aware n-best", n_best)):
        compliant = 100 * sum(p.compliant for p in picks) / len(rows)
        met = 100 * sum(p.satisfied for p in picks) / constraints
        print(f"{name:24} {compliant:>15.1f}% {met:>15.1f}%")


if __name__ == "__main__":
    main()
