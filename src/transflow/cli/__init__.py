"""The `transflow` command line: parse, call one library function, render with rich.

One module per command group, named like the library stage it calls (project.py: init and
status); each registers its commands on `app` when imported at the bottom of this file.

Library modules are imported inside each command so `transflow --help` stays fast.
`main()` is the error boundary; its exit codes are listed there and in the README.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup
from typer.main import get_command

from transflow import __version__
from transflow.project.errors import SourceWarning, TransflowError

if TYPE_CHECKING:
    from rich.console import Console
    from typer._click import Context  # typer vendors click; TyperGroup takes its Context

    from transflow.project.project import CatalogFile, Project

# `transflow --help` lists the commands in the order of the pipeline, not alphabetically.
PIPELINE_ORDER = [
    "init", "extract", "translate", "check", "review", "status", "publish", "glossary", "tm",
    "search", "stats", "xliff", "models",
]  # fmt: skip


class _PipelineGroup(TyperGroup):
    def list_commands(self, ctx: Context) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(PIPELINE_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


app = typer.Typer(
    name="transflow",
    cls=_PipelineGroup,
    help="Offline translation workflow for news articles: segment, translate, check, "
    "review and publish per-language editions.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

state: dict[str, Path | None] = {"project": None}

ProjectOpt = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-P",
        metavar="DIR",
        help="Project folder (holding transflow.toml). Default: found by walking up from "
        "the current directory.",
        file_okay=False,
    ),
]
ArticlesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Article slugs or source paths. Default: every article.",
        show_default=False,
        metavar="ARTICLE",
    ),
]
LangOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--lang", "-l", metavar="LANG", help="Target language (repeatable). Default: all targets."
    ),
]
# an export's destination, and leave to write it over a file the project reads
# (`Project.guard_export`; the help names what `Project.input_kind` counts)
ExportOutputOpt = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write here ('-': standard output). A file the project reads "
        "(transflow.toml, glossary/*.csv, sources/, translations/, templates/, tm/) "
        "needs --force.",
    ),
]
ExportForceOpt = Annotated[
    bool, typer.Option("--force", help="Let --output overwrite a file the project reads.")
]


def console(stderr: bool = False) -> Console:
    """The one console every command prints through: it prints text as written (no rich
    markup, no `:emoji:` codes, no highlighting), since that text holds file names, terms
    and translations; styles come from `rich.text.Text` objects."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True, markup=False, emoji=False)


def warn_orphans(project: Project, orphans: Iterable[CatalogFile]) -> None:
    """Every command that walks the project names its orphan catalogs the same way (rich
    is imported only when there is one: `check` answered from its cache needs no rich)."""
    err = None
    for orphan in orphans:
        if err is None:
            err = console(stderr=True)
        err.print(
            f"warning: {project.relative(orphan.path)} belongs to no article or target "
            "language; kept as it is (move or delete it yourself)."
        )


def _version(value: bool) -> None:
    if value:
        print(f"transflow {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    project_dir: ProjectOpt = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    state["project"] = project_dir


def open_project() -> Project:
    from transflow.project.config import load_project

    return load_project(state["project"])


EXIT_BUG = 70  # EX_SOFTWARE (sysexits.h): never 1 (findings) nor 2 (the user's error)


def main(argv: Sequence[str] | None = None, prog_name: str | None = None) -> None:
    """Run the CLI and exit with its code; the one place errors become exit codes.

    0 success; 1 the command ran and found problems (check findings, editions held back);
    2 the user's error: a `TransflowError` as its one paragraph, or a usage error (click's
    message); 130 interrupted (Ctrl-C: typer's mapping); 70 anything else, which is a bug in
    transflow: one short paragraph, the traceback only with TRANSFLOW_DEBUG=1.

    An `OSError` that no reader or writer turned into a `FileSystemError` is still the user's
    error (exit 2, the path it names and what to do), not a bug: an OSError reports the state
    of files, folders, disks and permissions, which the user owns and can fix, while a bug
    in transflow shows as another exception. Exit 70 would send them to report a full disk
    as a bug; naming the path also makes a real bug among them plain to see.
    `argv` and `prog_name` default to the process's own (tests pass them to run in-process).
    A `SourceWarning` is printed as `warning: ...` on stderr, each message once.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", SourceWarning)
            warnings.showwarning = _warning_printer(warnings.showwarning)
            get_command(app).main(args=argv, prog_name=prog_name)
    except (TransflowError, OSError) as exc:
        if isinstance(exc, OSError):
            from transflow.project.errors import FileSystemError

            exc = FileSystemError.from_os_error(exc, action=None)
        console(stderr=True).print(f"error: {exc.render()}")
        sys.exit(exc.exit_code)
    except Exception as exc:
        if os.environ.get("TRANSFLOW_DEBUG", "") not in ("", "0"):
            traceback.print_exc()
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        console(stderr=True).print(
            f"error: unexpected {what}. This is a bug in transflow, not in your input or "
            "project; please report it with the command you ran (set TRANSFLOW_DEBUG=1 to "
            "see the traceback)."
        )
        sys.exit(EXIT_BUG)


def _warning_printer(other: Callable[..., None]) -> Callable[..., None]:
    """A `warnings.showwarning` that prints each SourceWarning once as a warning line, and
    hands any other warning to `other`."""
    shown: set[str] = set()

    def show(message: Warning | str, category: type[Warning], *args: object) -> None:
        if not issubclass(category, SourceWarning):
            other(message, category, *args)
        elif str(message) not in shown:
            shown.add(str(message))
            console(stderr=True).print(f"warning: {message}")

    return show


# Command modules register themselves on `app` (help order: PIPELINE_ORDER above).
_COMMAND_MODULES = (
    "check", "engines", "extract", "glossary", "project", "publish", "review", "search", "stats",
    "tm", "translate", "xliff",
)  # fmt: skip
for _module in _COMMAND_MODULES:
    importlib.import_module(f"transflow.cli.{_module}")
