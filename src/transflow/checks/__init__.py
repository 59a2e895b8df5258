"""QA checks for translations: a registry of small check classes, one family per module.

Contract (used by the CLI, the review UI and publishing):

- `Finding(check, severity, file, line, lang, msgid, msgstr, message)` (frozen dataclass);
- `check_entry(msgid, msgstr, lang, *, glossary=None, flags=()) -> list[Finding]`;
- `check_project(project, *, articles=None, langs=None, only=None) -> list[Finding]`;
- `check_files(paths, *, glossary=None, langs=None, only=None) -> list[Finding]`.

Families: glossary (glossary-missing, glossary-forbidden), numbers, markup (placeholders,
markdown), urls, translation (untranslated, unchanged), punctuation (end-punctuation),
whitespace, brackets, length (length-ratio), consistency (inconsistent). A new check is one
class with `@register` in a family module (and its id in `runner.CHECK_ORDER`).
`#, ignore-<check-id>` on an entry silences that check for that entry only.
"""

from transflow.checks.base import ERROR, INFO, REGISTRY, WARNING, Check, Finding, Problem
from transflow.checks.families import (  # noqa: F401  (each module registers its checks)
    brackets,
    consistency,
    glossary,
    length,
    markup,
    numbers,
    punctuation,
    translation,
    urls,
    whitespace,
)
from transflow.checks.runner import (
    CHECK_ORDER,
    all_checks,
    check_entry,
    check_files,
    check_project,
    select_checks,
)

__all__ = [
    "CHECK_ORDER",
    "ERROR",
    "INFO",
    "REGISTRY",
    "WARNING",
    "Check",
    "Finding",
    "Problem",
    "all_checks",
    "check_entry",
    "check_files",
    "check_project",
    "select_checks",
]
