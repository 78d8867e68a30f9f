"""The Connection the storage modules use: the contract any engine keeps, and where SQLite lives.

`engine` yields an open Connection on an empty, migrated library; an engine
added later (PostgreSQL) adds its own param and keeps these tests.
The boundary test reads app/storage's sources: SQLite-only SQL and imports
stay in the files named in SQLITE_ONLY (listed in docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.connection import Connection
from app.storage.sqlite_connection import SqliteConnection

STORAGE = Path(__file__).resolve().parents[3] / "app" / "storage"
SQLITE_ONLY = {
    "sqlite_connection.py",  # connect, PRAGMAs, BEGIN IMMEDIATE, lastrowid, the borrowed connection
    "sqlite_search.py",  # FTS5 MATCH, snippet(), FTS5 query syntax
    "migrations.py",  # the schema (FTS5 table and triggers), PRAGMA user_version
    "opening.py",  # file header, quick_check, SQLite error texts
    "busy.py",  # SQLite's "database is locked"
    "library.py",  # the facade: opens SqliteConnection, keeps conn/db/transaction() for old callers
}
# PostgreSQL's own code is in postgres_connection.py and app/storage/pg/ (not scanned here).
SQLITE_TOKENS = re.compile(
    r"PRAGMA|OR REPLACE|OR IGNORE|\bMATCH\b|snippet\(|bm25|lastrowid|sqlite_master|"
    r"BEGIN IMMEDIATE|\browid\b|executescript|_fts\b",
)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Connection]:
    connection: Connection
    if request.param == "postgresql":  # a real server (tests/fixtures/postgres.py)
        from app.storage.postgres_connection import PostgresConnection

        connection = PostgresConnection(request.getfixturevalue("pg_url"))
    else:
        connection = SqliteConnection(tmp_path / "library.db")
    yield connection
    connection.close()


def _second(engine: Connection, tmp_path: Path) -> Connection:
    """Another connection to the same library."""
    url = getattr(engine, "url", None)
    if url:
        from app.storage.postgres_connection import PostgresConnection

        return PostgresConnection(url)
    return SqliteConnection(tmp_path / "library.db")


def _add_filter(db: Connection, name: str) -> None:
    db.execute(
        "INSERT INTO saved_filters (name, query, created) VALUES (?, ?, ?)", (name, "{}", "t")
    )


def test_insert_returns_the_new_id_and_query_returns_dicts(engine: Connection) -> None:
    first = engine.insert(
        "INSERT INTO clips (source, start_s, end_s, title, created) VALUES (?, ?, ?, ?, ?)",
        ("a.wav", 1.0, 2.0, "one", "t"),
    )
    second = engine.insert(
        "INSERT INTO clips (source, start_s, end_s, title, created) VALUES (?, ?, ?, ?, ?)",
        ("b.wav", 3.0, 4.0, "two", "t"),
    )
    assert second != first
    rows = engine.query("SELECT id, title, start_s FROM clips ORDER BY id")
    assert rows == [
        {"id": first, "title": "one", "start_s": 1.0},
        {"id": second, "title": "two", "start_s": 3.0},
    ]
    assert engine.query_one("SELECT title FROM clips WHERE id = ?", (second,)) == {"title": "two"}
    assert engine.query_one("SELECT title FROM clips WHERE id = ?", (-1,)) is None


def test_execute_counts_changed_rows_and_execute_many_runs_each(engine: Connection) -> None:
    engine.execute_many(
        "INSERT INTO saved_filters (name, query, created) VALUES (?, ?, ?)",
        [("a", "{}", "t"), ("b", "{}", "t"), ("c", "[]", "t")],
    )
    assert engine.execute("UPDATE saved_filters SET query = ? WHERE query = ?", ("x", "{}")) == 2
    assert [r["name"] for r in engine.query("SELECT name FROM saved_filters ORDER BY name")] == [
        "a",
        "b",
        "c",
    ]


def test_a_transaction_commits_all_or_nothing(engine: Connection) -> None:
    with engine.transaction():
        _add_filter(engine, "kept")
        _add_filter(engine, "kept too")
    with pytest.raises(RuntimeError), engine.transaction(outlast_writers=True):
        _add_filter(engine, "lost")
        raise RuntimeError("a failure halfway")
    names = [r["name"] for r in engine.query("SELECT name FROM saved_filters ORDER BY name")]
    assert names == ["kept", "kept too"]


def test_outside_a_transaction_each_statement_commits(engine: Connection, tmp_path: Path) -> None:
    _add_filter(engine, "alone")
    other = _second(engine, tmp_path)
    try:
        assert other.query("SELECT name FROM saved_filters") == [{"name": "alone"}]
    finally:
        other.close()


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_sqlite_only_code_stays_in_the_named_files() -> None:
    bad = []
    for path in sorted(STORAGE.glob("*.py")):
        if path.name in SQLITE_ONLY:
            continue
        text = path.read_text(encoding="utf-8")
        bad += [f"{path.name}: {m.group(0)}" for m in SQLITE_TOKENS.finditer(text)]
        bad += [
            f"{path.name} imports {module}"
            for module in _imports(path)
            if module.split(".")[0] in ("sqlite3", "sqlite_utils")
            or module == "app.storage.sqlite_connection"
            or module == "app.storage.sqlite_search"
        ]
    assert bad == []


def test_the_checker_sees_sqlite_code() -> None:
    text = (STORAGE / "sqlite_search.py").read_text(encoding="utf-8")
    assert SQLITE_TOKENS.search(text) and "sqlite3" in _imports(STORAGE / "sqlite_search.py")
