"""Numbered schema migrations, applied in order and recorded in `PRAGMA user_version`.

Append new steps; never edit a step that has shipped (libraries in the field
have already run it).
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: calls, transcripts, analyses, review, clips, saved filters, full-text search
    """
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        duration_s REAL NOT NULL DEFAULT 0,
        channels INTEGER NOT NULL DEFAULT 1,
        source_sample_rate INTEGER,
        codec TEXT NOT NULL DEFAULT '',
        agent_channel TEXT NOT NULL DEFAULT 'left',
        agent TEXT,
        team TEXT,
        call_date TEXT,
        status TEXT NOT NULL DEFAULT 'pending',
        error TEXT NOT NULL DEFAULT '',
        asr_model TEXT NOT NULL DEFAULT '',
        diarization TEXT,
        timings TEXT NOT NULL DEFAULT '{}',
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        review_status TEXT NOT NULL DEFAULT 'unreviewed',
        review_score INTEGER,
        review_notes TEXT NOT NULL DEFAULT '',
        reviewed_at TEXT
    );
    CREATE INDEX calls_status ON calls(status);
    CREATE INDEX calls_date ON calls(call_date);
    CREATE INDEX calls_agent ON calls(agent);

    CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        "end" REAL NOT NULL,
        speaker TEXT NOT NULL,
        channel INTEGER,
        speaker_confidence REAL,
        text TEXT NOT NULL,
        UNIQUE (call_id, idx)
    );

    CREATE TABLE words (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        segment_idx INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        "end" REAL NOT NULL,
        word TEXT NOT NULL,
        probability REAL NOT NULL
    );
    CREATE INDEX words_call ON words(call_id, segment_idx, idx);

    -- The model's sentences and labels (corrections live apart, below).
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        "end" REAL NOT NULL,
        speaker TEXT NOT NULL,
        text TEXT NOT NULL,
        label TEXT,
        confidence REAL,
        scores TEXT,
        is_question INTEGER NOT NULL DEFAULT 0,
        raises_concern INTEGER NOT NULL DEFAULT 0,
        segment_index INTEGER,
        model_version TEXT NOT NULL DEFAULT '',
        UNIQUE (call_id, idx)
    );

    -- One row per analysed call: the model's verdict and the effective one
    -- (after the supervisor's corrections), so lists never recompute.
    CREATE TABLE analyses (
        call_id INTEGER PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
        classifier_version TEXT NOT NULL DEFAULT '',
        fast_fix_s REAL NOT NULL,
        separate_channels INTEGER NOT NULL DEFAULT 1,
        analysed_at TEXT NOT NULL,
        model_rushed INTEGER NOT NULL,
        model_patterns TEXT NOT NULL,
        model_metrics TEXT NOT NULL,
        rushed INTEGER NOT NULL,
        patterns TEXT NOT NULL,
        metrics TEXT NOT NULL
    );

    CREATE TABLE label_corrections (
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        sentence_idx INTEGER NOT NULL,
        label TEXT NOT NULL,
        model_label TEXT,
        corrected_at TEXT NOT NULL,
        PRIMARY KEY (call_id, sentence_idx)
    );

    CREATE TABLE pattern_corrections (
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        pattern_id TEXT NOT NULL,
        present INTEGER NOT NULL,
        corrected_at TEXT NOT NULL,
        PRIMARY KEY (call_id, pattern_id)
    );

    CREATE TABLE clips (
        id INTEGER PRIMARY KEY,
        call_id INTEGER REFERENCES calls(id) ON DELETE SET NULL,
        source TEXT NOT NULL DEFAULT '',
        start_s REAL NOT NULL,
        end_s REAL NOT NULL,
        title TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL
    );

    CREATE TABLE saved_filters (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        created TEXT NOT NULL
    );

    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        text, content='sentences', content_rowid='id', tokenize='porter unicode61'
    );
    CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER sentences_au AFTER UPDATE OF text ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END;
    """,
    # 2: redactions (issue 15): each placeholder's words, so audio can be muted over them;
    # calls.redacted_at is NULL while a call's text is as spoken
    """
    CREATE TABLE redactions (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        start REAL NOT NULL,
        "end" REAL NOT NULL,
        kind TEXT NOT NULL,
        speaker TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX redactions_call ON redactions(call_id, start);
    ALTER TABLE calls ADD COLUMN redacted_at TEXT;
    """,
    # 3: reviewers (issue 16): every correction, review and clip names its author;
    # corrections are keyed by reviewer too, so two reviewers' corrections are both
    # kept (the newest, highest id, is the effective one); reviews keeps each review
    """
    ALTER TABLE calls ADD COLUMN reviewed_by TEXT;
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        reviewer TEXT NOT NULL,
        status TEXT NOT NULL,
        score INTEGER,
        notes TEXT NOT NULL DEFAULT '',
        reviewed_at TEXT NOT NULL
    );
    CREATE INDEX reviews_call ON reviews(call_id, id);

    CREATE TABLE label_corrections_3 (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        sentence_idx INTEGER NOT NULL,
        reviewer TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL,
        model_label TEXT,
        corrected_at TEXT NOT NULL,
        UNIQUE (call_id, sentence_idx, reviewer)
    );
    INSERT INTO label_corrections_3 (call_id, sentence_idx, label, model_label, corrected_at)
        SELECT call_id, sentence_idx, label, model_label, corrected_at
        FROM label_corrections ORDER BY corrected_at, call_id, sentence_idx;
    DROP TABLE label_corrections;
    ALTER TABLE label_corrections_3 RENAME TO label_corrections;

    CREATE TABLE pattern_corrections_3 (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        pattern_id TEXT NOT NULL,
        reviewer TEXT NOT NULL DEFAULT '',
        present INTEGER NOT NULL,
        corrected_at TEXT NOT NULL,
        UNIQUE (call_id, pattern_id, reviewer)
    );
    INSERT INTO pattern_corrections_3 (call_id, pattern_id, present, corrected_at)
        SELECT call_id, pattern_id, present, corrected_at
        FROM pattern_corrections ORDER BY corrected_at, call_id, pattern_id;
    DROP TABLE pattern_corrections;
    ALTER TABLE pattern_corrections_3 RENAME TO pattern_corrections;

    ALTER TABLE clips ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


class NewerLibraryError(RuntimeError):
    """The file was written by a newer Callscope; opening it could damage it."""


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION; each step in its own transaction."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise NewerLibraryError(
            f"library schema {version} is newer than this Callscope understands "
            f"({SCHEMA_VERSION}); update Callscope"
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        script = MIGRATIONS[number - 1]
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    """Split a script into statements (triggers hold `;` inside BEGIN ... END)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer.strip() and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
