"""Output formats of `transflow check`: concise lines, text (rich tables), json, github, sarif,
junit.

Concise (`--format concise`, and `text` when standard output is not a terminal): one line per
finding, the way compilers and linters write them, then a summary line:

    translations/ko/x.po:42: error [glossary-forbidden] “탈북자” is forbidden; use “탈북민” ...

Untranslated entries (the `untranslated` check at its info severity) are counted, one line per
file, rather than listed. A finding is one line whatever its text holds: control characters
(a line break in a message or a quoted sentence, an escape sequence) are written as `\\n`,
`\\x1b` and the like.

JSON schema (a list, one object per finding, sorted by file and line):

    {"check": "numbers", "severity": "error"|"warning"|"info",
     "file": "translations/ko/x.po", "line": 42, "lang": "ko",
     "msgid": "...", "msgstr": "...", "message": "..."}

`line` is the line of the entry's `msgstr` in the PO file.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from transflow.checks.base import ERROR, INFO, WARNING, BaseCheck, Finding

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

SEVERITY_STYLE = {ERROR: "bold red", WARNING: "yellow", INFO: "dim"}

# Control characters would end a finding's line early or act on the terminal (ESC): they
# are written as Python writes them in a string. A tab is printed as it is.
_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c != 0x09}
_ESCAPES |= {0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"}
_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in _ESCAPES) + "]")
_ESCAPES_BUT_NEWLINE = {c: e for c, e in _ESCAPES.items() if c != 0x0A}

# The table's readable minimum: its text columns no narrower than these (padding included).
# A terminal narrower than the whole table (4 borders; the line column, 6 digits and its
# padding) gets the concise lines instead.
MESSAGE_MIN, TEXT_MIN = 24, 30
TABLE_MIN_WIDTH = 4 + 8 + MESSAGE_MIN + TEXT_MIN


def one_line(text: str) -> str:
    """`text` with its control characters escaped, so it stays on one line."""
    return text.translate(_ESCAPES) if _CONTROL.search(text) else text


def _counted(f: Finding) -> bool:
    """Untranslated entries are progress, not defects: counted per file, not listed."""
    return f.check == "untranslated" and f.severity == INFO


def _by_file(findings: list[Finding]) -> dict[str, tuple[list[Finding], int]]:
    """The listed findings of each file, in order, and how many were only counted."""
    listed: dict[str, list[Finding]] = {}
    counted: Counter[str] = Counter()
    for f in findings:
        items = listed.setdefault(f.file, [])
        if _counted(f):
            counted[f.file] += 1
        else:
            items.append(f)
    return {file: (items, counted[file]) for file, items in listed.items()}


def _not_translated(file: str, count: int) -> str:
    entries = "entry" if count == 1 else "entries"
    return f"{one_line(file)}: info [untranslated] {count} {entries} not translated yet"


def summary(findings: list[Finding], files: int) -> str:
    counts = Counter(f.severity for f in findings)
    parts = [
        f"{counts.get(s, 0)} {s}{'s' if counts.get(s, 0) != 1 else ''}" for s in (ERROR, WARNING)
    ]
    if counts.get(INFO):
        parts.append(f"{counts[INFO]} info")
    return f"{', '.join(parts)} in {files} catalog{'s' if files != 1 else ''} checked."


def to_concise(findings: list[Finding], files: int) -> str:
    """One line per finding (`file:line: severity [check] message`), then the summary."""
    lines = []
    for file, (listed, counted) in _by_file(findings).items():
        name = one_line(file)
        lines += [
            f"{name}:{f.line}: {f.severity} [{f.check}] {one_line(f.message)}" for f in listed
        ]
        if counted:
            lines.append(_not_translated(file, counted))
    lines.append(summary(findings, files))
    return "\n".join(lines)


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: one annotation per finding (escaped as the Actions
    toolkit escapes them: `%`, CR and LF everywhere, `:` and `,` also in properties)."""
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


SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_LEVEL = {ERROR: "error", WARNING: "warning", INFO: "note"}
SARIF_ROOT = "SRCROOT"  # the uriBaseId of every location: the project's folder
FINGERPRINT = "transflowEntry/v1"  # file, msgctxt, msgid and check (see Finding.fingerprint)


def to_sarif(findings: list[Finding], checks: Sequence[BaseCheck], root: Path) -> str:
    """SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

    A rule per check that ran (id, name, its description, its severity as the default level);
    a result per finding, located by the PO file relative to `root` (the project's folder,
    or the working folder outside a project) and the line of its msgstr. Its partial
    fingerprint names the entry and the check, not the line, so a finding keeps its
    identity when lines above it move; findings that share one are numbered (`:1`, `:2`)."""
    from transflow import __version__

    index = {c.id: i for i, c in enumerate(checks)}
    seen: Counter[str] = Counter()
    results = []
    for f in findings:
        seen[f.fingerprint] += 1
        entry = {"lang": f.lang, "msgid": f.msgid, "msgstr": f.msgstr}
        results.append(
            {
                "ruleId": f.check,
                "ruleIndex": index[f.check],
                "level": SARIF_LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _artifact(f.file, root),
                            "region": {"startLine": f.line},
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT: f"{f.fingerprint}:{seen[f.fingerprint]}"},
                "properties": entry | ({"msgctxt": f.msgctxt} if f.msgctxt else {}),
            }
        )
    driver = {
        "name": "transflow",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(c) for c in checks],
    }
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {
            SARIF_ROOT: {
                "uri": _absolute(root).as_uri().rstrip("/") + "/",
                "description": {
                    "text": "The folder the paths are relative to: the project's (where "
                    "transflow.toml is), or the working folder for PO files checked outside one."
                },
            }
        },
        "results": results,
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2)


def _rule(check: BaseCheck) -> dict:
    silence = f"Silence it on one entry with the PO flag `#, ignore-{check.id}`."
    return {
        "id": check.id,
        "name": check.name,
        "shortDescription": {"text": check.description},
        "help": {"text": f"{check.description} {silence}"},
        "defaultConfiguration": {"level": SARIF_LEVEL[check.severity]},
    }


def _absolute(path: Path) -> Path:
    """An absolute path without resolving symbolic links (the project names files where
    they are, not where they point)."""
    return Path(os.path.abspath(path))


def _artifact(file: str, root: Path) -> dict:
    """A relative URI under the project's folder, or a file: URI for a file outside it."""
    from urllib.parse import quote

    path = PurePosixPath(file)
    if path.is_absolute() or ".." in path.parts:
        return {"uri": _absolute(root / file).as_uri()}
    return {"uri": quote(file), "uriBaseId": SARIF_ROOT}


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


def render_text(findings: list[Finding], console: Console, files: int) -> None:
    """For a terminal: a table per file (line, finding, source and translation with the terms
    marked), then the untranslated count and the summary. On a terminal too narrow for the
    table's readable minimum (TABLE_MIN_WIDTH), the concise lines instead."""
    if console.width < TABLE_MIN_WIDTH:
        console.out(to_concise(findings, files))
        return
    for file, (listed, counted) in _by_file(findings).items():
        if listed:
            console.print(_table(file, listed))
        if counted:
            console.print(_not_translated(file, counted))
    console.print(summary(findings, files))


def _table(file: str, findings: list[Finding]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"{one_line(file)} ({findings[0].lang})",
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("finding", ratio=2, min_width=MESSAGE_MIN, overflow="fold")
    table.add_column("source → translation", ratio=3, min_width=TEXT_MIN, overflow="fold")
    for f in findings:
        finding = Text()
        finding.append(f"{f.severity} [{f.check}]", style=SEVERITY_STYLE[f.severity])
        finding.append("\n" + _shown(f.message))
        pair = _marked(f.msgid, f.source_spans, "bold reverse")
        pair.append("\n→ ", style="dim")
        pair.append_text(_marked(f.msgstr, f.target_spans, "bold reverse"))
        table.add_row(str(f.line), finding, pair)
    return table


def _shown(text: str) -> str:
    """Text for a table cell: line breaks kept, other control characters escaped."""
    return text.translate(_ESCAPES_BUT_NEWLINE) if _CONTROL.search(text) else text


def _marked(text: str, spans: Iterable[tuple[int, int]], style: str) -> Text:
    """`text` for a table cell with `spans` (offsets in `text`) styled."""
    from rich.text import Text

    valid = [(s, e) for s, e in spans if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(i for span in valid for i in span)})
    out = Text()
    for start, end in zip(cuts, cuts[1:], strict=False):
        inside = any(s <= start and end <= e for s, e in valid)
        out.append(_shown(text[start:end]), style=style if inside else None)
    return out
