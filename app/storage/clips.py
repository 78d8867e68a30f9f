"""Clips: named stretches of a call's audio with tags and a note (kept if the call goes)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from app.storage import calls
from app.storage.connection import Connection
from app.storage.records import ClipRecord
from app.storage.sql import now, update_by_id


def add_clip(
    db: Connection,
    call_id: int,
    start_s: float,
    end_s: float,
    title: str,
    tags: Sequence[str],
    note: str,
) -> int:
    if end_s <= start_s:
        raise ValueError("a clip must end after it starts")
    call = calls.get_call(db, call_id)
    if call is None:
        raise LookupError(f"call {call_id} is not in the library")
    return db.insert(
        "INSERT INTO clips (call_id, source, start_s, end_s, title, tags, note, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            call_id,
            call.source,
            float(start_s),
            float(end_s),
            title.strip() or "Untitled clip",
            json.dumps([t.strip() for t in tags if t.strip()]),
            note,
            now(),
        ),
    )


def update_clip(
    db: Connection,
    clip_id: int,
    *,
    title: str | None,
    tags: Sequence[str] | None,
    note: str | None,
) -> None:
    values: dict[str, Any] = {}
    if title is not None:
        values["title"] = title
    if tags is not None:
        values["tags"] = json.dumps(list(tags))
    if note is not None:
        values["note"] = note
    update_by_id(db, "clips", clip_id, values)


def list_clips(db: Connection) -> list[ClipRecord]:
    return [clip_record(r) for r in db.query("SELECT * FROM clips ORDER BY id")]


def get_clip(db: Connection, clip_id: int) -> ClipRecord | None:
    row = db.query_one("SELECT * FROM clips WHERE id = ?", (clip_id,))
    return None if row is None else clip_record(row)


def delete_clip(db: Connection, clip_id: int) -> None:
    db.execute("DELETE FROM clips WHERE id = ?", (clip_id,))


def clip_record(row: dict[str, Any]) -> ClipRecord:
    return ClipRecord(
        id=int(row["id"]),
        call_id=row["call_id"],
        start_s=float(row["start_s"]),
        end_s=float(row["end_s"]),
        title=str(row["title"]),
        tags=json.loads(row["tags"] or "[]"),
        note=str(row["note"]),
        created=str(row["created"]),
        source=str(row["source"]),
    )
