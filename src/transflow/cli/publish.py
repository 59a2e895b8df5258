"""`transflow publish`: reviewed editions as Markdown and HTML."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from transflow.cli import ArticlesArg, LangOpt, app, console, open_project, warn_orphans


@app.command()
def publish(
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="Publish editions that fail the gate anyway, marked draft: true with a "
            "'machine translation, not yet reviewed' notice.",
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Output folder. Default: [paths] editions.",
            file_okay=False,
        ),
    ] = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Remove editions whose article is gone or that no longer pass the gate.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="List every finding that holds an edition back (default: the first one).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Publish reviewed editions: editions/<lang>/<slug>.md and .html, plus index pages.

    An article is published in a language only when every sentence is translated and
    reviewed and `transflow check` has no error finding for it; the others are listed with
    their reasons. Exit code 0 when every requested edition was published, 1 when some were
    held back (see README), 2 on bad input.
    """
    from transflow.publish.publish import DRAFT, HELD
    from transflow.publish.publish import publish as run

    project = open_project()
    report = run(project, articles, lang, draft=draft, out_dir=out, prune=prune)
    warn_orphans(project, report.orphans)
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
        raise typer.Exit(0 if report.ok else 1)

    stdout, stderr = console(), console(stderr=True)
    for message in report.warnings:
        stderr.print(f"warning: {message}")
    for r in report.results:
        if r.status == HELD:
            continue
        note = " (draft: " + "; ".join(r.gate.reasons()) + ")" if r.status == DRAFT else ""
        same = "" if any(p in report.written for p in r.paths) else " (unchanged)"
        stdout.print(f"published {r.lang:6} {r.paths[0]}{same}{note}")
    hidden = 0
    for r in report.held:
        reasons = r.gate.reasons()
        if r.gate.findings:  # counts by check: "(glossary-forbidden 2, numbers 1)"
            by_check = Counter(f.check for f in r.gate.findings)
            reasons[-1] += " (" + ", ".join(f"{c} {n}" for c, n in by_check.most_common()) + ")"
        stdout.print(f"held back {r.lang:6} {r.slug}: {'; '.join(reasons)}")
        shown = r.gate.findings if verbose else r.gate.findings[:1]
        for f in shown:
            stdout.print(f"          {f.file}:{f.line}: {f.check}: {f.message}")
        hidden += len(r.gate.findings) - len(shown)
    if hidden:
        stdout.print(
            f"          ({hidden} more finding(s): `transflow publish --verbose` lists them)"
        )
    for s in report.stale:
        verb = "removed" if s.removed else "stale"
        stdout.print(f"{verb:9} {s.lang:6} {s.path}: {s.reason}")
    if any(not s.removed for s in report.stale):
        stdout.print("          (run `transflow publish --prune` to remove stale editions)")
    published = sum(1 for r in report.results if r.status != HELD)
    where = project.relative(report.out_dir) if out is None else str(report.out_dir)
    summary = f"{published} of {len(report.results)} editions published in {where}/"
    summary += f" ({len(report.written)} file(s) written"
    if (report.out_dir / "index.html").exists():
        summary += f"; open {where}/index.html"
    stdout.print(summary + ")")
    if not report.ok:
        raise typer.Exit(1)
