"""`transflow models list | add | fetch | remove`: the Argos packages the engines run, and
the configured `[engine.pairs]` model folders (list)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from transflow.cli import app, console, state

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from transflow.engines.argos.packages import ArgosPackage
    from transflow.project.project import Project

models_app = typer.Typer(
    help="Translation models: the Argos packages (list, add, fetch, remove; the same folder "
    "as argostranslate/argospm) and the CTranslate2 model folders of [engine.pairs] (list).",
    no_args_is_help=True,
)
app.add_typer(models_app, name="models")


def _config_or_none() -> Project | None:
    """Model commands work outside a project too (then only argostranslate's folder)."""
    from transflow.project.config import find_project_root, load_project
    from transflow.project.errors import ProjectNotFoundError

    if state["project"] is not None:
        return load_project(state["project"])
    try:
        find_project_root()
    except ProjectNotFoundError:
        return None
    return load_project(None)


@models_app.command("list")
def models_list(
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 1 when a language pair of the project has no model (for scripts).",
        ),
    ] = False,
) -> None:
    """Installed packages transflow can use (argostranslate's folder and the project's).

    Inside a project it also shows each pair of [engine.pairs] (family, model folder, and
    whether it loads, or why not), and for each target language which model (or Argos
    pivot through English) `transflow translate` would use.
    """
    from rich.table import Table

    from transflow.engines.argos.packages import installed_packages, package_dirs

    project = _config_or_none()
    packages, problems = installed_packages(project)
    out = console()
    table = Table(title="Argos translation packages")
    for name in ("pair", "version", "languages", "folder"):
        table.add_column(name, overflow="fold")
    for p in sorted(packages, key=lambda p: (p.pair, p.version)):
        names = f"{p.from_name} -> {p.to_name}" if p.from_name or p.to_name else ""
        table.add_row(p.pair, p.version, names, str(p.path))
    if packages:
        out.print(table)
    else:
        out.print("No translation packages installed.")
    out.print("Searched: " + ", ".join(str(d) for d in package_dirs(project)))
    for problem in problems:
        console(stderr=True).print(f"warning: {problem.message}")
    if not packages and project is None:
        out.print(
            "Get one with `transflow models fetch en ko` (needs network) or "
            "`transflow models add FILE.argosmodel`."
        )
    missing = 0
    if project is not None:
        from transflow.engines import get_engine
        from transflow.project.errors import MissingModelError, ModelError

        _list_pairs(project)
        for lang in project.target_languages:
            try:
                engine = get_engine(project, project.source_language, lang)
                out.print(f"{project.source_language} -> {lang}: {engine.provenance}")
            except MissingModelError as exc:
                missing += 1
                out.print(f"{project.source_language} -> {lang}: missing. {exc.hint}")
            except ModelError:  # a configured pair's folder: its row above says why
                missing += 1
                out.print(f"{project.source_language} -> {lang}: does not load (see above).")
    if check and missing:
        raise typer.Exit(1)


def _list_pairs(project: Project) -> None:
    """The `[engine.pairs]` table: each pair's family, folder and whether its model loads."""
    from rich.table import Table

    from transflow.engines.ct2.families import pair_status

    pairs = project.settings["engine"]["pairs"]
    if not pairs:
        return
    table = Table(title="Configured pairs ([engine.pairs] in transflow.toml)")
    for name in ("pair", "family", "path", "loads"):
        table.add_column(name, overflow="fold")
    for pair in pairs.values():
        status = pair_status(project, pair)
        family = status.family.value if status.family else "?"
        loads = f"yes: {status.provenance}" if status.problem is None else f"no: {status.problem}"
        table.add_row(f"{pair.source} -> {pair.target}", family, pair.path, loads)
    console().print(table)


def _report_install(package: ArgosPackage, replaced: list[Path]) -> None:
    """What `models add` and `models fetch` installed, and the older packages they replaced."""
    out = console()
    out.print(f"installed {package.pair} {package.version} into {package.path}")
    for folder in replaced:
        out.print(f"replaced  {folder}")


@models_app.command("add")
def models_add(
    archive: Annotated[
        Path, typer.Argument(metavar="FILE.argosmodel", help="An .argosmodel package file.")
    ],
) -> None:
    """Validate an .argosmodel file and install it where argostranslate looks.

    It replaces the installed packages of its language pair (as their metadata.json says).
    What it may unpack to: [engine] max_package_gb and max_package_ratio (8 GB and 100:1
    outside a project).
    """
    from transflow.engines.argos.packages import ArchiveLimits, argos_packages_dir, install_archive

    limits = ArchiveLimits.from_config(_config_or_none())
    package, replaced = install_archive(archive, argos_packages_dir(), limits=limits)
    _report_install(package, replaced)


def _index_url(value: str | None) -> str | None:
    """--index must be an http(s) URL (or a file:// URL of a local copy of the index)."""
    from transflow.engines.argos.index import url_problem

    problem = url_problem(value, local=True) if value is not None else None
    if problem:
        raise typer.BadParameter(f"{value!r} {problem}.")
    return value


@models_app.command("fetch")
def models_fetch(
    source: Annotated[str, typer.Argument(metavar="FROM", help="Source language code, e.g. en.")],
    target: Annotated[str, typer.Argument(metavar="TO", help="Target language code, e.g. ko.")],
    index: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="Package index URL. Default: [engine] index_url, else the public one.",
            callback=_index_url,
        ),
    ] = None,
) -> None:
    """Download a package from the Argos package index (needs network) and install it.

    Only http(s) links are followed; the download is checked against the size and sha256
    the index lists, then installed like `models add`.
    """
    from transflow.engines.argos.index import fetch
    from transflow.engines.argos.packages import ArchiveLimits, argos_packages_dir
    from transflow.project.config import ARGOS_INDEX_URL

    project = _config_or_none()
    url = index or (project.settings["engine"]["index_url"] if project else ARGOS_INDEX_URL)
    err = console(stderr=True)
    bar: Progress | None = None
    task: TaskID | None = None

    def progress(done: int, total: int | None) -> None:
        nonlocal bar, task
        if not err.is_terminal:
            return
        if bar is None or task is None:  # the first call: both are made together
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            bar = Progress(
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            )
            bar.start()
            task = bar.add_task("download", total=total)
        bar.update(task, completed=done, total=total)

    try:
        limits = ArchiveLimits.from_config(project)
        package, replaced = fetch(source, target, url, argos_packages_dir(), progress, limits)
    finally:
        if bar is not None:
            bar.stop()
    _report_install(package, replaced)


@models_app.command("remove")
def models_remove(
    source: Annotated[str, typer.Argument(metavar="FROM", help="Source language code.")],
    target: Annotated[str, typer.Argument(metavar="TO", help="Target language code.")],
) -> None:
    """Uninstall the packages for a language pair."""
    from transflow.engines.argos.packages import remove_packages

    for package in remove_packages(_config_or_none(), source, target):
        console().print(f"removed {package.pair} {package.version} ({package.path})")
