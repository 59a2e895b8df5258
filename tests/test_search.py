"""`transflow search`: the concordance, its cache under .transflow/, and its CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

from transflow.po.catalog import load_catalog, save_catalog
from transflow.po.conventions import mark_reviewed
from transflow.project.choices import SearchIn
from transflow.project.config import load_project
from transflow.translate.search import CACHE_NAME, search_project

from .conftest import SLUG_WIRE, run_cli

OMEGAT = Path(__file__).parent / "data" / "tm" / "omegat-level2.tmx"


def _reviewed(project: Path) -> Path:
    assert run_cli("extract", cwd=project).code == 0
    path = project / "translations" / "ko" / f"{SLUG_WIRE}.po"
    po = load_catalog(path)
    for entry in po:
        if entry.msgid.startswith("Activists"):
            mark_reviewed(entry, "활동가들이 화요일 서울에 모였다.", "Kim")
    save_catalog(po, path)
    return path


def test_hits_carry_their_pair_state_and_locations(project: Path) -> None:
    path = _reviewed(project)
    assert run_cli("tm", "import", str(OMEGAT), cwd=project).code == 0
    result = search_project(load_project(project), "seoul ON tuesday")  # case-insensitive
    assert result.total == 4 and [h.kind for h in result.hits] == [
        "catalog", "memory", "memory", "catalog",
    ]  # fmt: skip
    first = result.hits[0]
    assert (first.lang, first.state, first.target) == (
        "ko",
        "reviewed",
        "활동가들이 화요일 서울에 모였다.",
    )
    assert first.path == f"translations/ko/{SLUG_WIRE}.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[first.line - 1] == 'msgid "Activists gathered in Seoul on Tuesday."'
    assert first.sources == (f"sources/{SLUG_WIRE}.txt:5",)
    assert result.hits[1].location.startswith("tm/ko/omegat-level2.po:")
    assert result.hits[-1].lang == "zh" and result.hits[-1].state == "untranslated"


def test_source_target_and_language_filters(project: Path) -> None:
    _reviewed(project)
    config = load_project(project)
    assert search_project(config, "서울", within=SearchIn.SOURCE).total == 0
    [hit] = search_project(config, "서울", within=SearchIn.TARGET).hits
    assert hit.source == "Activists gathered in Seoul on Tuesday."
    assert search_project(config, "Seoul", ["zh"]).total == 1
    limited = search_project(config, "e", limit=2)
    assert len(limited.hits) == 2 and limited.total > 2


def test_cache_follows_every_change_and_survives_corruption(project: Path) -> None:
    path = _reviewed(project)
    config = load_project(project)
    assert search_project(config, "Seoul").reread == 2  # the first run reads each catalog
    assert search_project(config, "Seoul").reread == 0  # then only stats them
    text = path.read_text(encoding="utf-8").replace("서울에 모였다", "서울에서 집회했다")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even an edit that puts the old time back has a new size
    found = search_project(config, "집회")
    assert found.reread == 1 and found.total == 1
    path.unlink()
    assert search_project(config, "집회").total == 0
    (project / CACHE_NAME).write_bytes(b"not a database" * 100)
    assert search_project(config, "Seoul").total == 1  # zh only now; the cache rebuilt
    for keys in (project / CACHE_NAME).parent.glob("search-*.bin"):
        keys.write_bytes(b"TFSEARCH1" + b"\0" * 100)  # a torn or foreign file
    found = search_project(config, "Seoul")
    assert found.total == 1 and found.reread == 0 and found.hits[0].lang == "zh"


def test_cli_text_and_json(project: Path) -> None:
    _reviewed(project)
    res = run_cli("search", "Seoul", "--lang", "ko", cwd=project)
    assert res.code == 0, res.stderr
    assert f"translations/ko/{SLUG_WIRE}.po:" in res.stdout and "reviewed" in res.stdout
    assert "활동가들이 화요일 서울에 모였다." in res.stdout and res.stdout.endswith("1 hit\n")
    data = json.loads(run_cli("search", "seoul", "--json", cwd=project).stdout)
    assert data["total"] == 2 and {h["lang"] for h in data["hits"]} == {"ko", "zh"}
    assert data["hits"][0]["sources"] == [f"sources/{SLUG_WIRE}.txt:5"]
    res = run_cli("search", "x", "--source", "--target", cwd=project)
    assert res.code == 2 and "exclude each other" in res.stderr
    res = run_cli("search", "Seoul", "-n", "1", cwd=project)
    assert "2 hits (showing 1; --limit 0 shows all)" in res.stdout


def test_search_works_where_the_cache_cannot_be_written(project: Path) -> None:
    _reviewed(project)
    blocked = [
        project / CACHE_NAME,
        *(project / f".transflow/search-{x}.bin" for x in "ko zh".split()),
    ]
    for folder in blocked:  # folders where the cache's files would be
        folder.mkdir(parents=True)
    found = search_project(load_project(project), "Seoul")
    assert found.total == 2 and found.reread == 2  # an in-memory cache for this run
    assert all(folder.is_dir() and not any(folder.iterdir()) for folder in blocked)
