"""Machine translation commands: translate, and the `models` group (list, add, fetch, remove)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transflow.cli import ArticlesArg, LangOpt, app, console, load_project, state

models_app = typer.Typer(
    help="Argos Translate model packages: list, add, fetch, remove. transflow reads and "
    "installs into the same folder as argostranslate/argospm.",
    no_args_is_help=True,
)
app.add_typer(models_app, name="models")


def _config_or_none():
    """Model commands work outside a project too (then only argostranslate's folder)."""
    from transflow.config import find_project_root, load_config
    from transflow.errors import ProjectNotFoundError

    if state["project"] is not None:
        return load_config(state["project"])
    try:
        find_project_root()
    except ProjectNotFoundError:
        return None
    return load_config(None)


@app.command()
def translate(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    retranslate: Annotated[
        str | None,
        typer.Option(
            "--retranslate",
            help="'machine': redo unreviewed machine translations too. Reviewed "
            "translations are never touched.",
            show_default=False,
        ),
    ] = None,
    memory_only: Annotated[
        bool,
        typer.Option(
            "--memory-only",
            help="Only reuse reviewed translations (translation memory); no model needed.",
        ),
    ] = False,
) -> None:
    """Fill untranslated entries: reviewed translation memory first, then machine translation.

    Results are marked fuzzy (unreviewed) with a provenance comment. Each catalog is written
    atomically as soon as it is done, so an interrupted run keeps finished articles.
    """
    from transflow.translate import Progress, translate_project

    config = load_project()
    out = console()
    err = console(stderr=True)

    class RichProgress(Progress):
        def __init__(self) -> None:
            self.bar = None
            self.task = None

        def start(self, total: int) -> None:
            if total and err.is_terminal:
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TextColumn,
                    TimeRemainingColumn,
                )

                self.bar = Progress(
                    TextColumn("translating"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("segments  {task.fields[rate]}"),
                    TimeRemainingColumn(),
                    console=err,
                    transient=True,
                )
                self.bar.start()
                self.task = self.bar.add_task("mt", total=total, rate="")

        def advance(self, count: int) -> None:
            if self.bar is not None:
                self.bar.advance(self.task, count)
                speed = self.bar.tasks[0].speed
                self.bar.update(self.task, rate=f"{speed:.1f}/s" if speed else "")

        def written(self, result) -> None:
            if result.written:
                line = (
                    f"wrote     {config.relative(result.path)}  "
                    f"({result.from_tm} from memory, {result.from_mt} machine-translated"
                    + (f", {result.failed} left empty" if result.failed else "")
                    + ")"
                )
                (self.bar.console if self.bar is not None else out).print(line)

        def stop(self) -> None:
            if self.bar is not None:
                self.bar.stop()

    progress = RichProgress()
    try:
        report = translate_project(
            config,
            articles,
            lang,
            retranslate=retranslate,
            memory_only=memory_only,
            progress=progress,
        )
    finally:
        progress.stop()
    for lang_code, provenance in report.engines.items():
        out.print(f"engine    {lang_code}: {provenance}")
    written = sum(1 for r in report.results if r.written)
    out.print(
        f"{report.from_tm} from translation memory, {report.from_mt} machine-translated; "
        f"{written} of {len(report.results)} catalogs written. Results are fuzzy: review them "
        "(any PO editor) before publishing."
    )


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

    Inside a project it also shows, for each target language, which package (or pivot
    through English) `transflow translate` would use.
    """
    from rich.table import Table

    from transflow.models import installed_packages, package_dirs

    config = _config_or_none()
    packages, problems = installed_packages(config)
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
    out.print("Searched: " + ", ".join(str(d) for d in package_dirs(config)))
    for problem in problems:
        console(stderr=True).print(f"warning: {problem.message}", markup=False)
    if not packages and config is None:
        out.print(
            "Get one with `transflow models fetch en ko` (needs network) or "
            "`transflow models add FILE.argosmodel`."
        )
    missing = 0
    if config is not None:
        from transflow.engines import MissingModelError, get_engine

        for lang in config.target_languages:
            try:
                engine = get_engine(config, config.source_language, lang)
                out.print(f"{config.source_language} -> {lang}: {engine.provenance}")
            except MissingModelError as exc:
                missing += 1
                out.print(f"{config.source_language} -> {lang}: missing. {exc.hint}", markup=False)
    if check and missing:
        raise typer.Exit(1)


def _report_install(package, replaced) -> None:
    """What `models add` and `models fetch` installed, and the older packages they replaced."""
    out = console()
    out.print(f"installed {package.pair} {package.version} into {package.path}")
    for folder in replaced:
        out.print(f"replaced  {folder}")


@models_app.command("add")
def models_add(
    archive: Annotated[Path, typer.Argument(help="An .argosmodel package file.")],
) -> None:
    """Validate an .argosmodel file and install it where argostranslate looks."""
    from transflow.models import argos_packages_dir, install_archive

    package, replaced = install_archive(archive, argos_packages_dir())
    _report_install(package, replaced)


@models_app.command("fetch")
def models_fetch(
    source: Annotated[str, typer.Argument(help="Source language code, e.g. en.")],
    target: Annotated[str, typer.Argument(help="Target language code, e.g. ko.")],
    index: Annotated[
        str | None,
        typer.Option(help="Package index URL. Default: [engine] index_url, else the public one."),
    ] = None,
) -> None:
    """Download a package from the Argos package index (needs network) and install it."""
    from transflow.argos_index import fetch
    from transflow.config import ARGOS_INDEX_URL
    from transflow.models import argos_packages_dir

    config = _config_or_none()
    url = index or (config.settings["engine"]["index_url"] if config else ARGOS_INDEX_URL)
    err = console(stderr=True)
    bar = None
    task = None

    def progress(done: int, total: int | None) -> None:
        nonlocal bar, task
        if not err.is_terminal:
            return
        if bar is None:
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
        package, replaced = fetch(source, target, url, argos_packages_dir(), progress)
    finally:
        if bar is not None:
            bar.stop()
    _report_install(package, replaced)


@models_app.command("remove")
def models_remove(
    source: Annotated[str, typer.Argument(help="Source language code.")],
    target: Annotated[str, typer.Argument(help="Target language code.")],
) -> None:
    """Uninstall the packages for a language pair."""
    from transflow.models import remove_packages

    for package in remove_packages(_config_or_none(), source, target):
        console().print(f"removed {package.pair} {package.version} ({package.path})")
