"""Sentence segmentation: news-style cases per phenomenon, CJK, and the invariant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.extract.segmentation import sentence_spans, split_sentences
from transflow.text.markdown import parse_inline

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"


def assert_lossless(text: str, spans: list[tuple[int, int]]) -> None:
    """The contract every caller relies on: spans in order, trimmed, whitespace-only gaps."""
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text), spans
        gap = text[previous_end:start]
        assert gap == "" or gap.isspace(), (gap, spans)
        assert not text[start].isspace() and not text[end - 1].isspace(), spans
        previous_end = end
    tail = text[previous_end:]
    assert tail == "" or tail.isspace()
    starts = [start for start, _ in spans[1:]] + [len(text)]
    rebuilt = text[: spans[0][0]] if spans else text
    for (start, end), next_start in zip(spans, starts, strict=False):
        rebuilt += text[start:end] + text[end:next_start]
    assert rebuilt == text


def check(text: str, lang: str, expected: list[str]) -> None:
    spans = sentence_spans(text, lang)
    assert_lossless(text, spans)
    assert split_sentences(text, lang) == expected


def case(text: str, *expected: str, id: str):
    return pytest.param(text, list(expected), id=id)


# ---------------------------------------------------------------------------------------------
# English news style
# ---------------------------------------------------------------------------------------------

ABBREVIATIONS = [
    case(
        "The U.N. Human Rights Council met in Geneva on Tuesday. China's envoy walked out.",
        "The U.N. Human Rights Council met in Geneva on Tuesday.",
        "China's envoy walked out.",
        id="un-council",
    ),
    case(
        "Defectors caught in China are denied U.N. refugee status. Beijing calls them migrants.",
        "Defectors caught in China are denied U.N. refugee status.",
        "Beijing calls them migrants.",
        id="un-refugee-status",
    ),
    case(
        "Dr. Lee met Gen. Park, Rep. Kim and Sen. Warren in Seoul. Rev. Moon led a prayer.",
        "Dr. Lee met Gen. Park, Rep. Kim and Sen. Warren in Seoul.",
        "Rev. Moon led a prayer.",
        id="titles",
    ),
    case(
        "Lt. Col. Han and Sgt. Yoon escorted Capt. Choi. Mr. Kim, Mrs. Lee and Ms. Park waited.",
        "Lt. Col. Han and Sgt. Yoon escorted Capt. Choi.",
        "Mr. Kim, Mrs. Lee and Ms. Park waited.",
        id="military-ranks",
    ),
    case(
        "Prof. Choi met Gov. Kim Dong-yeon at the rally. Both urged Beijing to stop.",
        "Prof. Choi met Gov. Kim Dong-yeon at the rally.",
        "Both urged Beijing to stop.",
        id="prof-gov",
    ),
    case(
        "Sec. Blinken and Amb. Thomas-Greenfield met Pres. Yoon. They discussed the defectors.",
        "Sec. Blinken and Amb. Thomas-Greenfield met Pres. Yoon.",
        "They discussed the defectors.",
        id="sec-amb-pres",
    ),
    case(
        "Samsung Electronics Co. Ltd. and Hyundai Motor Corp. signed the pledge. LG Inc. did not.",
        "Samsung Electronics Co. Ltd. and Hyundai Motor Corp. signed the pledge.",
        "LG Inc. did not.",
        id="companies",
    ),
    case(
        "Park Sr. left the North in 1998. Park Jr. followed him. Both spoke at the U.N. in 2014.",
        "Park Sr. left the North in 1998.",
        "Park Jr. followed him.",
        "Both spoke at the U.N. in 2014.",
        id="jr-sr",
    ),
    case(
        "Vigils were held at St. Paul's Cathedral and on Mt. Halla. Police kept watch.",
        "Vigils were held at St. Paul's Cathedral and on Mt. Halla.",
        "Police kept watch.",
        id="st-mt",
    ),
    case(
        "The vote was North vs. South, aid, sanctions, etc. in that order. It passed.",
        "The vote was North vs. South, aid, sanctions, etc. in that order.",
        "It passed.",
        id="vs-etc",
    ),
    case(
        "Hearings are set for Jan. 15, Feb. 3 and Aug. 20. Others follow in Sept., Oct. and Nov. "
        "The last is on Dec. 10.",
        "Hearings are set for Jan. 15, Feb. 3 and Aug. 20.",
        "Others follow in Sept., Oct. and Nov.",
        "The last is on Dec. 10.",
        id="months",
    ),
    case(
        "The E.U. and the U.K. backed the resolution. The U.S. abstained.",
        "The E.U. and the U.K. backed the resolution.",
        "The U.S. abstained.",
        id="eu-uk-us",
    ),
    case(
        "He has lived in the U.S. for 20 years. He still calls Pyongyang home.",
        "He has lived in the U.S. for 20 years.",
        "He still calls Pyongyang home.",
        id="us-mid-sentence",
    ),
    case(
        "The defector later moved to the U.S. He said he felt safe there.",
        "The defector later moved to the U.S.",
        "He said he felt safe there.",
        id="us-sentence-end-golden-rule",
    ),
    case(
        "The envoy took the complaint to the U.N. The council has not replied.",
        "The envoy took the complaint to the U.N.",
        "The council has not replied.",
        id="un-sentence-end",
    ),
    case(
        "Activists met U.N. officials and U.S. diplomats. The U.N. Security Council stayed silent.",
        "Activists met U.N. officials and U.S. diplomats.",
        "The U.N. Security Council stayed silent.",
        id="un-us-inside",
    ),
]

TIMES_NUMBERS = [
    case(
        "The press conference began at 3 p.m. It lasted an hour.",
        "The press conference began at 3 p.m.",
        "It lasted an hour.",
        id="pm-end",
    ),
    case(
        "The rally started at 10:30 a.m. Monday near the Chinese Embassy. Police watched.",
        "The rally started at 10:30 a.m. Monday near the Chinese Embassy.",
        "Police watched.",
        id="am-weekday",
    ),
    case(
        "North Korea fired a missile at 7:15 a.m. KST. Tokyo protested.",
        "North Korea fired a missile at 7:15 a.m. KST.",
        "Tokyo protested.",
        id="am-time-zone",
    ),
    case(
        "At 9 a.m. Mr. Kim reached the embassy gate. He left at 11 a.m. local time.",
        "At 9 a.m. Mr. Kim reached the embassy gate.",
        "He left at 11 a.m. local time.",
        id="time-fragment",
    ),
    case(
        "Seoul pledged $3.5 million to the U.N. agency. Inflation in the North hit 2.5% last year.",
        "Seoul pledged $3.5 million to the U.N. agency.",
        "Inflation in the North hit 2.5% last year.",
        id="currency-percent",
    ),
    case(
        "Brussels added €1.2bn in aid. Tokyo gave ¥50.5 billion. London gave £3.75m.",
        "Brussels added €1.2bn in aid.",
        "Tokyo gave ¥50.5 billion.",
        "London gave £3.75m.",
        id="euro-yen-pound",
    ),
    case(
        "Kim is ranked No. 5 in the party. No. 2 is his sister, Kim Yo-jong.",
        "Kim is ranked No. 5 in the party.",
        "No. 2 is his sister, Kim Yo-jong.",
        id="number-abbreviation",
    ),
    case(
        "The report cites Art. 9 of the convention. Vol. 2 lists the detention camps.",
        "The report cites Art. 9 of the convention.",
        "Vol. 2 lists the detention camps.",
        id="art-vol",
    ),
    case(
        "In 2023, 196 defectors reached the South. That was up from 67 in 2022.",
        "In 2023, 196 defectors reached the South.",
        "That was up from 67 in 2022.",
        id="years",
    ),
]

QUOTATIONS = [
    case(
        "“We will not stay silent,” Kim said. “China must stop the repatriations.”",
        "“We will not stay silent,” Kim said.",
        "“China must stop the repatriations.”",
        id="curly-attribution",
    ),
    case(
        "He said, “We will go.” Then he left the embassy.",
        "He said, “We will go.”",
        "Then he left the embassy.",
        id="closing-quote-after-period",
    ),
    case(
        'The spokesman said, "We will go." Then he left the embassy.',
        'The spokesman said, "We will go."',
        "Then he left the embassy.",
        id="straight-quote-after-period",
    ),
    case(
        "He called the defectors a ‘gift.’ Activists were furious.",
        "He called the defectors a ‘gift.’",
        "Activists were furious.",
        id="single-curly-quote",
    ),
    case(
        "“Where is my son?” the mother asked. Nobody answered.",
        "“Where is my son?” the mother asked.",
        "Nobody answered.",
        id="question-lowercase-attribution",
    ),
    case(
        "“Is this justice?” Kim asked. The envoy did not reply.",
        "“Is this justice?” Kim asked.",
        "The envoy did not reply.",
        id="question-name-attribution",
    ),
    case(
        '"Where is my son?" The guard did not answer.',
        '"Where is my son?"',
        "The guard did not answer.",
        id="question-then-new-sentence",
    ),
    case(
        "The mother said: “They took my son. I have not seen him since.” She wept.",
        "The mother said: “They took my son. I have not seen him since.”",
        "She wept.",
        id="multi-sentence-quote",
    ),
    case(
        "“Stop the repatriations. Now,” the activists chanted outside the embassy.",
        "“Stop the repatriations. Now,” the activists chanted outside the embassy.",
        id="quote-with-comma",
    ),
]

PUNCTUATION = [
    case(
        "The defectors waited… Then the guards came.",
        "The defectors waited…",
        "Then the guards came.",
        id="unicode-ellipsis",
    ),
    case(
        "The defectors waited... Then the guards came.",
        "The defectors waited...",
        "Then the guards came.",
        id="ascii-ellipsis",
    ),
    case(
        "The talks were … difficult, officials said. A second round is planned.",
        "The talks were … difficult, officials said.",
        "A second round is planned.",
        id="ellipsis-mid-sentence",
    ),
    case(
        "Forced repatriation again?! Activists were stunned.",
        "Forced repatriation again?!",
        "Activists were stunned.",
        id="interrobang",
    ),
    case(
        "Enough!! The crowd chanted for an hour.",
        "Enough!!",
        "The crowd chanted for an hour.",
        id="double-exclamation",
    ),
    case(
        "Is this the end!!! Nobody in Seoul knows.",
        "Is this the end!!!",
        "Nobody in Seoul knows.",
        id="triple-exclamation",
    ),
    case(
        "The report was released on Monday. (It had been delayed twice.) "
        "The council will debate it.",
        "The report was released on Monday.",
        "(It had been delayed twice.)",
        "The council will debate it.",
        id="parenthetical-sentence",
    ),
    case(
        "The report was released (It had been delayed twice.) The council will debate it.",
        "The report was released (It had been delayed twice.)",
        "The council will debate it.",
        id="parenthesis-ends-sentence",
    ),
    case(
        "The report (it was delayed twice.) is finally out. Seoul welcomed it.",
        "The report (it was delayed twice.) is finally out.",
        "Seoul welcomed it.",
        id="parenthesis-mid-sentence",
    ),
    case(
        "He quoted J. R. R. Tolkien in prison. Kim Jong-un was not amused.",
        "He quoted J. R. R. Tolkien in prison.",
        "Kim Jong-un was not amused.",
        id="spaced-initials",
    ),
    case(
        "The memoir by Kim J. Park was banned. Its translator, J.R. Lee, fled to Seoul.",
        "The memoir by Kim J. Park was banned.",
        "Its translator, J.R. Lee, fled to Seoul.",
        id="initials",
    ),
    case(
        "Kim Jong-un met Xi Jinping. Kim Yo-jong was also there.",
        "Kim Jong-un met Xi Jinping.",
        "Kim Yo-jong was also there.",
        id="korean-names",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ABBREVIATIONS)
def test_abbreviations(text: str, expected: list[str]) -> None:
    check(text, "en", expected)


@pytest.mark.parametrize(("text", "expected"), TIMES_NUMBERS)
def test_times_and_numbers(text: str, expected: list[str]) -> None:
    check(text, "en", expected)


@pytest.mark.parametrize(("text", "expected"), QUOTATIONS)
def test_quotations(text: str, expected: list[str]) -> None:
    check(text, "en", expected)


@pytest.mark.parametrize(("text", "expected"), PUNCTUATION)
def test_punctuation(text: str, expected: list[str]) -> None:
    check(text, "en", expected)


# ---------------------------------------------------------------------------------------------
# Inline Markdown: no boundary inside markup (issue 11, D16)
# ---------------------------------------------------------------------------------------------

MARKUP = [
    case(
        "See the chart ![chart](chart.png) below. It shows the rise.",
        "See the chart ![chart](chart.png) below.",
        "It shows the rise.",
        id="image-bang",
    ),
    case(
        "The minister declined. *He left at noon.*",
        "The minister declined.",
        "*He left at noon.*",
        id="sentence-final-emphasis",
    ),
    case(
        "**Breaking.** The court ruled.",
        "**Breaking.**",
        "The court ruled.",
        id="strong-lead",
    ),
    case(
        "***Corrected.*** An earlier version erred.",
        "***Corrected.***",
        "An earlier version erred.",
        id="strong-emphasis",
    ),
    case(
        "He said *no.* Then he left.",
        "He said *no.*",
        "Then he left.",
        id="emphasis-closing-a-sentence",
    ),
    case(
        "Read <https://example.org/a?id=1> now. Then reply.",
        "Read <https://example.org/a?id=1> now.",
        "Then reply.",
        id="autolink-question-mark",
    ),
    case(
        "Run `transflow check. Then` again. It passes.",
        "Run `transflow check. Then` again.",
        "It passes.",
        id="code-span",
    ),
    case(
        "The note said [see the list. It grew](https://example.org) on Monday. It did.",
        "The note said [see the list. It grew](https://example.org) on Monday.",
        "It did.",
        id="link-text",
    ),
    case(
        'See [the list](https://example.org "Cases. All of them") first. It is long.',
        'See [the list](https://example.org "Cases. All of them") first.',
        "It is long.",
        id="link-title",
    ),
    case(
        "Seoul protested. *Beijing did not reply. Tokyo was silent.* The talks ended.",
        "Seoul protested.",
        "*Beijing did not reply. Tokyo was silent.*",
        "The talks ended.",
        id="emphasis-over-two-sentences",
    ),
    case(
        '<span class="x">Talks in Seoul. And in Busan.</span> Then they left.',
        '<span class="x">Talks in Seoul. And in Busan.</span>',
        "Then they left.",
        id="html-element",
    ),
    case(
        "The *U.N.* council met. China objected.",
        "The *U.N.* council met.",
        "China objected.",
        id="emphasis-inside-a-sentence",
    ),
    case(
        "She wrote 5 * 3. Then *lone. It ends.",
        "She wrote 5 * 3.",
        "Then *lone.",
        "It ends.",
        id="literal-asterisks-are-no-markup",
    ),
    case(
        "他说*我们反对。他们走了*。会议结束了。",
        "他说*我们反对。他们走了*。",
        "会议结束了。",
        id="cjk-emphasis",
    ),
    case(
        "他说：*我们反对。*会议结束了。",
        "他说：*我们反对。*",
        "会议结束了。",
        id="cjk-asterisks-pair",  # `。*会` closes: CJK-friendly emphasis (text/markdown)
    ),
]


@pytest.mark.parametrize(("text", "expected"), MARKUP)
def test_no_boundary_inside_inline_markup(text: str, expected: list[str]) -> None:
    check(text, "zh" if "会议" in text else "en", expected)


def test_reference_images_are_markup_when_defined() -> None:
    text = "See the chart ![chart][c] below. It grew."
    references = {"C": {"href": "chart.png", "title": ""}}
    assert split_sentences(text, "en", references) == [
        "See the chart ![chart][c] below.",
        "It grew.",
    ]
    # without its definition `![chart][c]` is text, and `!` may end a sentence
    assert split_sentences(text, "en")[0] == "See the chart !"


# ---------------------------------------------------------------------------------------------
# Chinese, Japanese, Korean
# ---------------------------------------------------------------------------------------------

CHINESE = [
    case(
        "联合国人权理事会今天在日内瓦开会。中国代表发言！他说：“我们反对。”会议随即结束。",
        "联合国人权理事会今天在日内瓦开会。",
        "中国代表发言！",
        "他说：“我们反对。”",
        "会议随即结束。",
        id="zh-basic-closing-quote",
    ),
    case(
        "记者问：“他们被遣返了吗？”官员没有回答。",
        "记者问：“他们被遣返了吗？”",
        "官员没有回答。",
        id="zh-question-in-quote",
    ),
    case(
        "他說：「我們反對強制遣返。」會議隨即結束。",
        "他說：「我們反對強制遣返。」",
        "會議隨即結束。",
        id="zh-hant-corner-quote",
    ),
    case(
        "“我们不会放弃。”他说。人权组织表示欢迎。",
        "“我们不会放弃。”他说。",
        "人权组织表示欢迎。",
        id="zh-speaker-tag",
    ),
    case(
        "这是真的吗？！是的，脱北者被遣返了。",
        "这是真的吗？！",
        "是的，脱北者被遣返了。",
        id="zh-double-punctuation",
    ),
    case(
        "他说：“我们反对。我们抗议。”会议结束了。",
        "他说：“我们反对。我们抗议。”",
        "会议结束了。",
        id="zh-multi-sentence-quote",
    ),
    case(
        "中国向联合国机构捐了3.5亿美元。美国表示欢迎。",
        "中国向联合国机构捐了3.5亿美元。",
        "美国表示欢迎。",
        id="zh-decimal",
    ),
    case(
        "脱北者被强制遣返．国际社会予以谴责。",
        "脱北者被强制遣返．",
        "国际社会予以谴责。",
        id="zh-fullwidth-full-stop",
    ),
    case(
        "会议结束了。（这是第三次会议。）下次会议在六月举行。",
        "会议结束了。",
        "（这是第三次会议。）",
        "下次会议在六月举行。",
        id="zh-parenthetical-sentence",
    ),
]

JAPANESE = [
    case(
        "国連人権理事会がジュネーブで開かれた。中国は反対した！"
        "「強制送還をやめろ。」と活動家は訴えた。",
        "国連人権理事会がジュネーブで開かれた。",
        "中国は反対した！",
        "「強制送還をやめろ。」と活動家は訴えた。",
        id="ja-basic-quotative-to",
    ),
    case(
        "これは『重大な人権侵害だ。』次の会合は来月だ。",
        "これは『重大な人権侵害だ。』",
        "次の会合は来月だ。",
        id="ja-double-corner-quote",
    ),
    case(
        "本当か？！誰も知らなかった。",
        "本当か？！",
        "誰も知らなかった。",
        id="ja-double-punctuation",
    ),
    case(
        "「送還をやめろ。」それが彼らの訴えだった。",
        "「送還をやめろ。」",
        "それが彼らの訴えだった。",
        id="ja-quote-then-new-sentence",
    ),
]

KOREAN = [
    case(
        "유엔 인권이사회가 제네바에서 열렸다. 중국 대표는 퇴장했다! 왜 그랬을까?",
        "유엔 인권이사회가 제네바에서 열렸다.",
        "중국 대표는 퇴장했다!",
        "왜 그랬을까?",
        id="ko-basic",
    ),
    case(
        "탈북민들은 “강제 북송을 멈춰라.”라고 외쳤다. 경찰은 지켜봤다.",
        "탈북민들은 “강제 북송을 멈춰라.”라고 외쳤다.",
        "경찰은 지켜봤다.",
        id="ko-quotative-rago",
    ),
    case(
        '그는 "정말입니까?" 하고 물었다. 답은 없었다.',
        '그는 "정말입니까?" 하고 물었다.',
        "답은 없었다.",
        id="ko-straight-quote",
    ),
    case(
        "어머니는 “아들을 돌려 달라.”고 호소했다. 정부는 침묵했다.",
        "어머니는 “아들을 돌려 달라.”고 호소했다.",
        "정부는 침묵했다.",
        id="ko-quotative-go",
    ),
    case(
        "북한 인권 문제는 심각하다。 국제사회가 나서야 한다.",
        "북한 인권 문제는 심각하다。",
        "국제사회가 나서야 한다.",
        id="ko-ideographic-full-stop",
    ),
    case(
        "북송은 계속됐다。국제사회는 침묵했다。",
        "북송은 계속됐다。",
        "국제사회는 침묵했다。",
        id="ko-no-space",
    ),
    case(
        "정말인가?! 아무도 몰랐다.",
        "정말인가?!",
        "아무도 몰랐다.",
        id="ko-interrobang",
    ),
    case(
        "U.N. 인권이사회는 성명을 냈다. 미국은 3.5% 증액에 찬성했다.",
        "U.N. 인권이사회는 성명을 냈다.",
        "미국은 3.5% 증액에 찬성했다.",
        id="ko-abbreviation-decimal",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHINESE)
@pytest.mark.parametrize("lang", ["zh", "zh-Hans", "zh-Hant"])
def test_chinese(text: str, expected: list[str], lang: str) -> None:
    check(text, lang, expected)


@pytest.mark.parametrize(("text", "expected"), JAPANESE)
def test_japanese(text: str, expected: list[str]) -> None:
    check(text, "ja", expected)


@pytest.mark.parametrize(("text", "expected"), KOREAN)
@pytest.mark.parametrize("lang", ["ko", "ko-KR"])
def test_korean(text: str, expected: list[str], lang: str) -> None:
    check(text, lang, expected)


def test_cjk_gap_is_empty_string() -> None:
    text = "北送は続いた。国際社会は沈黙した。"
    spans = sentence_spans(text, "ja")
    assert spans == [(0, 7), (7, len(text))]
    assert text[spans[0][1] : spans[1][0]] == ""


# ---------------------------------------------------------------------------------------------
# Languages, whitespace, offsets
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        pytest.param(
            "en-US",
            "Dr. Kim spoke. The U.N. listened.",
            ["Dr. Kim spoke.", "The U.N. listened."],
            id="en-US",
        ),
        pytest.param(
            "EN",
            "Dr. Kim spoke. The U.N. listened.",
            ["Dr. Kim spoke.", "The U.N. listened."],
            id="uppercase-tag",
        ),
        pytest.param(
            "de",
            "Der Rat tagte am 3. Juni in Genf. China stimmte dagegen.",
            ["Der Rat tagte am 3. Juni in Genf.", "China stimmte dagegen."],
            id="de-ordinal-date",
        ),
        pytest.param(
            "fr",
            "Le Conseil des droits de l'homme s'est réuni. La Chine a voté contre.",
            ["Le Conseil des droits de l'homme s'est réuni.", "La Chine a voté contre."],
            id="fr",
        ),
        pytest.param(
            "es",
            "El Sr. Kim habló ante la ONU. China votó en contra.",
            ["El Sr. Kim habló ante la ONU.", "China votó en contra."],
            id="es-abbreviation",
        ),
        pytest.param(
            "pt-BR",
            "O Conselho da ONU reuniu-se em Genebra. A China votou contra.",
            ["O Conselho da ONU reuniu-se em Genebra.", "A China votou contra."],
            id="unsupported-falls-back-to-english",
        ),
    ],
)
def test_language_tags(lang: str, text: str, expected: list[str]) -> None:
    check(text, lang, expected)


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\u3000\n "])
def test_empty_and_whitespace(text: str) -> None:
    assert sentence_spans(text, "en") == []
    assert split_sentences(text, "ko") == []


def test_offsets_point_into_original_text() -> None:
    text = "  The U.N. met.\n\n   China objected!  \n"
    spans = sentence_spans(text, "en")
    assert spans == [(2, 15), (20, 35)]
    assert [text[s:e] for s, e in spans] == ["The U.N. met.", "China objected!"]


def test_single_newline_is_a_soft_wrap() -> None:
    text = "The alliance urged China\nto halt forced repatriation. It also demanded\nan apology."
    check(
        text,
        "en",
        [
            "The alliance urged China\nto halt forced repatriation.",
            "It also demanded\nan apology.",
        ],
    )


@pytest.mark.parametrize("separator", ["\n\n", "\r\n\r\n", "\n \t\n", "\u2029"])
def test_blank_line_is_a_hard_boundary(separator: str) -> None:
    text = f"Defectors Face Torture in North Korea{separator}Rights groups said so on Monday."
    check(text, "en", ["Defectors Face Torture in North Korea", "Rights groups said so on Monday."])


def test_multiple_spaces_and_tabs_are_gaps() -> None:
    text = "Seoul protested.   Beijing\tdid not reply.\t\tTokyo stayed silent."
    check(text, "en", ["Seoul protested.", "Beijing\tdid not reply.", "Tokyo stayed silent."])


def test_long_paragraph_is_chunked_without_changing_the_result(monkeypatch) -> None:
    import transflow.extract.segmentation as segmentation

    sentences = [
        "The U.N. Human Rights Council met in Geneva on Tuesday.",
        "“We will not stay silent,” Dr. Kim said at 3 p.m. Monday.",
        "Seoul pledged $3.5 million (It was the largest pledge yet.)",
        "Park Jr. followed him to the U.S. in 2014.",
    ]
    text = " ".join(sentences * 60)  # ~12,000 characters, one paragraph
    chunked = sentence_spans(text, "en")
    monkeypatch.setattr(segmentation, "_CHUNK_SIZE", 10**9)
    assert sentence_spans(text, "en") == chunked
    assert [text[s:e] for s, e in chunked] == sentences * 60


def test_pysbd_placeholder_characters_survive() -> None:
    text = "He wrote ∯ and ȸ on the wall. Guards erased it."
    check(text, "en", ["He wrote ∯ and ȸ on the wall.", "Guards erased it."])


# ---------------------------------------------------------------------------------------------
# The seed article
# ---------------------------------------------------------------------------------------------


def _seed_paragraphs() -> list[str]:
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"seed article not found at {SEED_ARTICLE}")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", SEED_ARTICLE.read_text(encoding="utf-8"))]
    return [b for b in blocks if b][2:]  # drop the slug line and the title


def test_seed_article_un_paragraph() -> None:
    paragraph = next(p for p in _seed_paragraphs() if "U.N. refugee status" in p)
    sentences = split_sentences(paragraph, "en")
    assert_lossless(paragraph, sentence_spans(paragraph, "en"))
    assert all(s.endswith(".") for s in sentences)
    assert any("U.N. refugee status" in s for s in sentences)
    assert any("U.N. Human Rights Council" in s for s in sentences)
    assert not any(s.endswith(("U.N.", "U.N. Human")) for s in sentences[:-1])


def test_seed_article_third_paragraph() -> None:
    paragraph = _seed_paragraphs()[2]
    sentences = split_sentences(paragraph, "en")
    assert len(sentences) == 2
    assert sentences[0].startswith("In a statement released on June 3")
    assert sentences[0].endswith("with Kim Jong-un.")


def test_seed_article_whole_text_is_lossless() -> None:
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"seed article not found at {SEED_ARTICLE}")
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    spans = sentence_spans(text, "en")
    assert_lossless(text, spans)
    assert not any(text[s:e].endswith("U.N.") for s, e in spans)


# ---------------------------------------------------------------------------------------------
# Property: the segments and the gaps between them give the text back
# ---------------------------------------------------------------------------------------------

TOKENS = st.sampled_from(
    [
        "U.N.", "U.S.", "E.U.", "Dr.", "Mr.", "Gen.", "No.", "Co.", "Ltd.", "Jr.", "Sept.",
        "p.m.", "a.m.", "3.5", "$1.2", "2.5%", "€1.2bn", "10:30", "J.", "R.", "1.", "a.",
        "Kim", "Jong-un", "human", "rights", "The", "He", "said", "council", "Human",
        "탈북민", "라고", "인권", "联合国", "说", "国連", "と", "は",
        ".", "?", "!", "?!", "!!", "…", "...", ". . .", "。", "！", "？", "．",
        "“", "”", "‘", "’", '"', "'", "(", ")", "「", "」", "『", "』", "（", "）",
        ",", "，", "、", ":", "-", "•", "∯", "\r",
    ]
)  # fmt: skip
SPACES = st.sampled_from(["", " ", " ", "  ", "\n", "\n\n", "\t", "\u3000", " \n ", "\r\n"])
SPACES_IN_A_LINE = ["", " ", " ", "  ", "\t", "\u3000"]
TEXTS = st.one_of(
    st.lists(st.tuples(st.one_of(TOKENS, st.text(max_size=3)), SPACES), max_size=30).map(
        lambda parts: "".join(token + space for token, space in parts)
    ),
    st.text(max_size=40),
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, lang=st.sampled_from(["en", "ko", "zh-Hant", "ja", "de", "xx"]))
def test_segments_and_gaps_rebuild_the_text(text: str, lang: str) -> None:
    spans = sentence_spans(text, lang)
    assert_lossless(text, spans)
    assert split_sentences(text, lang) == [text[s:e] for s, e in spans]
    assert (spans == []) == (text.strip() == "")


MARKUP_TOKENS = st.sampled_from(
    [
        "*", "**", "***", "_", "__", "`", "``", "[", "]", "](https://e.org/a?b. C)", "![",
        '](u "T. Then")', "<b>", "</b>", "<br/>", "<https://e.org/a?b=1>", "&amp;", "\\*",
        "*He left.*", "**Breaking.**", "`a. B`", "<a href='x. Y'>",
    ]
)  # fmt: skip
ONE_PARAGRAPH = st.lists(
    st.tuples(
        st.one_of(TOKENS.filter(lambda t: t != "\r"), MARKUP_TOKENS),
        st.sampled_from(SPACES_IN_A_LINE),
    ),
    max_size=30,
).map(lambda parts: "".join(token + space for token, space in parts))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(text=ONE_PARAGRAPH, lang=st.sampled_from(["en", "ko", "zh", "ja"]))
def test_no_boundary_falls_inside_inline_markup(text: str, lang: str) -> None:
    spans = sentence_spans(text, lang)
    assert_lossless(text, spans)
    markup = parse_inline(text)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert not [c for c in markup.inside(end) if c.end > start], (text, spans)
