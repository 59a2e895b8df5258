"""Where the reviewer left each catalog, so `transflow review` reopens there.

The segment (by its `Key`, which survives re-extraction as long as the sentence does) and
the list's filter and order, per catalog, in `.transflow/review-state.json`: a cache like
everything under `.transflow/`, safe to delete, and never in the PO file, which other tools
and reviewers share. A missing, unreadable or damaged file, or an entry in it that makes no
sense, is simply no place: the review opens at the first pending segment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transflow.po.catalog import Key
from transflow.project.choices import ReviewOrder
from transflow.project.errors import FileSystemError, TransflowError
from transflow.project.fsutil import atomic_write_text, read_utf8
from transflow.project.project import Project

STATE_FILE = Path(".transflow") / "review-state.json"


@dataclass(frozen=True)
class Place:
    key: Key  # (msgctxt or "", msgid) of the segment on screen
    filter: str  # a review.session filter: pending, findings, all
    order: ReviewOrder


def _read(project: Project) -> dict[str, Any]:
    try:
        data = json.loads(read_utf8(project.root / STATE_FILE, FileSystemError, ""))
    except (TransflowError, ValueError):
        return {}
    catalogs = data.get("catalogs") if isinstance(data, dict) else None
    return catalogs if isinstance(catalogs, dict) else {}


def load_place(project: Project, catalog: str, filters: tuple[str, ...]) -> Place | None:
    """The place saved for `catalog` (relative to the root), or None."""
    saved = _read(project).get(catalog)
    if not isinstance(saved, dict):
        return None
    msgctxt, msgid = saved.get("msgctxt"), saved.get("msgid")
    filter_, order = saved.get("filter"), saved.get("order")
    if not (isinstance(msgctxt, str) and isinstance(msgid, str)):
        return None
    if not isinstance(filter_, str) or filter_ not in filters or not isinstance(order, str):
        return None
    try:
        return Place((msgctxt, msgid), filter_, ReviewOrder(order))
    except ValueError:  # an order this version does not know
        return None


def save_place(project: Project, catalog: str, place: Place) -> bool:
    """Remember `place` for `catalog`, keeping the other catalogs' places (the file is read
    again just before writing, so two reviews of different catalogs keep each other's).
    False when it cannot be written: losing a cache must not end a review."""
    catalogs = _read(project)
    catalogs[catalog] = {
        "msgctxt": place.key[0],
        "msgid": place.key[1],
        "filter": place.filter,
        "order": place.order.value,
    }
    text = json.dumps({"catalogs": catalogs}, ensure_ascii=False, indent=1, sort_keys=True)
    try:
        atomic_write_text(project.root / STATE_FILE, text + "\n")
    except TransflowError:
        return False
    return True
