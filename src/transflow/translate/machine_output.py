"""The machine output of each segment, kept beside its catalog for `stats --post-edit`.

A reviewer turns machine output into the reviewed msgstr; how much they changed is how a
desk judges a model. The PO keeps only the reviewed text, so the engine's own text is kept
here when `translate` writes it.

**Where.** `translations/<lang>/<slug>.mt.jsonl`, beside `<slug>.po` and committed with it.
Not under `.transflow/`: that folder is a cache anyone may delete, and reviewers review on
other clones (`git pull`), so the machine output has to travel with the catalog to be there
when the reviewed text is. Not in the PO either: a second copy of every sentence in it would
show in every PO editor and CAT tool.

**Format.** JSON lines, one record per entry and engine, sorted by id then engine:
`{"id": "u3f2a9c1e0b7d4a55", "engine": "argos:en-ko@1.1", "mt": "..."}`, where `id` is the
entry's `po.catalog.unit_id` (msgctxt and msgid, as XLIFF units) and `engine` the engine
and model version of its `mt=` provenance. One line per segment diffs like the catalog; two
branches that translate different sentences add lines at different places of the file, which
git merges, and one file per catalog keeps articles apart. Only the latest output per entry
and engine is kept (`translate --retranslate machine` replaces it), and records of entries no
longer in the catalog go when the catalog is next recorded.

**Writing.** `commit_recording` commits catalog edits through `po.update` and, right after
and under the same project lock, records what those edits filled with an `mt=` line and
wrote (not an entry kept aside because a reviewer changed it meanwhile), through the one
writer. The stores are read before the catalogs are written, so a damaged one stops the
write; a run killed between the two writes leaves segments without a record, which the
statistics count as unmeasured, never wrong.

**Reading.** `read_store`: a damaged or hand-edited file (no JSON object, a field missing or
of the wrong kind, an id or engine twice, a git conflict) is a `CatalogError` with file:line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from transflow.po.catalog import Key, active_entries, entry_key, unit_id
from transflow.po.conventions import State, entry_state, machine_engine
from transflow.po.update import CatalogEdit, Commit, commit_edits, project_lock
from transflow.project.errors import CatalogError, shown
from transflow.project.fsutil import WriteBatch, read_utf8

SUFFIX = ".mt.jsonl"
FIELDS = ("id", "engine", "mt")
_ID = re.compile(r"u[0-9a-f]{16}")
_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON may escape one; UTF-8 cannot write it
_CONFLICT = ("<<<<<<<", "=======", ">>>>>>>")
HINT = (
    "`transflow translate` writes this file; restore it from git (`git checkout -- FILE`), "
    "or delete it (its segments then count in no post-edit statistics)."
)

# (unit id, engine) -> the engine's text
Store = dict[tuple[str, str], str]
# an entry -> (engine, the engine's text)
Outputs = Mapping[Key, tuple[str, str]]


def store_path(catalog: Path) -> Path:
    """`translations/<lang>/<slug>.mt.jsonl` for `translations/<lang>/<slug>.po`."""
    return catalog.with_suffix(SUFFIX)


def read_store(path: Path) -> Store:
    """The records of a store file (none when there is no file); see the module doc."""
    if not path.exists():
        return {}
    store: Store = {}
    lines: dict[tuple[str, str], int] = {}
    text = read_utf8(path, CatalogError, HINT)
    for number, line in enumerate(text.split("\n"), 1):  # not splitlines: U+2028 is text
        if not line.strip():
            continue

        def refuse(what: str, hint: str = HINT, at: int = number) -> CatalogError:
            return CatalogError(what, path=shown(path), line=at, hint=hint)

        if line.startswith(_CONFLICT):
            raise refuse(
                "holds a git merge conflict.",
                "Keep the lines of both sides and remove the markers (one record a line); "
                "where both sides have a record for the same id and engine, keep one.",
            )
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise refuse(f"is no machine-output record (not JSON: {exc.msg}).") from None
        except RecursionError:  # thousands of nested brackets
            raise refuse("is no machine-output record (not JSON: nested too deep).") from None
        if not (
            isinstance(record, dict)
            and sorted(record) == sorted(FIELDS)
            and all(isinstance(record[name], str) for name in FIELDS)
        ):
            raise refuse('is no machine-output record: one needs "id", "engine" and "mt", text.')
        if any(_SURROGATE.search(record[name]) for name in FIELDS):
            raise refuse(
                "is no machine-output record: it escapes a lone surrogate (\\ud800-\\udfff)."
            )
        if not _ID.fullmatch(record["id"]) or not record["engine"] or " " in record["engine"]:
            raise refuse(
                f"is no machine-output record: bad id {record['id']!r} or engine "
                f"{record['engine']!r} (u and 16 hex digits; an engine name without spaces)."
            )
        key = (record["id"], record["engine"])
        if key in lines:
            raise refuse(
                f"holds a second record for {key[0]} by {key[1]} (the first is on line "
                f"{lines[key]}).",
                "Keep one of the two lines (the later output, if you know which), or delete "
                "both: that segment then counts as unmeasured.",
            )
        lines[key] = number
        store[key] = record["mt"]
    return store


def render_store(store: Store) -> str:
    return "".join(
        json.dumps(dict(zip(FIELDS, (*key, store[key]), strict=True)), ensure_ascii=False) + "\n"
        for key in sorted(store)
    )


def machine_outputs(edit: CatalogEdit) -> dict[Key, tuple[str, str]]:
    """The entries `edit` changed that now hold unreviewed machine output: engine and text."""
    changed = edit.changes()
    found = {}
    for entry in active_entries(edit.po):
        key = entry_key(entry)
        engine = machine_engine(entry)
        if key in changed and engine and entry_state(entry) is State.MACHINE:
            found[key] = (engine, entry.msgstr)
    return found


def stage(
    batch: WriteBatch, catalog: Path, store: Store, outputs: Outputs, live: Iterable[Key]
) -> None:
    """Add `outputs` to `store` (replacing an entry's earlier output by the same engine),
    drop the records of entries not `live` in the catalog, and write it in `batch`."""
    for key, (engine, text) in outputs.items():
        store[(unit_id(*key), engine)] = text
    ids = {unit_id(*key) for key in live}
    kept = {key: text for key, text in store.items() if key[0] in ids}
    path = store_path(catalog)
    if kept:
        batch.write_text(path, render_store(kept))
    elif path.exists():
        batch.remove(path)


def commit_recording(
    edits: Sequence[CatalogEdit], metadata: Mapping[str, str] | None = None
) -> list[Commit]:
    """`po.update.commit_edits`, then the machine output of what the edits filled, recorded
    beside each catalog (see the module doc)."""
    if not edits:
        return []
    outputs = [machine_outputs(edit) for edit in edits]
    with project_lock(edits[0].root):
        stores = {
            edit.path: read_store(store_path(edit.path))
            for edit, out in zip(edits, outputs, strict=True)
            if out
        }
        commits = commit_edits(edits, metadata)
        batch = WriteBatch()
        for edit, out, commit in zip(edits, outputs, commits, strict=True):
            if out:
                dropped = set(commit.dropped)  # kept theirs: not what the file holds
                written = {key: value for key, value in out.items() if key not in dropped}
                live = (entry_key(entry) for entry in active_entries(edit.po))
                stage(batch, edit.path, stores[edit.path], written, live)
        batch.commit()
    return commits


def record(catalog: Path, root: Path, outputs: Outputs, live: Iterable[Key]) -> None:
    """Record `outputs` of the catalog at `catalog` on their own, under the project's lock
    (review: a reviewer inserted a machine suggestion)."""
    with project_lock(root):
        batch = WriteBatch()
        stage(batch, catalog, read_store(store_path(catalog)), outputs, live)
        batch.commit()
