"""The inconsistent check across files and languages, on real PO files."""

from __future__ import annotations

from pathlib import Path

from transflow.checks.runner import check_files, select_checks

from .conftest import write

HEAD = (
    'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)


def _po(path: Path, lang: str, entries: list[tuple[str, str, str, str]]) -> Path:
    """entries: (flags, msgctxt, msgid, msgstr)."""
    body = HEAD.format(lang=lang)
    for flags, ctxt, msgid, msgstr in entries:
        body += f"#, {flags}\n" if flags else ""
        body += f'msgctxt "{ctxt}"\n' if ctxt else ""
        body += f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n'
    return write(path, body)


def _inconsistent(paths: list[Path]) -> list[tuple[str, int, str, str]]:
    checks = [c for c in select_checks() if c.id == "inconsistent"]
    found = check_files(paths, checks=checks, display=lambda p: p.name)
    return [(f.file, f.line, f.msgstr, f.message) for f in found]


def test_reviewed_reference_wins_across_files(tmp_path: Path) -> None:
    a = _po(
        tmp_path / "a.po",
        "ko",
        [("fuzzy", "", "The panel met.", "위원회가 모였다."), ("", "", "Other.", "기타.")],
    )
    b = _po(tmp_path / "b.po", "ko", [("", "", "The panel met.", "위원회가 회의했다.")])
    c = _po(tmp_path / "c.po", "ko", [("fuzzy", "", "The panel met.", "위원회가 모였다.")])
    found = _inconsistent([a, b, c])
    # two unreviewed agree, but the reviewed one (b.po) is the reference
    assert [(f, m) for f, _, _, m in found] == [
        ("a.po", "translated as “위원회가 회의했다.” in b.po:7"),
        ("c.po", "translated as “위원회가 회의했다.” in b.po:7"),
    ]


def test_languages_contexts_and_silenced_entries_are_apart(tmp_path: Path) -> None:
    ko = _po(
        tmp_path / "ko.po",
        "ko",
        [
            ("", "", "Go.", "가."),
            ("", "menu", "Go.", "이동"),
            ("ignore-inconsistent", "", "Stop.", "멈춰."),
        ],
    )
    zh = _po(tmp_path / "zh.po", "zh", [("", "", "Go.", "走。")])
    ko2 = _po(tmp_path / "ko2.po", "ko", [("", "", "Stop.", "정지."), ("", "", "Go.", "가.")])
    # Go. differs only across languages or contexts; Stop.'s other entry is silenced
    assert _inconsistent([ko, zh, ko2]) == []
    ko3 = _po(tmp_path / "ko3.po", "ko", [("", "menu", "Go.", "가기")])
    found = _inconsistent([ko, ko3])
    assert len(found) == 1 and found[0][2] in ("이동", "가기")
