"""`transflow stats`: word counts and translation-memory leverage; `--post-edit`: how much
reviewers changed machine translation."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from transflow.cli import ArticlesArg, LangOpt, app, console, open_project, warn_orphans

if TYPE_CHECKING:
    from transflow.project.project import CatalogRef, Project
    from transflow.translate.stats import Tally


@app.command()
def stats(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    post_edit: Annotated[
        bool,
        typer.Option(
            "--post-edit",
            help="Instead: how much reviewers changed machine translation, per language and "
            "engine (model version): reviewed segments, share accepted unchanged, mean "
            "character edit rate.",
        ),
    ] = False,
) -> None:
    """Source words and leverage per article and language: for deadlines and invoices.

    Each segment (every occurrence of a sentence) is counted once, in the first category
    that applies: reviewed; repetition (its sentence came before and is not reviewed);
    100%, 95-99, 85-94 or 75-84 (its best translation-memory match, or its own previous
    source when the sentence changed); machine (an unreviewed machine translation); new.
    Words are runs of letters and digits (Jong-un, U.N. and $35,000 are one word each;
    URLs, placeholders, tags and code count none); a Chinese, Japanese or Korean source is
    counted in characters.

    With --post-edit: each reviewed segment that an engine translated is compared with the
    engine's output, which `transflow translate` keeps beside the catalog
    (translations/<lang>/<slug>.mt.jsonl, to commit with it). The edit rate is the number of
    characters inserted, deleted or substituted, over the reviewed text's length (an HTER
    on characters). Segments whose output was not kept are counted as unmeasured.
    """
    from transflow.translate.stats import CATEGORIES, project_stats

    project = open_project()
    if post_edit:
        _post_edit(project, articles, lang, as_json)
        return
    report = project_stats(project, articles, lang)
    warn_orphans(project, report.orphans)
    if as_json:

        def counts(tally: Tally) -> dict[str, Any]:
            return {
                "segments": dict(tally.segments, total=tally.total_segments),
                report.unit: dict(tally.words, total=tally.total_words),
            }

        data = {
            "unit": report.unit,
            "articles": [
                {"article": a.slug, "lang": a.lang, "catalog": a.path, **counts(a.tally)}
                for a in report.articles
            ],
            "totals": {code: counts(tally) for code, tally in report.languages.items()},
            "missing": [project.relative(ref.path) for ref in report.missing],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"Source {report.unit} by category (segments in parentheses)")
    table.add_column("article", overflow="fold")
    table.add_column("lang")
    for name in (report.unit, *CATEGORIES):
        table.add_column(name, justify="right")

    def row(label: str, code: str, tally: Tally, style: str = "") -> None:
        cells = [
            f"{tally.words[name]:,} ({tally.segments[name]:,})" if tally.segments[name] else "-"
            for name in CATEGORIES
        ]
        total = f"{tally.total_words:,} ({tally.total_segments:,})"
        table.add_row(label, code, total, *cells, style=style)

    for article in report.articles:
        row(article.slug, article.lang, article.tally)
    for code, tally in report.languages.items():
        row("total", code, tally, style="bold")
    console().print(table)
    _note_missing(project, report.missing)


def _post_edit(
    project: Project, articles: list[str] | None, lang: list[str] | None, as_json: bool
) -> None:
    from transflow.translate.stats import post_edit_stats

    report = post_edit_stats(project, articles, lang)
    warn_orphans(project, report.orphans)
    if as_json:
        data = {
            "engines": [
                {
                    "lang": tally.lang,
                    "engine": tally.engine,
                    "segments": tally.segments,
                    "unchanged": tally.unchanged,
                    "unchanged_share": tally.unchanged_share,
                    "mean_edit_rate": tally.mean_edit_rate,
                    "unmeasured": tally.unmeasured,
                }
                for tally in report.engines
            ],
            "missing": [project.relative(ref.path) for ref in report.missing],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not report.engines:
        console(stderr=True).print("note: no reviewed segment was machine-translated.")
        _note_missing(project, report.missing)
        return
    from rich.table import Table

    def percent(value: float | None) -> str:
        return "-" if value is None else f"{value:.1%}"

    table = Table(title="Post-editing of machine translation (reviewed segments)")
    for name in ("lang", "engine", "reviewed", "unchanged", "mean edit rate", "unmeasured"):
        table.add_column(name, justify="left" if name in ("lang", "engine") else "right")
    for tally in report.engines:
        table.add_row(
            tally.lang,
            tally.engine,
            f"{tally.segments:,}",
            percent(tally.unchanged_share),
            percent(tally.mean_edit_rate),
            f"{tally.unmeasured:,}",
        )
    console().print(table)
    if any(tally.unmeasured for tally in report.engines):
        console(stderr=True).print(
            "note: unmeasured segments were reviewed without their machine output kept "
            "(translated before transflow kept it, or its .mt.jsonl file is missing)."
        )
    _note_missing(project, report.missing)


def _note_missing(project: Project, missing: list[CatalogRef]) -> None:
    err = console(stderr=True)
    for ref in missing:
        err.print(
            f"note: {project.relative(ref.path)} does not exist yet: not counted (run "
            "`transflow extract`)."
        )
