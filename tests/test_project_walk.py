"""The one walk over a project's catalogs, and orphans reported alike by every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from transflow.extract.extract import extract
from transflow.project.config import load_project
from transflow.project.errors import SourceError

from .conftest import SLUG_WIRE, run_cli, write

SECOND = "second-story"


@pytest.fixture
def two_articles(project: Path) -> Path:
    """Two articles (the wire one and a Markdown one whose file name is not its slug)."""
    write(
        project / "sources" / "a-second.md",
        f"""\
        ---
        title: A second story
        slug: {SECOND}
        ---

        One sentence here.
        """,
    )
    extract(load_project(project))
    return project


def _rel(project: Path, paths: list[Path]) -> list[str]:
    return [p.relative_to(project).as_posix() for p in paths]


def test_every_article_in_every_language_in_sources_order(two_articles: Path) -> None:
    walk = load_project(two_articles).catalogs()
    assert [(r.slug, r.lang) for r in walk.catalogs] == [
        (SECOND, "ko"),
        (SECOND, "zh"),
        (SLUG_WIRE, "ko"),
        (SLUG_WIRE, "zh"),
    ]
    assert [(r.lang, r.slug) for r in walk.by_language()] == [
        ("ko", SECOND),
        ("ko", SLUG_WIRE),
        ("zh", SECOND),
        ("zh", SLUG_WIRE),
    ]
    assert walk.catalogs[0].source.path.name == "a-second.md"
    assert all(r.exists for r in walk.catalogs) and walk.orphans == []
    assert len(walk.files) == 4


def test_selection_by_slug_or_path_and_language(two_articles: Path) -> None:
    project = load_project(two_articles)
    walk = project.catalogs([str(two_articles / "sources" / "a-second.md")], ["zh"])
    assert [(r.slug, r.lang) for r in walk.catalogs] == [(SECOND, "zh")]
    assert _rel(two_articles, [f.path for f in walk.files]) == [f"translations/zh/{SECOND}.po"]
    with pytest.raises(SourceError, match="no article 'nope'"):
        project.catalogs(["nope"])


def test_orphans_by_article_and_by_language(two_articles: Path) -> None:
    project = load_project(two_articles)
    (two_articles / "sources" / "a-second.md").unlink()
    write(two_articles / "translations" / "ja" / f"{SLUG_WIRE}.po", "")
    walk = project.catalogs()
    assert _rel(two_articles, [o.path for o in walk.orphans]) == [
        f"translations/ja/{SLUG_WIRE}.po",
        f"translations/ko/{SECOND}.po",
        f"translations/zh/{SECOND}.po",
    ]
    # an orphan in a target language is still a catalog on disk (check and TM read it)
    assert f"translations/ko/{SECOND}.po" in _rel(two_articles, [f.path for f in walk.files])
    # a choice of articles or languages narrows what is reported
    assert [o.lang for o in project.catalogs([SLUG_WIRE]).orphans] == ["ja"]
    assert [o.lang for o in project.catalogs(langs=["ko"]).orphans] == ["ko"]


def test_reading_commands_work_without_sources_and_call_nothing_an_orphan(
    two_articles: Path,
) -> None:
    project = load_project(two_articles)
    for path in (two_articles / "sources").iterdir():
        path.unlink()
    (two_articles / "sources").rmdir()
    walk = project.catalogs(sources_required=False)
    assert walk.catalogs == [] and walk.orphans == [] and len(walk.files) == 4
    with pytest.raises(SourceError, match="sources folder does not exist"):
        project.catalogs()


ORPHAN_WARNING = (
    f"warning: translations/ko/{SECOND}.po belongs to no article or target language; "
    "kept as it is (move or delete it yourself)."
)


@pytest.mark.parametrize(
    "command",
    [
        ("extract",),
        ("status", "--json"),
        ("check", "--format", "json"),
        ("translate", "--memory-only"),
        ("review", "--list"),
        ("publish", "--json"),
    ],
)
def test_every_command_reports_orphans_the_same_way(two_articles: Path, command) -> None:
    (two_articles / "sources" / "a-second.md").unlink()
    res = run_cli(*command, cwd=two_articles)
    assert res.code in (0, 1), res.stderr
    assert ORPHAN_WARNING in res.stderr.replace("\n", " ").replace("  ", " ")
    assert ORPHAN_WARNING not in res.stdout
