"""`transflow stats`: word counts and translation-memory leverage."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from transflow.cli import ArticlesArg, LangOpt, app, console, open_project, warn_orphans

if TYPE_CHECKING:
    from transflow.translate.stats import Tally


@app.command()
def stats(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Source words and leverage per article and language: for deadlines and invoices.

    Each segment (every occurrence of a sentence) is counted once, in the first category
    that applies: reviewed; repetition (its sentence came before and is not reviewed);
    100%, 95-99, 85-94 or 75-84 (its best translation-memory match, or its own previous
    source when the sentence changed); machine (an unreviewed machine translation); new.
    Words are runs of letters and digits (Jong-un, U.N. and $35,000 are one word each;
    URLs, placeholders, tags and code count none); a Chinese, Japanese or Korean source is
    counted in characters.
    """
    from transflow.translate.stats import CATEGORIES, project_stats

    project = open_project()
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
    err = console(stderr=True)
    for ref in report.missing:
        err.print(
            f"note: {project.relative(ref.path)} does not exist yet: not counted (run "
            "`transflow extract`)."
        )
