"""The numbers check on professional news translations: few false alarms, high recall
(issue 13).

`data/numbers_eval.tsv` holds English news sentences with Chinese and Korean translations
written the way newsroom translators write them, every number agreeing with its source:
ordinary numbers, dates, money and percentages, and the typography that used to raise false
alarms (240 万人, Covid-19 -> 新冠, the 1960s -> 60 年代, 80 or 90 -> 8、90 / 八九十, Indian
grouping 3,45,120, 50 per cent -> 一半 / 절반). Columns: source, lang, translation, note.

- False alarms: pairs on which the numbers check reports anything; at most 2% of them.
- Recall: for each pair, one digit of the translation changed in every form of digit it
  holds (ASCII, full-width, Chinese numerals, Korean native numerals before a counter); the
  check must report at least 97% of these mutants.

`benchmarks/numbers_precision.py` prints the figures, beside another tree's.
"""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from transflow.checks import check_entry, select_checks

EVAL_SET = Path(__file__).parent / "data" / "numbers_eval.tsv"
MAX_FALSE_ALARMS = 0.02
MIN_RECALL = 0.97


@dataclass(frozen=True)
class Pair:
    source: str
    lang: str
    translation: str
    note: str


def load_pairs(path: Path = EVAL_SET) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as f:
        return [Pair(**row) for row in csv.DictReader(f, delimiter="\t")]


# --- mutants: one digit changed, in each form of digit a translation holds -----------------

_ZH_NEXT = dict(zip("一二两三四五六七八九", "二三三四五六七八九八", strict=True))
# a Chinese numeral is a number (not the 一 of 统一 or 一些) when it is part of a run of
# numerals, follows 第, or stands before a classifier
_ZH_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ZH_CLASSIFIER = set("个名人年月日天次位项条家座岁倍周种架辆份张所艘枚成分届代季")
_KO_NEXT = {
    "한": "두",
    "두": "세",
    "세": "네",
    "네": "다섯",
    "다섯": "여섯",
    "여섯": "일곱",
    "일곱": "여덟",
    "여덟": "아홉",
    "아홉": "여덟",
}
_KO_NATIVE = re.compile(
    r"(?<![가-힣0-9])(한|두|세|네|다섯|여섯|일곱|여덟|아홉)"
    r"(?=\s?(?:명|척|개|가지|대|채|번|차례|곳|살|마리|권|배|발)(?![가-힣]{2}))"
)


def _next_digit(ch: str, zero: str) -> str:
    d = ord(ch) - ord(zero)
    return chr(ord(zero) + (d + 1 if d < 9 else d - 1))


def _zh_positions(text: str) -> list[int]:
    out = []
    for m in _ZH_RUN.finditer(text):
        word = m.group()
        after = text[m.end() : m.end() + 1]
        before = text[m.start() - 1 : m.start()]
        if len(word) > 1 or after in _ZH_CLASSIFIER or before == "第":
            out += [m.start() + i for i, ch in enumerate(word) if ch in _ZH_NEXT]
    return out


def mutants(translation: str, rng: random.Random) -> list[tuple[str, str]]:
    """(form, mutant) for each form of digit in `translation`: one digit of that form,
    chosen by `rng`, changed to another (9 becomes 8, any other digit d becomes d + 1)."""
    out = []
    for form, zero in (("ascii", "0"), ("full-width", "０")):
        places = [i for i, ch in enumerate(translation) if zero <= ch <= chr(ord(zero) + 9)]
        if places:
            i = rng.choice(places)
            out.append(
                (form, translation[:i] + _next_digit(translation[i], zero) + translation[i + 1 :])
            )
    places = _zh_positions(translation)
    if places:
        i = rng.choice(places)
        new = _ZH_NEXT[translation[i]]
        if new == "二" and not _ZH_RUN.fullmatch(translation[i - 1 : i + 2]):
            new = "两"  # before a measure word two is 两 (一枚 -> 两枚, 十一 -> 十二)
        out.append(("zh-numeral", translation[:i] + new + translation[i + 1 :]))
    natives = list(_KO_NATIVE.finditer(translation))
    if natives:
        m = rng.choice(natives)
        mutant = translation[: m.start()] + _KO_NEXT[m.group()] + translation[m.end() :]
        out.append(("ko-native", mutant))
    return out


# --- the evaluation ----------------------------------------------------------------------


@dataclass
class Evaluation:
    pairs: int = 0
    false_alarms: list[tuple[Pair, list[str]]] = field(default_factory=list)
    mutants: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    missed: list[tuple[Pair, str, str]] = field(default_factory=list)

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.pairs

    @property
    def recall(self) -> float:
        return sum(self.caught.values()) / sum(self.mutants.values())


def numbers_findings(source: str, translation: str, lang: str) -> list[str]:
    checks = [c for c in select_checks() if c.id == "numbers"]
    return [f.message for f in check_entry(source, translation, lang, checks=checks)]


def evaluate(pairs: list[Pair]) -> Evaluation:
    result = Evaluation(pairs=len(pairs))
    for index, pair in enumerate(pairs):
        found = numbers_findings(pair.source, pair.translation, pair.lang)
        if found:
            result.false_alarms.append((pair, found))
        for form, mutant in mutants(pair.translation, random.Random(index)):
            result.mutants[form] += 1
            if numbers_findings(pair.source, mutant, pair.lang):
                result.caught[form] += 1
            else:
                result.missed.append((pair, form, mutant))
    return result


def test_the_set_is_large_and_holds_both_languages() -> None:
    pairs = load_pairs()
    langs = Counter(p.lang for p in pairs)
    assert len(pairs) >= 150 and langs["zh"] >= 75 and langs["ko"] >= 75, langs
    assert len({(p.source, p.lang, p.translation) for p in pairs}) == len(pairs)


def test_false_alarms_and_recall_hold_their_thresholds() -> None:
    result = evaluate(load_pairs())
    alarms = [(p.translation, found) for p, found in result.false_alarms]
    assert result.false_alarm_rate <= MAX_FALSE_ALARMS, alarms
    missed = [(p.source, mutant) for p, _, mutant in result.missed]
    assert result.recall >= MIN_RECALL, missed


def test_mutants_change_one_digit_of_each_form() -> None:
    rng = random.Random(0)
    found = dict(mutants("２０２４年 8月 两三个人 세 명", rng))
    assert found["full-width"] != "２０２４年 8月 两三个人 세 명"
    assert found["ascii"] == "２０２４年 9月 两三个人 세 명"
    assert found["zh-numeral"] in {"２０２４年 8月 三三个人 세 명", "２０２４年 8月 两四个人 세 명"}
    assert found["ko-native"] == "２０２４年 8月 两三个人 네 명"
    assert mutants("统一部一直表示", rng) == []  # 一 in words is no numeral
