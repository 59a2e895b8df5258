"""Glossary compliance: 1-best, n-best reranking, and decode-time suppression.

1. Crafted n-best lists (no MT model is needed): for every reviewed sentence of the sample
   project that holds glossary terms, an engine's n-best list is simulated by the reviewed
   translation with 0..k of its glossary terms rendered the way MT engines typically get
   them wrong (탈북자 for 탈북민, 汉城 for 首尔, a dropped term...), each hypothesis with a
   model score that does not know the glossary: the engine's 1-best vs `select_hypothesis`.

2. A real model, decoded: a tiny CTranslate2 model built at run time (as
   `tests/argos_fixtures.py` builds them) that copies its input, shaped so that where it
   copies an approved term it prefers that term's typical wrong rendering (the table below),
   the approved term being its next best. Its input is the reviewed translation, so its
   1-best is that translation with every listed term wrong. The glossary is the sample's
   with those wrong renderings added as forbidden variants (what a desk does with the
   renderings it keeps correcting). Each sentence is decoded four ways through
   `ArgosEngine.translate`: 1-best, 1-best with the forbidden variants of its source terms
   suppressed (`translate.selection.suppression`), n-best reranked (`select_hypothesis`),
   and both, as `transflow translate` runs. Suppression covers the terms of the source
   sentence: where the reviewed translation holds a term its source does not (南韩统一部
   for "Ministry of Unification": South Korea is not in the source), the model's wrong
   rendering is not suppressed, and only the reranker can catch it.

Both report the share of sentences whose chosen translation satisfies every glossary
constraint and uses no forbidden variant ("all terms right").

3. With `--speed`, what suppression costs: the 500 news sentences of
   `benchmarks/translate_speed.py` with the sample glossary, decoded n-best by a Transformer
   base with random weights (decode length capped at 40 tokens), with and without their
   forbidden variants suppressed, in chunks of 64 as `transflow translate` sends them
   (texts with different sets are decoded in separate calls), runs interleaved.

    .venv/bin/python benchmarks/glossary_nbest.py [--n 4] [--seed 7] [--speed --runs 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from transflow.glossary import load_glossary
from transflow.glossary.korean import is_hangul
from transflow.glossary.model import Glossary
from transflow.po.conventions import State, entry_state
from transflow.po.reader import read_po
from transflow.project.config import load_project
from transflow.project.project import Project
from transflow.translate.selection import Selection, select_hypothesis, suppression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.argos_fixtures
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


def reviewed(config: Project, glossary: Glossary) -> list[tuple[str, str, str]]:
    """(source, translation, language) of the sample's reviewed entries with glossary terms."""
    rows = []
    for lang in config.target_languages:
        for path in sorted((config.translations_dir / lang).glob("*.po")):
            for item in read_po(path).items:
                if entry_state(item) is not State.REVIEWED:
                    continue
                if glossary.evaluate(item.msgid, item.msgstr, lang).total:
                    rows.append((item.msgid, item.msgstr, lang))
    return rows


def crafted(config: Project, glossary: Glossary, n: int, rng: random.Random) -> None:
    rows = []
    for source, target, lang in reviewed(config, glossary):
        report = glossary.evaluate(source, target, lang)
        used = [v for m in report.satisfied for v in m.concept.variants(lang) if v in target]
        hyps = [
            Hyp(corrupt(target, used, rng.choice([0, 1, 1, 2]), rng), rng.gauss(-0.5, 0.2))
            for _ in range(n)
        ]
        rows.append((source, lang, hyps))
    one_best = [
        select_hypothesis(src, [max(hyps, key=lambda h: h.score)], lang, glossary)
        for src, lang, hyps in rows
    ]
    n_best = [select_hypothesis(src, hyps, lang, glossary) for src, lang, hyps in rows]
    constraints = sum(p.total for p in n_best)
    print(
        f"1. crafted n-best lists: {len(rows)} sentences with glossary terms (ko+zh), "
        f"{constraints} constraints, {n} hypotheses each"
    )
    table([("engine 1-best", one_best), ("glossary-aware n-best", n_best)], constraints)


def table(columns: list[tuple[str, list[Selection]]], constraints: int) -> None:
    print(f"   {'':34} {'all terms right':>16} {'constraints met':>16}")
    for name, picks in columns:
        compliant = 100 * sum(p.compliant for p in picks) / len(picks)
        met = 100 * sum(p.satisfied for p in picks) / constraints
        print(f"   {name:34} {compliant:>15.1f}% {met:>15.1f}%")


def with_wrong_forbidden(glossary: Glossary, pairs: dict[str, str]) -> Glossary:
    """The glossary with the WRONG rendering of an approved rendering added as forbidden to
    the concepts it renders (拘留者 renders 被拘留者 too: a substring is a match)."""
    concepts = []
    for concept in glossary.concepts:
        forbidden = {lang: list(v) for lang, v in concept.forbidden.items()}
        for lang, variants in concept.terms.items():
            for approved, wrong in pairs.items():
                script = "ko" if is_hangul(approved[0]) else "zh"
                if script != lang or wrong in forbidden.get(lang, []):
                    continue
                if any(v in approved for v in variants):
                    forbidden.setdefault(lang, []).append(wrong)
        concepts.append(
            dataclasses.replace(concept, forbidden={k: tuple(v) for k, v in forbidden.items()})
        )
    return Glossary(concepts, glossary.source_language)


def decoded(config: Project, sample: Glossary, n: int) -> None:
    from tests.argos_fixtures import make_package, train_sentencepiece, training_lines

    from transflow.engines.argos.engine import ArgosEngine
    from transflow.engines.argos.packages import read_package

    # the shaped pairs: one piece each (SentencePiece user symbols), no spaces inside
    # (叛逃者 is an approved Chinese variant of "defector": not wrong, left out)
    approved = {v for c in sample.concepts for vs in c.terms.values() for v in vs}
    pairs = {a: w for a, w in WRONG.items() if w and " " not in w and w not in approved}
    glossary = with_wrong_forbidden(sample, pairs)
    rows = reviewed(config, glossary)
    symbols = tuple(dict.fromkeys([*pairs, *pairs.values()]))
    lines = [*training_lines(), *(t for _, t, _ in rows)]
    sp = train_sentencepiece(lines, vocab_size=1500, symbols=symbols)
    shape = tuple((a, w, 1.5) for a, w in pairs.items())  # w: 1.5 x a copy; a itself: 1.0
    picks: dict[str, list[Selection]] = {}
    kept = suppressed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("ko", "zh"):
            mine = [(src, tgt) for src, tgt, lg in rows if lg == lang]
            folder = make_package(Path(tmp), "en", lang, sp_model=sp, shape=shape)
            engine = ArgosEngine(read_package(folder))
            terms = [glossary.find_terms(src) for src, _ in mine]
            plans = [suppression(found, lang, engine.suppress_sequences) for found in terms]
            kept += sum(len(p.kept) for p in plans)
            suppressed += sum(len(p.variants) for p in plans)
            inputs = [tgt for _, tgt in mine]
            for name, count, suppress in (
                ("engine 1-best", 1, None),
                ("1-best, forbidden suppressed", 1, [p.strings for p in plans]),
                ("glossary-aware n-best", n, None),
                ("suppressed + n-best (translate)", n, [p.strings for p in plans]),
            ):
                hyps = engine.translate(inputs, count, suppress=suppress)
                picks.setdefault(name, []).extend(
                    select_hypothesis(src, h, lang, glossary, found)
                    for (src, _), h, found in zip(mine, hyps, terms, strict=True)
                )
    constraints = sum(p.total for p in picks["engine 1-best"])
    print(
        f"2. decoded by a shaped CTranslate2 model: {len(rows)} sentences (ko+zh), "
        f"{constraints} constraints, {len(pairs)} terms it renders wrong; "
        f"{suppressed} forbidden variants suppressed, {kept} left to the reranker "
        "(approved for another term of the sentence, not in the model's vocabulary, or "
        "their tokens inside an approved term's)"
    )
    table(list(picks.items()), constraints)


def speed(sample: Glossary, n: int, runs: int) -> None:
    import time
    from functools import cache

    from tests.argos_fixtures import make_package, train_sentencepiece, training_lines
    from translate_speed import news_sentences  # beside this script

    from transflow.engines.argos.engine import ArgosEngine, EngineSettings
    from transflow.engines.argos.packages import read_package
    from transflow.translate.translate import CHUNK

    sentences = news_sentences(500)
    with tempfile.TemporaryDirectory() as tmp:
        sp = train_sentencepiece([*training_lines(2000), *sentences], vocab_size=8000)
        folder = make_package(Path(tmp), "en", "ko", kind="random", sp_model=sp)
        settings = EngineSettings(max_decoding_length=40, decoding_length_ratio=0)
        engine = ArgosEngine(read_package(folder), settings)
        chunks = [sentences[i : i + CHUNK] for i in range(0, len(sentences), CHUNK)]
        engine.translate(chunks[0][:2], n)  # load the model
        plain: list[float] = []
        suppressed: list[float] = []
        groups = with_terms = 0
        for _ in range(runs):
            t0 = time.perf_counter()
            for chunk in chunks:
                engine.translate(chunk, n)
            plain.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            tokens = cache(engine.suppress_sequences)
            groups = with_terms = 0
            for chunk in chunks:
                plans = [suppression(sample.find_terms(t), "ko", tokens) for t in chunk]
                engine.translate(chunk, n, suppress=[p.strings for p in plans])
                groups += len({tuple(sorted(p.strings)) for p in plans})
                with_terms += sum(bool(p.strings) for p in plans)
            suppressed.append(time.perf_counter() - t0)
    print(
        f"3. cost: {len(sentences)} sentences, {with_terms} with forbidden variants to "
        f"suppress, {len(chunks)} chunks of {CHUNK} decoded in {groups} calls "
        f"(1 set each), Transformer base (random), {n}-best, {runs} runs interleaved"
    )
    for name, times in (("n-best", plain), ("n-best, forbidden suppressed", suppressed)):
        spread = ", ".join(f"{t:.1f}" for t in times)
        print(f"   {name:34} best {min(times):6.1f} s   (runs: {spread})")
    print(f"   suppression costs {100 * (min(suppressed) / min(plain) - 1):+.1f}% (best of each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4, help="hypotheses per sentence")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--speed", action="store_true", help="also measure what it costs")
    parser.add_argument("--runs", type=int, default=3, help="--speed runs (interleaved)")
    args = parser.parse_args()
    config = load_project(ROOT)
    glossary = load_glossary(config)
    crafted(config, glossary, args.n, random.Random(args.seed))
    print()
    decoded(config, glossary, args.n)
    if args.speed:
        print()
        speed(glossary, args.n, args.runs)


if __name__ == "__main__":
    main()
