"""The redactions table: where a call's placeholders are (issue 15).

Written in the caller's transaction next to the redacted transcript, so a
call's text and its redaction list never disagree. `calls.redacted_at` says
whether the stored text has been through redaction at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from app.redaction.kinds import Redaction
from app.storage import rows
from kernel.domain import Segment, Sentence


def write_redactions(
    conn: sqlite3.Connection, call_id: int, redactions: Sequence[Redaction]
) -> None:
    """Replace the call's redactions and mark its text redacted (inside a transaction)."""
    conn.execute("DELETE FROM redactions WHERE call_id = ?", (call_id,))
    conn.executemany(
        'INSERT INTO redactions (call_id, start, "end", kind, speaker) VALUES (?, ?, ?, ?, ?)',
        [(call_id, r.start, r.end, r.kind, r.speaker) for r in redactions],
    )
    conn.execute(
        "UPDATE calls SET redacted_at = ? WHERE id = ?",
        (datetime.now(UTC).isoformat(timespec="seconds"), call_id),
    )


def read_redactions(conn: sqlite3.Connection, call_id: int) -> list[Redaction]:
    rows = conn.execute(
        'SELECT start, "end", kind, speaker FROM redactions WHERE call_id = ? ORDER BY start',
        (call_id,),
    ).fetchall()
    return [Redaction(float(r[0]), float(r[1]), str(r[2]), str(r[3])) for r in rows]


def redacted_at(conn: sqlite3.Connection, call_id: int) -> str | None:
    row = conn.execute("SELECT redacted_at FROM calls WHERE id = ?", (call_id,)).fetchone()
    return None if row is None else row[0]


def store_redacted_text(
    conn: sqlite3.Connection,
    call_id: int,
    segments: list[Segment],
    sentences: list[Sentence],
    before: list[Sentence],
    redactions: Sequence[Redaction],
) -> None:
    """Overwrite a stored call's words, segment and sentence text with redacted ones.

    Sentences keep their ids, labels and corrections (only their text
    changes, and with it the full-text index through its triggers); quoted
    sentences in pattern details follow. Runs inside the caller's transaction.
    """
    from app.redaction.apply import requote_patterns

    seg_rows, word_rows = rows.segment_rows(call_id, segments)
    conn.execute("DELETE FROM words WHERE call_id = ?", (call_id,))
    conn.execute("DELETE FROM segments WHERE call_id = ?", (call_id,))
    for table, columns, values in (
        ("segments", rows.SEGMENT_COLUMNS, seg_rows),
        ("words", rows.WORD_COLUMNS, word_rows),
    ):
        if values:
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
    conn.executemany(
        "UPDATE sentences SET text = ? WHERE call_id = ? AND idx = ?",
        [
            (new.text, call_id, new.id)
            for old, new in zip(before, sentences, strict=True)
            if old.text != new.text
        ],
    )
    row = conn.execute(
        "SELECT model_patterns, patterns FROM analyses WHERE call_id = ?", (call_id,)
    ).fetchone()
    if row is not None:
        model, effective = (
            rows.patterns_json(requote_patterns(rows.patterns_from_json(text), before, sentences))
            for text in (row[0], row[1])
        )
        conn.execute(
            "UPDATE analyses SET model_patterns = ?, patterns = ? WHERE call_id = ?",
            (model, effective, call_id),
        )
    write_redactions(conn, call_id, redactions)
