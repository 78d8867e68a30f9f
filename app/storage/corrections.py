"""A supervisor's corrections (label fixes, pattern marks) and the effective analysis they give.

The corrections are kept apart from the model's output; after each change
the effective verdict in `analyses` is recomputed in the same transaction by
the pure rules of models/analysis/corrections.py.
"""

from __future__ import annotations

from typing import Any

from app.storage import analyses, transcripts
from app.storage.connection import Connection
from app.storage.sql import now, upsert_sql
from kernel.domain import AGENT, LABELS, PATTERN_NAMES, CallAnalysis, Transcript
from models.analysis.corrections import Corrections, effective_analysis

_UPSERT_LABEL = upsert_sql(
    "label_corrections",
    ("call_id", "sentence_idx", "label", "model_label", "corrected_at"),
    ("call_id", "sentence_idx"),
)
_UPSERT_PATTERN = upsert_sql(
    "pattern_corrections",
    ("call_id", "pattern_id", "present", "corrected_at"),
    ("call_id", "pattern_id"),
)


def correct_label(db: Connection, call_id: int, sentence_idx: int, label: str) -> None:
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}; one of {', '.join(LABELS)}")
    sentence = db.query_one(
        "SELECT speaker, label FROM sentences WHERE call_id = ? AND idx = ?",
        (call_id, sentence_idx),
    )
    if sentence is None:
        raise LookupError(f"call {call_id} has no sentence {sentence_idx}")
    if sentence["speaker"] != AGENT:
        raise ValueError(
            f"sentence {sentence_idx} is the {sentence['speaker']}'s: "
            "only agent sentences have labels"
        )
    with db.transaction():
        db.execute(_UPSERT_LABEL, (call_id, sentence_idx, label, sentence["label"], now()))
        refresh_effective(db, call_id)


def clear_label_correction(db: Connection, call_id: int, sentence_idx: int) -> None:
    with db.transaction():
        db.execute(
            "DELETE FROM label_corrections WHERE call_id = ? AND sentence_idx = ?",
            (call_id, sentence_idx),
        )
        refresh_effective(db, call_id)


def correct_pattern(db: Connection, call_id: int, pattern_id: str, present: bool | None) -> None:
    """Force a pattern in (True) or out (False); None returns it to the model's verdict."""
    if pattern_id not in PATTERN_NAMES:
        raise ValueError(f"unknown pattern {pattern_id!r}")
    with db.transaction():
        if present is None:
            db.execute(
                "DELETE FROM pattern_corrections WHERE call_id = ? AND pattern_id = ?",
                (call_id, pattern_id),
            )
        else:
            db.execute(_UPSERT_PATTERN, (call_id, pattern_id, int(present), now()))
        refresh_effective(db, call_id)


def clear_corrections(db: Connection, call_id: int) -> None:
    """Drop all of a call's corrections (a fresh analysis; inside a transaction)."""
    db.execute("DELETE FROM label_corrections WHERE call_id = ?", (call_id,))
    db.execute("DELETE FROM pattern_corrections WHERE call_id = ?", (call_id,))


def label_corrections(db: Connection, call_id: int) -> list[dict[str, Any]]:
    return db.query(
        "SELECT sentence_idx, label, model_label, corrected_at FROM "
        "label_corrections WHERE call_id = ? ORDER BY sentence_idx",
        (call_id,),
    )


def pattern_corrections(db: Connection, call_id: int) -> list[dict[str, Any]]:
    found = db.query(
        "SELECT pattern_id, present, corrected_at FROM pattern_corrections "
        "WHERE call_id = ? ORDER BY pattern_id",
        (call_id,),
    )
    for row in found:
        row["present"] = bool(row["present"])
    return found


def load_corrections(db: Connection, call_id: int, *, with_marks: bool = True) -> Corrections:
    labels = {int(r["sentence_idx"]): str(r["label"]) for r in label_corrections(db, call_id)}
    marks = (
        {str(r["pattern_id"]): bool(r["present"]) for r in pattern_corrections(db, call_id)}
        if with_marks
        else {}
    )
    return Corrections(labels, marks)


def effective(
    db: Connection,
    call_id: int,
    transcript: Transcript | None = None,
    model: CallAnalysis | None = None,
    *,
    with_marks: bool = True,
) -> CallAnalysis | None:
    """The model's analysis with the call's corrections applied (None: not analysed)."""
    model = model or analyses.get_model_analysis(db, call_id)
    if model is None:
        return None
    corrections = load_corrections(db, call_id, with_marks=with_marks)
    if not corrections:
        return model
    transcript = transcript or transcripts.get_transcript(db, call_id)
    settings = analyses.analysis_settings(db, call_id)
    assert transcript is not None and settings is not None
    return effective_analysis(
        model,
        transcript.segments,
        transcript.duration_s,
        corrections,
        fast_fix_s=float(settings["fast_fix_s"]),
        separate_channels=bool(settings["separate_channels"]),
    )


def refresh_effective(
    db: Connection,
    call_id: int,
    transcript: Transcript | None = None,
    model: CallAnalysis | None = None,
) -> None:
    """Recompute the stored effective verdict after a correction (same transaction)."""
    found = effective(db, call_id, transcript, model)
    if found is not None:
        analyses.write_effective(db, call_id, found)


def export_training_corrections(db: Connection) -> list[dict[str, Any]]:
    """Corrected agent sentences as classifier training rows (text, context, label)."""
    out: list[dict[str, Any]] = []
    for fix in db.query("SELECT * FROM label_corrections ORDER BY call_id, sentence_idx"):
        call_id, idx = int(fix["call_id"]), int(fix["sentence_idx"])
        sentence = db.query_one(
            "SELECT text FROM sentences WHERE call_id = ? AND idx = ?", (call_id, idx)
        )
        if sentence is None:
            continue
        context = db.query_one(
            "SELECT text FROM sentences WHERE call_id = ? AND idx < ? AND "
            "speaker = 'customer' ORDER BY idx DESC LIMIT 1",
            (call_id, idx),
        )
        out.append(
            {
                "text": sentence["text"],
                "context": context["text"] if context else "",
                "label": fix["label"],
                "model_label": fix["model_label"],
                "call_id": call_id,
                "sentence_id": idx,
                "source": "supervisor_correction",
            }
        )
    return out
