"""Corrections readers can see (issue 16): a published edition whose source changed, once
its translation is reviewed again, is published with a correction note (page and front
matter), and the previous edition is kept under `<lang>/<slug>/history/`.

Set TRANSFLOW_DOCS_SCREENSHOTS=1 to refresh docs/screenshots/correction-ko.png.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from transflow.extract.extract import extract
from transflow.extract.sources import parse_article
from transflow.po.catalog import load_catalog, save_catalog
from transflow.po.conventions import mark_reviewed
from transflow.project.config import load_project
from transflow.publish.corrections import corrections_meta, sentence_hash, source_sentences
from transflow.publish.frontmatter import read_edition
from transflow.publish.publish import publish

from .test_publish_browser import browse, chromium, ink  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parents[1]
SLUG = "seoul-court-rules-on-detention-center-abuses"
OLD = (
    "The Ministry of Unification said it respected the decision, while North Korea did not respond."
)
NEW = (
    "The Ministry of Unification said it respected the decision, while North Korea did not "
    "respond to requests for comment."
)
NEW_KO = "통일부는 판결을 존중한다고 밝혔으며, 북한은 논평 요청에 응하지 않았다."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    for folder in ("sources", "translations", "glossary"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "transflow.toml", root / "transflow.toml")
    return root


def _correct_the_source(root: Path) -> None:
    """The English article is corrected, extracted, and the ko translation reviewed again."""
    source = root / "sources" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    assert OLD in text
    source.write_text(text.replace(OLD, NEW), encoding="utf-8")
    extract(load_project(root), [SLUG], ["ko"])
    path = root / "translations" / "ko" / f"{SLUG}.po"
    po = load_catalog(path)
    entry = po.find(NEW)
    assert entry is not None and entry.previous_msgid == OLD  # the fuzzy suggestion
    mark_reviewed(entry, NEW_KO, "Kim Editor")
    save_catalog(po, path)


def test_a_corrected_article_says_what_changed(project: Path) -> None:
    first = publish(load_project(project), [SLUG], ["ko"])
    assert first.ok
    md = project / "editions" / "ko" / f"{SLUG}.md"
    before = md.read_text(encoding="utf-8")
    edition = read_edition(md)
    assert edition is not None and "corrections" not in edition.meta
    assert sentence_hash(OLD) in edition.meta["source_sentences"]

    _correct_the_source(project)
    report = publish(load_project(project), [SLUG], ["ko"])
    assert report.ok, [r.gate.reasons() for r in report.results]
    edition = read_edition(md)
    assert edition is not None
    today = dt.date.today()
    assert edition.meta["corrections"] == [{"date": today, "sentences": [NEW_KO]}]
    assert edition.meta["updated"] == today
    assert NEW_KO in edition.body

    kept = project / "editions" / "ko" / SLUG / "history"
    assert [p.name for p in kept.iterdir()] == [f"{_sha(before)[:12]}.md"]
    assert (kept / f"{_sha(before)[:12]}.md").read_text(encoding="utf-8") == before

    page = md.with_suffix(".html").read_text(encoding="utf-8")
    assert '<aside class="correction" role="note">' in page
    assert f'<time datetime="{today.isoformat()}">이 기사는 {today.year}년' in page
    assert f"<li>{NEW_KO}</li>" in page and "정정된 부분:" in page

    again = publish(load_project(project), [SLUG], ["ko"])  # nothing new: no byte changes
    assert (
        again.written == [] and read_edition(md).meta["corrections"] == edition.meta["corrections"]
    )


def _sha(text: str) -> str:
    """The source_sha256 an edition's text records."""
    line = next(x for x in text.split("\n") if x.startswith("source_sha256:"))
    return line.split(":", 1)[1].strip()


def test_no_correction_without_a_changed_sentence(project: Path) -> None:
    publish(load_project(project), [SLUG], ["ko"])
    source = project / "sources" / f"{SLUG}.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace('author: "Park Do-hyun"', 'author: "Park D."'),
        encoding="utf-8",
    )
    assert publish(load_project(project), [SLUG], ["ko"]).ok
    edition = read_edition(project / "editions" / "ko" / f"{SLUG}.md")
    assert edition is not None and "corrections" not in edition.meta
    assert not (project / "editions" / "ko" / SLUG).exists()


def test_removed_sentences_and_editions_without_hashes(project: Path) -> None:
    publish(load_project(project), [SLUG], ["ko"])
    md = project / "editions" / "ko" / f"{SLUG}.md"
    previous = read_edition(md)
    assert previous is not None
    source = project / "sources" / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(" " + OLD, ""), "utf-8")
    article = parse_article(source)
    day = dt.date(2026, 12, 1)
    meta, kept = corrections_meta(previous, article, {}, day)
    assert meta["corrections"] == [{"date": day, "sentences": [], "removed": 1}]
    assert kept is not None and kept[0].parent.name == "history"
    assert meta["source_sentences"] == source_sentences(article)

    del previous.meta["source_sentences"]  # published before hashes were recorded
    meta, _ = corrections_meta(previous, article, {}, day)
    assert meta["corrections"] == [{"date": day, "sentences": []}]
    meta, kept = corrections_meta(previous, article, {}, day, reviewed=False)  # a draft
    assert "corrections" not in meta and kept is None


def test_corrected_page_in_chromium(chromium: str, project: Path, tmp_path: Path) -> None:  # noqa: F811
    publish(load_project(project), [SLUG], ["ko"])
    _correct_the_source(project)
    assert publish(load_project(project), [SLUG], ["ko"]).ok
    page = project / "editions" / "ko" / f"{SLUG}.html"
    png = tmp_path / "correction-ko.png"
    run = browse(
        chromium, page, tmp_path / "profile", "--window-size=1200,1400", f"--screenshot={png}"
    )
    assert run.returncode == 0 and png.exists(), run.stderr[-2000:]
    size, share, levels = ink(png)
    assert size == (1200, 1400) and share > 0.03 and levels > 32
    if os.environ.get("TRANSFLOW_DOCS_SCREENSHOTS"):
        (ROOT / "docs" / "screenshots").mkdir(exist_ok=True)
        shutil.copyfile(png, ROOT / "docs" / "screenshots" / "correction-ko.png")
