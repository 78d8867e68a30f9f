"""Full-text search over sentences, by the library's engine: the same query syntax on both.

SQLite: FTS5 (sqlite_search.py). PostgreSQL: tsvector/tsquery with a GIN
index (pg/search.py), the query read into a tsquery by pg/fts.py.
"""

from __future__ import annotations

from app.storage.connection import Connection
from app.storage.records import SearchHit


def search(db: Connection, query: str, limit: int) -> list[SearchHit]:
    if getattr(db, "dialect", "sqlite") == "postgresql":
        from app.storage.pg import search as pg_search

        return pg_search.search(db, query, limit)
    from app.storage import sqlite_search

    return sqlite_search.search(db, query, limit)
