"""Changing a catalog that someone else may be editing: the one update path every writer takes.

A reviewer saves in `transflow review` or Poedit, or a `git pull` lands, while `translate`
spends minutes on machine translation: whoever writes last must not wipe out the other. So a
writer reads a catalog with its snapshot (size, mtime_ns and SHA-256 of the bytes it parsed),
changes it in memory, and commits:

1. under the project's lock (`.transflow/lock`), so transflow processes write one at a time
   (a second one says what it is waiting for);
2. if the file on disk still matches the snapshot, it is replaced (atomically);
3. if not, it is read again and each entry this writer changed is merged onto the entry now
   on disk, field by field: a field both sides changed to different values is a conflict, and
   for that entry theirs is kept and ours dropped, counted for the caller (translate redoes
   it on its next run, review keeps it aside). An entry whose field someone else changed is
   never overwritten, so a reviewed translation is never lost.

`extract`, whose change is the structure of the catalog rather than its entries, instead
re-runs its merge on the file now on disk (`changed_since`, then its merge again).

Other programs (Poedit, git) take no lock: between the last look at the file and the
replacement there is a window of a few system calls in which their save can still be lost;
the lock closes it only among transflow processes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from transflow.po.catalog import (
    EntryFields,
    Key,
    active_entries,
    apply_fields,
    entry_key,
    fields_of,
    parse_catalog,
    render,
)
from transflow.project.fsutil import WriteBatch, atomic_write_text, read_bytes

LOCK_NAME = Path(".transflow") / "lock"


@dataclass(frozen=True)
class Snapshot:
    """What a file was when read: cheap to compare (size, mtime) and exact (hash)."""

    size: int
    mtime_ns: int
    sha256: str


def _snapshot(path: Path, data: bytes) -> Snapshot:
    info = path.stat()
    return Snapshot(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())


@dataclass
class Loaded:
    """A catalog as read: parsed, its text, and the snapshot of exactly those bytes."""

    po: polib.POFile
    text: str
    snapshot: Snapshot


def read(path: Path) -> Loaded:
    data = read_bytes(path)
    po = parse_catalog(data, path)
    return Loaded(po, data.decode("utf-8"), _snapshot(path, data))


def changed_since(path: Path, snapshot: Snapshot | None) -> bool:
    """Whether `path` is no longer what `snapshot` saw (None: the file did not exist)."""
    if snapshot is None:
        return path.exists()
    try:
        info = path.stat()
    except FileNotFoundError:
        return True
    if (info.st_size, info.st_mtime_ns) == (snapshot.size, snapshot.mtime_ns):
        return False  # same size and modification time: the same file, without reading it
    return hashlib.sha256(path.read_bytes()).hexdigest() != snapshot.sha256


def clashes(
    base: EntryFields, mine: EntryFields, theirs: EntryFields, strict: bool = False
) -> list[str]:
    """The fields of an entry that both sides changed since `base`, to different values;
    `strict`: any field they changed at all (undo only restores an untouched entry)."""
    if strict:
        return [name for name in theirs if theirs[name] != base[name]]
    return [name for name in mine if theirs[name] != base[name] and theirs[name] != mine[name]]


# --- the project's lock -----------------------------------------------------------------------

_HELD: dict[Path, tuple[int, int]] = {}  # lock file -> (descriptor, depth): reentrant per process


def _announce(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def project_lock(root: Path, on_wait: Callable[[str], None] = _announce) -> Iterator[None]:
    """Hold the project's advisory write lock; `on_wait` hears once whom we wait for."""
    path = (root / LOCK_NAME).resolve()
    if path in _HELD:
        fd, depth = _HELD[path]
        _HELD[path] = (fd, depth + 1)
        try:
            yield
        finally:
            _HELD[path] = (fd, depth)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 512, 0).decode("utf-8", "replace").strip() or "another process"
            on_wait(f"waiting for {holder} to finish writing ({LOCK_NAME})...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        note = f"transflow (pid {os.getpid()}: {' '.join(sys.argv[1:3]) or 'transflow'})"
        os.ftruncate(fd, 0)
        os.pwrite(fd, note.encode(), 0)
        _HELD[path] = (fd, 1)
        try:
            yield
        finally:
            del _HELD[path]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --- committing -------------------------------------------------------------------------------


def write(path: Path, text: str) -> tuple[bool, Snapshot]:
    """Replace `path` with `text` (atomically; unchanged bytes are not rewritten) and return
    whether it changed and the snapshot of what is now on disk."""
    written = atomic_write_text(path, text)
    return written, _snapshot(path, text.encode("utf-8"))


@dataclass
class Commit:
    """What committing an edit did."""

    written: bool = False
    merged: bool = False  # the file had changed on disk: our entries went onto theirs
    dropped: list[Key] = field(default_factory=list)  # ours not applied: changed meanwhile


class CatalogEdit:
    """A catalog read to be changed in memory and committed safely (see the module doc)."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        loaded = read(path)
        self.po, self.snapshot = loaded.po, loaded.snapshot
        self.base = {entry_key(e): fields_of(e) for e in active_entries(self.po)}

    def changes(self) -> dict[Key, EntryFields]:
        """The entries this edit changed, as they are now."""
        return {
            key: now
            for key, now in ((entry_key(e), fields_of(e)) for e in active_entries(self.po))
            if self.base.get(key) != now
        }

    def commit(self, metadata: Mapping[str, str] | None = None) -> Commit:
        """Write the edit, merged onto the file on disk if that changed since it was read;
        `metadata` (header fields such as PO-Revision-Date) is set either way."""
        return commit_edits([self], metadata)[0]

    def _stage(self, metadata: Mapping[str, str] | None) -> tuple[str | None, Commit]:
        """The text to write (None: nothing to write) and what it does; holding the lock."""
        result = Commit()
        ours = self.changes()
        if changed_since(self.path, self.snapshot):
            disk = read(self.path).po
            result.merged = True
            by_key = {entry_key(e): e for e in active_entries(disk)}
            for key, now in ours.items():
                entry, base = by_key.get(key), self.base.get(key)
                if entry is None or base is None:
                    result.dropped.append(key)
                    continue
                mine: EntryFields = {k: v for k, v in now.items() if v != base[k]}
                if clashes(base, mine, fields_of(entry)):
                    result.dropped.append(key)
                else:
                    apply_fields(entry, mine)
            self.po = disk
        elif not ours:
            return None, result
        self.po.metadata.update(metadata or {})
        return render(self.po), result

    def _written(self, text: str) -> None:
        self.snapshot = _snapshot(self.path, text.encode("utf-8"))
        self.base = {entry_key(e): fields_of(e) for e in active_entries(self.po)}


def commit_edits(
    edits: Sequence[CatalogEdit], metadata: Mapping[str, str] | None = None
) -> list[Commit]:
    """Commit several edits of one project as one batch of the writer: every catalog or
    none (a full disk or a read-only folder writes none), under the project's lock."""
    if not edits:
        return []
    with project_lock(edits[0].root):
        staged = [(edit, *edit._stage(metadata)) for edit in edits]
        batch = WriteBatch()
        for edit, text, _ in staged:
            if text is not None:
                batch.write_text(edit.path, text)
        written = set(batch.commit())
        for edit, text, commit in staged:
            if text is not None:
                commit.written = edit.path in written
                edit._written(text)
    return [commit for _, _, commit in staged]
