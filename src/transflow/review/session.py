"""The review of one catalog: segment states, navigation, and every write the reviewer makes.

Each action (accept, edit, note, undo) is written to the PO file atomically at once, so a
quit, crash or kill loses at most the text being typed. Before writing, the bytes on disk
are compared with what this session last read or wrote. If someone else changed the file
(a `git pull`, another reviewer), the session adopts their file and re-applies the action
field by field; only when the very fields the action touches changed on disk too does it
stop: their version stays in the catalog, ours is kept in `<catalog>.conflict` beside it,
and the caller is told. Nothing is ever overwritten blindly. Once the reviewer has accepted
every entry this session kept in a conflict file, and the file holds nothing else, it is
removed.

No Textual here: the UI (`app.py`) and the tests drive this module directly.
"""

from __future__ import annotations

import copy
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from transflow.po.catalog import (
    WRAP_WIDTH,
    EntryFields,
    Key,
    active_entries,
    apply_fields,
    entry_key,
    fields_of,
    load_catalog,
    now_stamp,
    render,
)
from transflow.po.conventions import (
    State,
    entry_state,
    machine_engine,
    mark_edited,
    mark_reviewed,
    set_origin,
)
from transflow.po.reader import read_po
from transflow.po.update import changed_since, clashes, project_lock, read, write
from transflow.project.errors import CatalogError, FileSystemError, ReviewError, TransflowError
from transflow.project.fsutil import WriteBatch, atomic_write_text
from transflow.project.project import Project

if TYPE_CHECKING:
    from transflow.checks import Finding

# Filters of the segment list.
PENDING, WITH_FINDINGS, ALL = "pending", "findings", "all"
FILTERS = (PENDING, WITH_FINDINGS, ALL)

BLOCKING = ("error", "warning")  # severities that mark a segment as "has findings"


# --- reviewer identity ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewer:
    name: str
    email: str = ""

    @property
    def translator(self) -> str:
        """The `Last-Translator` header value: `NAME <EMAIL>` as gettext tools write it."""
        return f"{self.name} <{self.email}>" if self.email else self.name

    @classmethod
    def parse(cls, text: str) -> Reviewer:
        match = re.fullmatch(r"\s*(.*?)\s*<([^<>]*)>\s*", text)
        if match and match.group(1):
            return cls(match.group(1), match.group(2).strip())
        return cls(text.strip())


def _git_config(root: Path, key: str) -> str:
    try:
        proc = subprocess.run(
            ["git", "config", "--get", key],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def resolve_reviewer(project: Project, given: str | None = None) -> Reviewer:
    """`--reviewer NAME`, else `[review] reviewer` in transflow.toml, else git's user.name."""
    if given and given.strip():
        return Reviewer.parse(given)
    configured = project.settings.get("review", {}).get("reviewer") or ""
    if configured.strip():
        return Reviewer.parse(configured)
    name = _git_config(project.root, "user.name")
    if name:
        return Reviewer(name, _git_config(project.root, "user.email"))
    raise ReviewError(
        "who is reviewing? No reviewer name was given.",
        hint='Pass --reviewer NAME, set `reviewer = "NAME"` under [review] in '
        "transflow.toml, or run `git config --global user.name NAME`.",
    )


# --- choosing the catalog ---------------------------------------------------------------------


def catalog_pending(path: Path) -> int:
    """Segments waiting for review (plural entries aside: see `ReviewSession`)."""
    return sum(entry_state(item).pending for item in read_po(path).items if not item.plural)


def choose_catalog(
    project: Project, article: str | None = None, lang: str | None = None
) -> tuple[str, str, Path] | None:
    """(slug, lang, path) of the catalog to review, or None when nothing is pending.

    With an article (slug or source path), its catalog in `lang` (or the first target with
    pending segments, else the first target). Without one, the first catalog (targets in
    project order, articles in sources order) that has pending segments.
    """
    walk = project.catalogs([article] if article else None, [lang] if lang else None)
    refs = walk.by_language()
    if article is None:
        for ref in refs:
            if ref.exists and catalog_pending(ref.path):
                return ref.slug, ref.lang, ref.path
        return None
    missing = [ref for ref in refs if not ref.exists]
    if missing:
        raise ReviewError(
            f"no catalog for {missing[0].slug}: {project.relative(missing[0].path)} does not "
            "exist.",
            hint="Run `transflow extract` first.",
        )
    for ref in refs:
        if catalog_pending(ref.path):
            return ref.slug, ref.lang, ref.path
    return refs[0].slug, refs[0].lang, refs[0].path


# --- the session ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What an action did: written to the catalog, or kept aside because of a conflict."""

    key: Key
    written: bool = False
    reloaded: bool = False  # the file had changed on disk and was re-read first
    conflict: bool = False
    conflict_path: Path | None = None
    message: str = ""
    removed: Path | None = None  # a conflict file left with nothing unresolved, removed


@dataclass
class UndoRecord:
    key: Key
    before: EntryFields
    after: EntryFields


@dataclass
class PollResult:
    changed: set[Key] = field(default_factory=set)  # entries whose fields changed on disk
    structure: bool = False  # entries were added, removed or reordered
    problem: str = ""  # the file can no longer be read: why


class ReviewSession:
    """One catalog under review. Entries are addressed by `Key`, which survives reloads."""

    def __init__(self, project: Project, path: Path, lang: str, reviewer: Reviewer) -> None:
        self.project = project
        self.path = Path(path)
        self.lang = lang
        self.reviewer = reviewer
        self.slug = self.path.stem
        loaded = read(self.path)
        self.po, self._snapshot = loaded.po, loaded.snapshot
        self.entries: list[polib.POEntry] = []
        self._by_key: dict[Key, polib.POEntry] = {}
        self._index()
        self.undo_stack: list[UndoRecord] = []
        self.findings: dict[Key, list[Finding]] = {}  # filled by the caller (see assist.Assistant)
        self.conflicts: dict[Key, str] = {}  # our msgstr of entries that conflicted
        self.kept: dict[Key, Path] = {}  # where each of them was kept
        self._settled: dict[Path, set[Key]] = {}  # kept entries accepted since, per file

    # -- reading -------------------------------------------------------------------------------

    def _index(self) -> None:
        # Plural entries (msgid_plural, several msgstr[n]) are not segments of an article and
        # the editor has one text per segment: they are left to a PO editor, and counted.
        active = active_entries(self.po)
        self.entries = [e for e in active if not e.msgid_plural]
        self.plural_entries = len(active) - len(self.entries)
        self._by_key = {entry_key(e): e for e in self.entries}

    @property
    def rel_path(self) -> str:
        return self.project.relative(self.path)

    @property
    def conflict_path(self) -> Path:
        return self.path.with_name(self.path.name + ".conflict")

    def entry(self, key: Key) -> polib.POEntry | None:
        return self._by_key.get(key)

    def index_of(self, key: Key) -> int | None:
        entry = self._by_key.get(key)
        return None if entry is None else self.entries.index(entry)

    def state(self, index: int) -> State:
        return entry_state(self.entries[index])

    def is_pending(self, index: int) -> bool:
        return self.state(index).pending

    def blocking_findings(self, index: int) -> list[Finding]:
        found = self.findings.get(entry_key(self.entries[index]), [])
        return [f for f in found if getattr(f, "severity", "error") in BLOCKING]

    def has_findings(self, index: int) -> bool:
        return bool(self.blocking_findings(index))

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(State, 0)
        for entry in self.entries:
            counts[entry_state(entry)] += 1
        counts[PENDING] = len(self.entries) - counts[State.REVIEWED]
        counts[WITH_FINDINGS] = sum(self.has_findings(i) for i in range(len(self.entries)))
        return counts

    def accepted(self) -> int:
        """Segments accepted in this session and still reviewed (each counted once)."""
        keys = {record.key for record in self.undo_stack}
        return sum(
            1 for k in keys if (e := self.entry(k)) is not None and not entry_state(e).pending
        )

    def visible(self, filter_: str = PENDING) -> list[int]:
        """Indices of the entries shown under a filter, in document order."""
        if filter_ == PENDING:
            return [i for i in range(len(self.entries)) if self.is_pending(i)]
        if filter_ == WITH_FINDINGS:
            return [i for i in range(len(self.entries)) if self.has_findings(i)]
        return list(range(len(self.entries)))

    def _next(self, after: int | None, wanted: Callable[[int], bool]) -> int | None:
        """The next index after `after` (wrapping around) that is `wanted`."""
        count = len(self.entries)
        start = -1 if after is None else after
        for step in range(1, count + 1):
            index = (start + step) % count
            if wanted(index) and (index != after or step == count):
                return index
        return None

    def first_pending(self) -> int | None:
        return self._next(None, self.is_pending)

    def next_pending(self, after: int | None) -> int | None:
        return self._next(after, self.is_pending)

    def next_with_findings(self, after: int | None) -> int | None:
        return self._next(after, self.has_findings)

    def search(self, query: str, after: int | None) -> int | None:
        """Next entry whose source, translation or note contains `query` (case-insensitive)."""
        needle = query.casefold()
        if not needle:
            return None

        def hit(index: int) -> bool:
            e = self.entries[index]
            return any(needle in (s or "").casefold() for s in (e.msgid, e.msgstr, e.tcomment))

        return self._next(after, hit)

    # -- writing -------------------------------------------------------------------------------

    def accept(
        self,
        key: Key,
        text: str,
        *,
        expect: EntryFields | None = None,
        origin: str | None = None,
        machine: str | None = None,
        ignore: Iterable[str] = (),
    ) -> Outcome:
        """Mark reviewed with `text`: no fuzzy, no previous msgid, `reviewed-by=NAME` noted.

        `expect` is the entry as the reviewer saw it (default: as this session holds it);
        `origin` replaces the mt=/tm= provenance line when the text came from a suggestion;
        `machine` is the engine's text when that suggestion was machine translation (kept
        beside the catalog for `stats --post-edit`, as `translate` keeps its output);
        `ignore` are check ids the reviewer chose to silence on this entry (`#, ignore-ID`,
        which `transflow check` and the publish gate honour).
        """
        if not text.strip():
            raise ReviewError(
                "nothing to accept: the translation is empty.",
                hint="Type a translation or insert a suggestion, then accept.",
            )
        silence: list[str] = []
        if ignore:
            from transflow.checks.base import IGNORE_PREFIX  # loaded by then: findings exist

            silence = [IGNORE_PREFIX + check for check in ignore]

        def apply(entry: polib.POEntry) -> None:
            set_origin(entry, origin)
            mark_reviewed(entry, text, self.reviewer.name)
            entry.flags = [*entry.flags, *(f for f in silence if f not in entry.flags)]

        self._check_machine(machine)
        outcome = self._commit(key, apply, expect=expect, reviewed=True, undoable=True)
        if not outcome.conflict:
            outcome.removed = self._settle(key)
            self._keep_machine(key, machine)
        return outcome

    def edit(
        self,
        key: Key,
        text: str,
        *,
        expect: EntryFields | None = None,
        origin: str | None = None,
        machine: str | None = None,
    ) -> Outcome:
        """Save a translation without accepting it: it is (or becomes) unreviewed (fuzzy).

        A reviewed entry whose text changes goes back to fuzzy and loses its reviewed-by
        line, since nobody reviewed the new text; an emptied entry becomes untranslated.
        `origin` and `machine` as for `accept`.
        """

        def apply(entry: polib.POEntry) -> None:
            if entry.msgstr == text and origin is None:
                return
            set_origin(entry, origin)
            mark_edited(entry, text)

        self._check_machine(machine)
        outcome = self._commit(key, apply, expect=expect)
        if not outcome.conflict:
            self._keep_machine(key, machine)
        return outcome

    def _check_machine(self, machine: str | None) -> None:
        """Before writing an inserted machine suggestion: its store must be readable, so that
        a damaged one stops the action, not half of it."""
        from transflow.translate.machine_output import read_store, store_path

        if machine is not None:
            try:
                read_store(store_path(self.path))
            except CatalogError as exc:
                raise ReviewError(
                    exc.message, path=exc.path, line=exc.line, hint=exc.hint
                ) from None

    def _keep_machine(self, key: Key, machine: str | None) -> None:
        """Record an inserted machine suggestion's text under the engine its entry now names."""
        from transflow.translate.machine_output import record

        entry = self.entry(key)
        engine = machine_engine(entry) if entry is not None and machine is not None else None
        if engine and machine is not None:
            live = [entry_key(e) for e in active_entries(self.po)]
            record(self.path, self.project.root, {key: (engine, machine)}, live)

    def set_note(self, key: Key, text: str, *, expect: EntryFields | None = None) -> Outcome:
        """Replace the translator comment (`# ...`) of an entry; empty text removes it."""
        note = "\n".join(line.rstrip() for line in text.strip().splitlines())

        def apply(entry: polib.POEntry) -> None:
            entry.tcomment = note

        return self._commit(key, apply, expect=expect)

    def undo(self) -> Outcome | None:
        """Undo the last accept (restore the entry as it was before); None if none is left."""
        if not self.undo_stack:
            return None
        record = self.undo_stack.pop()

        def apply(entry: polib.POEntry) -> None:
            apply_fields(entry, record.before)

        outcome = self._commit(record.key, apply, expect=record.after, keep_mine=False, strict=True)
        if outcome.conflict:
            outcome.message = (
                "cannot undo: this segment changed on disk since you accepted it "
                "(another reviewer or a git pull); it was left as it is."
            )
        return outcome

    def _commit(
        self,
        key: Key,
        mutate: Callable[[polib.POEntry], None],
        *,
        expect: EntryFields | None,
        reviewed: bool = False,
        undoable: bool = False,
        keep_mine: bool = True,
        strict: bool = False,
    ) -> Outcome:
        """Apply `mutate` to the entry on disk, field by field (see the module docstring).

        `strict`: any change to the entry on disk since `expect` is a conflict (undo).
        """
        outcome = Outcome(key)
        current = self.entry(key)
        if current is None:
            raise ReviewError(f"no segment {key[1][:60]!r} in {self.rel_path}.")
        base = dict(expect) if expect is not None else fields_of(current)
        # What the action changes, computed on the entry as the reviewer saw it.
        ours = copy.deepcopy(current)
        apply_fields(ours, base)
        mutate(ours)
        mine = {k: v for k, v in fields_of(ours).items() if v != base[k]}

        # Under the project's lock: adopt the file on disk if it changed, apply `mine` field
        # by field unless it clashes with what changed there, write.
        with project_lock(self.project.root):
            try:
                outcome.reloaded = self._reload_if_changed()
            except (CatalogError, FileSystemError, OSError) as exc:
                reason = exc.message if isinstance(exc, TransflowError) else str(exc)
                outcome.conflict = True
                if keep_mine and mine:
                    outcome.conflict_path = self._keep_mine(key, ours)
                outcome.message = (
                    f"{self.rel_path} changed on disk and can no longer be read ({reason}); "
                    "nothing was written to it."
                    + (
                        f" Your version is kept in {self.project.relative(outcome.conflict_path)}."
                        if outcome.conflict_path
                        else ""
                    )
                    + " Fix the file (e.g. resolve the git conflict), then try again."
                )
                return outcome

            entry = self.entry(key)
            theirs = fields_of(entry) if entry is not None else None
            if theirs is not None:
                clash = clashes(base, mine, theirs, strict)
            if entry is None or theirs is None or clash:
                outcome.conflict = True
                if keep_mine and mine:
                    outcome.conflict_path = self._keep_mine(key, ours)
                    where = self.project.relative(outcome.conflict_path)
                    outcome.message = (
                        "this segment changed on disk while you worked on it (another reviewer "
                        f"or a git pull): their version is in the catalog, yours is kept in {where}"
                        " and offered as a suggestion."
                    )
                else:
                    outcome.message = "this segment changed on disk; nothing was written."
                if theirs is None:
                    outcome.message = (
                        "this segment is no longer in the catalog on disk (the source changed and "
                        "`transflow extract` ran?)."
                        + (f" Your version is kept in {where}." if outcome.conflict_path else "")
                    )
                return outcome

            before = fields_of(entry)
            apply_fields(entry, mine)
            after = fields_of(entry)
            if after == before:
                return outcome
            self.po.metadata["PO-Revision-Date"] = now_stamp()
            if reviewed:
                self.po.metadata["Last-Translator"] = self.reviewer.translator
            outcome.written = self._write()
            if undoable:
                self.undo_stack.append(UndoRecord(key, before, after))
            return outcome

    def _write(self) -> bool:
        written, self._snapshot = write(self.path, render(self.po))
        return written

    def _reload_if_changed(self) -> bool:
        """Adopt the file on disk if it differs from what we last read or wrote."""
        if not changed_since(self.path, self._snapshot):
            return False
        loaded = read(self.path)
        self.po, self._snapshot = loaded.po, loaded.snapshot
        self._index()
        return True

    def poll(self) -> PollResult:
        """Re-read the catalog if it changed on disk (for a UI that watches the file)."""
        result = PollResult()
        before = {k: fields_of(e) for k, e in self._by_key.items()}
        order = list(before)
        try:
            if not self._reload_if_changed():
                return result
        except (CatalogError, FileSystemError, OSError) as exc:
            result.problem = exc.message if isinstance(exc, TransflowError) else str(exc)
            return result
        after = {k: fields_of(e) for k, e in self._by_key.items()}
        result.structure = list(after) != order
        result.changed = {k for k, v in after.items() if before.get(k) != v}
        return result

    def _keep_mine(self, key: Key, ours: polib.POEntry) -> Path:
        """Write our version of an entry to `<catalog>.conflict` (a PO file) beside it. A
        conflict file that can no longer be read is left as it is (it may hold versions kept
        earlier) and ours goes to the first free `<catalog>.conflict.N`."""
        path = self.conflict_path
        side: polib.POFile | None = None
        number = 1
        while path.exists() or path.is_symlink():
            try:
                side = load_catalog(path)
                break
            except (CatalogError, FileSystemError, OSError):
                number += 1
                path = self.conflict_path.with_name(f"{self.conflict_path.name}.{number}")
        if side is None:
            side = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
            side.header = (
                f"Versions by {self.reviewer.name} of entries of {self.rel_path} that changed\n"
                "on disk during `transflow review`. Copy what you want to keep into the\n"
                "catalog, then delete this file."
            )
            side.metadata = dict(self.po.metadata)
        mine = copy.deepcopy(ours)
        mine.obsolete = False
        for existing in side:
            if entry_key(existing) == entry_key(mine):
                side.remove(existing)
                break
        side.append(mine)
        atomic_write_text(path, render(side))
        self.conflicts[key] = ours.msgstr
        self.kept[key] = path
        self._settled.get(path, set()).discard(key)
        return path

    def _settle(self, key: Key) -> Path | None:
        """The reviewer accepted an entry kept aside: it is no longer offered, and its
        conflict file is removed (returned) when every entry in it is one this session kept
        there and accepted since. A file holding anything else, or that cannot be read, is
        left as it is."""
        self.conflicts.pop(key, None)
        path = self.kept.pop(key, None)
        if path is None:
            return None
        settled = self._settled.setdefault(path, set())
        settled.add(key)
        try:
            held = {entry_key(entry) for entry in load_catalog(path)}
        except (CatalogError, FileSystemError, OSError):
            return None
        if not held <= settled:
            return None
        batch = WriteBatch()
        batch.remove(path)
        try:
            batch.commit()
        except FileSystemError:
            return None
        del self._settled[path]
        return path


def open_session(
    project: Project, article: str | None, lang: str | None, reviewer: Reviewer
) -> ReviewSession | None:
    """The session for `transflow review [ARTICLE] [--lang L]`; None if nothing is pending."""
    chosen = choose_catalog(project, article, lang)
    if chosen is None:
        return None
    _, tag, path = chosen
    return ReviewSession(project, path, tag, reviewer)
