"""Every check transflow has, in one ordered list (as Weblate's CHECK_LIST).

A new check is a class in the module of its family and one line here. `--list-checks`, the
ids `check --enable/--disable` accept and the order of findings on one entry in every report
follow this list, then a project's house-style rules (`checks/profile.py`). A check with
parameters takes them as keyword arguments from its table in transflow.toml
(`[check.<id>]`, validated by `project.config.SCHEMA["check"]`).
"""

from __future__ import annotations

from transflow.checks.base import BaseCheck
from transflow.checks.families.brackets import Brackets
from transflow.checks.families.consistency import Inconsistent
from transflow.checks.families.glossary import GlossaryForbidden, GlossaryMissing
from transflow.checks.families.length import LengthRatio
from transflow.checks.families.markup import Markdown, Placeholders
from transflow.checks.families.numbers.check import Numbers
from transflow.checks.families.punctuation import EndPunctuation
from transflow.checks.families.translation import Unchanged, Untranslated
from transflow.checks.families.urls import Urls
from transflow.checks.families.whitespace import Whitespace

CHECKS: tuple[type[BaseCheck], ...] = (
    GlossaryMissing,
    GlossaryForbidden,
    Numbers,
    Placeholders,
    Markdown,
    Urls,
    Untranslated,
    Unchanged,
    EndPunctuation,
    Whitespace,
    Brackets,
    LengthRatio,
    Inconsistent,
)
