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

from typing import TYPE_CHECKING

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
from transflow.checks.runner import (
    check_entry,
    check_files,
    check_project,
    select_checks,
)

if TYPE_CHECKING:
    from transflow.checks.registry import CHECKS


def __getattr__(name: str) -> object:
    """`CHECKS` on first use: the registry imports every family of checks, which a run
    answered from the check cache does without."""
    if name == "CHECKS":
        from transflow.checks.registry import CHECKS

        return CHECKS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
