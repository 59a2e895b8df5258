"""Errors a user can cause: every user-facing error class of transflow, in one flat list.

Every error the user can fix is a `TransflowError`: its message says what was wrong,
where (file:line when there is one) and what to do. The CLI prints the message without a
traceback and exits with `exit_code` (2: bad input or usage, as documented in the README).
This module imports nothing heavy, so any stage (and `transflow --help`) can raise them.
"""

from __future__ import annotations

import errno
import os
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


class SourceWarning(UserWarning):
    """Something in the sources folder a user should know of, though nothing stops: a file
    that is no source transflow reads. `cli.main()` prints each once per command."""


class CatalogError(TransflowError):
    """A PO file under translations/ cannot be read."""


class GlossaryError(TransflowError):
    """A glossary file (CSV or TBX) cannot be read or is inconsistent."""


class TMError(TransflowError):
    """A translation memory file (TMX, PO compendium, tm/) cannot be read or imported."""


class HandoffError(TransflowError):
    """An XLIFF file that cannot be exported or imported as asked: not XLIFF, hostile, too
    large, or a unit whose source no longer matches the catalog."""


class CheckUsageError(TransflowError):
    """Bad check selection or filter."""


class BaselineError(TransflowError):
    """A baseline file (`check --baseline`) cannot be read or is not a transflow baseline."""


class GitError(TransflowError):
    """git cannot answer what an option asks (`check --changed-since`): no git, no work
    tree, or an unknown revision."""


class ReviewError(TransflowError):
    """A review action that cannot be done as asked (empty accept, unknown reviewer, ...)."""


class ModelError(TransflowError):
    """A model package is missing, invalid or cannot be installed."""


class MissingModelError(TransflowError):
    """No installed model (direct or through English) serves a language pair."""


class ExecutorError(TransflowError):
    """`translate --executor` cannot run: a bad value, Ray not installed, a cluster that
    cannot be reached, or workers lost more often than a shard may be retried."""


class NetworkError(TransflowError):
    """The package index or a download link cannot be reached."""


class TemplateError(TransflowError):
    """A project's HTML template (templates/*.html) cannot be loaded or rendered."""


class FileSystemError(TransflowError):
    """A file or folder cannot be read or written: permissions, a full disk, a name too long,
    a folder or a special file where a file must be, a link the writer does not write through.

    `from_os_error` turns any `OSError` into this error, naming the path; the writer and the
    reader raise it at the file they were working on, and `cli.main()` for any other."""

    @classmethod
    def from_os_error(
        cls, exc: OSError, path: str | Path | None = None, action: str | None = "write"
    ) -> FileSystemError:
        """`exc` as one paragraph: the path (`path`, else the one the OS names), what went
        wrong in words rather than an errno (while doing `action`, when known), and what to
        do about it."""
        where = path if path is not None else exc.filename
        what, hint = _OS_ERRORS.get(exc.errno or 0, (None, None))
        if what is None:
            what = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".").lower()
            hint = "Fix the file or folder named here, then run the command again."
        message = f"cannot {action}: {what}." if action else f"{what}."
        return cls(message, path=shown(where), hint=hint)


class PathError(TransflowError):
    """An option names a path transflow will not write: outside the project (or outside the
    folder the option is about), or one of the project's own inputs without --force."""


def shown(path: str | Path | bytes | None) -> str | None:
    """A path as messages show it: relative to the current folder when it is inside it."""
    if path is None:
        return None
    text = os.fsdecode(path)
    if os.path.isabs(text):
        try:
            relative = os.path.relpath(text)
        except (OSError, ValueError):  # no current folder (deleted), or another drive
            return text
        if not relative.startswith(".."):
            return relative
    return text


# errno -> (what went wrong, what to do). The folders and files these name are the user's.
_OS_ERRORS: dict[int, tuple[str, str]] = {
    errno.EACCES: (
        "permission denied",
        "Check the permissions of the file and of its folder (`ls -ld`), or run as a user "
        "who may change them.",
    ),
    errno.EPERM: (
        "operation not permitted",
        "The file or its folder may be immutable or belong to another user "
        "(`lsattr -d`, `ls -ld`).",
    ),
    errno.EROFS: (
        "the file system is read-only",
        "Remount it read-write, or work on a copy of the project on a writable disk.",
    ),
    errno.ENOSPC: (
        "no space left on the device",
        "Free some space (`df -h .`), then run the command again.",
    ),
    errno.EDQUOT: (
        "the disk quota is exceeded",
        "Free some space or ask for a larger quota, then run the command again.",
    ),
    errno.EFBIG: (
        "the file would be larger than this system allows",
        "Raise the file size limit (`ulimit -f`) or free space, then run the command again.",
    ),
    errno.ENAMETOOLONG: (
        "the file name is too long for the file system (most allow 255 bytes a name)",
        "Use a shorter name; an article's slug is the file name of its catalogs and editions.",
    ),
    errno.ENOTDIR: (
        "a part of the path is a file, not a folder",
        "Move that file out of the way or fix the path.",
    ),
    errno.EISDIR: (
        "it is a folder, not a file",
        "Move the folder out of the way, or name a file.",
    ),
    errno.ELOOP: (
        "too many levels of symbolic links",
        "Fix the link (`ls -l`), or name the file it should point to.",
    ),
    errno.ENOENT: (
        "no such file or folder",
        "Check the path; a folder in it may have been moved or deleted.",
    ),
    errno.EIO: (
        "input/output error: the disk or the network file system failed",
        "Check the disk (`dmesg`), then run the command again.",
    ),
}
