"""The machine output kept beside each catalog, with real (copy-model) Argos packages and
real PO files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transflow.po.catalog import unit_id
from transflow.po.conventions import fill
from transflow.po.update import CatalogEdit
from transflow.translate.machine_output import commit_recording, read_store, store_path

from .conftest import SLUG_WIRE, run_cli, snapshot
from .review_fixtures import S1, S2, S3, S4, TITLE, edit_on_disk

ENGINES = {"ko": "argos:en-ko@1.1", "zh": "argos:en-zh@1.0"}
SEGMENTS = (TITLE, S1, S2, S3, S4)


def _catalog(project: Path, lang: str = "ko") -> Path:
    return project / "translations" / lang / f"{SLUG_WIRE}.po"


def _records(project: Path, lang: str = "ko") -> list[dict[str, str]]:
    text = store_path(_catalog(project, lang)).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _expected(engine: str, outputs: dict[str, str]) -> list[dict[str, str]]:
    records = [{"id": unit_id("", s), "engine": engine, "mt": t} for s, t in outputs.items()]
    return sorted(records, key=lambda record: record["id"])


@pytest.fixture
def translated(project: Path, argos_env: Path) -> Path:
    assert run_cli("extract", cwd=project).code == 0
    res = run_cli("translate", cwd=project)
    assert res.code == 0, res.stderr
    return project


def test_translate_keeps_each_machine_output_beside_its_catalog(translated: Path) -> None:
    assert store_path(_catalog(translated)).name == f"{SLUG_WIRE}.mt.jsonl"
    for lang, engine in ENGINES.items():
        # the copy model writes each source as it is: one line a segment, sorted by id
        assert _records(translated, lang) == _expected(engine, {s: s for s in SEGMENTS})
    first = store_path(_catalog(translated)).read_text(encoding="utf-8")
    assert first.startswith('{"id": "u') and first.endswith('"}\n')
    before = snapshot(translated / "translations")
    assert run_cli("translate", cwd=translated).code == 0  # nothing to do: nothing written
    assert snapshot(translated / "translations") == before


def test_retranslate_replaces_the_output_and_a_changed_source_drops_its_record(
    translated: Path,
) -> None:
    # as if an earlier model of the same version string had written S3 otherwise
    path = store_path(_catalog(translated))
    stale = path.read_text(encoding="utf-8").replace(f'"mt": "{S3}"', '"mt": "an older output"')
    path.write_text(stale, encoding="utf-8")
    edit_on_disk(_catalog(translated), S3, msgstr="an older output")
    assert read_store(path)[(unit_id("", S3), ENGINES["ko"])] == "an older output"
    res = run_cli("translate", "--lang", "ko", "--retranslate", "machine", cwd=translated)
    assert res.code == 0, res.stderr
    assert _records(translated) == _expected(ENGINES["ko"], {s: s for s in SEGMENTS})

    source = translated / "sources" / f"{SLUG_WIRE}.txt"
    source.write_text(source.read_text().replace(S4, "Dr. Lee called it a grave crime."))
    assert run_cli("extract", cwd=translated).code == 0  # S4's output: a fuzzy suggestion
    assert _records(translated) == _expected(ENGINES["ko"], {s: s for s in SEGMENTS})
    res = run_cli("translate", "--lang", "ko", "--retranslate", "machine", cwd=translated)
    assert res.code == 0, res.stderr
    new = "Dr. Lee called it a grave crime."
    outputs = {s: s for s in (TITLE, S1, S2, S3, new)}  # S4's record went with its entry
    assert _records(translated) == _expected(ENGINES["ko"], outputs)


def test_an_entry_a_reviewer_changed_meanwhile_is_not_recorded(translated: Path) -> None:
    catalog = _catalog(translated)
    store_path(catalog).unlink()
    edit = CatalogEdit(catalog, translated)
    entries = {entry.msgid: entry for entry in edit.po}
    fill(entries[S1], "기계 번역 1", "mt=argos:en-ko@2.0 score=-0.10")
    fill(entries[S2], "기계 번역 2", "mt=argos:en-ko@2.0 score=-0.20")
    fill(entries[S3], "메모리 번역", "tm=sources/other.md (100%)")  # the memory: no MT
    # meanwhile a reviewer saves S1 in their editor: theirs is kept, ours not recorded
    edit_on_disk(catalog, S1, msgstr="검토자의 번역", flags=[])
    [commit] = commit_recording([edit])
    assert commit.merged and commit.dropped == [("", S1)]
    assert _records(translated) == _expected("argos:en-ko@2.0", {S2: "기계 번역 2"})


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("{not json", "not JSON"),
        ('{"id": "u0123456789abcdef", "engine": "argos:en-ko@1.1"}', '"mt"'),
        ('{"id": "u0123456789abcdef", "engine": "argos:en-ko@1.1", "mt": 3}', '"mt"'),
        ('{"id": "x1", "engine": "argos:en-ko@1.1", "mt": "a"}', "bad id 'x1'"),
        ('{"id": "u0123456789abcdef", "engine": "argos en", "mt": "a"}', "engine 'argos en'"),
        ('{"id": "u0123456789abcdef", "engine": "e", "mt": "b"}', "second record"),
        ("<<<<<<< HEAD", "git merge conflict"),
    ],
)
def test_a_damaged_store_is_an_error_naming_its_line(
    translated: Path, line: str, says: str
) -> None:
    edit_on_disk(_catalog(translated), S3, msgstr="an older output")  # to be retranslated
    path = store_path(_catalog(translated))
    first = '{"id": "u0123456789abcdef", "engine": "e", "mt": "a"}'
    path.write_text(f"{path.read_text()}{first}\n\n{line}\n", encoding="utf-8")
    at = f"translations/ko/{SLUG_WIRE}.mt.jsonl:8:"  # 5 records, ours, a blank line, the bad one
    # translate reads a store before it writes the catalog: nothing is written
    before = snapshot(translated / "translations")
    res = run_cli("translate", "--lang", "ko", "--retranslate", "machine", cwd=translated)
    assert res.code == 2 and at in res.stderr and says in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
    assert snapshot(translated / "translations") == before
