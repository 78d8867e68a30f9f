"""Copy one library's calls into another: a personal SQLite library into the team's.

`copy_library(source, dest)` copies every finished call with everything
stored about it (transcript and words, sentences, analysis, corrections,
reviews, redactions, clips) into `dest`, each call in one transaction. A
call is known by its recording's sha256: one already in `dest` is left as it
is there, so copying again copies nothing twice (and a copy cut short
resumes). Calls still unfinished in `source` are left out (analyse them
again into the team library). Corrections, reviews and clips made before
reviewers were recorded are stamped with `owner` (the personal library's
owner: by default the reviewer the destination was opened for). Saved
filters are copied unless `dest` has one of the same name; clips of calls
no longer in `source` are copied once.

Works between any two engines: rows are read and written through the
libraries' `Connection`s with the columns both sides have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.storage.library import Library
from app.storage.records import DONE
from app.storage.sql import insert_many, marks, quoted

# Tables hanging off a call, copied with it in this order (parents first).
CALL_TABLES = (
    "segments",
    "words",
    "sentences",
    "analyses",
    "label_corrections",
    "pattern_corrections",
    "redactions",
    "reviews",
    "clips",
)
AUTHOR_COLUMNS = {
    "label_corrections": "reviewer",
    "pattern_corrections": "reviewer",
    "reviews": "reviewer",
    "clips": "created_by",
}


@dataclass
class CopyReport:
    copied: int = 0
    already_there: int = 0
    unfinished: int = 0
    filters: int = 0
    loose_clips: int = 0


def _columns(library: Library, table: str) -> list[str]:
    return list(library.connection.columns(table))


def copy_library(
    source: Library,
    dest: Library,
    *,
    owner: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CopyReport:
    owner = owner or getattr(dest, "reviewer", "") or ""
    report = CopyReport()
    shared = {
        table: [c for c in _columns(source, table) if c in set(_columns(dest, table))]
        for table in ("calls", *CALL_TABLES, "saved_filters")
    }
    calls = source.list_calls()
    for n, call in enumerate(calls, 1):
        if call.status != DONE:
            report.unfinished += 1
        elif dest.find_by_sha256(call.sha256) is not None:
            report.already_there += 1
        else:
            _copy_call(source, dest, call.id, shared, owner)
            report.copied += 1
        if progress:
            progress(n, len(calls))
    report.loose_clips = _copy_loose_clips(source, dest, shared["clips"], owner)
    report.filters = _copy_filters(source, dest, shared["saved_filters"])
    return report


def _rows(library: Library, table: str, columns: list[str], where: str, params: tuple) -> list:
    return library.connection.query(f"SELECT {quoted(columns)} FROM {table} {where}", params)


def _insert(db: Any, table: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    insert_many(db, table, columns, [tuple(row[c] for c in columns) for row in rows])


def _copy_call(
    source: Library, dest: Library, call_id: int, shared: dict[str, list[str]], owner: str
) -> None:
    call_columns = [c for c in shared["calls"] if c != "id"]
    (call,) = _rows(source, "calls", call_columns, "WHERE id = ?", (call_id,))
    if "reviewed_by" in call and not call["reviewed_by"] and call["review_status"] != "unreviewed":
        call["reviewed_by"] = owner
    db = dest.connection
    with db.transaction(outlast_writers=True):
        new_id = db.insert(
            f"INSERT INTO calls ({quoted(call_columns)}) VALUES ({marks(len(call_columns))})",
            tuple(call[c] for c in call_columns),
        )
        for table in CALL_TABLES:
            columns = [c for c in shared[table] if c != "id"]
            order = " ORDER BY id" if "id" in shared[table] else ""
            rows = _rows(source, table, columns, f"WHERE call_id = ?{order}", (call_id,))
            author = AUTHOR_COLUMNS.get(table)
            for row in rows:
                row["call_id"] = new_id
                if author in row and not row[author]:
                    row[author] = owner
            _insert(db, table, columns, rows)


def _copy_loose_clips(source: Library, dest: Library, columns: list[str], owner: str) -> int:
    """Clips whose call was deleted from `source`: copied once (same source, times, title)."""
    columns = [c for c in columns if c not in ("id", "call_id")]
    rows = _rows(source, "clips", columns, "WHERE call_id IS NULL ORDER BY id", ())
    copied = 0
    for row in rows:
        found = dest.connection.query_one(
            "SELECT 1 AS found FROM clips WHERE source = ? AND start_s = ? AND end_s = ? "
            "AND title = ? AND created = ?",
            (row["source"], row["start_s"], row["end_s"], row["title"], row["created"]),
        )
        if found is None:
            if "created_by" in row and not row["created_by"]:
                row["created_by"] = owner
            with dest.connection.transaction():
                _insert(dest.connection, "clips", columns, [row])
            copied += 1
    return copied


def _copy_filters(source: Library, dest: Library, columns: list[str]) -> int:
    have = {f.name for f in dest.list_filters()}
    rows = [r for r in _rows(source, "saved_filters", columns, "", ()) if r["name"] not in have]
    if rows:
        with dest.connection.transaction():
            _insert(dest.connection, "saved_filters", columns, rows)
    return len(rows)
