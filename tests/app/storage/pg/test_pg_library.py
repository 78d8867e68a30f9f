"""The team library on a real PostgreSQL server: schema, opening errors, export, copy."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.export.call_json import call_to_dict
from app.storage.engine import open_library
from app.storage.migrations import SCHEMA_VERSION
from app.storage.opening import LibraryOpenError
from app.storage.pg.migrations import PG_MIGRATIONS
from kernel.domain import AGENT
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call
from tests.fixtures.postgres import PostgresServer, free_port

# Columns PostgreSQL has for its own search (SQLite keeps them in sentences_fts).
PG_ONLY = {("sentences", "text_tsv")}
VOLATILE = {"id", "imported_at", "updated_at", "analysed_at", "corrected_at", "reviewed_at"}


def sqlite_columns(path: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sentences_fts") and not r[0].startswith("sqlite_")
        ]
        return {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables}
    finally:
        conn.close()


def pg_columns(url: str) -> dict[str, set[str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'callscope_schema'"
        ).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        if (table, column) not in PG_ONLY:
            out.setdefault(table, set()).add(column)
    return out


def test_both_engines_have_the_same_tables_and_columns(pg_url: str, tmp_path: Path) -> None:
    assert len(PG_MIGRATIONS) == SCHEMA_VERSION
    open_library(tmp_path / "a.db").close()
    open_library(pg_url).close()
    assert pg_columns(pg_url) == sqlite_columns(tmp_path / "a.db")
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT version FROM callscope_schema").fetchone() == (SCHEMA_VERSION,)


def test_reopening_keeps_the_calls_and_does_not_migrate_again(pg_url: str) -> None:
    with open_library(pg_url) as library:
        add_scripted_call(library, load_scripts()[0])
    with open_library(pg_url) as library:
        assert library.count_calls() == 1


def test_a_newer_schema_is_refused_and_left_alone(pg_url: str) -> None:
    open_library(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE callscope_schema SET version = version + 5")
    with pytest.raises(LibraryOpenError, match="newer than this Callscope"):
        open_library(pg_url)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT version FROM callscope_schema").fetchone() == (
            SCHEMA_VERSION + 5,
        )


def test_another_programs_database_is_refused(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(LibraryOpenError, match="another program"):
        open_library(pg_url)


def test_server_down_or_bad_url_is_one_line_without_the_password(
    postgres_server: PostgresServer,
) -> None:
    down = f"postgresql://ann:s3cret-pw@127.0.0.1:{free_port()}/team"
    with pytest.raises(LibraryOpenError) as refused:
        open_library(down)
    message = str(refused.value)
    assert "s3cret-pw" not in message and "\n" not in message
    assert message.startswith("postgresql://ann:***@127.0.0.1:")
    assert "no PostgreSQL server" in message
    missing = postgres_server.url("no_such_db").replace("callscope@", "callscope:pw1@")
    with pytest.raises(LibraryOpenError, match="no such database") as no_db:
        open_library(missing)
    assert "pw1" not in str(no_db.value)
    with pytest.raises(LibraryOpenError, match="no such user"):
        open_library(postgres_server.url("postgres", user="nobody"))


def normalized(export: dict[str, Any]) -> Any:
    """The export without ids and times (which differ between any two libraries)."""
    if isinstance(export, dict):
        return {k: normalized(v) for k, v in export.items() if k not in VOLATILE}
    if isinstance(export, list):
        return [normalized(v) for v in export]
    return export


def test_export_json_is_the_same_as_from_sqlite(library_path: Path, pg_url: str) -> None:
    exports = []
    for target in (library_path, pg_url):
        with open_library(target, reviewer="alice") as library:
            ids = [add_scripted_call(library, s) for s in load_scripts()[:3]]
            model = library.get_model_analysis(ids[0])
            assert model is not None
            agent = next(s for s in model.sentences if s.speaker == AGENT)
            library.correct_label(ids[0], agent.id, "closing")
            library.correct_pattern(ids[1], "P2", True)
            library.set_review(ids[0], "reviewed", 72, "late impact question")
            exports.append(json.dumps(normalized([call_to_dict(library, i) for i in ids])))
    assert exports[0] == exports[1]
    assert '"reviewer": "alice"' in exports[1] and '"closing"' in exports[1]


def test_a_library_from_before_reviewers_keeps_its_corrections(tmp_path: Path) -> None:
    """Migration 3 on a SQLite library of schema 2: corrections kept, unattributed; a
    reviewer clearing one removes it; the model's label is back."""
    from app.storage.migrations import MIGRATIONS, _statements

    path = tmp_path / "old.db"
    with open_library(tmp_path / "model.db") as scratch:  # a call to copy the rows of
        call_id = add_scripted_call(scratch, load_scripts()[0])
        model = scratch.get_model_analysis(call_id)
    assert model is not None
    agent = next(s for s in model.sentences if s.speaker == AGENT)
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in _statements(script):
            old.execute(statement)
    old.execute("PRAGMA user_version = 2")
    old.execute(
        "INSERT INTO calls (id, source, sha256, imported_at, updated_at, status) "
        "VALUES (1, '/a.wav', ?, 't', 't', 'done')",
        ("a" * 64,),
    )
    old.execute(
        "INSERT INTO label_corrections VALUES (1, ?, 'closing', 'statement', '2025-01-01')",
        (agent.id,),
    )
    old.execute("INSERT INTO pattern_corrections VALUES (1, 'P2', 1, '2025-01-01')")
    old.commit()
    old.close()
    with open_library(path, reviewer="bob") as migrated:
        assert migrated.label_corrections(1) == [
            {"sentence_idx": agent.id, "label": "closing", "model_label": "statement",
             "corrected_at": "2025-01-01", "reviewer": ""}
        ]  # fmt: skip
        assert migrated.pattern_corrections(1)[0]["reviewer"] == ""
        migrated.clear_label_correction(1, agent.id)  # the unattributed one goes too
        assert migrated.label_corrections(1) == []
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_redacting_stored_calls_works_on_postgres(pg_url: str) -> None:
    from app.pipeline.redact_stored import redact_stored_calls
    from kernel.domain import Segment, Transcript, Word

    words = ["my", "card", "number", "is", "4111", "1111", "1111", "1111", "thanks"]
    segment = Segment(
        start=0.0, end=5.0, speaker="customer", text=" ".join(words), channel=1,
        words=[Word(start=i * 0.5, end=i * 0.5 + 0.4, word=w, probability=0.9)
               for i, w in enumerate(words)],
    )  # fmt: skip
    with open_library(pg_url) as team:
        call_id = team.begin_call("/calls/card.wav", "c" * 64, duration_s=5.0, channels=2)
        team.save_call(call_id, Transcript([segment], "script", 5.0), None)
        outcomes = redact_stored_calls(team, [call_id])
        assert outcomes[0].found >= 1 and team.is_redacted(call_id)
        stored = team.get_transcript(call_id)
        assert stored is not None and "4111" not in stored.segments[0].text


def test_the_connection_speaks_the_library_connection_protocol(pg_url: str) -> None:
    """query / query_one / insert / execute_many / changed / transaction, as the storage
    modules use them, translated from SQLite's dialect."""
    from app.storage.postgres_connection import connect

    open_library(pg_url).close()
    db = connect(pg_url)
    try:
        with db.transaction():
            call_id = db.insert(
                "INSERT INTO calls (source, sha256, imported_at, updated_at) VALUES (?, ?, ?, ?)",
                ("/a.wav", "a" * 64, "t", "t"),
            )
            db.execute_many(
                'INSERT INTO segments (call_id, idx, start, "end", speaker, text) '
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(call_id, i, i, i + 1, "agent", f"100% line {i}") for i in range(3)],
            )
        assert db.query_one("SELECT count(*) AS n FROM segments WHERE text LIKE '100%'") == {"n": 3}
        assert [r["idx"] for r in db.query("SELECT idx FROM segments ORDER BY idx")] == [0, 1, 2]
        assert db.changed("UPDATE segments SET speaker = ? WHERE idx > ?", ("customer", 0)) == 2
        with pytest.raises(ZeroDivisionError), db.transaction():
            db.execute("DELETE FROM segments")
            raise ZeroDivisionError
        assert db.query_one("SELECT count(*) AS n FROM segments") == {"n": 3}  # rolled back
        db.execute(
            "INSERT INTO saved_filters (name, query, created) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
            ("f", "x", "t"),
        )
        db.execute(
            "INSERT INTO saved_filters (name, query, created) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
            ("f", "y", "t"),
        )
        assert db.query("SELECT name, query FROM saved_filters") == [{"name": "f", "query": "y"}]
        assert db.query_one("SELECT 1 AS one WHERE ? = 'a?b'", ("a?b",)) == {"one": 1}
    finally:
        db.close()


def test_a_reviewer_waiting_on_another_computes_the_verdict_from_both(pg_url: str) -> None:
    """Bob corrects while Alice's correction is not committed yet: Bob's transaction
    waits for hers and the stored verdict counts both (no lost update)."""
    import threading
    import time

    from app.storage import corrections

    with open_library(pg_url, reviewer="lead") as library:
        call_id = add_scripted_call(library, load_scripts()[0])
        model = library.get_model_analysis(call_id)
    assert model is not None
    agents = [s.id for s in model.sentences if s.speaker == AGENT]
    alice = open_library(pg_url, reviewer="alice")
    bob = open_library(pg_url, reviewer="bob")
    watcher = psycopg.connect(pg_url, autocommit=True)
    try:
        bob_pid = bob.conn.raw.info.backend_pid  # type: ignore[attr-defined]
        with alice.transaction() as conn:  # what alice.correct_label does, held open
            conn.execute(
                "INSERT INTO label_corrections (call_id, sentence_idx, reviewer, label, "
                "model_label, corrected_at) VALUES (?, ?, 'alice', 'impact_question', ?, 't')",
                (call_id, agents[0], model.sentences[agents[0]].label),
            )
            corrections.refresh_effective(alice.connection, call_id)
            worker = threading.Thread(
                target=bob.correct_label, args=(call_id, agents[1], "impact_question")
            )
            worker.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # until Bob waits for Alice's lock
                row = watcher.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (bob_pid,)
                ).fetchone()
                if row and row[0] == "Lock":
                    break
                time.sleep(0.01)
        worker.join(timeout=30)
        effective = bob.get_analysis(call_id)
        summary = bob.summary(call_id)
        assert effective is not None and summary is not None
        assert effective.metrics["impact_questions"] >= 2
        assert summary.metrics == effective.metrics
    finally:
        watcher.close()
        alice.close()
        bob.close()
