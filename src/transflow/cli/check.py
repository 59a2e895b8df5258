"""`transflow check`: QA checks on the project's catalogs or on any PO files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from transflow.cli import LangOpt, app, console, open_project, state, warn_orphans
from transflow.project.choices import EntryFilter, ReportFormat

if TYPE_CHECKING:
    from transflow.checks.base import BaseCheck, Finding
    from transflow.checks.baseline import Baseline
    from transflow.checks.profile import Selection
    from transflow.glossary import Glossary
    from transflow.project.project import Project


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="PO files or folders to check. Default: every catalog of the project.",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            metavar="FILE",
            help="Glossary file (.csv or .tbx; repeatable) instead of the project's glossary/.",
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="How to print the findings: text is a table on a terminal and concise lines "
            "(file:line: severity [check] message) otherwise; github: workflow annotations; "
            "sarif: SARIF 2.1.0 for code scanning.",
        ),
    ] = ReportFormat.TEXT,
    only: Annotated[
        EntryFilter | None,
        typer.Option(
            "--only",
            help="Only entries in this state (translated: reviewed or unreviewed).",
            show_default=False,
        ),
    ] = None,
    enable: Annotated[
        list[str] | None,
        typer.Option(
            "--enable",
            metavar="CHECK",
            help="Also run this check (repeatable; on top of transflow.toml's [check]).",
        ),
    ] = None,
    disable: Annotated[
        list[str] | None,
        typer.Option(
            "--disable",
            metavar="CHECK",
            help="Skip this check (repeatable; on top of transflow.toml's [check]).",
        ),
    ] = None,
    list_checks: Annotated[
        bool,
        typer.Option(
            "--list-checks",
            help="List the checks as this project runs them (on or off and why, severity, "
            "parameters, house rules) and exit.",
        ),
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Report and fail only on findings that are not in this baseline (written by "
            "--write-baseline); say how many it matched and how many no longer occur.",
            show_default=False,
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            metavar="FILE",
            help="Record today's findings in FILE (JSON, one finding a line; commit it) and "
            "exit 0, instead of reporting them.",
            show_default=False,
        ),
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REF",
            help="Report only the catalogs changed since this git revision (committed or "
            "not, or whose source article changed; all when the glossary or transflow.toml "
            "did); consistency still runs over, and reports in, every catalog.",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Check every catalog again: neither read nor write .transflow/cache/.",
        ),
    ] = False,
) -> None:
    """Check translations: glossary, numbers, markup, URLs, punctuation, consistency.

    Exit code 0: no error-severity finding (or a baseline written); 1: errors found; 2: bad
    usage or input. Silence one check on one entry with the PO flag `#, ignore-<check-id>`.
    A catalog whose inputs did not change since the last check is not read again: its
    findings come from .transflow/cache/ (safe to delete at any time).
    """
    from transflow.checks.runner import select_checks
    from transflow.project.errors import CheckUsageError

    # PO files anywhere: the project (if any) gives the profile, glossary and source language
    project = _project_or_none() if paths or list_checks else open_project()
    if list_checks:
        from transflow.checks.profile import build_profile

        _print_profile(build_profile(project, enable or (), disable or ()), project)
        return
    if baseline is not None and write_baseline is not None:
        raise CheckUsageError(
            "--baseline and --write-baseline cannot be used together.",
            hint="Write the baseline with --write-baseline FILE alone; it records every "
            "finding of today, and replaces the old file.",
        )
    if write_baseline is not None and (str(write_baseline) == "-" or changed_since):
        raise CheckUsageError(
            "--write-baseline records the findings of every catalog checked, in a file: it "
            "takes no '-' (standard output is the report's) and no --changed-since.",
            hint="Example: transflow check --write-baseline transflow-baseline.json",
        )
    known = _load_baseline(baseline) if baseline is not None else None
    if paths:
        if changed_since:
            raise CheckUsageError(
                "--changed-since chooses among the project's catalogs; it takes no PATH.",
                hint="Leave out the paths, or --changed-since.",
            )
        findings, files = _check_paths(
            paths, project, glossary, lang, only, enable or [], disable or [], no_cache
        )
    else:
        from transflow.checks.runner import check_catalogs

        assert project is not None  # open_project() raises without one
        run = check_catalogs(
            project,
            langs=lang,
            only=only,
            enable=enable or (),
            disable=disable or (),
            glossary=glossary,
            use_cache=not no_cache,
            changed_since=changed_since,
        )
        warn_orphans(project, run.orphans)
        _warn_cache(run.cache_problem)
        findings, files = run.findings, run.files
    if write_baseline is not None:
        _write_baseline(write_baseline, findings, files, project)
        return
    if known is not None:
        findings = _apply_baseline(known, findings, files)
    _emit(
        findings,
        files,
        fmt,
        lambda: select_checks(enable or (), disable or (), project),
        project.root if project else Path.cwd(),
    )
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


def _warn_cache(problem: str | None) -> None:
    if problem:
        console(stderr=True).print(f"warning: {problem}")


def _write_baseline(
    path: Path, findings: list[Finding], files: list[str], project: Project | None
) -> None:
    from transflow.checks.baseline import write_baseline

    write_baseline(path, findings, project)
    found = f"{len(findings)} finding{'' if len(findings) == 1 else 's'}"
    checked = f"{len(files)} catalog{'' if len(files) == 1 else 's'}"
    console().print(
        f"wrote {path}: {found} in {checked} checked; "
        f"`transflow check --baseline {path}` reports only findings not in it."
    )


def _load_baseline(path: Path) -> Baseline:
    from transflow.checks.baseline import load_baseline

    return load_baseline(path)


def _apply_baseline(known: Baseline, findings: list[Finding], files: list[str]) -> list[Finding]:
    """The findings not in the baseline; what it matched is said on stderr."""
    split = known.split(findings, files)
    path = known.path
    note = f"baseline {path}: {split.known} known finding{'s' if split.known != 1 else ''} "
    note += "not reported"
    if split.gone:
        note += (
            f"; {split.gone} of its findings no longer occur (fixed): write it again with "
            f"--write-baseline {path} to drop them"
        )
    console(stderr=True).print(note + ".")
    return split.new


def _project_or_none() -> Project | None:
    from transflow.project.config import load_project
    from transflow.project.errors import ProjectNotFoundError

    try:
        return load_project(state["project"])
    except ProjectNotFoundError:
        return None


def _glossary(project: Project | None, files: list[Path] | None) -> Glossary:
    from transflow.glossary import Glossary, load_glossary

    if files:
        source = project.source_language if project else None
        return load_glossary(files, source_language=source)
    if project is not None:
        return load_glossary(project)
    return Glossary([])


def _check_paths(
    paths: list[Path],
    project: Project | None,
    glossary: list[Path] | None,
    lang: list[str] | None,
    only: EntryFilter | None,
    enable: list[str],
    disable: list[str],
    no_cache: bool,
) -> tuple[list[Finding], list[str]]:
    from transflow.checks.runner import check_files, select_checks
    from transflow.project.errors import CheckUsageError
    from transflow.project.languages import normalize_language

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.rglob("*.po"))
        elif path.is_file():
            files.append(path)
        else:
            raise CheckUsageError(f"{path}: no such file or folder.")
    langs = [normalize_language(x) for x in lang] if lang else None
    display: Callable[[Path], str] = project.relative if project else (lambda p: p.as_posix())
    cache = None
    if project is not None and not no_cache:
        from transflow.checks.cache import CheckCache
        from transflow.glossary import glossary_files

        sources = {s.slug: s.path for s in project.catalogs(sources_required=False).sources}
        inputs = glossary or glossary_files(project)
        options = {"only": only, "enable": enable, "disable": disable}
        cache = CheckCache(project, glossary=inputs, options=options, sources=sources)
    findings = check_files(
        files,
        glossary=lambda: _glossary(project, glossary),
        langs=langs,
        only=only,
        checks=lambda: select_checks(enable, disable, project),
        source_lang=project.source_language if project else None,
        display=display,
        cache=cache,
    )
    _warn_cache(cache.problem if cache else None)
    return findings, [display(p) for p in files]


def _emit(
    findings: list[Finding],
    files: list[str],
    fmt: ReportFormat,
    checks: Callable[[], list[BaseCheck]],
    root: Path,
) -> None:
    """Print the findings in `fmt`; `checks` gives SARIF its rules (chosen only then: a run
    answered from the cache imports no check), `root` is where SARIF's relative paths start."""
    import sys

    from transflow.checks import report

    if fmt == ReportFormat.JSON:
        print(report.to_json(findings))
    elif fmt == ReportFormat.SARIF:
        print(report.to_sarif(findings, checks(), root))
    elif fmt == ReportFormat.GITHUB:
        text = report.to_github(findings)
        if text:
            print(text)
        print(report.summary(findings, len(files)))
    elif fmt == ReportFormat.JUNIT:
        print(report.to_junit(findings, files))
    elif fmt == ReportFormat.TEXT and sys.stdout.isatty():
        report.render_text(findings, console(), len(files))
    else:  # concise, and text in a pipe or a CI log: whatever COLUMNS says
        print(report.to_concise(findings, len(files)))


def _print_profile(profile: list[Selection], project: Project | None) -> None:
    """The profile a run uses: a line per check (id, on or off and why, severity and what it
    overrides), then, indented, its description and parameters. Plain lines, so a terminal
    and a CI log read them alike."""
    from transflow.project.project import CONFIG_NAME

    out = console()
    on = sum(s.enabled for s in profile)
    where = f"{CONFIG_NAME} [check], then" if project is not None else f"no {CONFIG_NAME}:"
    out.print(
        f"{on} of {len(profile)} checks on ({where} --enable/--disable). "
        "Severity error fails the run (exit 1)."
    )
    from transflow.glossary.korean import status

    out.print(status())
    width = max(len(s.check.id) for s in profile)
    langs = project.target_languages if project is not None else []
    for selection in profile:
        check = selection.check
        state = f"{'on' if selection.enabled else 'off'} ({selection.reason})"
        severity = check.severity
        if selection.severity_overridden:
            severity += f" (config; built-in: {selection.builtin_severity})"
        out.print(f"{check.id:<{width}}  {state:<14}  {severity}")
        out.print(f"    {check.description}")
        for name, value, configured in check.parameters(langs):
            out.print(f"    {name} = {value}" + ("  (config)" if configured else ""))
