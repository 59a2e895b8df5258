"""`transflow glossary list | add | import | export`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from transflow.cli import ExportForceOpt, ExportOutputOpt, app, console, open_project
from transflow.project.choices import GlossaryFormat

glossary_app = typer.Typer(
    help="Terminology: list, add, import (TBX/CSV) and export (CSV/TBX) glossary/*.csv.",
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")


def _pairs(values: list[str] | None, option: str) -> dict[str, list[str]]:
    from transflow.project.errors import GlossaryError

    out: dict[str, list[str]] = {}
    for value in values or []:
        lang, sep, terms = value.partition("=")
        if not sep or not lang.strip() or not terms.strip():
            raise GlossaryError(
                f"{option} {value!r} is not LANG=TERM.", hint=f"Example: {option} ko=탈북민"
            )
        out.setdefault(lang.strip(), []).extend(t.strip() for t in terms.split("|") if t.strip())
    return out


@glossary_app.command("list")
def list_terms(
    search: Annotated[
        str | None,
        typer.Argument(metavar="TEXT", help="Only concepts with a term containing this text."),
    ] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", "-l", metavar="LANG", help="Target language(s) to show."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show the glossary as a table (source term, targets, forbidden, note, origin)."""
    from transflow.glossary import load_glossary

    project = open_project()
    gloss = load_glossary(project)
    targets = project.targets(lang)
    source = project.source_language
    rows = []
    needle = (search or "").casefold()
    for c in gloss.concepts:
        if needle and not any(needle in v.casefold() for vs in c.terms.values() for v in vs):
            continue
        rows.append(c)
    if as_json:
        data = [
            {
                "terms": {k: list(v) for k, v in c.terms.items()},
                "forbidden": {k: list(v) for k, v in c.forbidden.items()},
                "note": c.note,
                "case_sensitive": c.case_sensitive,
                "origin": c.origin,
            }
            for c in rows
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"Glossary ({len(rows)} of {len(gloss)} concepts)")
    table.add_column(source, overflow="fold")
    for t in targets:
        table.add_column(t, overflow="fold")
    table.add_column("forbidden", overflow="fold", style="red")
    table.add_column("note / origin", overflow="fold", style="dim")
    for c in rows:
        bad = "; ".join(f"{k}: {' | '.join(v)}" for k, v in c.forbidden.items())
        table.add_row(
            " | ".join(c.variants(source)),
            *(" | ".join(c.variants(t)) for t in targets),
            bad,
            (c.note + "\n" if c.note else "") + c.origin,
        )
    console().print(table)


@glossary_app.command("add")
def add(
    term: Annotated[
        str, typer.Argument(metavar="TERM", help="Source term (variants separated by '|').")
    ],
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target", "-t", metavar="LANG=TERM", help="LANG=TERM[|VARIANT...] (repeatable)."
        ),
    ] = None,
    forbid: Annotated[
        list[str] | None,
        typer.Option("--forbid", metavar="LANG=TERM", help="LANG=TERM that must not be used."),
    ] = None,
    note: Annotated[str, typer.Option(metavar="TEXT", help="Note for translators.")] = "",
    case_sensitive: Annotated[
        bool, typer.Option("--case-sensitive", help="Match the source term's case exactly.")
    ] = False,
    file: Annotated[
        str | None,
        typer.Option("--file", metavar="NAME.csv", help="CSV file under glossary/ to add to."),
    ] = None,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="If TERM is already a concept, add the new terms to its row as variants.",
        ),
    ] = False,
) -> None:
    """Add a concept: transflow glossary add "forced repatriation" -t ko=강제북송 -t zh=强制遣返

    The new row is appended to the file as it is written; no other line changes (a column
    the file lacks is added to its header line only).

    TERM is already a concept when one of its variants is the same term as a source variant
    of an existing row, compared as the glossary compares rows: case, plurals, possessives,
    hyphens and dots aside (defectors = defector, Kim Jong-un = Kim Jong Un, U.N. = UN).
    Case-sensitive terms (a row's case column, --case-sensitive) compare by their exact
    words and never equal a case-insensitive one: "Apple" (case-sensitive) and "apple" are
    two concepts. An existing concept is an error naming its row; with --merge the new
    variants, forbidden terms and note go into that row after the ones it has (its
    preferred terms stay first) and only that row is rewritten. Adding what the row
    already says changes nothing and is not an error.
    """
    from transflow.glossary.manage import add_term

    project = open_project()
    change, origin = add_term(
        project,
        term,
        _pairs(target, "--target"),
        _pairs(forbid, "--forbid"),
        note,
        case_sensitive,
        file,
        merge,
    )
    messages = {
        "added": f"added {term!r} to {origin}",
        "merged": f"merged {term!r} into {origin}",
        "unchanged": f"{term!r} is already in {origin}",
    }
    console().print(messages[change])


@glossary_app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A .tbx (TBX-Basic, v2 or v3) or .csv file.")
    ],
    into: Annotated[
        str | None,
        typer.Option(
            "--into", metavar="NAME.csv", help="Target CSV under glossary/ (default: FILE's name)."
        ),
    ] = None,
) -> None:
    """Import a TBX or CSV glossary into glossary/*.csv (validated; entities refused)."""
    from transflow.glossary.manage import import_file

    project = open_project()
    path, added = import_file(project, file, into)
    console().print(f"imported {added} concepts into {project.relative(path)}")


@glossary_app.command("export")
def export(
    fmt: Annotated[
        GlossaryFormat, typer.Option("--format", "-f", help="CSV or TBX-Basic.")
    ] = GlossaryFormat.CSV,
    output: ExportOutputOpt = Path("-"),
    force: ExportForceOpt = False,
) -> None:
    """Export the whole glossary as one CSV or TBX-Basic (v3) document."""
    from transflow.glossary import load_glossary
    from transflow.glossary.manage import export_file, export_text

    project = open_project()
    glossary = load_glossary(project)
    if str(output) == "-":
        print(export_text(glossary, project, fmt), end="")
    else:
        export_file(glossary, project, fmt, output, force)
        console().print(f"wrote {output}")
