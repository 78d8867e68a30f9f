"""A psycopg connection that answers like the sqlite3 one the library code uses.

The library's SQL is written for SQLite; most of it is plain SQL that
PostgreSQL runs as it is. What differs is translated here, once per statement
text (cached):

- `?` placeholders become `%s` (a literal `%` is doubled), outside quotes;
- `BEGIN IMMEDIATE` becomes `BEGIN` (PostgreSQL locks rows, not the file);
- an INSERT into a table with an `id` gets `RETURNING id`, so `cursor.lastrowid`
  works as with sqlite3;
- Python booleans are sent as 0/1 (flags are INTEGER columns on both engines).

Rows are `Row`s: a tuple that also answers `row["name"]` and `keys()`, like
sqlite3.Row, so `dict(row)` works. The connection is in autocommit mode and
the library's explicit BEGIN / COMMIT / ROLLBACK delimit transactions, as with
sqlite3's `isolation_level=None`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.rows import RowMaker

# Tables whose rows have an identity `id` (their INSERTs return it as lastrowid).
ID_TABLES = frozenset(
    {"calls", "segments", "words", "sentences", "clips", "redactions", "reviews",
     "label_corrections", "pattern_corrections"}
)  # fmt: skip

_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(?P<table>\w+)", re.IGNORECASE)


class Row(tuple):
    """A result row: by position like a tuple, by column name like sqlite3.Row."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: psycopg.Cursor[Any]) -> RowMaker[Row]:
    names = [c.name for c in cursor.description or ()]
    index = {name: i for i, name in enumerate(names)}

    def make(values: Sequence[Any]) -> Row:
        return Row(values, index)

    return make


@lru_cache(maxsize=512)
def translate(sql: str, with_params: bool) -> tuple[str, bool]:
    """(PostgreSQL text, whether it returns the new row's id) for one SQLite statement."""
    stripped = sql.strip().rstrip(";")
    if re.fullmatch(r"BEGIN(\s+(IMMEDIATE|DEFERRED|EXCLUSIVE))?(\s+TRANSACTION)?", stripped, re.I):
        return "BEGIN", False
    text = _placeholders(stripped) if with_params else stripped
    returns_id = False
    insert = _INSERT.match(text)
    if insert:
        table = insert["table"].lower()
        if table in ID_TABLES and "RETURNING" not in text.upper():
            text += " RETURNING id"
            returns_id = True
    return text, returns_id


def _placeholders(sql: str) -> str:
    """`?` -> `%s` and `%` -> `%%`, leaving quoted text and identifiers alone."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
            out.append("%%" if ch == "%" else ch)
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


def _param(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


class Cursor:
    """The part of sqlite3.Cursor the library uses."""

    def __init__(self, cursor: psycopg.Cursor[Row], returns_id: bool) -> None:
        self._cursor = cursor
        self.lastrowid: int | None = None
        self._pending: Row | None = None
        if returns_id:
            row = cursor.fetchone()
            self.lastrowid = None if row is None else int(row[0])

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self) -> Any:
        return self._cursor.description

    def fetchone(self) -> Row | None:
        if self.lastrowid is not None or self._cursor.description is None:
            return None
        return self._cursor.fetchone()

    def fetchall(self) -> list[Row]:
        if self.lastrowid is not None or self._cursor.description is None:
            return []
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


class PgConnection:
    """sqlite3.Connection's `execute`/`executemany`/`close` over one psycopg connection."""

    def __init__(self, raw: psycopg.Connection[Row]) -> None:
        self.raw = raw

    @classmethod
    def connect(cls, url: str, *, application_name: str = "callscope") -> PgConnection:
        raw = psycopg.connect(
            url,
            autocommit=True,
            row_factory=_row_factory,
            connect_timeout=10,
            application_name=application_name,
        )
        return cls(raw)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        with_params = bool(params)
        text, returns_id = translate(sql, with_params)
        cursor = self.raw.cursor()
        cursor.execute(text, [_param(p) for p in params] if params else None)
        return Cursor(cursor, returns_id)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        text, returns_id = translate(sql, True)
        if returns_id:
            text = text.removesuffix(" RETURNING id")
        rows = [[_param(p) for p in row] for row in seq]
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(text, rows)

    # -- the library's engine-neutral Connection (app/storage/connection.py) --------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(zip(r.keys(), r, strict=True)) for r in self.execute(sql, params).fetchall()]

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        row = self.execute(sql, params).fetchone()
        return None if row is None else dict(zip(row.keys(), row, strict=True))

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One INSERT of one row; the new row's id."""
        return int(self.execute(sql, params).lastrowid or 0)

    def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.executemany(sql, rows)

    def changed(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; how many rows it changed."""
        return self.execute(sql, params).rowcount

    @contextmanager
    def transaction(self, *, outlast_writers: bool = False) -> Iterator[PgConnection]:
        """All or nothing. PostgreSQL locks the rows written, not the library, so no
        writer waits for the whole library and `outlast_writers` has nothing to do."""
        self.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if not self.raw.closed:
                self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()
