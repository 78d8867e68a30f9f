"""A supervisor's corrections (label fixes, pattern marks) and the effective analysis they give.

The corrections are kept apart from the model's output; after each change
the effective verdict in `analyses` is recomputed in the same transaction by
the pure rules of models/analysis/corrections.py.

Each correction names its reviewer (the connection's `reviewer`, issue 16).
Several reviewers on one call (docs/TEAM.md):
- each reviewer has at most one correction per sentence (and one mark per
  pattern); correcting again replaces their own, never another reviewer's;
- all are kept, with their authors (`label_correction_history`,
  `pattern_correction_history`);
- the effective one is the latest, whoever made it (the highest id: a
  correction is deleted and inserted again, never updated in place);
- clearing removes the reviewer's own (and an unattributed one from before
  reviewers were recorded); another reviewer's remains and is then effective.
"""

from __future__ import annotations

from typing import Any

from app.storage import analyses, transcripts
from app.storage.connection import Connection
from app.storage.sql import now
from kernel.domain import AGENT, LABELS, PATTERN_NAMES, CallAnalysis, Transcript
from models.analysis.corrections import Corrections, effective_analysis

LEGACY = ""  # the reviewer of corrections made before reviewers were recorded

# The latest correction of each sentence / pattern (the effective ones).
_LATEST_LABEL = (
    "id = (SELECT max(o.id) FROM label_corrections o "
    "WHERE o.call_id = label_corrections.call_id "
    "AND o.sentence_idx = label_corrections.sentence_idx)"
)
_LATEST_PATTERN = (
    "id = (SELECT max(o.id) FROM pattern_corrections o "
    "WHERE o.call_id = pattern_corrections.call_id "
    "AND o.pattern_id = pattern_corrections.pattern_id)"
)


def reviewer_of(db: Connection) -> str:
    """Who is correcting through `db` (set when the library was opened)."""
    return str(getattr(db, "reviewer", "") or "")


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
    reviewer = reviewer_of(db)
    with db.transaction():
        db.execute(
            "DELETE FROM label_corrections WHERE call_id = ? AND sentence_idx = ? AND reviewer = ?",
            (call_id, sentence_idx, reviewer),
        )
        db.execute(
            "INSERT INTO label_corrections (call_id, sentence_idx, reviewer, label, "
            "model_label, corrected_at) VALUES (?, ?, ?, ?, ?, ?)",
            (call_id, sentence_idx, reviewer, label, sentence["label"], now()),
        )
        refresh_effective(db, call_id)


def clear_label_correction(db: Connection, call_id: int, sentence_idx: int) -> None:
    with db.transaction():
        db.execute(
            "DELETE FROM label_corrections WHERE call_id = ? AND sentence_idx = ? "
            "AND reviewer IN (?, ?)",
            (call_id, sentence_idx, reviewer_of(db), LEGACY),
        )
        refresh_effective(db, call_id)


def correct_pattern(db: Connection, call_id: int, pattern_id: str, present: bool | None) -> None:
    """Force a pattern in (True) or out (False); None withdraws this reviewer's mark."""
    if pattern_id not in PATTERN_NAMES:
        raise ValueError(f"unknown pattern {pattern_id!r}")
    reviewer = reviewer_of(db)
    with db.transaction():
        db.execute(
            "DELETE FROM pattern_corrections WHERE call_id = ? AND pattern_id = ? "
            "AND reviewer IN (?, ?)",
            (call_id, pattern_id, reviewer, LEGACY if present is None else reviewer),
        )
        if present is not None:
            db.execute(
                "INSERT INTO pattern_corrections (call_id, pattern_id, reviewer, present, "
                "corrected_at) VALUES (?, ?, ?, ?, ?)",
                (call_id, pattern_id, reviewer, int(present), now()),
            )
        refresh_effective(db, call_id)


def clear_corrections(db: Connection, call_id: int) -> None:
    """Drop all of a call's corrections (a fresh analysis; inside a transaction)."""
    db.execute("DELETE FROM label_corrections WHERE call_id = ?", (call_id,))
    db.execute("DELETE FROM pattern_corrections WHERE call_id = ?", (call_id,))


def label_corrections(db: Connection, call_id: int) -> list[dict[str, Any]]:
    """The effective correction of each corrected sentence (the latest), with its reviewer."""
    return db.query(
        "SELECT sentence_idx, label, model_label, corrected_at, reviewer FROM "
        f"label_corrections WHERE call_id = ? AND {_LATEST_LABEL} ORDER BY sentence_idx",
        (call_id,),
    )


def pattern_corrections(db: Connection, call_id: int) -> list[dict[str, Any]]:
    found = db.query(
        "SELECT pattern_id, present, corrected_at, reviewer FROM pattern_corrections "
        f"WHERE call_id = ? AND {_LATEST_PATTERN} ORDER BY pattern_id",
        (call_id,),
    )
    for row in found:
        row["present"] = bool(row["present"])
    return found


def label_correction_history(db: Connection, call_id: int) -> list[dict[str, Any]]:
    """Every reviewer's label correction of the call, oldest first (the last of a sentence
    is its effective one)."""
    return db.query(
        "SELECT sentence_idx, label, model_label, corrected_at, reviewer "
        "FROM label_corrections WHERE call_id = ? ORDER BY id",
        (call_id,),
    )


def pattern_correction_history(db: Connection, call_id: int) -> list[dict[str, Any]]:
    """Every reviewer's pattern mark on the call, oldest first."""
    found = db.query(
        "SELECT pattern_id, present, corrected_at, reviewer "
        "FROM pattern_corrections WHERE call_id = ? ORDER BY id",
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
    """Recompute the stored effective verdict after a correction (same transaction).

    An engine that lets two writers in at once (PostgreSQL) first locks the call, so
    a second reviewer's recomputation waits and then sees the first one's correction."""
    lock_call = getattr(db, "lock_call", None)
    if lock_call is not None:
        lock_call(call_id)
    found = effective(db, call_id, transcript, model)
    if found is not None:
        analyses.write_effective(db, call_id, found)


def export_training_corrections(db: Connection) -> list[dict[str, Any]]:
    """Corrected agent sentences as classifier training rows (text, context, label)."""
    out: list[dict[str, Any]] = []
    for fix in db.query(
        f"SELECT * FROM label_corrections WHERE {_LATEST_LABEL} ORDER BY call_id, sentence_idx"
    ):
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
