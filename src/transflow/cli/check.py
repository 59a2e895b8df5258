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
) -> None:
    """Check translations: glossary, numbers, markup, URLs, punctuation, consistency.

    Exit code 0: no error-severity finding; 1: errors found; 2: bad usage or input.
    Silence one check on one entry with the PO flag `#, ignore-<check-id>`.
    """
    from transflow.checks.runner import select_checks

    # PO files anywhere: the project (if any) gives the profile, glossary and source language
    project = _project_or_none() if paths or list_checks else open_project()
    if list_checks:
        from transflow.checks.profile import build_profile

        _print_profile(build_profile(project, enable or (), disable or ()), project)
        return
    checks = select_checks(enable or (), disable or (), project)
    if paths:
        gloss = _glossary(project, glossary)
        findings, files = _check_paths(paths, project, gloss, lang, only, checks)
    else:
        from transflow.checks.runner import check_project, project_catalogs

        assert project is not None  # open_project() raises without one
        gloss = _glossary(project, glossary)
        catalogs, orphans = project_catalogs(project, None, lang)
        warn_orphans(project, orphans)
        files = [project.relative(p) for p in catalogs]
        findings = check_project(
            project, langs=lang, only=only, glossary=gloss, checks=checks, paths=catalogs
        )
    _emit(findings, files, fmt, checks, project.root if project else Path.cwd())
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


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
    gloss: Glossary,
    lang: list[str] | None,
    only: EntryFilter | None,
    checks: list[BaseCheck],
) -> tuple[list[Finding], list[str]]:
    from transflow.checks.runner import check_files
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
    findings = check_files(
        files,
        glossary=gloss,
        langs=langs,
        only=only,
        checks=checks,
        source_lang=project.source_language if project else None,
        display=display,
    )
    return findings, [display(p) for p in files]


def _emit(
    findings: list[Finding],
    files: list[str],
    fmt: ReportFormat,
    checks: list[BaseCheck],
    root: Path,
) -> None:
    """Print the findings in `fmt`; `root` is where SARIF's relative paths start."""
    import sys

    from transflow.checks import report

    if fmt == ReportFormat.JSON:
        print(report.to_json(findings))
    elif fmt == ReportFormat.SARIF:
        print(report.to_sarif(findings, checks, root))
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
