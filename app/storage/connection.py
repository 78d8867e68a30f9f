"""The one connection object the library's concern modules talk to (engine-neutral).

Every module under app/storage that reads or writes calls, transcripts,
analyses, corrections, reviews, clips or saved filters does so through a
`Connection`: plain SQL with `?` placeholders, rows out as dicts. An engine
(SQLite today: app/storage/sqlite_connection.py) supplies one; what only
one engine understands stays in that engine's files (see
docs/ARCHITECTURE.md, "Storage").

Outside `transaction()` each statement commits on its own; inside, all of
the block's statements commit together or not at all. A transaction opened
inside another joins it (the outer one commits or rolls back everything).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

Params = Sequence[Any]


class Connection(Protocol):
    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        ...

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement once per row of parameters."""
        ...

    def insert(self, sql: str, params: Params = ()) -> int:
        """Run one INSERT of a single row; returns the new row's integer `id`."""
        ...

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """All rows of a SELECT, each as {column: value}."""
        ...

    def query_one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        """The first row of a SELECT, or None."""
        ...

    def transaction(self, *, outlast_writers: bool = False) -> AbstractContextManager[None]:
        """All or nothing for the block; the write lock is taken on entry.

        `outlast_writers`: the write stores finished work (a call's analysis),
        so waiting for another writer may take longer than an interactive one.
        """
        ...

    def erasing_deleted_text(self) -> AbstractContextManager[None]:
        """Text deleted inside the block is overwritten on disk (index and log included)."""
        ...

    def close(self) -> None: ...
