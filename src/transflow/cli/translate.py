"""`transflow translate`: fill catalogs from the translation memory, then machine translation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from transflow.cli import ArticlesArg, LangOpt, app, console, open_project, warn_orphans
from transflow.project.choices import Retranslate

if TYPE_CHECKING:
    from rich.progress import Progress as Bar
    from rich.progress import TaskID

    from transflow.translate.translate import TranslatedCatalog


@app.command()
def translate(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    retranslate: Annotated[
        Retranslate | None,
        typer.Option(
            "--retranslate",
            help="machine: redo unreviewed machine translations too. Reviewed "
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
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            metavar="ray[=ADDRESS]",
            help="Run machine translation on Ray actors, one per CPU: a local Ray instance, "
            "or the cluster at ADDRESS (auto, HOST:6379, ray://HOST:10001) with the project "
            "and models at the same paths on every node. Needs `pip install "
            "'transflow[ray]'`. Default: in-process.",
            show_default=False,
        ),
    ] = "in-process",
) -> None:
    """Fill untranslated entries: reviewed translation memory first, then machine translation.

    A reviewed translation whose source is at least [tm] min_score similar (default 75%)
    is reused as it is, fuzzy, with `tm=<source> (87%)` and the source it translated
    (`#| msgid`); below that, machine translation.

    Results are marked fuzzy (unreviewed) with a provenance comment. Each catalog is written
    atomically as soon as it is done, so an interrupted run keeps finished articles.
    """
    from transflow.translate.executors import RayExecutor, executor_for
    from transflow.translate.translate import Progress, translate_project

    runner = executor_for(executor)
    project = open_project()
    out = console()
    err = console(stderr=True)

    class RichProgress(Progress):
        def __init__(self) -> None:
            self.bar: Bar | None = None
            self.task: TaskID | None = None

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
            if self.bar is not None and self.task is not None:  # made together in start()
                self.bar.advance(self.task, count)
                speed = self.bar.tasks[0].speed
                self.bar.update(self.task, rate=f"{speed:.1f}/s" if speed else "")

        def written(self, result: TranslatedCatalog) -> None:
            if result.written:
                line = (
                    f"wrote     {project.relative(result.path)}  "
                    f"({result.from_tm} from memory, {result.from_mt} machine-translated"
                    + (f", {result.failed} left empty" if result.failed else "")
                    + (
                        f", {result.kept_theirs} changed on disk meanwhile: kept as they are"
                        if result.kept_theirs
                        else ""
                    )
                    + ")"
                )
                (self.bar.console if self.bar is not None else out).print(line)

        def stop(self) -> None:
            if self.bar is not None:
                self.bar.stop()

    progress = RichProgress()
    try:
        report = translate_project(
            project,
            articles,
            lang,
            retranslate=retranslate,
            memory_only=memory_only,
            progress=progress,
            executor=runner,
        )
    finally:
        progress.stop()
    warn_orphans(project, report.orphans)
    for result in report.results:
        if result.plural:
            entries = "entry" if result.plural == 1 else "entries"
            err.print(
                f"note: {project.relative(result.path)}: {result.plural} untranslated plural "
                f"{entries} (msgid_plural) left for a translator: machine translation fills "
                "sentences, not plural forms."
            )
    for lang_code, provenance in report.engines.items():
        out.print(f"engine    {lang_code}: {provenance}")
    if isinstance(runner, RayExecutor) and runner.actors:
        replaced = f", {runner.replaced} lost and replaced" if runner.replaced else ""
        out.print(f"executor  ray: {runner.actors} actors{replaced}")
    written = sum(1 for r in report.results if r.written)
    out.print(
        f"{report.from_tm} from translation memory"
        + (f" ({report.from_tm_fuzzy} fuzzy matches)" if report.from_tm_fuzzy else "")
        + f", {report.from_mt} machine-translated; "
        f"{written} of {len(report.results)} catalogs written. Results are fuzzy: review them "
        "(any PO editor) before publishing."
    )
    if report.kept_theirs:
        out.print(
            f"{report.kept_theirs} entries changed on disk while translating (a reviewer's "
            "save, a git pull): their version was kept; run `transflow translate` again for "
            "those that still need a translation."
        )
