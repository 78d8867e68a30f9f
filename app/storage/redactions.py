"""The redactions table: where a call's placeholders are (issue 15).

Written in the caller's transaction next to the redacted transcript, so a
call's text and its redaction list never disagree. `calls.redacted_at` says
whether the stored text has been through redaction at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.redaction.kinds import Redaction
from app.storage import rows, transcripts
from app.storage.connection import Connection
from app.storage.sql import now
from kernel.domain import Segment, Sentence


def write_redactions(db: Connection, call_id: int, redactions: Sequence[Redaction]) -> None:
    """Replace the call's redactions and mark its text redacted (inside a transaction)."""
    db.execute("DELETE FROM redactions WHERE call_id = ?", (call_id,))
    db.execute_many(
        'INSERT INTO redactions (call_id, start, "end", kind, speaker) VALUES (?, ?, ?, ?, ?)',
        [(call_id, r.start, r.end, r.kind, r.speaker) for r in redactions],
    )
    db.execute("UPDATE calls SET redacted_at = ? WHERE id = ?", (now(), call_id))


def read_redactions(db: Connection, call_id: int) -> list[Redaction]:
    found = db.query(
        'SELECT start, "end", kind, speaker FROM redactions WHERE call_id = ? ORDER BY start',
        (call_id,),
    )
    return [
        Redaction(float(r["start"]), float(r["end"]), str(r["kind"]), str(r["speaker"]))
        for r in found
    ]


def redacted_at(db: Connection, call_id: int) -> str | None:
    row = db.query_one("SELECT redacted_at FROM calls WHERE id = ?", (call_id,))
    return None if row is None else row["redacted_at"]


def is_redacted(db: Connection, call_id: int) -> bool:
    """Whether the stored text went through redaction (False: kept as spoken)."""
    return redacted_at(db, call_id) is not None


def store_redacted_text(
    db: Connection,
    call_id: int,
    segments: list[Segment],
    sentences: list[Sentence],
    before: list[Sentence],
    redactions: Sequence[Redaction],
) -> None:
    """Overwrite a stored call's words, segment and sentence text with redacted ones.

    Sentences keep their ids, labels and corrections (only their text
    changes, and with it the full-text index through its triggers); quoted
    sentences in pattern details follow. Runs inside the caller's transaction
    """
    from app.redaction.apply import requote_patterns

    transcripts.replace_segments(db, call_id, segments)
    db.execute_many(
        "UPDATE sentences SET text = ? WHERE call_id = ? AND idx = ?",
        [
            (new.text, call_id, new.id)
            for old, new in zip(before, sentences, strict=True)
            if old.text != new.text
        ],
    )
    row = db.query_one(
        "SELECT model_patterns, patterns FROM analyses WHERE call_id = ?", (call_id,)
    )
    if row is not None:
        model, effective = (
            rows.patterns_json(requote_patterns(rows.patterns_from_json(text), before, sentences))
            for text in (row["model_patterns"], row["patterns"])
        )
        db.execute(
            "UPDATE analyses SET model_patterns = ?, patterns = ? WHERE call_id = ?",
            (model, effective, call_id),
        )
    write_redactions(db, call_id, redactions)


def store_redacted_call(
    db: Connection,
    call_id: int,
    segments: list[Segment],
    sentences: list[Sentence],
    before: list[Sentence],
    redactions: Sequence[Redaction],
) -> None:
    """`store_redacted_text` in a transaction of its own."""
    with db.transaction():
        store_redacted_text(db, call_id, segments, sentences, before, redactions)
