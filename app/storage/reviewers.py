"""Who reviewed: every correction, review and clip stamped with its reviewer (issue 16).

A library is opened for one reviewer (`Library.reviewer`: the name set once
in Settings; on the command line `--reviewer` or $CALLSCOPE_REVIEWER; else
the operating-system user name). `ReviewerMixin` gives `Library` the
reviewer-aware corrections, reviews and clips; the SQL is the same on SQLite
and PostgreSQL.

The rule when several reviewers correct one call (docs/TEAM.md):
- each reviewer has at most one correction per sentence (and per pattern);
  correcting again replaces their own, never another reviewer's;
- all of them are kept, with their authors (`label_correction_history`,
  `pattern_correction_history`);
- the effective label (and pattern mark) is the latest correction, whoever
  made it: the highest id, i.e. the last one stored;
- clearing removes the reviewer's own correction (and an unattributed one
  from before reviewers were recorded); another reviewer's remains and is then
  the effective one. To overrule a colleague, correct the sentence yourself.
- a review (status, score, notes) is kept in `reviews` for each time it is
  set; the call shows the latest, with `reviewed_by`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from kernel.domain import AGENT, LABELS, PATTERN_NAMES
from kernel.library_target import REVIEWER_ENV, default_reviewer

__all__ = ["REVIEWER_ENV", "ReviewerMixin", "default_reviewer"]

REVIEW_STATES = ("unreviewed", "in_review", "reviewed")
LEGACY = ""  # corrections stored before reviewers were recorded

# The latest correction of each sentence / pattern of one call.
_LATEST_LABELS = (
    "SELECT sentence_idx, label, model_label, corrected_at, reviewer FROM label_corrections lc "
    "WHERE call_id = ? AND id = (SELECT max(id) FROM label_corrections o "
    "WHERE o.call_id = lc.call_id AND o.sentence_idx = lc.sentence_idx) ORDER BY sentence_idx"
)
_LATEST_PATTERNS = (
    "SELECT pattern_id, present, corrected_at, reviewer FROM pattern_corrections pc "
    "WHERE call_id = ? AND id = (SELECT max(id) FROM pattern_corrections o "
    "WHERE o.call_id = pc.call_id AND o.pattern_id = pc.pattern_id) ORDER BY pattern_id"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ReviewerMixin:
    """Reviewer-aware corrections and reviews for a `Library` (SQLite or PostgreSQL)."""

    reviewer: str
    conn: Any

    if TYPE_CHECKING:  # provided by Library (declared here only for type checkers)

        def transaction(self, *, outlast_writers: bool = False) -> Any: ...
        def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None: ...
        def _all(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...
        def _refresh_effective(
            self, conn: Any, call_id: int, transcript: Any = None, model: Any = None
        ) -> None: ...

    def correct_label(self, call_id: int, sentence_idx: int, label: str) -> None:
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}; one of {', '.join(LABELS)}")
        sentence = self._one(
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
        with self.transaction() as conn:
            # delete + insert, not an update: the new row gets the highest id (the latest)
            conn.execute(
                "DELETE FROM label_corrections WHERE call_id = ? AND sentence_idx = ? "
                "AND reviewer = ?",
                (call_id, sentence_idx, self.reviewer),
            )
            conn.execute(
                "INSERT INTO label_corrections (call_id, sentence_idx, reviewer, label, "
                "model_label, corrected_at) VALUES (?, ?, ?, ?, ?, ?)",
                (call_id, sentence_idx, self.reviewer, label, sentence["label"], _now()),
            )
            self._refresh_effective(conn, call_id)

    def clear_label_correction(self, call_id: int, sentence_idx: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM label_corrections WHERE call_id = ? AND sentence_idx = ? "
                "AND reviewer IN (?, ?)",
                (call_id, sentence_idx, self.reviewer, LEGACY),
            )
            self._refresh_effective(conn, call_id)

    def correct_pattern(self, call_id: int, pattern_id: str, present: bool | None) -> None:
        """Force a pattern in (True) or out (False); None withdraws this reviewer's mark."""
        if pattern_id not in PATTERN_NAMES:
            raise ValueError(f"unknown pattern {pattern_id!r}")
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM pattern_corrections WHERE call_id = ? AND pattern_id = ? "
                "AND reviewer IN (?, ?)",
                (call_id, pattern_id, self.reviewer, LEGACY if present is None else self.reviewer),
            )
            if present is not None:
                conn.execute(
                    "INSERT INTO pattern_corrections (call_id, pattern_id, reviewer, present, "
                    "corrected_at) VALUES (?, ?, ?, ?, ?)",
                    (call_id, pattern_id, self.reviewer, int(present), _now()),
                )
            self._refresh_effective(conn, call_id)

    def label_corrections(self, call_id: int) -> list[dict[str, Any]]:
        """The effective correction of each corrected sentence (the latest), with its reviewer."""
        return self._all(_LATEST_LABELS, (call_id,))

    def pattern_corrections(self, call_id: int) -> list[dict[str, Any]]:
        found = self._all(_LATEST_PATTERNS, (call_id,))
        for row in found:
            row["present"] = bool(row["present"])
        return found

    def label_correction_history(self, call_id: int) -> list[dict[str, Any]]:
        """Every reviewer's correction of the call, oldest first (the last of a sentence wins)."""
        return self._all(
            "SELECT sentence_idx, label, model_label, corrected_at, reviewer "
            "FROM label_corrections WHERE call_id = ? ORDER BY id",
            (call_id,),
        )

    def pattern_correction_history(self, call_id: int) -> list[dict[str, Any]]:
        found = self._all(
            "SELECT pattern_id, present, corrected_at, reviewer "
            "FROM pattern_corrections WHERE call_id = ? ORDER BY id",
            (call_id,),
        )
        for row in found:
            row["present"] = bool(row["present"])
        return found

    def set_review(self, call_id: int, status: str, score: int | None, notes: str) -> None:
        if status not in REVIEW_STATES:
            raise ValueError(f"unknown review status {status!r}")
        if score is not None and not 0 <= int(score) <= 100:
            raise ValueError("score must be between 0 and 100")
        now = _now()
        reviewed_at = now if status == "reviewed" else None
        with self.transaction() as conn:
            conn.execute(
                "UPDATE calls SET review_status = ?, review_score = ?, review_notes = ?, "
                "reviewed_at = ?, reviewed_by = ? WHERE id = ?",
                (status, score, notes, reviewed_at, self.reviewer, call_id),
            )
            conn.execute(
                "INSERT INTO reviews (call_id, reviewer, status, score, notes, reviewed_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (call_id, self.reviewer, status, score, notes, now),
            )

    def reviewed_by(self, call_id: int) -> str | None:
        row = self._one("SELECT reviewed_by FROM calls WHERE id = ?", (call_id,))
        return None if row is None else row["reviewed_by"]

    def review_history(self, call_id: int) -> list[dict[str, Any]]:
        """Every review of the call (status, score, notes, who, when), oldest first."""
        return self._all(
            "SELECT reviewer, status, score, notes, reviewed_at FROM reviews "
            "WHERE call_id = ? ORDER BY id",
            (call_id,),
        )

    def add_clip(self, call_id: int, start_s: float, end_s: float, title: str,
                 tags: Any = (), note: str = "") -> int:  # fmt: skip
        clip_id = int(super().add_clip(call_id, start_s, end_s, title, tags, note))  # type: ignore[misc]
        self.conn.execute("UPDATE clips SET created_by = ? WHERE id = ?", (self.reviewer, clip_id))
        return clip_id

    def clip_author(self, clip_id: int) -> str | None:
        row = self._one("SELECT created_by FROM clips WHERE id = ?", (clip_id,))
        return None if row is None else row["created_by"]

    def export_training_corrections(self) -> list[dict[str, Any]]:
        """Training rows from the effective corrections only (one per sentence)."""
        rows: list[dict[str, Any]] = super().export_training_corrections()  # type: ignore[misc]
        latest: dict[tuple[int, int], dict[str, Any]] = {}
        for row in rows:  # ordered by call, sentence; the base reads every reviewer's rows
            latest[(row["call_id"], row["sentence_id"])] = row
        effective = {
            (int(r["call_id"]), int(r["sentence_idx"])): str(r["label"])
            for r in self._all(
                "SELECT call_id, sentence_idx, label FROM label_corrections lc WHERE id = "
                "(SELECT max(id) FROM label_corrections o WHERE o.call_id = lc.call_id "
                "AND o.sentence_idx = lc.sentence_idx)"
            )
        }
        out = []
        for key, row in latest.items():
            if key in effective:
                out.append({**row, "label": effective[key]})
        return out
