"""Content defects of issue 11: plural entries, Plural-Forms headers, duplicate entries, dates
that are none, control characters, script URLs, formula cells, CSV quotes, markup and emoji
codes in user text, linked sources, and listing what was never extracted."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import Result
from .harness import Fault, ids, run_fault

SLUG = "rights-groups-urge-china"
KO = f"translations/ko/{SLUG}.po"
ZH = f"translations/zh/{SLUG}.po"
WIRE = f"sources/{SLUG}.txt"
GLOSSARY = "glossary/newsroom.csv"
MD = "sources/court-ruling.md"
CATALOGS = frozenset({KO, ZH})

PLURAL = 'msgid "One person was sent back."\nmsgid_plural "%d people were sent back."\n'


# --- setups -----------------------------------------------------------------------------------


def _append(path: str, text: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        with (project / path).open("a", encoding="utf-8") as fh:
            fh.write(text)

    return setup


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return setup


def _header(plural_forms: str) -> Callable[[Path], None]:
    return _replace(
        KO, '"Plural-Forms: nplurals=1; plural=0;\\n"', f'"Plural-Forms: {plural_forms}\\n"'
    )


def _both(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        for step in setups:
            step(project)

    return setup


def _write(path: str, data: str | bytes) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        file = project / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data.encode() if isinstance(data, str) else data)

    return setup


def _markdown(front: str, body: str = "The court ruled on Monday.\n") -> Callable[[Path], None]:
    return _write(MD, f"---\ntitle: Court Ruling\n{front}---\n\n{body}")


def _config(line: str) -> Callable[[Path], None]:
    return _append("transflow.toml", f"\n[publish]\n{line}\n")


def _unlink(path: str) -> Callable[[Path], None]:
    return lambda project: (project / path).unlink()


def _link_source_from_outside(project: Path) -> None:
    outside = project.parent / f"{project.name}-elsewhere" / "wire.txt"
    outside.parent.mkdir()
    (project / WIRE).rename(outside)
    (project / WIRE).symlink_to(outside)


def _review_all(project: Path) -> None:
    """Every entry of the ko catalog reviewed (as a translator would leave it)."""
    path = project / KO
    text = re.sub(r'msgstr ""\n(?=\n|\Z)', 'msgstr "번역."\n', path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")


# --- checks -----------------------------------------------------------------------------------


def _at(path: str, needle: str) -> Callable[[Path, Result], None]:
    """The output names `path` at the line (as the file is now) that holds `needle`."""

    def check(project: Path, result: Result) -> None:
        text = (project / path).read_text(encoding="utf-8", errors="replace")
        line = text[: text.index(needle)].count("\n") + 1
        assert f"{path}:{line}" in result.stdout + result.stderr, result.stderr

    return check


def _finding_at(path: str, needle: str, check_id: str) -> Callable[[Path, Result], None]:
    """`check --format json` reports `check_id` in `path` at the line holding `needle`."""

    def check(project: Path, result: Result) -> None:
        text = (project / path).read_text(encoding="utf-8")
        line = text[: text.index(needle)].count("\n") + 1
        found = [(f["file"], f["line"], f["check"]) for f in json.loads(result.stdout)]
        assert (path, line, check_id) in found, found

    return check


def _plural_kept(project: Path, result: Result) -> None:
    text = (project / KO).read_text(encoding="utf-8")
    assert PLURAL + 'msgstr[0] "%d명이 송환됐다."\n' in text and "#~" not in text


def _formula_free_export(project: Path, result: Result) -> None:
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[2][:2] == ['\'=HYPERLINK("http://x.example")', "'+82"], rows
    assert all(cell[:1] not in "=+-@\t\r" for row in rows for cell in row if cell)


def _imported_as_written(project: Path, result: Result) -> None:
    from transflow.glossary import load_glossary
    from transflow.project.config import load_project

    text = (project / "glossary" / "formulas.csv").read_text(encoding="utf-8")
    assert "'=SUM(A1),'-합계" in text  # restored on import, neutralised again in the project
    terms = [c.terms for c in load_glossary(load_project(project)).concepts]
    assert {"en": ("=SUM(A1)",), "ko": ("-합계",)} in terms


def _linked_reference(project: Path, result: Result) -> None:
    text = (project / KO).read_text(encoding="utf-8")
    assert f"#: {WIRE}:3\n" in text and "elsewhere" not in text


def _literal(project: Path, result: Result) -> None:
    assert "\U0001f4af" not in result.stdout + result.stderr  # 💯


# --- the cases --------------------------------------------------------------------------------

CASES = [
    # D4: plural entries go through every stage
    Fault(
        "plural-entry-survives-extract",
        _append(KO, f'\n{PLURAL}msgstr[0] "%d명이 송환됐다."\n'),
        ("extract",),
        0,
        changes=frozenset({KO}),
        check=_plural_kept,
    ),
    Fault(
        "plural-entry-skipped-by-translate",
        _append(KO, f'\n{PLURAL}msgstr[0] ""\n'),
        ("translate", "--memory-only"),
        0,
        ("1 untranslated plural entry", KO),
    ),
    Fault(
        "plural-entry-is-no-segment-in-status",
        _append(KO, f'\n{PLURAL}msgstr[0] "%d명이 송환됐다."\n'),
        ("status", "--json"),
        0,
        check=lambda project, result: _status_of_ko(result, segments=5, reviewed=0, stale=False),
    ),
    Fault(
        "plural-entry-checked-against-msgid-plural",  # one Korean form for every number
        _append(KO, f'\n#, c-format\n{PLURAL}msgstr[0] "%d명이 송환됐다."\n'),
        ("check", "--format", "json"),
        0,
        check=lambda project, result: _no("placeholders", result),
    ),
    Fault(
        "plural-form-missing-a-placeholder",
        _both(
            _header("nplurals=2; plural=(n != 1);"),
            _append(
                KO, f'\n{PLURAL}msgstr[0] "한 명이 송환됐다."\nmsgstr[1] "여러 명이 송환됐다."\n'
            ),
        ),
        ("check", "--format", "json"),
        1,
        ("placeholder %d is missing",),
        check=_finding_at(KO, 'msgstr[1] "여러', "placeholders"),
    ),
    Fault(
        "plural-form-count-against-nplurals",
        _append(KO, f'\n{PLURAL}msgstr[0] "%d명"\nmsgstr[1] "%d명"\n'),
        ("check",),
        2,
        ("2 plural form(s)", "nplurals=1"),
        check=_at(KO, 'msgstr[0] "%d명"'),
    ),
    Fault(
        "plural-form-out-of-order",
        _both(
            _header("nplurals=2; plural=(n != 1);"),
            _append(KO, f'\n{PLURAL}msgstr[1] "%d명"\nmsgstr[0] "%d명"\n'),
        ),
        ("status",),
        2,
        ("msgstr[1] where msgstr[0] belongs",),
        check=_at(KO, 'msgstr[1] "%d명"'),
    ),
    Fault(
        "plural-entry-without-plural-forms",
        _both(
            _replace(KO, '"Plural-Forms: nplurals=1; plural=0;\\n"\n', ""),
            _append(KO, f'\n{PLURAL}msgstr[0] "%d명"\n'),
        ),
        ("publish",),
        2,
        ("no valid Plural-Forms", "`Plural-Forms: nplurals=1; plural=0;`"),
        check=_at(KO, 'msgid "One person'),
    ),
    Fault(
        "plural-entry-not-reviewed-until-every-form-is",
        _both(
            _review_all,
            _header("nplurals=2; plural=(n != 1);"),
            _replace(
                KO,
                'msgid "Dr. Lee called it a crime."\nmsgstr "번역."',
                'msgid "Dr. Lee called it a crime."\nmsgid_plural "x"\n'
                'msgstr[0] "번역."\nmsgstr[1] ""',
            ),
        ),
        ("publish", "--lang", "ko"),
        1,
        ("held back ko", "1 untranslated"),
    ),
    # D15: what msgfmt refuses, check refuses too: exit 2, nothing else read or written
    Fault(
        "plural-forms-count-not-a-number",
        _header("nplurals=x; plural=0;"),
        ("check",),
        2,
        ("invalid Plural-Forms header: nplurals is not a number",),
        check=_at(KO, "Plural-Forms:"),
    ),
    Fault(
        "plural-forms-expression-invalid",
        _header("nplurals=1; plural=n+;"),
        ("check",),
        2,
        ("invalid Plural-Forms header",),
        check=_at(KO, "Plural-Forms:"),
    ),
    Fault(
        "plural-forms-expression-out-of-range",
        _header("nplurals=2; plural=n>1?2:0;"),
        ("check",),
        2,
        ("gives form 2",),
        check=_at(KO, "Plural-Forms:"),
    ),
    Fault(
        "plural-forms-division-by-zero",
        _header("nplurals=2; plural=n%0;"),
        ("extract",),
        2,
        ("divide by zero",),
        check=_at(KO, "Plural-Forms:"),
    ),
    Fault(
        "duplicate-msgid-refused-by-check",
        _append(KO, '\nmsgid "Dr. Lee called it a crime."\nmsgstr "중복"\n'),
        ("check",),
        2,
        ("duplicate entry",),
        check=_at(KO, 'msgid "Dr. Lee called it a crime."\nmsgstr "중복"'),
    ),
    # D11: a date that is none
    Fault(
        "front-matter-month-13-extract",
        _markdown("date: 2026-13-45\n"),
        ("extract",),
        2,
        (f"{MD}:3", "2026-13-45 is no date", "YYYY-MM-DD"),
    ),
    Fault(
        "front-matter-month-13-status",
        _markdown("date: 2026-13-45\n"),
        ("status",),
        2,
        (f"{MD}:3",),
    ),
    Fault(
        "front-matter-month-13-publish",
        _markdown("author: X\ndate: 2026-13-45\n"),
        ("publish", "--draft"),
        2,
        (f"{MD}:4",),
    ),
    Fault(
        "front-matter-hour-25",
        _markdown("date: 2026-02-28 25:00:00\n"),
        ("extract",),
        2,
        (f"{MD}:3", "hour must be in 0..23"),
    ),
    # D14: control characters
    Fault(
        "nul-in-a-wire-source",
        _replace(WIRE, "Dr. Lee", "Dr.\0Lee"),
        ("extract",),
        2,
        (f"{WIRE}:7", "U+0000 (NUL) at column 47"),
    ),
    Fault(
        "nul-in-a-source-publish-draft",
        _replace(WIRE, "Dr. Lee", "Dr.\0Lee"),
        ("publish", "--draft"),
        2,
        (f"{WIRE}:7",),
    ),
    Fault(
        "escape-sequence-in-markdown",
        _markdown("", "The court \x1b[31mruled\x1b[0m on Monday.\n"),
        ("status",),
        2,
        (f"{MD}:5", "U+001B at column 11"),
    ),
    Fault(
        "nul-in-a-reviewed-msgstr",
        _both(_review_all, _replace(KO, 'msgstr "번역."', 'msgstr "번\0역."')),
        ("publish", "--lang", "ko"),
        2,
        ("NUL character",),
        check=_at(KO, "번\0역"),
    ),
    # D12: a project template that cannot render; publish writes nothing at all
    Fault(
        "template-syntax-error",
        _both(_review_all, _write("templates/edition.html", "<p>\n{{ title }\n</p>\n")),
        ("publish", "--draft", "--lang", "ko"),
        2,
        ("templates/edition.html:2", "template syntax error"),
    ),
    Fault(
        "template-undefined-variable",
        _both(_review_all, _write("templates/edition.html", "<p>\n\n{{ headline.text }}</p>\n")),
        ("publish", "--draft", "--lang", "ko"),
        2,
        ("templates/edition.html:3", "'headline' is undefined"),
    ),
    Fault(
        "escaped-nul-in-a-msgstr",
        _replace(KO, 'msgstr ""\n\n', 'msgstr "a\\0b"\n\n'),
        ("check",),
        2,
        ("NUL character",),
        check=_at(KO, 'msgstr "a\\0b"'),
    ),
    # D18: the link to the original is http(s) only
    Fault(
        "javascript-source-url",
        _config('source_url = "javascript:alert(document.cookie)//{slug}"'),
        ("publish", "--draft"),
        2,
        ("transflow.toml:10", "source_url", "http:// or https:// URL holding {slug}"),
    ),
    Fault(
        "data-source-url",
        _config('source_url = "data:text/html,<script>alert(1)</script>{slug}"'),
        ("status",),
        2,
        ("transflow.toml:10", "source_url"),
    ),
    Fault(
        "source-url-without-slug",
        _config('source_url = "https://news.example/en/"'),
        ("publish",),
        2,
        ("transflow.toml:10", "{slug}"),
    ),
    # D7: formula cells
    Fault(
        "formula-cells-exported-neutralised",
        _append(GLOSSARY, '"=HYPERLINK(""http://x.example"")",+82,@x\n'),
        ("glossary", "export"),
        0,
        check=_formula_free_export,
    ),
    Fault(
        "neutralised-cells-imported-restored",
        _write("../formulas.csv", "en,ko\n'=SUM(A1),'-합계\n"),
        ("glossary", "import", "../formulas.csv"),
        0,
        ("imported 1",),
        changes=frozenset({"glossary/formulas.csv"}),
        check=_imported_as_written,
    ),
    # D20: where an unterminated quote starts
    Fault(
        "unterminated-csv-quote",
        _append(GLOSSARY, '"defector,탈북민,脱北者\n' + "a,b,c\n" * 40),
        ("check",),
        2,
        (f"{GLOSSARY}:3", "never closed", "up to line 43"),
    ),
    # D21: user text prints as written
    Fault(
        "emoji-code-and-markup-in-a-file-name",
        _write("translations/ko/:100:[bold]x.po", ""),
        ("status",),
        0,
        ("translations/ko/:100:[bold]x.po belongs to no article",),
        check=_literal,
    ),
    Fault(
        "markup-in-an-argument",
        lambda project: None,
        ("review", "--list", ":100: [bold]x[/]"),
        2,
        ("no article ':100: [bold]x[/]'",),
        check=_literal,
    ),
    Fault(
        "markup-in-a-glossary-term",
        _append(GLOSSARY, "[/] :100: [bold],강,江\n"),
        ("glossary", "list"),
        0,
        ("[/] :100: [bold]",),
        check=_literal,
    ),
    # D22: a linked source is named where the link is
    Fault(
        "source-linked-from-outside",
        _both(_link_source_from_outside, _unlink(KO)),
        ("extract", "--lang", "ko"),
        0,
        changes=frozenset({KO}),
        check=_linked_reference,
    ),
    # D25: listing what was never extracted
    Fault(
        "review-list-article-without-catalog",
        _unlink(ZH),
        ("review", "--list", SLUG),
        2,
        (f"{ZH}: does not exist", "transflow extract"),
    ),
    Fault(
        "review-list-all-without-catalog",
        _unlink(KO),
        ("review", "--list", "--json"),
        2,
        (f"{KO}: does not exist",),
        check=lambda project, result: _no("[", result),  # no JSON list on stdout
    ),
]


def _status_of_ko(result: Result, **expected: object) -> None:
    (row,) = [r for r in json.loads(result.stdout) if r["lang"] == "ko"]
    assert {key: row[key] for key in expected} == expected, row


def _no(text: str, result: Result) -> None:
    assert text not in result.stdout, result.stdout


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_content_fault(tmp_path: Path, case: Fault) -> None:
    root = tmp_path / "project"  # a folder of its own: some cases put files beside it
    root.mkdir()
    run_fault(case, root)
