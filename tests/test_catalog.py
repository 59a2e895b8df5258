"""msgmerge semantics of `extract`, PO validity (real msgfmt) and malformed PO files."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from transflow.extract.extract import extract
from transflow.po.catalog import load_catalog
from transflow.project.config import load_project
from transflow.project.errors import CatalogError

from .conftest import msgfmt_check, snapshot

SLUG = "rights-groups-urge-china"


def po_path(project: Path, lang: str = "ko") -> Path:
    return project / "translations" / lang / f"{SLUG}.po"


def source(project: Path) -> Path:
    return project / "sources" / f"{SLUG}.txt"


def edit_source(project: Path, old: str, new: str) -> None:
    path = source(project)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_translation(project: Path, msgid: str, msgstr: str, fuzzy: bool = False) -> None:
    path = po_path(project)
    po = polib.pofile(str(path))
    entry = po.find(msgid)
    entry.msgstr = msgstr
    if fuzzy:
        entry.flags.append("fuzzy")
    po.save(str(path))


def entries(project: Path, lang: str = "ko") -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(po_path(project, lang)))}


def test_first_extract_creates_valid_catalogs(project: Path) -> None:
    report = extract(load_project(project))
    assert sorted((r.lang, r.created, r.written) for r in report.results) == [
        ("ko", True, True),
        ("zh", True, True),
    ]
    for lang in ("ko", "zh"):
        msgfmt_check(po_path(project, lang))
    po = polib.pofile(str(po_path(project)))
    assert po.metadata["Language"] == "ko"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["X-Source-Language"] == "en"
    assert [e.msgid for e in po] == [
        "Rights Groups Urge China to Halt Repatriations",
        "Activists gathered in Seoul on Tuesday.",
        "They urged the U.N. Human Rights Council to act.",
        "The groups said 200 people were sent back.",
        "Dr. Lee called it a crime.",
    ]
    first = po[0]
    assert first.occurrences == [(f"sources/{SLUG}.txt", "3")]
    assert first.comment == "type: title"
    assert all(e.msgstr == "" and not e.flags for e in po)


def test_second_extract_changes_no_byte(project: Path) -> None:
    config = load_project(project)
    extract(config)
    set_translation(project, "Dr. Lee called it a crime.", "이 박사는 이를 범죄라고 불렀다.")
    extract(config)
    before = snapshot(project / "translations")
    mtimes = {p: p.stat().st_mtime_ns for p in (project / "translations").rglob("*.po")}
    report = extract(config)
    assert not report.written
    assert snapshot(project / "translations") == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_new_sentence_added_untranslated_and_others_kept(project: Path) -> None:
    config = load_project(project)
    extract(config)
    set_translation(project, "Dr. Lee called it a crime.", "이 박사는 이를 범죄라고 불렀다.")
    edit_source(
        project,
        "Dr. Lee called it a crime.",
        "Dr. Lee called it a crime. More rallies are planned.",
    )
    report = extract(config)
    stats = next(r.stats for r in report.results if r.lang == "ko")
    assert (stats.added, stats.kept, stats.fuzzy, stats.obsoleted) == (1, 5, 0, 0)
    e = entries(project)
    assert e["More rallies are planned."].msgstr == ""
    assert e["Dr. Lee called it a crime."].msgstr == "이 박사는 이를 범죄라고 불렀다."
    assert "fuzzy" not in e["Dr. Lee called it a crime."].flags
    msgfmt_check(po_path(project))


def test_reviewed_translation_survives_source_edit_as_fuzzy_suggestion(project: Path) -> None:
    config = load_project(project)
    extract(config)
    old = "The groups said 200 people were sent back."
    set_translation(project, old, "단체들은 200명이 송환됐다고 밝혔다.")
    po = polib.pofile(str(po_path(project)))
    po.find(old).tcomment = "checked against the ministry figure"
    po.save(str(po_path(project)))
    edit_source(project, "200 people were sent back", "300 people were sent back")
    extract(config)
    e = entries(project)
    new = e["The groups said 300 people were sent back."]
    assert new.msgstr == "단체들은 200명이 송환됐다고 밝혔다."
    assert "fuzzy" in new.flags
    assert new.previous_msgid == old
    assert new.tcomment == "checked against the ministry figure"
    assert old not in e  # consumed by the suggestion, not duplicated as obsolete
    text = po_path(project).read_text(encoding="utf-8")
    assert f'#| msgid "{old}"' in text
    msgfmt_check(po_path(project))


def test_removed_sentence_becomes_obsolete_and_is_revived(project: Path) -> None:
    config = load_project(project)
    extract(config)
    gone = "Activists gathered in Seoul on Tuesday."
    set_translation(project, gone, "활동가들이 화요일 서울에 모였다.")
    edit_source(project, gone + " ", "")
    extract(config)
    po = polib.pofile(str(po_path(project)))
    obsolete = {e.msgid: e for e in po.obsolete_entries()}
    assert obsolete[gone].msgstr == "활동가들이 화요일 서울에 모였다."
    assert gone not in {e.msgid for e in po if not e.obsolete}
    assert "#~ msgid" in po_path(project).read_text(encoding="utf-8")
    msgfmt_check(po_path(project))
    # the sentence comes back: the reviewed translation returns with it
    edit_source(project, "They urged", gone + " They urged")
    extract(config)
    po = polib.pofile(str(po_path(project)))
    back = po.find(gone)
    assert back is not None and not back.obsolete
    assert back.msgstr == "활동가들이 화요일 서울에 모였다." and "fuzzy" not in back.flags
    assert not po.obsolete_entries()


def test_unrelated_new_sentence_gets_no_suggestion(project: Path) -> None:
    config = load_project(project)
    extract(config)
    set_translation(project, "Dr. Lee called it a crime.", "이 박사는 이를 범죄라고 불렀다.")
    edit_source(project, "Dr. Lee called it a crime.", "Beijing declined to comment on Wednesday.")
    extract(config)
    po = polib.pofile(str(po_path(project)))
    assert po.find("Beijing declined to comment on Wednesday.").msgstr == ""
    assert po.find("Dr. Lee called it a crime.", include_obsolete_entries=True).obsolete


def test_unreviewed_state_is_kept(project: Path) -> None:
    config = load_project(project)
    extract(config)
    set_translation(project, "Dr. Lee called it a crime.", "기계 번역", fuzzy=True)
    extract(config)
    entry = entries(project)["Dr. Lee called it a crime."]
    assert entry.msgstr == "기계 번역" and "fuzzy" in entry.flags


def _plural(project: Path, msgid: str, forms: dict[int, str], flags: list[str]) -> None:
    """Make the entry of `msgid` a plural entry (a new one when there is none)."""
    path = po_path(project)
    po = polib.pofile(str(path))
    entry = po.find(msgid) or polib.POEntry(msgid=msgid)
    if entry not in po:
        po.append(entry)
    entry.msgid_plural, entry.msgstr_plural, entry.flags = msgid + "s", forms, flags
    po.save(str(path))


def test_a_plural_entry_is_kept_as_it_is(project: Path) -> None:
    config = load_project(project)
    extract(config)
    _plural(project, "%d person was sent back", {0: "%d명이 송환되었다"}, [])
    _plural(project, "Dr. Lee called it a crime.", {0: "이 박사는 범죄라고 했다."}, ["fuzzy"])
    assert extract(config).results[0].stats.obsoleted == 0
    po = polib.pofile(str(po_path(project)))
    assert not po.obsolete_entries()
    kept = po.find("%d person was sent back")
    assert kept.msgid_plural and kept.msgstr_plural == {0: "%d명이 송환되었다"}
    # a sentence whose text is a plural entry's msgid is that entry: one entry, state kept
    (entry,) = [e for e in po if e.msgid == "Dr. Lee called it a crime."]
    assert entry.msgid_plural and entry.msgstr_plural == {0: "이 박사는 범죄라고 했다."}
    assert "fuzzy" in entry.flags and entry.occurrences == [(f"sources/{SLUG}.txt", "7")]
    msgfmt_check(po_path(project))
    assert extract(config).written == []  # and a second run changes nothing


def test_a_linked_source_is_named_by_its_link(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-shared" / "wire.txt"
    elsewhere.parent.mkdir()
    source(project).rename(elsewhere)
    source(project).symlink_to(elsewhere)
    extract(load_project(project))
    refs = {f for e in polib.pofile(str(po_path(project))) for f, _ in e.occurrences}
    assert refs == {f"sources/{SLUG}.txt"}


def test_repeated_sentence_is_one_entry_with_two_occurrences(project: Path) -> None:
    edit_source(
        project,
        "Dr. Lee called it a crime.",
        "Dr. Lee called it a crime.\n\nThey urged the U.N. Human Rights Council to act.",
    )
    extract(load_project(project))
    entry = entries(project)["They urged the U.N. Human Rights Council to act."]
    assert [line for _, line in entry.occurrences] == ["5", "9"]


BAD_PO = [
    ('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n', "unterminated", 4),
    ('msgid "a"\nmsgstr "b"\n\nnonsense here\n', "unexpected", 4),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', "duplicate entry", 4),
    ('<<<<<<< HEAD\nmsgid "a"\nmsgstr "b"\n=======\n', "merge-conflict", 1),
    ('msgid "a\\q"\nmsgstr "b"\n', "invalid escape", 1),
    ('msgid "a"\n\nmsgid "c"\nmsgstr "d"\n', "msgid without msgstr", 1),
]


@pytest.mark.parametrize("text, fragment, line", BAD_PO)
def test_malformed_po_names_file_and_line(tmp_path: Path, text: str, fragment: str, line: int):
    path = tmp_path / "x.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert fragment in info.value.render()
    assert info.value.line == line
    assert info.value.path == str(path)


def test_non_utf8_po(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b'msgid "a"\nmsgstr "\xb0\xa1"\n')
    with pytest.raises(CatalogError, match="not UTF-8"):
        load_catalog(path)


def test_malformed_po_stops_extract_before_any_write(project: Path) -> None:
    config = load_project(project)
    extract(config)
    edit_source(project, "Dr. Lee", "Dr. Kim")
    po_path(project, "zh").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    before = snapshot(project)
    with pytest.raises(CatalogError):
        extract(config)
    assert snapshot(project) == before


def test_catalogs_of_removed_articles_are_reported_not_deleted(project: Path) -> None:
    config = load_project(project)
    extract(config)
    source(project).rename(project / "sources" / "renamed.txt")
    text = (project / "sources" / "renamed.txt").read_text(encoding="utf-8")
    (project / "sources" / "renamed.txt").write_text(
        text.replace(SLUG, "new-slug", 1), encoding="utf-8"
    )
    report = extract(config)
    assert [o.path for o in report.orphans] == [po_path(project, "ko"), po_path(project, "zh")]
    assert po_path(project, "ko").exists()
