"""Translation memory built from the reviewed entries of a language's catalogs."""

from __future__ import annotations

from pathlib import Path

import polib

from transflow.project.config import parse_config
from transflow.translate.tm import TMMatch, TranslationMemory


def _catalog(path: Path, source: str, entries: list[tuple[str, str, bool]]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    for msgid, msgstr, fuzzy in entries:
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=msgstr,
                flags=["fuzzy"] if fuzzy else [],
                occurrences=[(source, "3")],
            )
        )
    po.append(polib.POEntry(msgid="Gone sentence.", msgstr="사라짐", obsolete=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def _memory(tmp_path: Path) -> TranslationMemory:
    t = tmp_path / "translations" / "ko"
    _catalog(
        t / "a.po",
        "sources/a.md",
        [
            ("The court ruled on Thursday.", "법원은 목요일 판결했다.", False),
            ("Activists gathered in Seoul.", "활동가들이 서울에 모였다.", False),
            ("Machine output only.", "기계 번역", True),
            ("Untranslated.", "", False),
        ],
    )
    _catalog(
        t / "b.po",
        "sources/b.txt",
        [
            ("Activists gathered in Seoul.", "활동가들이 서울에서 모였다.", False),
            ("The council met on Friday.", "이사회는 금요일 회의했다.", False),
        ],
    )
    _catalog(
        t / "c.po",
        "sources/c.txt",
        [("Activists gathered in Seoul.", "활동가들이 서울에서 모였다.", False)],
    )
    _catalog(tmp_path / "translations/zh/a.po", "sources/a.md", [("Untranslated.", "x", False)])
    text = '[project]\nsource_language = "en"\ntarget_languages = ["ko", "zh"]\n'
    return TranslationMemory.for_language(parse_config(tmp_path, text), "ko")


def test_only_reviewed_active_entries_of_the_language(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    assert len(memory) == 3
    assert memory.exact("Machine output only.") is None
    assert memory.exact("Gone sentence.") is None and memory.exact("Untranslated.") is None
    assert memory.exact("The court ruled on Thursday.") == TMMatch(
        "The court ruled on Thursday.", "법원은 목요일 판결했다.", 100.0, "sources/a.md"
    )


def test_conflicting_translations_majority_then_file_order(tmp_path: Path) -> None:
    match = _memory(tmp_path).exact("Activists gathered in Seoul.")
    assert match.target == "활동가들이 서울에서 모였다." and match.origin == "sources/b.txt"


def test_fuzzy_matches_best_first_with_cutoff_and_limit(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    found = memory.fuzzy("The court ruled on Wednesday.")
    assert found[0].source == "The court ruled on Thursday."
    assert 70 <= found[0].score < 100 and found[0].origin == "sources/a.md"
    assert all(m.score >= 70 for m in found)
    assert memory.fuzzy("Completely different words here.") == []
    assert len(memory.fuzzy("The c", limit=1, cutoff=0)) == 1
    assert TranslationMemory().fuzzy("anything") == []
