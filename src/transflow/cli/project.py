"""Project commands: `transflow init` and `transflow status`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from transflow.cli import ArticlesArg, LangOpt, app, console, open_project, warn_orphans

if TYPE_CHECKING:
    from rich.console import JustifyMethod


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder to turn into a project.")
    ] = Path("."),
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", "-l", metavar="LANG", help="Target language (repeatable)."),
    ] = None,
    source: Annotated[
        str, typer.Option(metavar="LANG", help="Source language of the articles.")
    ] = "en",
) -> None:
    """Create transflow.toml, sources/, translations/ and glossary/ in DIR."""
    from transflow.project.scaffold import init_project

    created = init_project(folder, lang or ["ko", "zh"], source)
    out = console()
    for path in created:
        out.print(f"created {path}")
    out.print("Next: put articles in sources/, then run `transflow extract`.")


@app.command()
def status(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Segments, untranslated, unreviewed (fuzzy), reviewed and % reviewed per article."""
    from transflow.project.status import project_status

    project = open_project()
    report = project_status(project, articles, lang)
    warn_orphans(project, report.orphans)
    rows = report.rows
    if as_json:
        print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title="Translation status")
    columns: list[tuple[str, JustifyMethod]] = [  # short headers so the table fits 80 columns
        ("article", "left"),
        ("lang", "left"),
        ("segments", "right"),
        ("untransl.", "right"),
        ("fuzzy", "right"),
        ("reviewed", "right"),
        ("%", "right"),
    ]
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold")
    for r in rows:
        note = " (stale: run extract)" if r.stale else ""
        table.add_row(
            r.slug + note,
            r.lang,
            str(r.segments),
            str(r.untranslated),
            str(r.unreviewed),
            str(r.reviewed),
            f"{r.percent_reviewed:.1f}",
        )
    console().print(table)
