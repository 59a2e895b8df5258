"""Atomic file writes, so an interrupted run never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from transflow.project.errors import TransflowError


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> bool:
    """Write `text` to `path` through a temp file in the same folder and `os.replace`.

    Returns False (and touches nothing) when the file already holds exactly these bytes,
    so re-running a stage changes no byte and no modification time.
    """
    data = text.encode(encoding)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def read_utf8(path: Path, error: type[TransflowError], hint: str) -> str:
    """The text of a UTF-8 file (a BOM is dropped); see `decode_utf8`."""
    return decode_utf8(path.read_bytes(), path, error, hint)


def decode_utf8(raw: bytes, path: Path, error: type[TransflowError], hint: str) -> str:
    """The text of a UTF-8 file's bytes (a BOM is dropped). A bad byte raises `error` naming
    the file, the line, the byte and its offset, so the user can find it in a hex editor."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"is not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}.",
            path=path,
            line=raw[: exc.start].count(b"\n") + 1,
            hint=hint,
        ) from None
