"""The one writer and the one text reader: every file transflow writes goes through a
`WriteBatch` (`atomic_write_text` is a batch of one file), every text file it reads through
`read_utf8`.

The writer's rules (README, "How transflow writes files"):

- **Atomic.** A file is written to a temp file beside it, flushed to disk, then renamed over
  the old one: a reader, a crash or `kill -9` sees the old file or the new one, never a part.
- **All or nothing.** A batch writes every temp file first, in every folder, and renames only
  when all of them were written: a full disk, a read-only folder or a name too long stops the
  batch with its temp files removed, the folders it created removed again and no file
  changed. Files to remove (publish --prune) go last, once their folders are known to be
  changeable. A command that writes several files (extract, publish, init, translate's
  memory-only catalogs) writes one batch.
- **Only what changed.** A file that already holds the bytes is not rewritten (its
  modification time stays): the sizes are compared first, then the contents in chunks; the
  old file is never read into memory whole.
- **Regular files only.** Before anything is written, a batch refuses a path that is a
  symbolic link, a special file (device, FIFO, socket) or a folder. It never writes through a
  link: replacing the link would lose it, and writing its target would change a file
  elsewhere, maybe outside the project, under a name the user never gave; the fix is to put
  the file itself where the link is. Links among the *folders* of a path are followed (a
  symlinked `translations/ko/` is written into). Standard output is `-` where a command has
  `--output`, never `/dev/stdout`.
- **Temp files are recognisable**: `.<name>.<pid>.<random>.transflow-tmp`, the name cut so
  that the whole fits in 255 bytes. A batch first removes, in each folder of the files it
  writes or removes, the temp files whose process no longer runs, so what a killed run left
  goes away on the next run of the command; a running transflow's temp files and the user's
  own files are never touched.
- **OS errors are user errors**: a `FileSystemError` naming the file and what to do.

Test-only: with `TRANSFLOW_KILL_AT_WRITE=N` the process kills itself (SIGKILL) at its Nth
write step (a temp file half written, or a rename about to happen), so that tests can
interrupt a command at each of its writes. Unset, it costs one environment lookup a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import tempfile
from pathlib import Path

from transflow.project.errors import FileSystemError, TransflowError, shown

TEMP_SUFFIX = ".transflow-tmp"
_TEMP_NAME = re.compile(r"\A\..*\.(\d+)\.[a-z0-9_]+" + re.escape(TEMP_SUFFIX) + r"\Z", re.S)
_NAME_BYTES = 200  # of a file's name kept in its temp file's: 1 + 200 + pid + random + suffix
_CHUNK = 1 << 20  # bytes compared at a time when a file may already hold what we write
_NEW_FILE_MODE = 0o644
KILL_AT_WRITE = "TRANSFLOW_KILL_AT_WRITE"
_STREAMS = ("/dev/", "/proc/")  # /dev/stdout, /dev/fd/1, /proc/self/fd/1: links to a stream

_steps = 0  # write steps taken, counted only under TRANSFLOW_KILL_AT_WRITE


class WriteBatch:
    """Files to write, folders to create and files to remove, all or nothing (see above).

    Collect with `write_text` (`write_bytes`), `make_folder` and `remove`, then `commit`
    once. `durable=False` (for caches) skips flushing each file to the disk: still atomic
    for every reader, but a crash may leave a file empty or damaged, which a cache must
    detect (the check cache's files carry a checksum); 400 fsyncs cost 0.4-3 s here."""

    def __init__(self, *, durable: bool = True) -> None:
        self._durable = durable
        self._files: dict[Path, bytes] = {}
        self._folders: list[Path] = []
        self._removals: list[Path] = []
        self._created: list[Path] = []  # folders this batch made (removed again on failure)
        self._temps: dict[Path, Path] = {}  # target -> its staged temp file

    def write_text(self, path: Path, text: str, encoding: str = "utf-8") -> None:
        self._files[Path(path)] = text.encode(encoding)

    def write_bytes(self, path: Path, data: bytes) -> None:
        """A binary file (a cache under .transflow/), by the same rules."""
        self._files[Path(path)] = bytes(data)

    def make_folder(self, path: Path) -> None:
        """Create `path` (and its parents) if missing; an existing folder is fine."""
        self._folders.append(Path(path))

    def remove(self, path: Path) -> None:
        """Remove the file (or link) at `path` if there is one."""
        self._removals.append(Path(path))

    def commit(self) -> list[Path]:
        """Write the batch; the files whose bytes changed, in the order they were added.

        Raises `FileSystemError` (nothing changed) when a target is refused, a file to remove
        is in a folder this process may not change, or a file, folder or temp file cannot be
        made. The renames and removals come last and do not fail in practice (the folders
        are known to be writable, the space is taken); if one does, what was done before it
        stays done and the error names the file."""
        changed = [path for path, data in self._files.items() if not _holds(path, data)]
        for path in self._removals:
            _check_removal(path)
        for folder in dict.fromkeys(path.parent for path in [*self._files, *self._removals]):
            _sweep(folder)
        try:
            for folder in [*self._folders, *(path.parent for path in changed)]:
                self._make(folder)
            modes = {path: _mode(path) for path in changed}
            for path in changed:
                self._temps[path] = _stage(path, self._files[path], modes[path], self._durable)
        except BaseException:
            self._roll_back()
            raise
        for path, temp in list(self._temps.items()):
            _step()
            try:
                os.replace(temp, path)
            except OSError as exc:
                self._roll_back()
                raise _os_error(exc, path) from None
            del self._temps[path]
        for path in self._removals:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise _os_error(exc, path, "remove") from None
        return changed

    def _make(self, folder: Path) -> None:
        missing = []
        for parent in (folder, *folder.parents):
            if parent.is_dir():
                break
            if os.path.lexists(parent):
                raise _in_the_way(parent, folder)
            missing.append(parent)
        for parent in reversed(missing):
            try:
                parent.mkdir()
            except OSError as exc:
                raise _os_error(exc, parent) from None
            self._created.append(parent)

    def _roll_back(self) -> None:
        for temp in self._temps.values():
            with contextlib.suppress(OSError):
                temp.unlink()
        self._temps.clear()
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):  # not empty: someone else wrote there
                folder.rmdir()
        self._created.clear()


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> bool:
    """Write one file by the writer's rules; False (nothing touched) when it already holds
    exactly these bytes, so re-running a stage changes no byte and no modification time."""
    batch = WriteBatch()
    batch.write_text(path, text, encoding)
    return bool(batch.commit())


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """`atomic_write_text` for bytes."""
    batch = WriteBatch()
    batch.write_bytes(path, data)
    return bool(batch.commit())


def read_utf8(path: Path, error: type[TransflowError], hint: str) -> str:
    """The text of a UTF-8 file (a BOM is dropped); see `read_bytes` and `decode_utf8`."""
    return decode_utf8(read_bytes(path), path, error, hint)


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; a path that is no regular file (a folder, a FIFO that
    would block forever, a device) or cannot be read raises `FileSystemError`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens at once, unread
    except OSError as exc:
        raise _os_error(exc, path, "read") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise FileSystemError(
            f"cannot read: it is {_kind(mode)}, not a regular file.",
            path=shown(path),
            hint="Put a regular file there, or move this one out of the way.",
        )
    with os.fdopen(fd, "rb") as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise _os_error(exc, path, "read") from None


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


def _check_target(path: Path) -> os.stat_result | None:
    """The target's stat when it is a regular file, None when there is nothing there yet;
    `FileSystemError` when it is a link, a folder or a special file, or cannot be looked at
    (a name too long, a file where a folder of the path should be)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _os_error(exc, path) from None
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return st
    if stat.S_ISLNK(mode):
        target = os.readlink(path)
        hint = "Put the file itself where the link is (`cp --remove-destination TARGET LINK`)."
        if str(path).startswith(_STREAMS) or target.startswith((*_STREAMS, "pipe:", "socket:")):
            hint = "To write to standard output, give `-` as the file name."
        raise FileSystemError(
            f"cannot write: it is a symbolic link (to {target}), and transflow does not "
            "write through links.",
            path=shown(path),
            hint=hint,
        )
    if stat.S_ISDIR(mode):
        raise _os_error(OSError(errno.EISDIR, os.strerror(errno.EISDIR)), path)
    raise FileSystemError(
        f"cannot write: it is {_kind(mode)}, not a regular file.",
        path=shown(path),
        hint="transflow writes regular files only; to write to standard output, give `-` as "
        "the file name.",
    )


def _check_removal(path: Path) -> None:
    """Refuse, before anything is written, a file to remove that cannot be: a folder, or a
    file in a folder this process may not change (read-only, immutable, read-only disk)."""
    if not os.path.lexists(path):
        return
    if os.path.isdir(path) and not os.path.islink(path):
        raise _os_error(OSError(errno.EISDIR, os.strerror(errno.EISDIR)), path, "remove")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise FileSystemError(
            "cannot remove: its folder cannot be changed (read-only, immutable, or on a "
            "read-only disk).",
            path=shown(path),
            hint="Check the folder (`ls -ld`, `lsattr -d`), then run the command again.",
        )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _holds(path: Path, data: bytes) -> bool:
    """Whether the regular file at `path` holds exactly `data` (the target checked first):
    sizes, then chunk by chunk."""
    st = _check_target(path)
    if st is None or st.st_size != len(data):
        return False
    view = memoryview(data)
    offset = 0
    try:
        with open(path, "rb", opener=_no_follow) as fh:
            while chunk := fh.read(_CHUNK):
                if view[offset : offset + len(chunk)] != chunk:
                    return False
                offset += len(chunk)
    except OSError as exc:
        raise _os_error(exc, path, "read") from None
    return offset == len(data)


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


def _mode(path: Path) -> int:
    """The permission bits a rewritten file keeps (a new file gets _NEW_FILE_MODE)."""
    try:
        return os.lstat(path).st_mode & 0o777
    except FileNotFoundError:
        return _NEW_FILE_MODE


def _temp_prefix(path: Path) -> str:
    short = os.fsdecode(os.fsencode(path.name)[:_NAME_BYTES])
    return f".{short}.{os.getpid()}."


def _stage(path: Path, data: bytes, mode: int, durable: bool = True) -> Path:
    """`data` in a new temp file beside `path`, flushed to disk when `durable`; the temp
    file's path."""
    try:
        fd, name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise _os_error(exc, path) from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            half = len(data) // 2
            fh.write(memoryview(data)[:half])
            fh.flush()
            _step()
            fh.write(memoryview(data)[half:])
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(temp, mode)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _os_error(exc, path) from None
        raise
    return temp


def _sweep(folder: Path) -> None:
    """Remove the temp files in `folder` (if it exists) of processes that no longer run."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = _TEMP_NAME.match(entry.name)
            if match and entry.is_file(follow_symlinks=False) and not _runs(int(match[1])):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _runs(pid: int) -> bool:
    """Whether process `pid` exists (another user's counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as someone else
        return True
    return True


def _step() -> None:
    """Test-only: SIGKILL this process at the write step that TRANSFLOW_KILL_AT_WRITE names."""
    global _steps
    at = os.environ.get(KILL_AT_WRITE)
    if at:
        _steps += 1
        if _steps == int(at):
            os.kill(os.getpid(), signal.SIGKILL)


def _os_error(exc: OSError, path: Path, action: str = "write") -> FileSystemError:
    """`exc` met at `path`, as the user's error; a file standing where a folder of the path
    should be is named itself."""
    if exc.errno == errno.ENOTDIR:
        for parent in reversed(Path(path).parents):
            if os.path.lexists(parent) and not parent.is_dir():
                return _in_the_way(parent, path)
    return FileSystemError.from_os_error(exc, path, action)


def _in_the_way(blocker: Path, path: Path) -> FileSystemError:
    """The error for a file (or a broken link) standing where a folder of `path` must be."""
    needed = "" if blocker == path else f" (to hold {shown(path)})"
    return FileSystemError(
        f"is a file, where a folder must be{needed}.",
        path=shown(blocker),
        hint="Move or rename that file, or change the path (a project folder is set in "
        "transflow.toml's [paths]).",
    )
