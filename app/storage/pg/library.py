"""The library in a PostgreSQL database: the same `Library`, another engine.

`PgLibrary` is `Library` (every public method, the same SQL through the
translating connection of app/storage/pg/connection.py) with what differs
on PostgreSQL put back in: opening a server instead of a file, transactions
without SQLite's write lock, full-text search with tsvector/tsquery, and the
saved-filter upsert. Opened for one reviewer, like `ReviewedLibrary`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from app.storage.library import Library
from app.storage.migrations import NewerLibraryError
from app.storage.opening import LibraryOpenError
from app.storage.pg import search as pg_search
from app.storage.pg.connection import PgConnection
from app.storage.pg.migrations import NotALibraryError, migrate
from app.storage.pg.url import connect_error_reason, redact
from app.storage.records import SearchHit
from app.storage.reviewers import ReviewerMixin, default_reviewer


def application_name(role: str = "library") -> str:
    """How this connection shows in pg_stat_activity: who, where, which process."""
    return f"callscope {role} pid {os.getpid()} on {socket.gethostname()}"[:63]


def connect(url: str, role: str = "library") -> PgConnection:
    """A connection, or LibraryOpenError with one line that never shows the password."""
    try:
        return PgConnection.connect(url, application_name=application_name(role))
    except (psycopg.Error, ValueError) as exc:
        raise LibraryOpenError(redact(url), connect_error_reason(exc, url)) from None


class PgLibrary(ReviewerMixin, Library):
    """A team library on a PostgreSQL server; created and migrated on first open."""

    def __init__(self, url: str, reviewer: str | None = None) -> None:
        self.url = url
        shown = redact(url)
        self.path = shown  # type: ignore[assignment]  # what messages name (a URL, no password)
        self.reviewer = reviewer or default_reviewer()
        self.busy = None  # type: ignore[assignment]  # no SQLite write lock to wait for
        self.db = None  # type: ignore[assignment]  # no sqlite-utils on PostgreSQL
        self._live_key = None
        conn = connect(url)
        try:
            migrate(conn)
        except (NewerLibraryError, NotALibraryError) as exc:
            conn.close()
            raise LibraryOpenError(shown, str(exc)) from None
        except psycopg.Error as exc:
            conn.close()
            raise LibraryOpenError(shown, connect_error_reason(exc, url)) from None
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self, *, outlast_writers: bool = False) -> Iterator[Any]:
        """All or nothing (PgConnection.transaction); yields the connection."""
        with self.conn.transaction(outlast_writers=outlast_writers) as conn:
            yield conn

    def _refresh_effective(
        self,
        conn: Any,
        call_id: int,
        transcript: Any = None,
        model: Any = None,
    ) -> None:
        """Recompute the stored verdict, one writer per call at a time.

        SQLite's BEGIN IMMEDIATE lets one writer in at a time; PostgreSQL runs two
        reviewers' transactions side by side, and each would compute the verdict
        from the corrections it can see, the later commit overwriting the earlier
        one's. Locking the call's row first makes the second wait, then read the
        first one's corrections (READ COMMITTED: each statement sees what is
        committed when it starts). NO KEY UPDATE, not UPDATE: the correction rows
        just inserted hold KEY SHARE locks on the call (their foreign key), which
        UPDATE would wait for: two reviewers would deadlock."""
        conn.execute("SELECT id FROM calls WHERE id = ? FOR NO KEY UPDATE", (call_id,)).fetchall()
        super()._refresh_effective(conn, call_id, transcript, model)

    def count_calls(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM calls").fetchone()[0])

    def save_filter(self, name: str, query: str) -> None:
        name = name.strip()
        if not name:
            raise ValueError("a saved filter needs a name")
        from app.storage.library import _now

        self.conn.execute(
            "INSERT INTO saved_filters (name, query, created) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET query = EXCLUDED.query, created = EXCLUDED.created",
            (name, query, _now()),
        )

    def search(self, query: str, limit: int = 300) -> list[SearchHit]:
        """Sentences matching the app's search syntax (see app/storage/pg/fts.py)."""
        return pg_search.search(self.conn, query, limit)

    def describe(self) -> dict[str, Any]:
        """Server, database and schema version, for `library info` and the About box."""
        row = self.conn.execute(
            "SELECT current_database() AS db, version() AS server, "
            "(SELECT version FROM callscope_schema) AS schema"
        ).fetchone()
        assert row is not None
        return {"url": self.path, "database": row["db"], "server": row["server"],
                "schema": int(row["schema"]), "reviewer": self.reviewer}  # fmt: skip
