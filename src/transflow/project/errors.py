"""Errors a user can cause: every user-facing error class of transflow, in one flat list.

Every error the user can fix is a `TransflowError`: its message says what was wrong,
where (file:line when there is one) and what to do. The CLI prints the message without a
traceback and exits with `exit_code` (2: bad input or usage, as documented in the README).
This module imports nothing heavy, so any stage (and `transflow --help`) can raise them.
"""

from __future__ import annotations

from pathlib import Path


class TransflowError(Exception):
    """Base class of user-facing errors."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.render())

    @property
    def location(self) -> str | None:
        if self.path is None:
            return None
        return f"{self.path}:{self.line}" if self.line else self.path

    def render(self) -> str:
        """One paragraph: location, what is wrong, what to do."""
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f" {self.hint}"
        return text


class ConfigError(TransflowError):
    """transflow.toml is missing, malformed or holds a bad value."""


class ProjectNotFoundError(ConfigError):
    """No transflow.toml in the current directory or any parent."""


class LanguageError(TransflowError):
    """A language code Babel does not know."""


class SourceError(TransflowError):
    """A source article cannot be read or parsed."""


class CatalogError(TransflowError):
    """A PO file under translations/ cannot be read."""


class GlossaryError(TransflowError):
    """A glossary file (CSV or TBX) cannot be read or is inconsistent."""


class CheckUsageError(TransflowError):
    """Bad check selection or filter."""


class ReviewError(TransflowError):
    """A review action that cannot be done as asked (empty accept, unknown reviewer, ...)."""


class ModelError(TransflowError):
    """A model package is missing, invalid or cannot be installed."""


class MissingModelError(TransflowError):
    """No installed model (direct or through English) serves a language pair."""


class NetworkError(TransflowError):
    """The package index or a download link cannot be reached."""


class TemplateError(TransflowError):
    """A project's HTML template (templates/*.html) cannot be loaded or rendered."""
