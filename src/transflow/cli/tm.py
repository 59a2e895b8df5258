"""`transflow tm import | export`: the project's translation memory in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transflow.cli import ExportForceOpt, ExportOutputOpt, LangOpt, app, console, open_project
from transflow.project.choices import TMFormat

tm_app = typer.Typer(
    help="Translation memory: import TMX or PO compendia into tm/, export reviewed pairs as TMX.",
    no_args_is_help=True,
)
app.add_typer(tm_app, name="tm")


@tm_app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A .tmx file (TMX 1.4b) or a .po compendium."),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="LANG",
            help="The target language: of a PO file without a Language header; of a TMX "
            "file, the one language to import (default: every target language it holds).",
        ),
    ] = None,
    into: Annotated[
        str | None,
        typer.Option(
            "--into", metavar="NAME", help="Memory name: tm/<lang>/NAME.po (default: FILE's name)."
        ),
    ] = None,
) -> None:
    """Import a translation memory into tm/<lang>/<name>.po (a PO compendium per language).

    translate, review's suggestions and search use it. Units from the project's source
    language into its target languages are kept; a sentence translated more than once keeps
    every translation, the first in the file preferred. Importing the same file again
    replaces its memory.
    Entities in a TMX file and files over 256 MB are refused.
    """
    from transflow.translate.memory import import_memory

    project = open_project()
    report = import_memory(project, file, lang, into)
    out = console()
    for target, path in report.written.items():
        out.print(f"imported {report.units[target]} units into {project.relative(path)}")
    if report.alternatives:
        out.print(
            f"{report.alternatives} other translations of a sentence already translated: "
            "kept as alternatives after the first"
        )
    if report.skipped_languages:
        console(stderr=True).print(
            "note: skipped languages that are no target of the project: "
            + ", ".join(sorted(report.skipped_languages))
        )


@tm_app.command("export")
def export(
    fmt: Annotated[TMFormat, typer.Option("--format", "-f", help="TMX 1.4b.")] = TMFormat.TMX,
    output: ExportOutputOpt = Path("-"),
    lang: LangOpt = None,
    force: ExportForceOpt = False,
) -> None:
    """Export every reviewed pair (catalogs and imported memories) with languages and dates."""
    from transflow.translate.memory import export_file, export_text

    project = open_project()
    if str(output) == "-":
        print(export_text(project, fmt, lang), end="")
    else:
        export_file(project, fmt, output, force, lang)
        console().print(f"wrote {output}")
