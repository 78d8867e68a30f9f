"""A call's review: status, score and notes (columns of `calls`), and who set them.

Each review is also kept in `reviews` with its reviewer (issue 16): the call
shows the latest (`reviewed_by`), the history keeps everyone's.
"""

from __future__ import annotations

from typing import Any

from app.storage.connection import Connection
from app.storage.sql import now

REVIEW_STATES = ("unreviewed", "in_review", "reviewed")


def set_review(db: Connection, call_id: int, status: str, score: int | None, notes: str) -> None:
    if status not in REVIEW_STATES:
        raise ValueError(f"unknown review status {status!r}")
    if score is not None and not 0 <= int(score) <= 100:
        raise ValueError("score must be between 0 and 100")
    at = now()
    reviewed_at = at if status == "reviewed" else None
    reviewer = str(getattr(db, "reviewer", "") or "")
    with db.transaction():
        db.execute(
            "UPDATE calls SET review_status = ?, review_score = ?, review_notes = ?, "
            "reviewed_at = ?, reviewed_by = ? WHERE id = ?",
            (status, score, notes, reviewed_at, reviewer, call_id),
        )
        db.execute(
            "INSERT INTO reviews (call_id, reviewer, status, score, notes, reviewed_at) "
            "SELECT id, ?, ?, ?, ?, ? FROM calls WHERE id = ?",
            (reviewer, status, score, notes, at, call_id),
        )


def reviewed_by(db: Connection, call_id: int) -> str | None:
    """Who set the call's review (None: nobody, or before reviewers were recorded)."""
    row = db.query_one("SELECT reviewed_by FROM calls WHERE id = ?", (call_id,))
    return None if row is None else row["reviewed_by"]


def review_history(db: Connection, call_id: int) -> list[dict[str, Any]]:
    """Every review of the call (status, score, notes, who, when), oldest first."""
    return db.query(
        "SELECT reviewer, status, score, notes, reviewed_at FROM reviews "
        "WHERE call_id = ? ORDER BY id",
        (call_id,),
    )
