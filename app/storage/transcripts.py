"""Segments and words: a call's transcript, written inside the caller's transaction."""

from __future__ import annotations

import json
from typing import Any

from app.storage import rows
from app.storage.calls import timings_json
from app.storage.connection import Connection
from app.storage.sql import insert_many, now, update_by_id
from kernel.domain import Segment, Transcript


def replace_segments(db: Connection, call_id: int, segments: list[Segment]) -> None:
    """The call's segments and words, replacing any stored ones (inside a transaction)."""
    seg_rows, word_rows = rows.segment_rows(call_id, segments)
    db.execute("DELETE FROM words WHERE call_id = ?", (call_id,))
    db.execute("DELETE FROM segments WHERE call_id = ?", (call_id,))
    insert_many(db, "segments", rows.SEGMENT_COLUMNS, seg_rows)
    insert_many(db, "words", rows.WORD_COLUMNS, word_rows)


def write_transcript(
    db: Connection, call_id: int, transcript: Transcript, timings: dict[str, float] | None
) -> None:
    """Segments, words and the call's ASR model, length and diarization (inside a transaction)."""
    replace_segments(db, call_id, transcript.segments)
    values: dict[str, Any] = dict(
        asr_model=transcript.asr_model,
        duration_s=transcript.duration_s,
        diarization=None if transcript.diarization is None else json.dumps(transcript.diarization),
        updated_at=now(),
    )
    if timings is not None:
        values["timings"] = timings_json(timings)
    update_by_id(db, "calls", call_id, values)


def get_transcript(db: Connection, call_id: int) -> Transcript | None:
    call = db.query_one(
        "SELECT asr_model, duration_s, diarization FROM calls WHERE id = ?", (call_id,)
    )
    if call is None:
        return None
    segs = db.query("SELECT * FROM segments WHERE call_id = ? ORDER BY idx", (call_id,))
    words = db.query(
        'SELECT segment_idx, start, "end", word, probability FROM words '
        "WHERE call_id = ? ORDER BY segment_idx, idx",
        (call_id,),
    )
    return Transcript(
        segments=rows.segments_from_rows(segs, words),
        asr_model=str(call["asr_model"]),
        duration_s=float(call["duration_s"]),
        diarization=None if call["diarization"] is None else json.loads(call["diarization"]),
    )
