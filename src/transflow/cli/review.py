"""`transflow review`: the full-screen review app, or `--list` of pending segments."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from transflow.cli import app, console, open_project, warn_orphans
from transflow.project.choices import ReviewOrder

if TYPE_CHECKING:
    from transflow.project.project import Project


@app.command()
def review(
    article: Annotated[
        str | None,
        typer.Argument(
            metavar="ARTICLE",
            help="Article slug or source path. Default: the first catalog with pending segments.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", "-l", metavar="LANG", help="Target language. Default: the first with pending."
        ),
    ] = None,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            metavar="NAME",
            help="Your name (or 'Name <email>') for Last-Translator and reviewed-by. Default: "
            "[review] reviewer in transflow.toml, else git config user.name.",
        ),
    ] = None,
    list_: Annotated[
        bool,
        typer.Option("--list", help="Print the pending segments instead of opening the app."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --list: print JSON.")] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="Open with every segment shown, not only pending.")
    ] = False,
    order: Annotated[
        ReviewOrder | None,
        typer.Option(
            "--order",
            help="The order of the segments: document (as the article reads) or risk (error "
            "findings first, then low MT scores, then unmet glossary terms), in the app and "
            "with --list. Default: as you left the catalog, else document.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Review translations segment by segment in a full-screen terminal app.

    Keys: Enter accept (an error finding asks first), ctrl+n/ctrl+p next/previous, ctrl+g
    next with findings, ctrl+r undo accept, ctrl+a select all, ctrl+k clear, ctrl+e copy the
    source, ctrl+z undo typing, ctrl+o note, ctrl+t retranslate, ctrl+b insert suggestion,
    ctrl+f search, ctrl+l filter, F1 help, ctrl+q quit. Every action is written to the PO
    file at once. The app reopens a catalog at the segment, filter and order you left it.
    """
    project = open_project()
    if list_:
        _list(project, article, lang, as_json, order or ReviewOrder.DOCUMENT)
        return
    if as_json:
        raise typer.BadParameter("--json goes with --list.")
    from transflow.review.session import ReviewError, open_session, resolve_reviewer

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ReviewError(
            "transflow review is a full-screen app and needs an interactive terminal "
            "(standard input or output is not a terminal).",
            hint="In scripts use `transflow review --list [--json]`.",
        )
    who = resolve_reviewer(project, reviewer)
    session = open_session(project, article, lang, who)
    if session is None:
        console().print("Nothing to review: every segment of every catalog is reviewed.")
        return
    from transflow.review.ui.app import ReviewApp

    result = ReviewApp(session, filter_="all" if show_all else None, order=order).run()
    if result:
        console().print(
            f"{result['catalog']}: {result['accepted']} accepted in this session, "
            f"{result['pending']} of {result['segments']} segments pending."
        )


def _list(
    project: Project, article: str | None, lang: str | None, as_json: bool, order: ReviewOrder
) -> None:
    from transflow.review.pending import pending_segments

    report = pending_segments(project, article, [lang] if lang else None, order)
    warn_orphans(project, report.orphans)
    found = report.segments
    if as_json:
        print(json.dumps([p.as_dict() for p in found], ensure_ascii=False, indent=2))
        return
    for p in found:
        text = " ".join(p.msgid.split())
        why = f" [{p.risk.summary}]" if p.risk else ""
        print(f"{p.catalog}:{p.line}: {p.state}{why}: {text}")
    print(f"{len(found)} pending segment{'s' if len(found) != 1 else ''}.", file=sys.stderr)
