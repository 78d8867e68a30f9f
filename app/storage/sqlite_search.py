"""Full-text search over sentences with SQLite's FTS5 (`sentences_fts`, kept by triggers).

SQLite-only: MATCH, snippet() and FTS5's query syntax. Another engine
supplies its own module with the same `search(db, query, limit)`.
"""

from __future__ import annotations

import sqlite3

from app.storage.connection import Connection
from app.storage.records import SearchHit

_SQL = (
    "SELECT s.call_id, s.idx AS sentence_id, s.start, s.speaker, "
    "snippet(sentences_fts, 0, '<mark>', '</mark>', '…', 16) AS snippet, "
    "c.source, c.agent, c.call_date FROM sentences_fts "
    "JOIN sentences s ON s.id = sentences_fts.rowid JOIN calls c ON c.id = s.call_id "
    "WHERE sentences_fts MATCH ? ORDER BY c.id DESC, s.idx LIMIT ?"
)


def search(db: Connection, query: str, limit: int) -> list[SearchHit]:
    """Sentences matching an FTS5 query (words, "phrases", AND/OR/NOT, prefix*).

    A query FTS5 cannot parse (a stray quote, a lone operator) is searched
    as plain words instead of failing.
    """
    query = query.strip()
    if not query:
        return []
    try:
        found = db.query(_SQL, (query, limit))
    except sqlite3.OperationalError:
        found = db.query(_SQL, (as_plain_words(query), limit))
    return [
        SearchHit(
            int(r["call_id"]),
            int(r["sentence_id"]),
            float(r["start"]),
            str(r["speaker"]),
            str(r["snippet"]),
            str(r["source"]),
            r["agent"],
            r["call_date"],
        )
        for r in found
    ]


def as_plain_words(query: str) -> str:
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in query).split() if w]
    return " ".join(f'"{w}"' for w in words) or '""'
