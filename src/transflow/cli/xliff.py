"""`transflow xliff export | import`: the hand-off to a freelancer's CAT tool."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transflow.cli import ArticlesArg, LangOpt, app, console, open_project, warn_orphans
from transflow.project.choices import XliffVersion

xliff_app = typer.Typer(
    help="CAT hand-off: export catalogs as XLIFF 1.2/2.1 and import the translations back.",
    no_args_is_help=True,
)
app.add_typer(xliff_app, name="xliff")


@xliff_app.command("export")
def export(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    fmt: Annotated[
        XliffVersion, typer.Option("--format", "-f", help="XLIFF version to write.")
    ] = XliffVersion.V1_2,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            file_okay=False,
            help="Folder for <lang>/<slug>.xlf. Default: handoff/ in the project.",
        ),
    ] = None,
) -> None:
    """Write one XLIFF file per article and language (all files or none).

    Units are keyed by a hash of msgctxt and msgid, so the same sentence keeps its id in
    every export; states map to XLIFF states (untranslated: needs-translation / initial,
    machine and changed: needs-review-translation / translated, reviewed: final); reviewer
    notes, provenance and source locations are notes; glossary terms of the sentence are
    notes (1.2) or Glossary module entries (2.1); URLs, placeholders, tags and code spans
    are inline codes a CAT tool keeps intact.
    """
    from transflow.handoff.xliff import export_xliff

    project = open_project()
    result = export_xliff(project, articles, lang, fmt, output)
    warn_orphans(project, result.orphans)
    for path in result.files:
        console().print(f"{'wrote' if path in result.written else 'unchanged'} {path}")
    note = f" ({result.plural_skipped} plural entries left out)" if result.plural_skipped else ""
    console().print(f"{result.units} units in {len(result.files)} XLIFF {fmt} files{note}")


@xliff_app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="XLIFF files (1.2 or 2.x) to merge back."),
    ],
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            metavar="NAME",
            help="Who signs off units the file marks reviewed (signed-off/final, reviewed/"
            "final). Default: [review] reviewer in transflow.toml, else git config user.name.",
        ),
    ] = None,
) -> None:
    """Merge translated XLIFF files back into their catalogs (all catalogs or none).

    Every unit must still match its catalog's source sentence, else nothing is imported
    and the units are named (exit 2). A unit becomes reviewed only when its XLIFF state
    says so; a reviewed entry is never overwritten by a unit that is not reviewed, and a
    reviewed unit that differs from a reviewed entry is reported and left out (exit 1).
    """
    from transflow.handoff.xliff import import_xliff

    project = open_project()
    result = import_xliff(project, files, reviewer)
    out = console()
    for path in result.written:
        out.print(f"updated {project.relative(path)}")
    out.print(
        f"{result.units} units: {result.filled} translated, {result.reviewed} reviewed, "
        f"{result.unchanged} unchanged, {result.kept_reviewed} reviewed entries kept"
    )
    if result.dropped:
        out.print(
            f"{result.dropped} entries changed on disk meanwhile were left as they are; "
            "import the file again to apply them."
        )
    if result.conflicts:
        err = console(stderr=True)
        for conflict in result.conflicts:
            err.print(
                f"conflict: {conflict}: reviewed in the file with another translation than "
                "the catalog's reviewed one; the catalog's is kept."
            )
        raise typer.Exit(1)
