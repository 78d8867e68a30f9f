"""Small SQL builders shared by the concern modules (standard SQL, any engine)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from app.storage.connection import Connection


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


def quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def insert_many(db: Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    if rows:
        db.execute_many(
            f"INSERT INTO {table} ({quoted(columns)}) VALUES ({marks(len(columns))})", rows
        )


def upsert_sql(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    """INSERT that replaces the values of the row with the same `key` (ON CONFLICT DO UPDATE)."""
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({quoted(columns)}) VALUES ({marks(len(columns))}) "
        f"ON CONFLICT ({quoted(key)}) DO UPDATE SET {updates}"
    )


def update_by_id(db: Connection, table: str, row_id: int, values: dict[str, Any]) -> None:
    if values:
        assignments = ", ".join(f"{name} = ?" for name in values)
        db.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))
