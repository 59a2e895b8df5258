"""Baselines: today's findings recorded in a file, so that CI fails only on new ones
(`check --write-baseline FILE` once, then `check --baseline FILE`), as the baselines of
mypy, detekt and PHPStan work.

A finding is known by a key that survives edits around it: its file (as reports name it,
relative to the project), the entry's msgctxt, a hash of the entry's msgid, the check id
and the message, which tells apart two findings of one check on one entry (two numbers, two
terms); a `file:line` location quoted in a message counts without its line. The finding's
own line is no part of the key, so an entry that moves keeps its findings' keys; an entry
whose source sentence changes is another entry. Keys are counted: a key recorded twice
silences two findings with it, and a third one is new.

The file is JSON with a format version, one key a line, sorted, so that it diffs well:

    {"format": "transflow-check-baseline", "version": 1, "findings": [
    {"file": "translations/ko/a.po", "check": "numbers", "msgctxt": "", "msgid": "…", ...},
    ...
    ]}
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from transflow.checks.base import Finding
from transflow.project.errors import BaselineError, PathError, shown
from transflow.project.fsutil import atomic_write_text, read_utf8

if TYPE_CHECKING:
    from transflow.project.project import Project

FORMAT = "transflow-check-baseline"
VERSION = 1
_FIELDS = ("file", "check", "msgctxt", "msgid", "message")
# a location such as `translations/ko/a.po:12` or `glossary/terms.csv:3` in a message
_LOCATION = re.compile(r"(\.[A-Za-z][A-Za-z0-9]{0,7}):\d+\b")


class Key(NamedTuple):
    """What a baseline knows a finding by (see the module's docstring)."""

    file: str
    check: str
    msgctxt: str
    msgid: str  # the first 16 hex digits of the msgid's SHA-256
    message: str


def key(finding: Finding) -> Key:
    digest = hashlib.sha256(finding.msgid.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    message = _LOCATION.sub(r"\1", finding.message)
    return Key(finding.file, finding.check, finding.msgctxt, digest, message)


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline file recording `findings`."""
    counts = Counter(key(f) for f in findings)
    rows = [
        json.dumps({**k._asdict(), "count": n}, ensure_ascii=False)
        for k, n in sorted(counts.items())
    ]
    body = "".join(f"{row},\n" for row in rows[:-1]) + (f"{rows[-1]}\n" if rows else "")
    head = json.dumps({"format": FORMAT, "version": VERSION})[:-1]
    return f'{head}, "findings": [\n{body}]}}\n'


def write_baseline(path: Path, findings: list[Finding], project: Project | None) -> None:
    """Write the baseline of `findings` to `path` (by the one writer), anywhere but over a
    file the project reads."""
    what = project.input_kind(path) if project is not None else None
    if what is not None:
        raise PathError(
            f"--write-baseline is {what}: the baseline would overwrite what the project reads.",
            path=shown(path),
            hint="Write it beside transflow.toml instead, e.g. "
            "`--write-baseline transflow-baseline.json`, and commit it.",
        )
    atomic_write_text(path, baseline_text(findings))


class Split(NamedTuple):
    """Findings set against a baseline."""

    new: list[Finding]  # not in the baseline: reported
    known: int  # findings the baseline holds: not reported
    gone: int  # baseline keys (counted) of the files checked that no longer occur


class Baseline:
    """The keys of a baseline file, counted."""

    def __init__(self, path: Path, counts: Counter[Key]) -> None:
        self.path = path
        self.counts = counts

    def split(self, findings: Iterable[Finding], files: Collection[str]) -> Split:
        """The findings not in the baseline; `files`: the files checked, whose baseline
        keys that matched nothing are fixed findings (those of other files were not
        looked at)."""
        left = Counter(self.counts)
        new: list[Finding] = []
        known = 0
        for finding in findings:
            k = key(finding)
            if left[k] > 0:
                left[k] -= 1
                known += 1
            else:
                new.append(finding)
        checked = set(files)
        gone = sum(n for k, n in left.items() if n > 0 and k.file in checked)
        return Split(new, known, gone)


def load_baseline(path: Path) -> Baseline:
    """The baseline at `path`; `BaselineError` (naming the file) when it is missing,
    unreadable, not a transflow baseline, of another version, or malformed."""
    regenerate = f"Write it again with `transflow check --write-baseline {path}`."
    if not path.exists():
        raise BaselineError(
            "no such baseline file.",
            path=shown(path),
            hint="Record today's findings first: `transflow check --write-baseline "
            f"{path}` (and commit the file).",
        )
    text = read_utf8(path, BaselineError, regenerate)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"is not valid JSON: {exc.msg} (column {exc.colno}).",
            path=shown(path),
            line=exc.lineno,
            hint=f"Fix it, or {regenerate[0].lower()}{regenerate[1:]}",
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BaselineError(
            f'is not a transflow baseline (it has no "format": "{FORMAT}").',
            path=shown(path),
            hint=f"Name the file that `transflow check --write-baseline` wrote. {regenerate}",
        )
    if data.get("version") != VERSION:
        raise BaselineError(
            f"is a baseline of format version {data.get('version')!r}; this transflow "
            f"reads version {VERSION}.",
            path=shown(path),
            hint=regenerate,
        )
    rows = data.get("findings")
    if not isinstance(rows, list):
        raise BaselineError('has no "findings" list.', path=shown(path), hint=regenerate)
    counts: Counter[Key] = Counter()
    for index, row in enumerate(rows):
        if not (
            isinstance(row, dict)
            and set(row) == {*_FIELDS, "count"}
            and all(isinstance(row[f], str) for f in _FIELDS)
            and type(row["count"]) is int
            and row["count"] > 0
        ):
            raise BaselineError(
                f"findings[{index}] is not a baseline key: an object of the strings "
                f"{', '.join(_FIELDS)} and a positive whole count.",
                path=shown(path),
                hint=regenerate,
            )
        counts[Key(*(row[f] for f in _FIELDS))] += row["count"]
    return Baseline(path, counts)
