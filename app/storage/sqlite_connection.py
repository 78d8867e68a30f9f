"""The SQLite engine behind the library's `Connection` (the embedded, one-user default).

Everything SQLite-only about reaching a library file is here or in the
files this one calls: the checks before opening (opening.py), the
connection's PRAGMAs (WAL, busy timeout, foreign keys), the migrations
(migrations.py, `PRAGMA user_version`), `BEGIN IMMEDIATE` with the bounded
wait for another writer (busy.py) and `lastrowid`. One object per thread
or process, as with any SQLite connection used by the callers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.storage.busy import BusyRetry
from app.storage.connection import Params
from app.storage.migrations import NewerLibraryError, migrate
from app.storage.opening import (
    LibraryOpenError,
    check_library_file,
    create_private_file,
    database_error_reason,
    register_closed,
    register_open,
)
from kernel.library_target import default_reviewer

BUSY_TIMEOUT_MS = 10_000


class SqliteConnection:
    """A library file opened (created, checked, migrated) for reading and writing."""

    dialect = "sqlite"
    reviewer = ""  # who corrects and reviews through it (set on open; issue 16)

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self.busy = BusyRetry(self.path)
        # Everything that could refuse the file runs before anything writes to it.
        if check_library_file(self.path):
            create_private_file(self.path)
        try:
            raw = sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            raw.row_factory = sqlite3.Row
            raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            raw.execute("PRAGMA journal_mode = WAL")
            raw.execute("PRAGMA foreign_keys = ON")
            raw.execute("PRAGMA synchronous = NORMAL")
            # sqlite-utils turned this on when the library opened through it; kept so
            # triggers behave as they always have.
            raw.execute("PRAGMA recursive_triggers = ON")
            migrate(raw)
        except NewerLibraryError as exc:  # written by a newer Callscope since the check
            raise LibraryOpenError(str(self.path), str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise LibraryOpenError(str(self.path), database_error_reason(exc, self.path)) from exc
        self.raw = raw  # the sqlite3 connection itself (Library.conn, for SQLite-only callers)
        self._live_key = register_open(self.path)
        self.reviewer = default_reviewer()

    def close(self) -> None:
        self.raw.close()
        key, self._live_key = self._live_key, None
        register_closed(key)

    @contextmanager
    def transaction(self, *, outlast_writers: bool = False) -> Iterator[None]:
        """All or nothing: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error.

        BEGIN IMMEDIATE takes the write lock before the body runs, so it is the
        one statement that waits for another writer (busy_timeout, 10 s). With
        `outlast_writers` (the writes that store a call's finished analysis) it
        is asked again, with a notice, until BusyRetry's bound; the body runs
        once. Interactive writes keep the plain 10 s so a screen never waits long.
        Inside another transaction it joins that one (the pipeline's writer
        stores a call with several facade methods, all or nothing).
        """
        if self.raw.in_transaction:
            yield
            return
        if outlast_writers:
            self.busy.run(lambda: self.raw.execute("BEGIN IMMEDIATE"))
        else:
            self.raw.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        self.raw.execute("COMMIT")

    @contextmanager
    def erasing_deleted_text(self) -> Iterator[None]:
        """Deleted text is overwritten on disk, not just unlinked (redaction of stored calls).

        secure_delete zeroes freed pages; afterwards an FTS5 merge drops old
        terms from the index's pages and a WAL checkpoint empties the log.
        """
        self.raw.execute("PRAGMA secure_delete = ON")
        yield
        self.raw.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('optimize')")
        self.raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def columns(self, table: str) -> list[str]:
        """The table's column names, in order (copying between libraries)."""
        return [str(r[1]) for r in self.raw.execute(f'PRAGMA table_info("{table}")')]

    def execute(self, sql: str, params: Params = ()) -> int:
        return self.raw.execute(sql, params).rowcount

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        self.raw.executemany(sql, rows)

    def insert(self, sql: str, params: Params = ()) -> int:
        return int(self.raw.execute(sql, params).lastrowid or 0)

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.raw.execute(sql, params).fetchall()]

    def query_one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        row = self.raw.execute(sql, params).fetchone()
        return None if row is None else dict(row)
