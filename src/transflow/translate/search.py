"""`transflow search`: a concordance over the project's sources, translations and memories.

Every entry of every catalog (`translations/<lang>/*.po`, whatever its state) and of every
imported memory (`tm/<lang>/*.po`) is a unit: its source sentence, its translation, its
state, where it is (file:line) and where its sentence is in the source articles (the
`#: sources/x.md:12` occurrences). A hit is a unit whose source or translation contains the
text, compared case-insensitively (Unicode casefold), in the project's language order, then
catalogs before memories, by file and line.

Speed comes from a cache, `.transflow/search.sqlite3` (SQLite, in the standard library),
kept per file and keyed by the file's identity (size, modification time in nanoseconds,
inode). A run stats the files, re-reads only those whose identity changed and drops those
that are gone. Per file the cache holds the units, and one string of their casefolded
texts (UTF-8) with the offsets where each unit starts, combined per language into
`.transflow/search-<lang>.bin`: a query maps that file (tens of MB for 100k entries per
language) and finds the text with `find`, far faster than SQLite scanning rows, then reads
only the units it shows. A cache that cannot be read is deleted
and rebuilt (it is only a cache); where .transflow/ cannot be written, it lives in memory
for the run.

`search_project` is the library function; the CLI and review's project-wide search call it.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import sqlite3
import struct
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.po.conventions import entry_state
from transflow.po.reader import read_po
from transflow.project.choices import SearchIn
from transflow.project.errors import TransflowError
from transflow.project.fsutil import atomic_write_bytes

if TYPE_CHECKING:
    from transflow.project.project import Project

CACHE_NAME = Path(".transflow") / "search.sqlite3"
_SCHEMA_VERSION = 3
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, lang TEXT NOT NULL,
    kind TEXT NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL, ino INTEGER NOT NULL,
    keys BLOB NOT NULL, starts BLOB NOT NULL, splits BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS units (
    file INTEGER NOT NULL REFERENCES files(id), idx INTEGER NOT NULL, line INTEGER NOT NULL,
    source TEXT NOT NULL, target TEXT NOT NULL, state TEXT NOT NULL, sources TEXT NOT NULL,
    PRIMARY KEY (file, idx)
) WITHOUT ROWID;
"""
_SEP = b"\x1f"  # between a unit's source and translation in `keys`; no text holds it
_END = b"\x1e"  # after each unit


@dataclass(frozen=True)
class SearchHit:
    """A unit whose source or translation holds the text."""

    lang: str
    source: str
    target: str
    state: str  # po.conventions.State's value; imported memory units are "reviewed"
    kind: str  # "catalog" or "memory"
    path: str  # relative to the project: translations/ko/x.po or tm/ko/y.po
    line: int  # of the entry's msgid
    sources: tuple[str, ...]  # where the sentence is in the articles: "sources/x.md:12"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)  # at most `limit`
    total: int = 0  # every hit, beyond the limit too
    reread: int = 0  # files (re)indexed by this run: 0 when the cache was current


@dataclass(frozen=True)
class _File:
    path: Path
    rel: str
    lang: str
    kind: str
    identity: tuple[int, int, int]  # size, mtime_ns, inode


def _files(project: Project, langs: list[str]) -> list[_File]:
    """The catalogs (the one walk) and memories of `langs`, in search order."""
    from transflow.translate.memory import memory_files

    walk = project.catalogs(langs=langs, sources_required=False)
    root = os.path.join(project.root, "")  # its paths start so: no resolving needed
    found = []
    for lang in langs:
        paths = [(f.path, "catalog") for f in walk.files_in(lang)]
        paths += [(p, "memory") for p in memory_files(project, lang)]
        for path, kind in paths:
            info = path.stat()
            rel = str(path)[len(root) :].replace(os.sep, "/")  # found under the root
            identity = (info.st_size, info.st_mtime_ns, info.st_ino)
            found.append(_File(path, rel, lang, kind, identity))
    return found


def _index(file: _File) -> tuple[list[tuple[object, ...]], bytes, bytes, bytes]:
    """The units of a file, and its keys: casefolded texts in UTF-8 (searched as bytes, so
    a query decodes nothing: a UTF-8 substring is a text substring), unit starts and
    separators as byte offsets."""
    units: list[tuple[object, ...]] = []
    parts: list[bytes] = []
    starts, splits = array("q"), array("q")
    offset = 0
    for item in read_po(file.path).items:
        if not item.msgid:
            continue
        places = "\n".join(f"{path}:{line}" if line else path for path, line in item.occurrences)
        state = entry_state(item).value
        units.append((len(units), item.msgid_line, item.msgid, item.msgstr, state, places))
        source, target = item.msgid.casefold().encode(), item.msgstr.casefold().encode()
        starts.append(offset)
        splits.append(offset + len(source))
        parts.append(source + _SEP + target + _END)
        offset += len(source) + len(target) + 2
    return units, b"".join(parts), starts.tobytes(), splits.tobytes()


def _open(path: Path | str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, _SCHEMA_VERSION):
            raise sqlite3.DatabaseError("a cache of another version")
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
    except BaseException:
        db.close()
        raise
    return db


@contextlib.contextmanager
def _cache(project: Project) -> Iterator[sqlite3.Connection]:
    """The cache: rebuilt when it is broken or of another version, in memory (this run
    only) when the project's .transflow/ cannot be written (a read-only checkout)."""
    path = project.root / CACHE_NAME
    try:
        path.parent.mkdir(exist_ok=True)
        try:
            db = _open(path)
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            db = _open(path)
    except (OSError, sqlite3.OperationalError):
        db = _open(":memory:")
    try:
        yield db
    finally:
        db.close()


def _identities(db: sqlite3.Connection, langs: list[str]) -> dict[str, tuple[int, ...]]:
    marks = ",".join("?" * len(langs))
    query = f"SELECT path, id, size, mtime, ino FROM files WHERE lang IN ({marks})"
    return {path: tuple(rest) for path, *rest in db.execute(query, langs)}


def _changes(
    cached: dict[str, tuple[int, ...]], files: list[_File]
) -> tuple[list[_File], set[str]]:
    stale = [f for f in files if cached.get(f.rel, (0,))[1:] != f.identity]
    return stale, set(cached) - {f.rel for f in files}


def _refresh(db: sqlite3.Connection, files: list[_File], langs: list[str]) -> int:
    """Bring the cache up to date with `files` (in `langs`); the number of files re-read.
    Another process may refresh at the same time: the changes are found again under
    SQLite's write lock."""
    stale, gone = _changes(_identities(db, langs), files)
    if not stale and not gone:
        return 0
    db.execute("BEGIN IMMEDIATE")
    try:
        cached = _identities(db, langs)
        stale, gone = _changes(cached, files)
        for rel in [*gone, *(f.rel for f in stale if f.rel in cached)]:
            db.execute("DELETE FROM units WHERE file = ?", (cached[rel][0],))
            db.execute("DELETE FROM files WHERE id = ?", (cached[rel][0],))
        for file in stale:
            units, keys, starts, splits = _index(file)
            cursor = db.execute(
                "INSERT INTO files (path, lang, kind, size, mtime, ino, keys, starts, splits) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (file.rel, file.lang, file.kind, *file.identity, keys, starts, splits),
            )
            db.executemany(f"INSERT INTO units VALUES ({cursor.lastrowid},?,?,?,?,?,?)", units)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")  # a file that cannot be read: the cache stays as it was
        raise
    return len(stale)


def _matches(
    keys: bytes | mmap.mmap, starts: array[int], splits: array[int], needle: bytes, within: SearchIn
) -> Iterator[int]:
    """Indexes of the units whose source and/or translation hold `needle`, in order. A unit
    spans [start, next start): source, _SEP at its split, translation, _END."""
    at = keys.find(needle, starts[0]) if starts else -1  # the keys start after a header
    while at >= 0:
        unit = bisect_right(starts, at) - 1
        split = splits[unit]
        end = starts[unit + 1] if unit + 1 < len(starts) else len(keys)
        if within is SearchIn.TARGET and at < split:
            hit = keys.find(needle, split + 1, end - 1) >= 0  # the source held the first
        else:  # the first match in the unit: in the source unless past the split
            hit = within is not SearchIn.SOURCE or at < split
        if hit:
            yield unit
        at = keys.find(needle, end)


_MAGIC = b"TFSEARCH1"
_HEAD = struct.Struct("<9s32sq")  # magic, token, units


def _combined_path(project: Project, lang: str) -> Path:
    return project.root / CACHE_NAME.with_name(f"search-{lang}.bin")


@dataclass(frozen=True)
class _Keys:
    """One language's casefolded texts in search order, and per unit: where it starts, its
    split (absolute offsets into `data`, after the header and the tables), its file's id and
    its index in that file."""

    data: bytes | mmap.mmap  # both have `find`; a file on disk is mapped, not copied
    starts: array[int]
    splits: array[int]
    fids: array[int]
    idxs: array[int]

    @classmethod
    def parse(cls, data: bytes | mmap.mmap) -> _Keys:
        count = _HEAD.unpack_from(data)[2]
        tables = []
        for i in range(4):
            table = array("q")
            table.frombytes(data[_HEAD.size + i * 8 * count : _HEAD.size + (i + 1) * 8 * count])
            tables.append(table)
        return cls(data, *tables)


def _combine(db: sqlite3.Connection, fids: list[int], token: bytes) -> bytes:
    blobs: list[bytes] = []
    starts, splits, units, idxs = array("q"), array("q"), array("q"), array("q")
    base = 0
    for fid in fids:
        keys, raw_starts, raw_splits = db.execute(
            "SELECT keys, starts, splits FROM files WHERE id = ?", (fid,)
        ).fetchone()
        file_starts, file_splits = array("q"), array("q")
        file_starts.frombytes(raw_starts)
        file_splits.frombytes(raw_splits)
        starts.extend(base + offset for offset in file_starts)
        splits.extend(base + offset for offset in file_splits)
        units.extend([fid] * len(file_starts))
        idxs.extend(range(len(file_starts)))
        blobs.append(keys)
        base += len(keys)
    head = _HEAD.size + 4 * 8 * len(starts)  # the keys' offset in the file
    starts = array("q", (head + offset for offset in starts))
    splits = array("q", (head + offset for offset in splits))
    tables = b"".join(table.tobytes() for table in (starts, splits, units, idxs))
    return _HEAD.pack(_MAGIC, token, len(starts)) + tables + b"".join(blobs)


def _load(project: Project, db: sqlite3.Connection, lang: str, files: list[_File]) -> _Keys:
    """The combined keys of `lang`: read from .transflow/ when they match the files and the
    cache (a token of both), else built from the cache and written there."""
    ids = _identities(db, [lang])
    fids = [int(ids[f.rel][0]) for f in files]
    rows = zip(files, fids, strict=True)
    listing = "\n".join(f"{f.rel}\t{f.identity}\t{fid}" for f, fid in rows)
    token = hashlib.sha256(listing.encode()).digest()
    path = _combined_path(project, lang)
    try:
        with path.open("rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        if len(mapped) >= _HEAD.size and _HEAD.unpack_from(mapped)[:2] == (_MAGIC, token):
            return _Keys.parse(mapped)
    except (OSError, ValueError):  # missing, or empty (mmap refuses a file of 0 bytes)
        pass
    data = _combine(db, fids, token)
    with contextlib.suppress(TransflowError):  # a read-only project: this run only
        atomic_write_bytes(path, data)
    return _Keys.parse(data)


def search_project(
    project: Project,
    text: str,
    langs: list[str] | None = None,
    within: SearchIn = SearchIn.BOTH,
    limit: int | None = 100,
) -> SearchResult:
    """Units of the chosen languages (all by default) whose source and/or translation
    contain `text`, at most `limit` of them (None: all), and how many there are in all."""
    chosen = project.targets(langs)
    files = _files(project, chosen)
    needle = text.casefold().encode().replace(_SEP, b"").replace(_END, b"")
    result = SearchResult()
    with _cache(project) as db:
        result.reread = _refresh(db, files, chosen)
        shown: list[tuple[int, int]] = []  # (file id, unit index) of the hits to show
        for lang in chosen:
            keys = _load(project, db, lang, [f for f in files if f.lang == lang])
            for unit in _matches(keys.data, keys.starts, keys.splits, needle, within):
                result.total += 1
                if limit is None or len(shown) < limit:
                    shown.append((keys.fids[unit], keys.idxs[unit]))
        for fid, unit in shown:
            path, lang, kind, line, source, target, state, places = db.execute(
                "SELECT f.path, f.lang, f.kind, u.line, u.source, u.target, u.state, u.sources "
                "FROM units u JOIN files f ON f.id = u.file WHERE u.file = ? AND u.idx = ?",
                (fid, unit),
            ).fetchone()
            result.hits.append(
                SearchHit(
                    lang, source, target, state, kind, path, line,
                    tuple(places.split("\n")) if places else (),
                )
            )  # fmt: skip
    return result
