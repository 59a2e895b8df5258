"""Markup faults: sources whose inline Markdown a sentence boundary could split, hard line
breaks, characters that end a line for some readers, and translations that move a marker out
of its pair (issue 11: D16, D17 and the markdown check)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from transflow.po.catalog import load_catalog, save_catalog

from ..conftest import Result, run_cli
from .harness import Fault, ids, run_fault

SLUG = "families"
KO = f"translations/ko/{SLUG}.po"
ZH = f"translations/zh/{SLUG}.po"
EDITIONS = frozenset(
    {"editions", "editions/ko", f"editions/ko/{SLUG}.md", f"editions/ko/{SLUG}.html"}
    | {"editions/ko/index.html", "editions/index.html"}
    | {
        "editions/en",
        f"editions/en/{SLUG}.md",
        f"editions/en/{SLUG}.html",
        "editions/en/index.html",
    }
)  # the original is published as the en edition


def _write(project: Path, body: str) -> None:
    text = f'---\ntitle: "Families Gather"\nslug: {SLUG}\n---\n\n{body}\n'
    (project / "sources" / f"{SLUG}.md").write_text(text, encoding="utf-8")


def source(body: str) -> Callable[[Path], None]:
    """A Markdown article with this body, not extracted yet."""
    return lambda project: _write(project, body)


def extracted(body: str) -> Callable[[Path], None]:
    """A Markdown article with this body, extracted once."""

    def setup(project: Path) -> None:
        _write(project, body)
        assert run_cli("extract", cwd=project).code == 0

    return setup


def reviewed(body: str, ko: dict[str, str]) -> Callable[[Path], None]:
    """A Markdown article with this body, extracted, its Korean catalog translated and
    reviewed (the title as 가족들 모이다)."""

    def setup(project: Path) -> None:
        extracted(body)(project)
        path = project / KO
        po = load_catalog(path)
        for entry in po:
            entry.msgstr = {"Families Gather": "가족들 모이다", **ko}[entry.msgid]
        save_catalog(po, path)

    return setup


def segments(*expected: str) -> Callable[[Path, Result], None]:
    """The article's segments after the title, as both catalogs hold them."""

    def check(project: Path, result: Result) -> None:
        for catalog in (KO, ZH):
            found = [e.msgid for e in load_catalog(project / catalog)][1:]
            assert found == list(expected), found

    return check


def edition(*holds: str, lacks: tuple[str, ...] = ()) -> Callable[[Path, Result], None]:
    """The Korean edition (Markdown and HTML together) holds and lacks these."""

    def check(project: Path, result: Result) -> None:
        folder = project / "editions" / "ko"
        text = (folder / f"{SLUG}.md").read_text(encoding="utf-8")
        text += (folder / f"{SLUG}.html").read_text(encoding="utf-8")
        assert all(h in text for h in holds), text
        assert not any(h in text for h in lacks), text

    return check


def extract_case(id: str, body: str, *expected: str) -> Fault:
    """Extracting a source whose markup a boundary could split: one segment per sentence,
    each construct whole."""
    return Fault(
        id, source(body), ("extract",), 0, (KO, ZH), frozenset({KO, ZH}), segments(*expected)
    )


def stable_case(id: str, character: str) -> Fault:
    """A character some readers take for a line end, inside a sentence: the second extract
    finds nothing new and writes nothing."""
    body = (
        f"Seoul{character}replied. The ministry, which has not commented, said{character}no more."
    )
    return Fault(id, extracted(body), ("extract",), 0, (f"unchanged {KO}", "0 obsolete"))


def moved_case(id: str, body: str, ko: dict[str, str]) -> Fault:
    """A reviewed translation that moved a marker out of its pair: check finds it."""
    return Fault(id, reviewed(body, ko), ("check",), 1, (KO, "markdown", "error"))


CASES = [
    extract_case(
        "image-bang-inside-a-sentence",
        "See the chart ![chart](chart.png) below. It shows the rise.",
        "See the chart ![chart](chart.png) below.",
        "It shows the rise.",
    ),
    extract_case(
        "sentence-final-emphasis",
        "The minister declined. *He left at noon.*",
        "The minister declined.",
        "*He left at noon.*",
    ),
    extract_case(
        "strong-lead-in",
        "**Breaking.** The court ruled.",
        "**Breaking.**",
        "The court ruled.",
    ),
    extract_case(
        "autolink-with-a-question-mark",
        "Read <https://example.org/a?id=1> now. Then reply.",
        "Read <https://example.org/a?id=1> now.",
        "Then reply.",
    ),
    extract_case(
        "code-span-with-a-period",
        "Run `transflow check. Then` again. It passes.",
        "Run `transflow check. Then` again.",
        "It passes.",
    ),
    extract_case(
        "link-title-with-a-period",
        'See [the list](https://example.org "Cases. All") first. It is long.',
        'See [the list](https://example.org "Cases. All") first.',
        "It is long.",
    ),
    extract_case(
        "html-attribute-with-a-period",
        'They met <abbr title="U.N. Human Rights Council">UNHRC</abbr> staff. Then left.',
        'They met <abbr title="U.N. Human Rights Council">UNHRC</abbr> staff.',
        "Then left.",
    ),
    extract_case(
        "emphasis-over-two-sentences",
        "Seoul protested. *Beijing did not reply. Tokyo was silent.* The talks ended.",
        "Seoul protested.",
        "*Beijing did not reply. Tokyo was silent.*",
        "The talks ended.",
    ),
    extract_case(
        "reference-image-with-a-bang",
        "See the chart ![chart][c] below. It grew.\n\n[c]: chart.png",
        "See the chart ![chart][c] below.",
        "It grew.",
    ),
    extract_case(
        "dateline-with-a-hard-break",
        "SEOUL, Nov. 27 (Yonhap)  \nFamilies gathered on Monday.",
        "SEOUL, Nov. 27 (Yonhap)",
        "Families gathered on Monday.",
    ),
    extract_case(
        "address-with-backslash-breaks",
        "Ministry of Unification\\\n209 Sejong-daero\\\nSeoul",
        "Ministry of Unification",
        "209 Sejong-daero",
        "Seoul",
    ),
    extract_case(
        "hard-break-inside-emphasis",
        "The court ruled on *two cases.  \nBoth* were appeals.",
        "The court ruled on *two cases.\nBoth* were appeals.",
    ),
    extract_case(
        "line-break-inside-an-html-tag",
        'He wrote <a\nhref="https://example.org">here</a>. Then left.',
        'He wrote <a\nhref="https://example.org">here</a>.',
        "Then left.",
    ),
    stable_case("line-separator-u2028-in-a-sentence", "\u2028"),
    stable_case("next-line-u0085-in-a-sentence", "\x85"),
    Fault(
        "file-separator-u001c-in-a-sentence",
        source("Seoul\x1creplied. The ministry said no more."),
        ("extract",),
        2,
        (f"sources/{SLUG}.md:6", "U+001C at column 6"),
    ),
    Fault(
        "hard-breaks-published",
        reviewed(
            "SEOUL (Yonhap)  \nThe minister declined.\n\n> “We will not stop.”\\\n> — Kim",
            {
                "SEOUL (Yonhap)": "서울 (연합뉴스)",
                "The minister declined.": "장관은 거절했다.",
                "“We will not stop.”": "“우리는 멈추지 않는다.”",
                "— Kim": "— 김",
            },
        ),
        ("publish", SLUG, "--lang", "ko"),
        0,
        (f"editions/ko/{SLUG}.md",),
        EDITIONS,
        edition(
            "서울 (연합뉴스)  \n장관은 거절했다.",
            "> “우리는 멈추지 않는다.”\\\n> — 김",
            "서울 (연합뉴스)<br />",
            "“우리는 멈추지 않는다.”<br />",
            lacks=("않는다.”\\ ", "않는다.”\\<"),  # no visible backslash
        ),
    ),
    moved_case(
        "emphasis-marker-moved-out-of-its-pair",
        "The minister declined. *He left at noon.*",
        {
            "The minister declined.": "장관은 거절했다.",
            "*He left at noon.*": "*그는 정오에 떠났다. *",
        },
    ),
    moved_case(
        "strong-marker-moved-out-of-its-pair",
        "**Breaking.** The court ruled.",
        {"**Breaking.**": "**속보**.**", "The court ruled.": "법원이 판결했다."},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_markup_fault(tmp_path: Path, case: Fault) -> None:
    run_fault(case, tmp_path)
