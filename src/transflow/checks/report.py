"""Output formats of `transflow check`: text (rich tables), json, github, junit.

JSON schema (a list, one object per finding, sorted by file and line):

    {"check": "numbers", "severity": "error"|"warning"|"info",
     "file": "translations/ko/x.po", "line": 42, "lang": "ko",
     "msgid": "...", "msgstr": "...", "message": "..."}

`line` is the line of the entry's `msgstr` in the PO file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from transflow.checks.base import ERROR, INFO, WARNING, Finding

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

SEVERITY_STYLE = {ERROR: "bold red", WARNING: "yellow", INFO: "dim"}


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    kind = {ERROR: "error", WARNING: "warning", INFO: "notice"}
    lines = []
    for f in findings:
        title = _gh_prop(f"{f.check} ({f.lang})")
        source = f.msgid if len(f.msgid) <= 120 else f.msgid[:117] + "..."
        lines.append(
            f"::{kind[f.severity]} file={_gh_prop(f.file)},line={f.line},title={title}::"
            + _gh_data(f"{f.message}\nsource: {source}")
        )
    return "\n".join(lines)


def to_junit(findings: list[Finding], files: list[str]) -> str:
    """JUnit XML: a testsuite per PO file, a testcase per finding; errors are failures,
    warnings and info pass with the message in system-out. A file without findings gets one
    passing testcase, so CI dashboards count it."""
    from xml.sax.saxutils import quoteattr  # here: it imports urllib (~8 ms of every check)

    by_file: dict[str, list[Finding]] = {f: [] for f in files}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    total_fail = sum(1 for f in findings if f.severity == ERROR)
    total_tests = sum(max(1, len(v)) for v in by_file.values())
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="transflow check" tests="{total_tests}" failures="{total_fail}">',
    ]
    for file, items in by_file.items():
        fails = sum(1 for f in items if f.severity == ERROR)
        out.append(
            f'  <testsuite name={quoteattr(file)} tests="{max(1, len(items))}" '
            f'failures="{fails}" errors="0">'
        )
        if not items:
            out.append(f'    <testcase classname={quoteattr(file)} name="all checks"/>')
        for f in items:
            name = quoteattr(f"{f.check} line {f.line}")
            out.append(f"    <testcase classname={quoteattr(file)} name={name}>")
            body = _xml_text(f"{f.message}\nsource: {f.msgid}\ntranslation: {f.msgstr}")
            if f.severity == ERROR:
                out.append(
                    f"      <failure type={quoteattr(f.check)} message={quoteattr(f.message)}>"
                    f"{body}</failure>"
                )
            else:
                out.append(f"      <system-out>{f.severity}: {body}</system-out>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out)


def _xml_text(text: str) -> str:
    text = "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _highlight(text: str, spans: Iterable[tuple[int, int]], style: str) -> Text:
    from rich.text import Text

    out = Text(text)
    for start, end in spans:
        if 0 <= start < end <= len(text):
            out.stylize(style, start, end)
    return out


def summary(findings: list[Finding], files: int) -> str:
    counts = Counter(f.severity for f in findings)
    parts = [
        f"{counts.get(s, 0)} {s}{'s' if counts.get(s, 0) != 1 else ''}" for s in (ERROR, WARNING)
    ]
    if counts.get(INFO):
        parts.append(f"{counts[INFO]} info")
    return f"{', '.join(parts)} in {files} catalog{'s' if files != 1 else ''} checked."


def render_text(findings: list[Finding], console: Console, files: int) -> None:
    """A table per file: line, severity, check, message, source/target with terms marked.
    Untranslated entries (info) are counted per file, not listed."""
    from rich.table import Table
    from rich.text import Text

    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    for file, items in by_file.items():
        listed = [f for f in items if f.check != "untranslated"]
        pending = len(items) - len(listed)
        if listed:
            table = Table(
                title=f"{file} ({listed[0].lang})",
                title_justify="left",
                show_lines=True,
                expand=False,
            )
            table.add_column("file:line", no_wrap=True)
            table.add_column("check", no_wrap=True)
            table.add_column("message", ratio=2, overflow="fold")
            table.add_column("source / translation", ratio=3, overflow="fold")
            for f in listed:
                pair = Text()
                pair.append_text(_highlight(f.msgid, f.source_spans, "bold reverse"))
                pair.append("\n→ ", style="dim")
                pair.append_text(_highlight(f.msgstr, f.target_spans, "bold reverse"))
                table.add_row(
                    f"{file.rsplit('/', 1)[-1]}:{f.line}",
                    Text(f.check, style=SEVERITY_STYLE[f.severity]),
                    Text(f"{f.severity}: {f.message}"),
                    pair,
                )
            console.print(table)
        if pending:
            console.print(f"{file}: {pending} entries not translated yet (untranslated, info)")
    console.print(summary(findings, files))
