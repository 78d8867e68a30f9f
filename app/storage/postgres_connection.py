"""The PostgreSQL engine behind the library's `Connection` (the team's shared library).

The same `Connection` as sqlite_connection.py, on a server named by a
`postgresql://` URL: opening connects (a refused or missing server is one
`LibraryOpenError` line that never shows the password) and migrates
(app/storage/pg/migrations.py). SQL arrives in the storage modules' SQLite
dialect and is translated by app/storage/pg/connection.py. What differs:

- transactions are plain BEGIN ... COMMIT: PostgreSQL locks the rows written,
  not the library, so `outlast_writers` has nothing to wait for;
- `lock_call` locks one call's row before its stored verdict is recomputed,
  so two reviewers correcting one call at once are serialised there (SQLite
  lets one writer in at a time anyway);
- deleted text is left to autovacuum (`erasing_deleted_text` is a no-op).
One object per thread or process, as with SQLite.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from app.storage.connection import Params
from app.storage.migrations import NewerLibraryError
from app.storage.opening import LibraryOpenError
from app.storage.pg.connection import PgConnection
from app.storage.pg.migrations import NotALibraryError, migrate
from app.storage.pg.url import connect_error_reason, redact
from kernel.library_target import default_reviewer

DIALECT = "postgresql"


def application_name(role: str = "library") -> str:
    """How a connection shows in pg_stat_activity: who, where, which process."""
    return f"callscope {role} pid {os.getpid()} on {socket.gethostname()}"[:63]


def connect(url: str, role: str = "library") -> PgConnection:
    """A connection, or LibraryOpenError with one line that never shows the password."""
    try:
        return PgConnection.connect(url, application_name=application_name(role))
    except (psycopg.Error, ValueError) as exc:
        raise LibraryOpenError(redact(url), connect_error_reason(exc, url)) from None


class PostgresConnection:
    """A team library on a PostgreSQL server, opened (created, migrated) for this process."""

    dialect = DIALECT

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = redact(url)  # what messages name: the URL without its password
        self.busy = None  # no library-wide write lock to wait for
        self.reviewer = default_reviewer()
        raw = connect(url)
        try:
            migrate(raw)
        except (NewerLibraryError, NotALibraryError) as exc:
            raw.close()
            raise LibraryOpenError(self.path, str(exc)) from None
        except psycopg.Error as exc:
            raw.close()
            raise LibraryOpenError(self.path, connect_error_reason(exc, url)) from None
        self.raw = raw  # sqlite3-like (Library.conn, for callers that still reach SQL directly)

    def close(self) -> None:
        self.raw.close()

    @contextmanager
    def transaction(self, *, outlast_writers: bool = False) -> Iterator[None]:
        """All or nothing; inside another transaction it joins that one."""
        if self.raw.in_transaction:
            yield
            return
        with self.raw.transaction():
            yield

    @contextmanager
    def erasing_deleted_text(self) -> Iterator[None]:
        """Nothing to do at once: the server's autovacuum reclaims deleted rows (docs/TEAM.md)."""
        yield

    def lock_call(self, call_id: int) -> None:
        """Hold the call's row until the transaction ends. NO KEY UPDATE, not UPDATE: the
        reviewer's own new correction rows hold KEY SHARE locks on it (their foreign key),
        which UPDATE would wait for: two reviewers would deadlock."""
        self.raw.execute("SELECT id FROM calls WHERE id = ? FOR NO KEY UPDATE", (call_id,))

    def execute(self, sql: str, params: Params = ()) -> int:
        return self.raw.changed(sql, params)

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        self.raw.executemany(sql, rows)

    def insert(self, sql: str, params: Params = ()) -> int:
        return self.raw.insert(sql, params)

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        return self.raw.query(sql, params)

    def query_one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        return self.raw.query_one(sql, params)

    def columns(self, table: str) -> list[str]:
        """The table's column names, in order (copying between libraries)."""
        rows = self.raw.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = ? AND is_generated = 'NEVER' "
            "ORDER BY ordinal_position",
            (table,),
        )
        return [str(r["column_name"]) for r in rows]

    def describe(self) -> dict[str, Any]:
        """Server, database and schema version (`library info`)."""
        row = self.raw.query_one(
            "SELECT current_database() AS db, version() AS server, "
            "(SELECT version FROM callscope_schema) AS schema"
        )
        assert row is not None
        return {"url": self.path, "database": row["db"], "server": row["server"],
                "schema": int(row["schema"])}  # fmt: skip
