"""QA checks for translations: small check classes, one family per module, one ordered list.

Contract (used by the CLI, the review UI and publishing):

- `Finding(check, severity, file, line, lang, msgid, msgstr, message)` (frozen dataclass);
- `check_entry(msgid, msgstr, lang, *, glossary=None, flags=()) -> list[Finding]`;
- `check_project(project, *, articles=None, langs=None, only=None) -> list[Finding]`;
- `check_files(paths, *, glossary=None, langs=None, only=None) -> list[Finding]`.

Families: glossary (glossary-missing, glossary-forbidden), numbers, markup (placeholders,
markdown), urls, translation (untranslated, unchanged), punctuation (end-punctuation),
whitespace, brackets, length (length-ratio), consistency (inconsistent). A new check is one
class in a family module (a `Check`, or a `ProjectCheck` when it needs every entry of the
project at once) and one line in `registry.CHECKS`, whose order reports follow.
`#, ignore-<check-id>` on an entry silences that check for that entry only. A project's
transflow.toml turns checks off, changes severities and parameters and adds house-style
rules (`[check]`, `profile.build_profile`; `select_checks(project=...)`).
"""

from transflow.checks.base import (
    ERROR,
    INFO,
    WARNING,
    BaseCheck,
    Check,
    Finding,
    Problem,
    ProjectCheck,
)
from transflow.checks.registry import CHECKS
from transflow.checks.runner import (
    check_entry,
    check_files,
    check_project,
    select_checks,
)

__all__ = [
    "CHECKS",
    "ERROR",
    "INFO",
    "WARNING",
    "BaseCheck",
    "Check",
    "Finding",
    "Problem",
    "ProjectCheck",
    "check_entry",
    "check_files",
    "check_project",
    "select_checks",
]
