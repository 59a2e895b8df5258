"""Data-driven good/bad pairs per check family, in Korean and Chinese (Weblate-style).

Each case: (source, translation, language). GOOD pairs are what a careful human news
translator writes and must raise nothing from that family; BAD pairs carry one injected
error the family must report. The glossary used is the sample project's glossary/.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import transflow.checks.families
from transflow.checks import CHECKS, BaseCheck, check_entry, select_checks
from transflow.checks.base import SEVERITIES
from transflow.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = load_glossary([ROOT / "glossary" / "newsroom.csv"], source_language="en")

CASES: dict[str, dict[str, list[tuple[str, str, str]]]] = {
    "glossary-missing": {
        "good": [
            # particles and plural suffixes attached
            ("North Korean defectors gathered.", "탈북민들은 모였다.", "ko"),
            ("China stopped the forced repatriation.", "중국은 강제북송을 중단했다.", "ko"),
            # spacing differs from the glossary (유엔 인권이사회)
            ("The U.N. Human Rights Council met.", "유엔인권이사회가 열렸다.", "ko"),
            ("The UN Human Rights Council met.", "유엔 인권이사회가 열렸다.", "ko"),
            ("The U.N. Human Rights Council met.", "联合国人权理事会召开会议。", "zh"),
            # English inflection and possessive, hyphen/space variant
            ("Kim Jong Un’s government", "김정은 정권", "ko"),
            ("the defectors’ families", "脱北者家属", "zh"),
            # verb form listed as a variant
            ("They were forcibly repatriated in 2019.", "그들은 2019년 강제 북송됐다.", "ko"),
            # full-width/half-width folding
            ("the Human Rights Watch report", "ＨＲＷ报告，即人权观察的报告", "zh"),
            # a longer term wins: Human Rights Watch is not 'human rights'
            ("Human Rights Watch said so.", "휴먼라이츠워치가 밝혔다.", "ko"),
            # metonym rendered as the country (listed variant)
            ("Beijing rejected it.", "중국은 이를 거부했다.", "ko"),
            ("the Ministry of Unification said", "统一部表示", "zh"),
            ("the National Intelligence Service told lawmakers", "국정원은 의원들에게", "ko"),
            ("in Shenyang and Dandong", "在沈阳和丹东", "zh"),
            # a country that only modifies the next term may be absorbed by it
            ("South Korea’s Ministry of Unification said", "통일부는 밝혔다", "ko"),
            ("China’s Foreign Ministry rejected it.", "外交部拒绝了这一批评。", "zh"),
            # Korean headlines abbreviate countries with Hanja
            (
                "U.N. Panel Urges China to Halt Repatriations",
                "유엔 패널, 中에 송환 중단 촉구",
                "ko",
            ),
            # no source term at all
            ("The official declined to comment.", "당국자는 논평을 거부했다.", "ko"),
            # a short Korean term with particles, or as the first noun of a compound
            ("support for reunification", "통일에 대한 지지", "ko"),
            ("the human rights report", "인권보고서를 냈다", "ko"),
        ],
        "bad": [
            ("North Korean defectors gathered.", "북한 주민들이 모였다.", "ko"),
            ("The U.N. Human Rights Council met.", "유엔 인권위원회가 열렸다.", "ko"),
            ("China stopped the forced repatriation.", "中国停止了遣返。", "zh"),
            ("in Shenyang", "在瀋陽", "zh"),
            ("Kim Jong-un’s government", "김정일 정권", "ko"),
            ("the refugee status", "难民问题", "zh"),
            # not absorbed: the country is not a modifier of another rendered term
            ("North Korea’s mission in Geneva", "在日内瓦的代表团", "zh"),
            # a short Korean term at the start of another word: 통일성 is "consistency"
            ("support for reunification", "정책의 통일성에 대한 지지", "ko"),
        ],
    },
    "glossary-forbidden": {
        "good": [
            ("North Korean defectors gathered.", "탈북민들이 모였다.", "ko"),
            # a forbidden string inside an approved term of another concept is fine
            ("He moved to Seoul.", "그는 서울로 이주했다.", "ko"),
            # spacing-insensitive matching does not join two words: 집단 동원 is no 단동
            ("They mobilised groups.", "그들은 집단 동원을 했다.", "ko"),
            ("They mobilised groups.", "그들은 집단동원을 했다.", "ko"),
            ("in Seoul", "在首尔", "zh"),
        ],
        "bad": [
            ("North Korean defectors gathered.", "탈북자들이 모였다.", "ko"),
            # glued into a compound
            ("North Korean defectors gathered.", "북한탈북자들이 모였다.", "ko"),
            ("in Dandong", "단동에서", "ko"),
            ("in Seoul", "在汉城", "zh"),
            ("North Korea said", "北韩表示", "zh"),
        ],
    },
    "numbers": {
        "good": [
            ("viewed more than 3.5 million times", "350만 회 이상 조회됐다", "ko"),
            ("viewed more than 3.5 million times", "观看次数超过350万次", "zh"),
            ("viewed more than 3.5 million times", "3백50만 회 이상", "ko"),
            ("about 1,200 North Koreans", "약 1200명의 북한 주민", "ko"),
            ("about 1,200 North Koreans", "约1 200名朝鲜人", "zh"),
            ("about 1,200 North Koreans", "약 1,200명", "ko"),
            ("a 12.4% increase", "12.4퍼센트 증가", "ko"),
            ("a 12.4% increase", "增长百分之十二点四", "zh"),
            ("a 12.4% increase", "증가율 12.4％", "ko"),
            ("pay 50 million won, or about $35,000", "5천만 원(약 3만5천 달러)", "ko"),
            ("pay 50 million won, or about $35,000", "5000万韩元（约合3.5万美元）", "zh"),
            ("pay 50 million won, or about $35,000", "5,000만 원(약 3만 5000달러)", "ko"),
            ("on Jan. 9, 2024, that", "2024년 1월 9일", "ko"),
            ("on Jan. 9, 2024, that", "2024年1月9日", "zh"),
            ("at 3 p.m. in Geneva on Nov. 24", "11월 24일 오후 3시 제네바에서", "ko"),
            ("at 3 p.m. in Geneva on Nov. 24", "11月24日15时在日内瓦", "zh"),
            ("on June 3.", "6월 3일.", "ko"),
            ("on June 3.", "6月3日。", "zh"),
            ("on Nov. 24", "지난 24일", "ko"),  # Korean news drops the current month
            ("For nearly three years", "거의 3년 동안", "ko"),
            ("For nearly three years", "近三年来", "zh"),
            ("$2.3 billion this year", "올해 23억 달러", "ko"),
            ("$2.3 billion this year", "今年约23亿美元", "zh"),
            ("One of them, a 41-year-old", "그중 한 명인 41세", "ko"),
            ("spent 11 months", "关押了十一个月", "zh"),
            ("the end of October", "10월 말", "ko"),
            ("Holding Center No. 4", "제4수용소", "ko"),
            ("three facts", "세 가지 사실", "ko"),
            ("10 miles away", "16km 떨어진", "ko"),
            ("more than 2,900 in 2009", "2009년 2900명 이상", "ko"),
            ("the two Koreas", "남북한 두 나라", "ko"),
            ("the Ministry of Unification", "统一部", "zh"),  # 一 in 统一 is no number
            ("after 3 years", "3년 만에", "ko"),  # 만 the particle, not 10,000
            # a space between a number and its multiplier, either way round
            ("grew to 2.4 million people", "增至 240 万人", "zh"),
            ("about 30,000 people", "약 3 만명", "ko"),
            ("a $1.7 trillion programme", "1.7 万亿美元的项目", "zh"),
            # a number in a name may go with the name
            ("Covid-19 spread fast", "新冠疫情迅速蔓延", "zh"),
            ("the F-16 deal", "전투기 계약", "ko"),
            ("after 9/11", "911 事件后", "zh"),
            ("the H5N1 virus", "H5N1 바이러스", "ko"),
            # decades and centuries
            ("in the 1960s", "60년대에", "ko"),
            ("the 1970s oil crisis", "20 世纪 70 年代的石油危机", "zh"),
            ("rebuilt in the 1800s", "19 世纪重建", "zh"),
            # ranges written the Chinese and Korean way
            ("80 or 90 people", "8、90 人", "zh"),
            ("80 or 90 people", "八九十人", "zh"),
            ("20,000 or 30,000 people", "2~3만 명", "ko"),
            # Indian grouping, lakh and crore
            ("3,45,120 voters", "345,120 名选民", "zh"),
            ("Rs 5 crore", "5천만 루피", "ko"),
            # fractions, percentages, half past
            ("50 per cent of them", "其中一半", "zh"),
            ("25% of the budget", "예산의 4분의 1", "ko"),
            ("two-thirds of lawmakers", "의원 3분의 2", "ko"),
            ("one in four children", "四分之一的儿童", "zh"),
            ("rose 30 percent", "上涨了三成", "zh"),
            ("at 3:30 p.m.", "오후 3시 반", "ko"),
            ("at 3:30 p.m.", "15时30分", "zh"),
            ("over the past two decades", "지난 20년간", "ko"),
            # exponents are not numbers; numerals that are words or "they"
            ("150 micrograms per cubic metre", "㎥당 150㎍", "ko"),
            ("over the past two decades", "过去二十年", "zh"),
            ("They met on Monday.", "两人周一会面。", "zh"),
            ("The next day, he left.", "第二天，他离开了。", "zh"),
        ],
        "bad": [
            ("at least 480 people", "최소 840명", "ko"),
            ("at least 480 people", "至少48人", "zh"),
            ("viewed more than 3.5 million times", "35만 회 이상", "ko"),
            ("viewed more than 3.5 million times", "超过35万次", "zh"),
            ("on June 3.", "7월 3일.", "ko"),
            ("a 12.4% increase", "14.2% 증가", "ko"),
            ("pay 50 million won", "500万韩元", "zh"),
            ("fewer than 250 defectors", "탈북민은 200명 미만", "ko"),
            ("in 2009", "2019年", "zh"),
            ("grew to 2.4 million people", "增至 250 万人", "zh"),
            ("the F-16 deal", "F-15 전투기 계약", "ko"),  # a name written, but wrong
            ("in the 1960s", "70년대에", "ko"),
            ("80 or 90 people", "7、90 人", "zh"),
            ("3,45,120 voters", "354,120 名选民", "zh"),
            ("25% of the budget", "예산의 5분의 1", "ko"),
            ("33% of voters", "三分之一的选民", "zh"),  # close, not the same number
            ("a quarter of adults", "五分之一的成年人", "zh"),
            ("for three days", "为期四天", "zh"),
            ("three facts", "네 가지 사실", "ko"),
            ("7.5 billion pounds", "76억 파운드", "ko"),  # a conversion tolerates, not this
        ],
    },
    "placeholders": {
        "good": [
            ("%(count)s people", "%(count)s명", "ko"),
            ("Hello {name}", "{name}你好", "zh"),
            ("a 12.4% increase", "12.4% 증가", "ko"),
        ],
        "bad": [("%(count)s people", "%(cnt)s명", "ko"), ("<b>Seoul</b>", "<b>首尔", "zh")],
    },
    "markdown": {
        "good": [
            ("has *no reliable channel* to confirm", "확인할 *신뢰할 만한 경로가 없다*", "ko"),
            ("the **absence of any official record** is", "**공식 기록의 부재**가", "ko"),
            (
                "published [a list](https://example.org/x) on",
                "发布了[一份清单](https://example.org/x)",
                "zh",
            ),
            # a whole emphasised sentence, its markers with it
            ("*He left at noon.*", "*그는 정오에 떠났다.*", "ko"),
            ("**Breaking.**", "**快讯。**", "zh"),
            # the emphasis moved to other words of the sentence
            ("has *no reliable channel* to confirm", "*믿을 경로가 없어* 확인 못 한다", "ko"),
            # literal asterisks and underscores that pair with nothing, kept
            ("The vote was 5 * 3, file a_b.", "표결은 5 * 3, 파일 a_b였다.", "ko"),
            ("Then *lone.", "然后*lone。", "zh"),
            # a hard line break inside emphasis, kept
            ("on *two cases.\nBoth* were appeals.", "*두 사건.\n둘 다* 항소심이었다.", "ko"),
            # emphasis closing after punctuation before Hangul or Han (CJK-friendly emphasis;
            # plain CommonMark would show the asterisks)
            ("He said *no.*", "그는 *아니다.*라고 말했다.", "ko"),
            ('He called it **"a quote"** then.', "그는 **“인용”**이라고 했다.", "ko"),
            ('He called it **"a quote"** then.', "他说**“引用”**是。", "zh"),
        ],
        "bad": [
            ("has *no reliable channel* to confirm", "신뢰할 만한 경로가 없다", "ko"),
            ("the **absence of any official record** is", "**公的记录的缺失是", "zh"),
            ("published [a list](https://example.org/x) on", "목록을 게시했다", "ko"),
            ("run `transflow check` now", "지금 `transflow 검사`를 실행", "ko"),
            # a marker moved out of its pair: on the page it pairs with the next sentence's
            ("*He left at noon.*", "그는 *정오에 떠났다.", "ko"),
            ("*He left at noon.*", "*그는* 정오에 떠났다*.", "ko"),
            ("*He left at noon.*", "*그는 정오에 떠났다. *", "ko"),  # as many markers
            # an English word after the quote: CommonMark's rule holds, the asterisks show
            ('He called it **"a quote"** then.', "그는 **“인용”**then 했다.", "ko"),
            ("**Breaking.** The court ruled.", "**속보. **법원이 판결했다.", "ko"),
            ("**Breaking.**", "**속보**.**", "ko"),
            ("He said *no* again.", "他又说了*不*。*", "zh"),
            # a hard line break inside emphasis, lost
            ("on *two cases.\nBoth* were appeals.", "*두 사건. 둘 다* 항소심이었다.", "ko"),
        ],
    },
    "urls": {
        "good": [
            (
                "see https://example.org/cases for more",
                "자세한 내용은 https://example.org/cases에서",
                "ko",
            ),
            ("write to press@example.org.", "请致信press@example.org。", "zh"),
            (
                "[a list](https://example.org/repatriation-cases)",
                "[목록](https://example.org/repatriation-cases)",
                "ko",
            ),
        ],
        "bad": [
            (
                "see https://example.org/cases for more",
                "자세한 내용은 https://example.org/case",
                "ko",
            ),
            ("write to press@example.org.", "请致信我们。", "zh"),
            ("Read more.", "자세한 내용은 https://example.com 참조.", "ko"),
        ],
    },
    "unchanged": {
        "good": [
            ("Human Rights Watch", "Human Rights Watch", "ko"),  # a name kept as is
            ("CNN", "CNN", "zh"),
            ("Unanswered letters", "답장 없는 편지", "ko"),
        ],
        "bad": [
            ("Unanswered letters", "Unanswered letters", "ko"),
            ("The official declined to comment.", "The official declined to comment.", "zh"),
            ("The official declined to comment.", "The officials declined comment.", "ko"),
        ],
    },
    "end-punctuation": {
        "good": [
            ("The panel met on Tuesday.", "위원회는 화요일에 회의를 열었다.", "ko"),
            ("The panel met on Tuesday.", "小组周二开会。", "zh"),
            # the question recast as a statement (reordered reported speech)
            (
                "Why are so many of them questioned?",
                "왜 그렇게 많은 이들이 심문받는지 묻고 있다.",
                "ko",
            ),
            # closing quote instead of the final period
            (
                "“How long are we supposed to wait?” she asked.",
                "그는 “얼마나 더 기다려야 하느냐”",
                "ko",
            ),
            (
                "“How long are we supposed to wait?” she asked.",
                "她问道：「我们还要等多久？」",
                "zh",
            ),
            ("We ask for something simple …", "我们的要求很简单……", "zh"),
            ("The petition sets out four demands:", "청원서는 네 가지를 요구했다.", "ko"),
        ],
        "bad": [
            ("The panel met on Tuesday.", "위원회는 화요일에 회의를 열었다", "ko"),
            ("The panel met on Tuesday.", "小组周二开会", "zh"),
            ("The panel met on Tuesday.", "小组周二开会.", "zh"),
            ("The panel met on Tuesday.", "위원회는 화요일에 회의를 열었다。", "ko"),
        ],
    },
    "whitespace": {
        "good": [
            ("The panel met.", "위원회가 열렸다.", "ko"),
            ("The panel met in Geneva.", "小组在 Geneva 开会。", "zh"),  # space around Latin
        ],
        "bad": [
            ("The panel met.", " 위원회가 열렸다.", "ko"),
            ("The panel met.", "위원회가  열렸다.", "ko"),
            ("The panel met.", "위원회가 열렸다 .", "ko"),
            ("The panel met.", "小组 开会。", "zh"),
        ],
    },
    "brackets": {
        "good": [
            ("50 million won (about $35,000)", "5천만 원(약 3만5천 달러)", "ko"),
            ("“They asked me,” she said.", "她说：「他们问我。」", "zh"),
            ("a ‘gift’ to Kim", "김정은에게 주는 ‘선물’", "ko"),
            # the quote opens here and closes in a later sentence: excused
            ("“The question is no longer what China knows.", "“问题不再是中国知道什么。", "zh"),
            ("Kim Jong-un’s government", "김정은 정권", "ko"),
        ],
        "bad": [
            ("50 million won (about $35,000)", "5천만 원(약 3만5천 달러", "ko"),
            ("“They asked me,” she said.", "她说：“他们问我。", "zh"),
            ("“They asked me,” she said.", "그는 “그들이 물었다고 말했다.", "ko"),
            ("the list of cases", "【案例清单", "zh"),
        ],
    },
    "length-ratio": {
        "good": [
            (
                "The plaintiffs, who now live in South Korea, testified that they were arrested.",
                "현재 한국에 사는 원고들은 체포됐다고 증언했다.",
                "ko",
            ),
            (
                "Human Rights Watch has documented similar abuses in earlier reports.",
                "人权观察此前的报告中也记录了类似的虐待行为。",
                "zh",
            ),
        ],
        "bad": [
            (
                "The plaintiffs, who now live in South Korea, testified that they were arrested "
                "in Shenyang and handed over to North Korean security officers at Dandong.",
                "원고들은 증언했다.",
                "ko",
            ),
            (
                "Human Rights Watch has documented similar abuses in earlier reports.",
                "人权观察记录了。",
                "zh",
            ),
        ],
    },
}

ALL_CHECKS = select_checks()


def _params(kind: str):
    for check_id, groups in CASES.items():
        for source, target, lang in groups[kind]:
            yield pytest.param(
                check_id, source, target, lang, id=f"{check_id}-{lang}-{target[:18]}"
            )


@pytest.mark.parametrize(("check_id", "source", "target", "lang"), list(_params("good")))
def test_good_pair_raises_nothing(check_id, source, target, lang) -> None:
    found = [f for f in check_entry(source, target, lang, glossary=GLOSSARY) if f.check == check_id]
    assert found == [], [f.message for f in found]


@pytest.mark.parametrize(("check_id", "source", "target", "lang"), list(_params("bad")))
def test_bad_pair_is_reported(check_id, source, target, lang) -> None:
    found = [f for f in check_entry(source, target, lang, glossary=GLOSSARY) if f.check == check_id]
    assert found, f"{check_id} missed: {source!r} -> {target!r}"
    assert all(f.lang == lang and f.msgid == source and f.msgstr == target for f in found)


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_ignore_flag_silences_only_that_check(check_id) -> None:
    source, target, lang = CASES[check_id]["bad"][0]
    flags = [f"ignore-{check_id}"]
    found = check_entry(source, target, lang, glossary=GLOSSARY, flags=flags)
    assert check_id not in {f.check for f in found}
    other = "numbers" if check_id != "numbers" else "glossary-missing"
    found = check_entry(source, target, lang, glossary=GLOSSARY, flags=[f"ignore-{other}"])
    assert check_id in {f.check for f in found}


def test_forbidden_variant_is_one_finding_not_two() -> None:
    found = check_entry(
        "North Korean defectors gathered.", "탈북자들이 모였다.", "ko", glossary=GLOSSARY
    )
    assert [f.check for f in found] == ["glossary-forbidden"]
    assert "탈북민" in found[0].message and "newsroom.csv" in found[0].message


def test_untranslated_is_info_and_others_skip_empty() -> None:
    found = check_entry("The panel met on Tuesday.", "", "ko", glossary=GLOSSARY)
    assert [(f.check, f.severity) for f in found] == [("untranslated", "info")]


def test_title_and_list_items_are_not_checked_for_end_punctuation() -> None:
    assert not check_entry(
        "China should disclose the names.", "중국은 명단을 공개해야", "ko", kind="list_item"
    )


def test_registry_lists_every_check_once_with_a_valid_severity() -> None:
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    assert all(c.severity in SEVERITIES and c.name and c.description for c in CHECKS)
    families = [
        importlib.import_module(m.name)
        for m in pkgutil.walk_packages(
            transflow.checks.families.__path__, "transflow.checks.families."
        )
    ]
    defined = {
        value
        for module in families
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseCheck) and "id" in vars(value)
    }
    assert defined == set(CHECKS)


@pytest.mark.parametrize(
    ("source", "target", "kind", "reported"),
    [
        # Title Case hides the lowercase words of real text: an English title left as is
        ("A Very Long Sentence Test", "A Very Long Sentence Test", "title", True),
        ("Families Seek Answers From Beijing", "Families Seek Answers From Beijing", "title", True),
        ("North Korean Defectors Speak Out", "North Korean Defectors Speak Out", "heading", True),
        # names and acronyms kept as they are stay fine, as headings too
        ("Human Rights Watch", "Human Rights Watch", "heading", False),
        ("U.N. Human Rights Council", "U.N. Human Rights Council", "heading", False),
        ("UNHCR", "UNHCR", "title", False),
        # a translated title; the same words outside a title or heading read as a name
        ("A Very Long Sentence Test", "아주 긴 문장 시험", "title", False),
        (
            "North Korean Defectors Speak Out",
            "North Korean Defectors Speak Out",
            "list_item",
            False,
        ),
    ],
)
def test_unchanged_title_case_heading(source, target, kind, reported) -> None:
    found = check_entry(source, target, "ko", glossary=GLOSSARY, kind=kind)
    assert ("unchanged" in {f.check for f in found}) is reported


def test_markdown_counts_read_as_nouns() -> None:
    (one,) = check_entry("See [the report](https://x.org) now.", "보고서 https://x.org 참조.", "ko")
    assert one.message == "the source has 1 link, the translation 0 links"
    (two,) = check_entry("**A** and **B** met.", "**A**와 B가 만났다.", "ko", kind="list_item")
    assert two.message == "the source has 2 bold spans (**…**), the translation 1 bold span (**…**)"
