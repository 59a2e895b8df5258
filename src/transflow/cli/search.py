"""`transflow search`: a concordance over sources, translations and imported memories."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer

from transflow.cli import LangOpt, app, console, open_project
from transflow.project.choices import SearchIn


@app.command()
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The text to look for.")],
    lang: LangOpt = None,
    source: Annotated[
        bool, typer.Option("--source", help="Look in the source sentences only.")
    ] = False,
    target: Annotated[
        bool, typer.Option("--target", help="Look in the translations only.")
    ] = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=0, metavar="N", help="Show at most this many hits (0: all)."
        ),
    ] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """How was TEXT translated before? Every segment whose source or translation holds it.

    Looks through every catalog (any state) and imported memory (tm/), case-insensitively,
    and prints each hit with its pair, its state, where it is (file:line) and where the
    sentence is in the source articles. A cache in .transflow/ makes later runs fast; it
    follows every change to the files and can be deleted at any time.
    """
    from transflow.translate.search import search_project

    if source and target:
        raise typer.BadParameter("--source and --target exclude each other; give neither.")
    if not text.strip():
        raise typer.BadParameter('TEXT is empty; e.g. transflow search "Baiyin"')
    within = SearchIn.SOURCE if source else SearchIn.TARGET if target else SearchIn.BOTH
    project = open_project()
    result = search_project(project, text, lang, within, limit or None)
    if as_json:
        data = {"total": result.total, "hits": [asdict(hit) for hit in result.hits]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.text import Text

    out = console()
    for hit in result.hits:
        head = Text(f"{hit.location}  {hit.state}", style="bold")
        if hit.sources:
            head.append("  " + " ".join(hit.sources), style="dim")
        out.print(head)
        for code, value, side in (
            (project.source_language, hit.source, SearchIn.SOURCE),
            (hit.lang, hit.target, SearchIn.TARGET),
        ):
            line = Text(f"  {code:<5} ")
            line.append(value or "(untranslated)", style="" if value else "dim")
            if within in (SearchIn.BOTH, side):
                line.highlight_words([text], style="reverse", case_sensitive=False)
            out.print(line)
    shown = len(result.hits)
    more = f" (showing {shown}; --limit 0 shows all)" if shown < result.total else ""
    out.print(f"{result.total} {'hit' if result.total == 1 else 'hits'}{more}")
