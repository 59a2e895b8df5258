"""The incremental check cache: what checking a catalog gave, kept under
`.transflow/cache/check/` and reused while nothing it depends on has changed.

What a catalog's findings depend on (this module is its one home: the cache key and what
`check --changed-since` counts as changed both follow it):

- the catalog's bytes, and its source article's (no check reads the article today, but a
  change to it re-checks the catalog all the same, so a check that starts reading it will
  not be served stale findings);
- the context every catalog of a run shares: `transflow.toml` (source language, the
  `[check]` profile), the glossary files, the options that change what is found in a file
  (`--only`, `--enable`, `--disable`) and the code (transflow's version, the size and
  modification time of each of its modules, the installed distributions, Python).

The languages a run chooses are applied to what the cache holds, so they are no part of
the key. A catalog's entry, `check/c-<hash of its path>`, holds its key, its language, its
findings and the records the project checks (consistency) need of it: those checks run on
every catalog's records, cached and fresh alike, so a change in one catalog updates their
findings in all the others. An entry is the SHA-256 of the rest, a line of JSON (the key,
the sizes), then the findings as JSON and the records' arrays as they are in memory: no
decoding beyond a copy, and a damaged byte anywhere is a miss, not a wrong record.

`check/answer` keeps the last run's findings, keyed by everything they came from (the
context, the hash of every catalog and source article in order, the languages, the files
reported): a run with the same inputs reads that one file instead of an entry a catalog,
and imports no check.

Content hashes (SHA-256) decide; `check/files.json` spares reading an unchanged file: it
remembers a file's hash with its size, modification and change times and inode, and only
for a file whose status changed at least `SETTLED_NS` before it was read. Any later change
to the file sets its change time (which no program can set back) to a later tick, so a file
that still has the remembered stat holds the remembered bytes; a file changed in the last
two seconds is read again (two writes within one tick of the clock look alike).

Nothing here can make a run fail or give other findings than a run without the cache: an
entry that cannot be read, is of another format, context or catalog, or has the wrong
shape is a miss (the catalog is checked and the entry written again), and a cache that
cannot be written is a warning (`problem`). Files are written by the one writer, atomically:
concurrent runs see whole entries, the last one written wins.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from array import array
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.checks.base import SEVERITIES, FileRecords, FileResult, Finding
from transflow.project.errors import TransflowError
from transflow.project.fsutil import WriteBatch, read_bytes

if TYPE_CHECKING:
    from transflow.project.project import Project

FOLDER = Path(".transflow", "cache")  # every transflow cache; can be deleted at any time
CHECK_FOLDER = FOLDER / "check"
FORMAT = 1  # of the entries and files.json; another format is a miss
SETTLED_NS = 2_000_000_000
_HASHES = "files.json"
_ANSWER = "answer"  # the last run's findings, keyed by everything they came from
_ENTRY = re.compile(r"c-[0-9a-f]{32}\Z")
_MARKERS = {  # what tells git and backup tools that the folder is a cache
    ".gitignore": "# transflow's caches: everything here can be deleted at any time\n*\n",
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by transflow.\n",
}
# what reading a cache file can raise, whatever it holds (deep nesting: RecursionError)
_UNREADABLE = (OSError, TransflowError, ValueError, TypeError, KeyError, RecursionError)

Stamp = list[int]  # size, mtime_ns, ctime_ns, inode


def _stamp(st: os.stat_result) -> Stamp:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


class FileHashes:
    """SHA-256 of files, without reading one whose stat says it did not change (see the
    module's docstring); `files.json` maps project-relative names to stamp + hash."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / _HASHES
        self._known = _load_hashes(self.path)
        self._used: dict[str, list] = {}  # what this run confirmed or learnt
        self._run: dict[str, str | None] = {}  # what this run hashed, by key
        self._now = time.time_ns()  # before any file is read

    def digest(self, path: Path, key: str) -> str | None:
        """The file's SHA-256, None when it cannot be read (the run that needs it then
        reports why); once a run."""
        if key not in self._run:
            self._run[key] = self._digest(path, key)
        return self._run[key]

    def _digest(self, path: Path, key: str) -> str | None:
        try:
            stamp = _stamp(os.stat(path))
        except OSError:
            return None
        known = self._known.get(key)
        if known is not None and known[:4] == stamp:
            self._used[key] = known
            return str(known[4])
        try:
            raw = read_bytes(path)
            after = _stamp(os.stat(path))
        except (OSError, TransflowError):
            return None
        digest = hashlib.sha256(raw).hexdigest()
        if after == stamp and stamp[2] < self._now - SETTLED_NS:
            self._used[key] = [*stamp, digest]
        return digest

    def learn(self, path: Path, key: str, digest: str) -> None:
        """Take the hash of bytes read by someone else as the file's for this run, and
        remember it if it is true of the file now: if its status has not changed since
        before this run looked at any file (by the margin of a clock tick)."""
        self._run[key] = digest
        try:
            stamp = _stamp(os.stat(path))
        except OSError:
            return
        if stamp[2] < self._now - SETTLED_NS:
            self._used[key] = [*stamp, digest]

    def text(self, prune: bool) -> str:
        """files.json as it is to be saved: what this run used, plus (unless `prune`) what
        it did not look at."""
        files = self._used if prune else {**self._known, **self._used}
        return json.dumps({"format": FORMAT, "files": files}, sort_keys=True) + "\n"


def _load_hashes(path: Path) -> dict[str, list]:
    try:
        data = json.loads(read_bytes(path))
        files = data["files"] if isinstance(data, dict) and data["format"] == FORMAT else {}
        if not isinstance(files, dict):
            return {}
        return {
            key: value
            for key, value in files.items()
            if isinstance(value, list)
            and len(value) == 5
            and all(type(v) is int for v in value[:4])
            and isinstance(value[4], str)
        }
    except _UNREADABLE:
        return {}


def code_fingerprint() -> list:
    """What identifies the code that checks: transflow's version and the size and
    modification time of each of its modules (an edited checkout counts), the installed
    distributions (their `.dist-info` folders are named by version: Babel's locale data or
    markdown-it-py change findings too), Python's version and the byte order of the records.
    A few milliseconds: file names and stats, nothing is read."""
    import transflow

    package = Path(transflow.__file__).parent
    modules = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                where = os.path.relpath(os.path.join(folder, name), package)
                modules.append([where, st.st_size, st.st_mtime_ns])
    distributions = sorted(
        name
        for entry in sys.path
        if entry and os.path.isdir(entry)
        for name in os.listdir(entry)
        if name.endswith((".dist-info", ".egg-info"))
    )
    return [transflow.__version__, sys.version, sys.byteorder, modules, distributions]


class CheckCache:
    """The cache of one `check` run over a project's catalogs.

    `glossary`: the glossary files the run uses; `options`: the options that choose the
    checks and the entries, as given (the checks are chosen only when a file must be
    checked); `sources`: the project's source articles by slug; `prune`: the run covers
    every catalog, so entries of catalogs it did not see (deleted, renamed) go.
    The runner asks `lookup` for every catalog, `store`s what it checked and `save`s."""

    def __init__(
        self,
        project: Project,
        *,
        glossary: Iterable[Path],
        options: Mapping[str, object],
        sources: Mapping[str, Path],
        prune: bool = False,
    ) -> None:
        self.folder = project.root / CHECK_FOLDER
        self.problem: str | None = None  # why the cache could not be saved
        self._project = project
        self._sources = sources
        self._translations = project.relative(project.translations_dir)
        self._prune = prune
        self.hashes = FileHashes(self.folder)
        shared = {
            "format": FORMAT,
            "code": code_fingerprint(),
            "config": self._digest(project.path),
            "glossary": [[project.relative(p), self._digest(p)] for p in glossary],
            "options": options,
        }
        text = json.dumps(shared, sort_keys=True, default=str)
        self.context = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        self._keys: dict[str, tuple[str | None, str]] = {}  # shown -> source hash, entry
        self._seen: set[str] = set()  # the entries of the catalogs of this run
        self._writes: dict[str, bytes] = {}  # file name -> its bytes

    def _digest(self, path: Path) -> str | None:
        return self.hashes.digest(path, self._project.relative(path))

    def lookup(self, path: Path, shown: str) -> FileResult | None:
        """What the cache holds for this catalog as it is now, or None. The catalog is
        hashed only when there is an entry to compare with."""
        source_path = source_of(shown, self._translations, self._sources)
        source = self._digest(source_path) if source_path is not None else None
        name = _entry_name(shown)
        self._keys[shown] = (source, name)
        try:
            head, body = _unpack(read_bytes(self.folder / name))
            catalog = self.hashes.digest(path, shown)
            if catalog is None or not (
                head.get("context") == self.context
                and head.get("file") == shown
                and head.get("catalog") == catalog
                and head.get("source") == source
            ):
                return None
            return _decode(head, body, shown, catalog)
        except _UNREADABLE:
            return None

    def learn(self, path: Path, shown: str, result: FileResult) -> None:
        """Remember the hash of the bytes a catalog was checked from (see FileHashes)."""
        if result.digest is not None:
            self.hashes.learn(path, shown, result.digest)

    def store(self, shown: str, result: FileResult) -> None:
        """Keep what checking a catalog gave (after `lookup` of it), keyed by the hash of
        the bytes that were checked."""
        source, name = self._keys[shown]
        records = result.records
        if records is None or result.digest is None:  # not from a runner with a cache
            return
        rows = json.dumps([_row(f) for f in result.findings], separators=(",", ":")).encode()
        head = {
            "context": self.context,
            "file": shown,
            "catalog": result.digest,
            "source": source,
            "lang": result.lang,
            "findings": len(rows),
            "records": len(records.keys),
        }
        body = b"".join(
            (rows, records.keys.tobytes(), records.values.tobytes(), records.lines.tobytes(),
             records.states)
        )  # fmt: skip
        self._writes[name] = _pack(head, body)

    def answer(
        self, chosen: list[tuple[Path, str]], langs: set[str] | None, reported: list[str] | None
    ) -> list[Finding] | None:
        """The last run's findings if it had these very inputs: this context, these files
        (paths as shown, in this order, with the same bytes and source articles), the same
        languages and the same files reported (`reported`: None for all); else None. With
        no answer kept (a first run), no file is hashed here."""
        try:
            data = read_bytes(self.folder / _ANSWER)
            key = self._answer_key(chosen, langs, reported)
            head, body = _unpack(data)
            if key is None or head.get("key") != key:
                return None
            rows = json.loads(bytes(body))
            if not isinstance(rows, list):
                raise TypeError("findings")
            found = []
            for row in rows:
                if not (isinstance(row, list) and len(row) == 11):
                    raise TypeError("finding")
                shown, lang, *rest = row
                if not (isinstance(shown, str) and isinstance(lang, str)):
                    raise TypeError("finding")
                found.append(_finding(rest, shown, lang))
            return found
        except _UNREADABLE:
            return None

    def store_answer(
        self,
        chosen: list[tuple[Path, str]],
        langs: set[str] | None,
        reported: list[str] | None,
        findings: list[Finding],
    ) -> None:
        """Keep a run's findings with what they came from (see `answer`)."""
        key = self._answer_key(chosen, langs, reported)
        if key is not None:
            rows = [[f.file, f.lang, *_row(f)] for f in findings]
            body = json.dumps(rows, separators=(",", ":")).encode()
            self._writes[_ANSWER] = _pack({"key": key}, body)

    def _answer_key(
        self, chosen: list[tuple[Path, str]], langs: set[str] | None, reported: list[str] | None
    ) -> str | None:
        files = []
        for path, shown in chosen:
            self._seen.add(_entry_name(shown))
            source = source_of(shown, self._translations, self._sources)
            digest = self.hashes.digest(path, shown)
            if digest is None:
                return None
            files.append([shown, digest, self._digest(source) if source is not None else None])
        key = [self.context, sorted(langs) if langs else None, reported, files]
        return hashlib.sha256(json.dumps(key).encode()).hexdigest()

    def save(self) -> None:
        """Write the new entries and files.json (and, pruning, remove the entries of
        catalogs this run did not see), all at once; a failure is kept in `problem`."""
        batch = WriteBatch(durable=False)  # a file a crash damages fails its checksum
        for name, data in self._writes.items():
            batch.write_bytes(self.folder / name, data)
        batch.write_text(self.hashes.path, self.hashes.text(self._prune))
        for name, text in _MARKERS.items():
            batch.write_text(self.folder.parent / name, text)
        if self._prune:
            seen = self._seen | {name for _, name in self._keys.values()}
            try:
                with os.scandir(self.folder) as found:
                    for item in found:
                        if _ENTRY.match(item.name) and item.name not in seen:
                            batch.remove(Path(item.path))
            except OSError:
                pass  # no folder yet
        try:
            batch.commit()
        except (TransflowError, OSError) as exc:
            what = exc.render() if isinstance(exc, TransflowError) else str(exc)
            self.problem = (
                f"the check cache could not be saved ({what}); the findings are complete, "
                f"but the next run checks these catalogs again. Delete "
                f"{self._project.relative(self.folder.parent)}/ if it is in the way, or "
                "pass --no-cache."
            )
        self._writes.clear()


def _entry_name(shown: str) -> str:
    return f"c-{hashlib.sha256(shown.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}"


def _row(f: Finding) -> list:
    return [f.check, f.severity, f.line, f.msgctxt, f.msgid, f.msgstr, f.message,
            f.source_spans, f.target_spans]  # fmt: skip


def _pack(head: dict, body: bytes) -> bytes:
    """A cache file: the SHA-256 of the rest, a line of JSON (`head` and the format), the
    body."""
    rest = json.dumps({"format": FORMAT, **head}, separators=(",", ":")).encode() + b"\n" + body
    return hashlib.sha256(rest).hexdigest().encode() + b"\n" + rest


def _unpack(data: bytes) -> tuple[dict, memoryview]:
    """The head and body of a whole cache file of this format."""
    view = memoryview(data)
    if data[64:65] != b"\n" or hashlib.sha256(view[65:]).hexdigest().encode() != data[:64]:
        raise ValueError("damaged")
    end = data.index(b"\n", 65)
    head = json.loads(data[65:end])
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise ValueError("another format")
    return head, view[end + 1 :]


def _decode(head: dict, body: memoryview, shown: str, catalog: str) -> FileResult:
    """An entry's result; ValueError or TypeError when anything in it has the wrong shape."""
    lang, size, count = head["lang"], head["findings"], head["records"]
    if not (isinstance(lang, str) and type(size) is int and type(count) is int):
        raise TypeError("lang or sizes")
    rows = json.loads(bytes(body[:size]))
    if not isinstance(rows, list):
        raise TypeError("findings")
    findings = [_finding(row, shown, lang) for row in rows]
    keys, values, lines = array("q"), array("q"), array("q")
    width = count * keys.itemsize
    for index, part in enumerate((keys, values, lines)):
        part.frombytes(body[size + index * width : size + (index + 1) * width])
    states = bytes(body[size + 3 * width :])
    if not len(keys) == len(values) == len(lines) == len(states) == count:
        raise ValueError("records of another length")
    records = FileRecords(lang, shown, keys, values, lines, states)
    return FileResult(lang, findings, records, catalog)


def _finding(row: object, shown: str, lang: str) -> Finding:
    if not isinstance(row, list) or len(row) != 9:
        raise TypeError("finding")
    check, severity, line, ctxt, msgid, msgstr, message, source_spans, target_spans = row
    if not (
        all(isinstance(x, str) for x in (check, ctxt, msgid, msgstr, message))
        and severity in SEVERITIES
        and type(line) is int
    ):
        raise TypeError("finding")
    return Finding(
        check, severity, shown, line, lang, msgid, msgstr, message,
        _spans(source_spans), _spans(target_spans), ctxt,
    )  # fmt: skip


def _spans(spans: object) -> tuple[tuple[int, int], ...]:
    if not isinstance(spans, list):
        raise TypeError("spans")
    out = []
    for span in spans:
        if not (isinstance(span, list) and len(span) == 2 and all(type(x) is int for x in span)):
            raise TypeError("span")
        out.append((span[0], span[1]))
    return tuple(out)


def source_of(shown: str, translations: str, sources: Mapping[str, Path]) -> Path | None:
    """The source article of a catalog `translations/<lang>/<slug>.po` (project-relative
    names), None for a file elsewhere or an orphan."""
    folder, _, name = shown.rpartition("/")
    if folder.rpartition("/")[0] != translations or not name.endswith(".po"):
        return None
    return sources.get(name[: -len(".po")])


def changed_catalogs(
    project: Project,
    catalogs: Iterable[Path],
    *,
    glossary: Iterable[Path],
    sources: Mapping[str, Path],
    changed: Collection[str],
) -> set[Path]:
    """The catalogs whose findings may have changed when the files `changed` (relative to
    the project's root) did: every one when transflow.toml or a glossary file is among
    them, else those changed themselves or whose source article changed."""
    relative = project.relative
    catalogs = list(catalogs)
    if relative(project.path) in changed or any(relative(p) in changed for p in glossary):
        return set(catalogs)
    translations = relative(project.translations_dir)
    chosen = set()
    for catalog in catalogs:
        shown = relative(catalog)
        source = source_of(shown, translations, sources)
        if shown in changed or (source is not None and relative(source) in changed):
            chosen.add(catalog)
    return chosen
