"""Saved filters of the library list: a name and the UI's filter as JSON."""

from __future__ import annotations

from app.storage.connection import Connection
from app.storage.records import SavedFilter
from app.storage.sql import now, upsert_sql

_UPSERT = upsert_sql("saved_filters", ("name", "query", "created"), ("name",))


def save_filter(db: Connection, name: str, query: str) -> None:
    """Store a filter under `name`, replacing one of that name."""
    name = name.strip()
    if not name:
        raise ValueError("a saved filter needs a name")
    db.execute(_UPSERT, (name, query, now()))


def list_filters(db: Connection) -> list[SavedFilter]:
    return [
        SavedFilter(str(r["name"]), str(r["query"]))
        for r in db.query("SELECT name, query FROM saved_filters ORDER BY name")
    ]


def delete_filter(db: Connection, name: str) -> None:
    db.execute("DELETE FROM saved_filters WHERE name = ?", (name,))
