"""The command reference, generated from the CLI itself so it cannot drift from `--help`.

Writes two places:

- the command table of README.md, between the `<!-- commands: begin -->` and
  `<!-- commands: end -->` markers: one row per command, its synopsis (options with their
  values or choices) and the first paragraph of its help;
- docs/commands.md: every command's full `--help`, as a user sees it at 100 columns.

    python scripts/cli_reference.py          # rewrite both (make docs)
    python scripts/cli_reference.py --check  # exit 1 when either is stale (make lint)
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer import Context
from typer.main import get_command
from typer.testing import CliRunner

from transflow.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
REFERENCE = ROOT / "docs" / "commands.md"
BEGIN, END = "<!-- commands: begin -->", "<!-- commands: end -->"
WIDTH = 100


def commands() -> Iterator[tuple[list[str], Any]]:
    """(words after `transflow`, command) in the order `transflow --help` lists them."""
    root = get_command(app)
    ctx = Context(root, info_name="transflow")
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        command = root.commands[name]  # type: ignore[attr-defined]
        if hasattr(command, "commands"):  # a group: its commands, in their order
            sub = Context(command, info_name=name, parent=ctx)
            for child in command.list_commands(sub):
                yield [name, child], command.commands[child]
        else:
            yield [name], command


def synopsis(words: list[str], command: Any) -> str:
    """`transflow WORDS ARGS [--option VALUE]...`, from what `--help` shows of each parameter."""
    ctx = Context(command, info_name=words[-1])
    parts = ["transflow", *words]
    for param in command.params:
        record = param.get_help_record(ctx)
        if record is None or param.name == "help":
            continue
        if param.param_type_name == "argument":
            # typer writes a required argument as {NAME}, one that repeats as {NAME}...
            parts += [
                piece.replace("{", "").replace("}", "") for piece in param.get_usage_pieces(ctx)
            ]
            continue
        tokens = record[0].replace(",", "").split()
        flags = [token for token in tokens if token.startswith("-")]
        value = " ".join(token for token in tokens if not token.startswith("-")).strip("<>")
        text = " ".join([max(flags, key=len), value]).strip()
        parts.append(text if param.required else f"[{text}]")
    return " ".join(parts)


def summary(command: Any) -> str:
    """The first paragraph of the command's help, on one line."""
    return " ".join((command.help or "").strip().split("\n\n")[0].split())


def help_text(words: list[str]) -> str:
    result = CliRunner().invoke(app, [*words, "--help"], env={"COLUMNS": str(WIDTH)})
    assert result.exit_code == 0, result.output
    return result.output.rstrip() + "\n"


def table() -> str:
    rows = ["| command | what it does |", "|---|---|"]
    for words, command in commands():
        cells = [synopsis(words, command), summary(command)]
        usage, text = (cell.replace("|", "\\|") for cell in cells)
        rows.append(f"| `{usage}` | {text} |")
    return "\n".join(rows) + "\n"


def reference() -> str:
    parts = [
        "# Command reference\n",
        "Generated from `--help` by `make docs` (scripts/cli_reference.py); `make lint` fails "
        "when it is stale. Edit the commands' docstrings and option help instead.\n",
    ]
    for words in [[], *(w for w, _ in commands())]:
        title = " ".join(["transflow", *words])
        parts.append(f"## `{title}`\n\n```text\n{help_text(words)}```\n")
    return "\n".join(parts)


def readme_with(text: str, new_table: str) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + new_table + text[end:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when stale, write nothing")
    args = parser.parse_args()
    wanted = {
        README: readme_with(README.read_text(encoding="utf-8"), table()),
        REFERENCE: reference(),
    }
    stale = [p for p, text in wanted.items() if not p.exists() or p.read_text("utf-8") != text]
    if args.check:
        for path in stale:
            old = path.read_text("utf-8").splitlines() if path.exists() else []
            diff = difflib.unified_diff(old, wanted[path].splitlines(), str(path), "generated")
            sys.stdout.writelines(line + "\n" for line in list(diff)[:40])
            print(f"{path.relative_to(ROOT)} is stale: run `make docs`.", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
