"""A call's review: status, score and notes (columns of `calls`)."""

from __future__ import annotations

from app.storage.connection import Connection
from app.storage.sql import now

REVIEW_STATES = ("unreviewed", "in_review", "reviewed")


def set_review(db: Connection, call_id: int, status: str, score: int | None, notes: str) -> None:
    if status not in REVIEW_STATES:
        raise ValueError(f"unknown review status {status!r}")
    if score is not None and not 0 <= int(score) <= 100:
        raise ValueError("score must be between 0 and 100")
    reviewed_at = now() if status == "reviewed" else None
    db.execute(
        "UPDATE calls SET review_status = ?, review_score = ?, review_notes = ?, "
        "reviewed_at = ? WHERE id = ?",
        (status, score, notes, reviewed_at, call_id),
    )
