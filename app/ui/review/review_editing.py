"""What the supervisor changes in Review: label corrections, pattern marks, the verdict, undo.

`ReviewEditing` is the part of `CallReviewView` (GUI thread) that writes:
each change is a QUndoStack command (Ctrl+Z) that goes to the store through
the view's `ReviewGateway`, then re-reads the call; the first change starts
the review ("in review"); `call_changed(call_id)` tells the library list.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from app.label_colors import label_title
from app.ui.review.label_correction_command import LabelCorrectionCommand
from app.ui.review.pattern_mark_command import PatternMarkCommand
from app.ui.review.review_data import (
    IN_REVIEW,
    PATTERN_MISSING,
    PATTERN_WRONG,
    REVIEWED,
    UNREVIEWED,
    ReviewData,
    SentenceRow,
)
from app.ui.review.review_status_command import ReviewStatusCommand
from app.ui.widgets.timeline_widget import clock
from kernel.domain import LABELS

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QLabel, QPushButton

    from app.ui.review.review_gateway import ReviewGateway
    from app.ui.review.review_header import ReviewHeader
    from app.ui.review.review_panel import ReviewPanel
    from app.ui.review.transcript_model import TranscriptModel

log = logging.getLogger(__name__)


class ReviewEditing:
    """Corrections, pattern marks and the review verdict of `CallReviewView` (a mixin)."""

    # provided by CallReviewView
    call_id: int | None
    data: ReviewData | None
    gateway: ReviewGateway
    undo_stack: QUndoStack
    model: TranscriptModel
    status_line: QLabel
    review_panel: ReviewPanel
    header: ReviewHeader
    reviewed_button: QPushButton
    undo_button: QPushButton
    redo_button: QPushButton
    call_changed: SignalInstance

    def reload(self) -> None:  # CallReviewView's
        raise NotImplementedError

    def undo(self) -> None:
        """Undo the last change and say which (it may be out of sight)."""
        text = self.undo_stack.undoText()
        self.undo_stack.undo()
        if text:
            self.status_line.setText(f"Undone: {text}.")

    def redo(self) -> None:
        text = self.undo_stack.redoText()
        self.undo_stack.redo()
        if text:
            self.status_line.setText(f"Redone: {text}.")

    def on_undo_text_changed(self, text: str) -> None:
        self.undo_button.setToolTip(f"Undo {text} (Ctrl+Z)" if text else "Nothing to undo")

    def on_redo_text_changed(self, text: str) -> None:
        self.redo_button.setToolTip(f"Redo {text} (Ctrl+Shift+Z)" if text else "Nothing to redo")

    # -- corrections -----------------------------------------------------

    def correct_label(self, sentence_id: int, label: str) -> None:
        """Replace the label of one agent sentence (undoable)."""
        row = self._row_for(sentence_id)
        if self.call_id is None or row is None or label not in LABELS or row.label == label:
            return
        old = row.label if row.corrected else None
        self.undo_stack.push(
            LabelCorrectionCommand(
                self._apply_label, self.call_id, sentence_id, label, old, row.model_label
            )
        )

    def reset_label(self, sentence_id: int) -> None:
        """Go back to the model's label (undoable)."""
        row = self._row_for(sentence_id)
        if self.call_id is None or row is None or not row.corrected:
            return
        self.undo_stack.push(
            LabelCorrectionCommand(
                self._apply_label, self.call_id, sentence_id, None, row.label, row.model_label
            )
        )

    def _row_for(self, sentence_id: int) -> SentenceRow | None:
        row = self.model.row_of_sentence(sentence_id)
        return self.model.row_at(row) if row >= 0 else None

    def _apply_label(self, call_id: int, sentence_id: int, label: str | None) -> None:
        self._write(lambda: self.gateway.correct_label(call_id, sentence_id, label), call_id)
        shown = label_title(label) if label else "the model's label"
        self.status_line.setText(f"Sentence at {self._clock_of(sentence_id)} now: {shown}.")

    def _apply_mark(self, call_id: int, pattern_id: str, mark: str | None) -> None:
        self._write(lambda: self.gateway.mark_pattern(call_id, pattern_id, mark), call_id)

    def _write(self, action: Any, call_id: int) -> None:
        try:
            action()
        except Exception as exc:  # the store refused: say so, keep the screen usable
            log.exception("review change failed")
            self.status_line.setText(f"Could not save the change: {exc}")
        if call_id == self.call_id:
            self.reload()
            if self.data is not None and self.data.review_status == UNREVIEWED:
                # a correction starts the review; the library lists the call "in review"
                message = self.status_line.text()
                self._save_review(IN_REVIEW, emit=False)
                self.status_line.setText(message)
        self.call_changed.emit(call_id)

    def _clock_of(self, sentence_id: int) -> str:
        row = self._row_for(sentence_id)
        return clock(row.sentence.start) if row else "?"

    def on_pattern_mark_toggled(self, pattern_id: str, marked: bool) -> None:
        if self.call_id is None or self.data is None:
            return
        detected = any(hit.id == pattern_id for hit in self.data.patterns)
        new = (PATTERN_WRONG if detected else PATTERN_MISSING) if marked else None
        old = self.data.pattern_marks.get(pattern_id)
        if new != old:
            self.undo_stack.push(
                PatternMarkCommand(self._apply_mark, self.call_id, pattern_id, new, old)
            )

    def on_pattern_confirm_toggled(self, pattern_id: str, confirmed: bool) -> None:
        """A found but unsure pattern confirmed (marked present, so sure) or unconfirmed."""
        if self.call_id is None or self.data is None:
            return
        new = PATTERN_MISSING if confirmed else None
        old = self.data.pattern_marks.get(pattern_id)
        if new != old:
            text = f"{pattern_id} confirmed" if confirmed else f"{pattern_id} confirmation cleared"
            self.undo_stack.push(
                PatternMarkCommand(self._apply_mark, self.call_id, pattern_id, new, old, text)
            )

    # -- review ----------------------------------------------------------

    def on_review_edited(self) -> None:
        """A score or notes changed: saved, and an unreviewed call is now in review."""
        status = self.review_panel.status or UNREVIEWED
        self._save_review(IN_REVIEW if status == UNREVIEWED else status)

    def on_reviewed_toggled(self, reviewed: bool) -> None:
        """Mark reviewed, or reopen (back to in review: it has been looked at); undoable."""
        if self.call_id is None or self.data is None:
            return
        new = REVIEWED if reviewed else IN_REVIEW
        old = self.data.review_status or UNREVIEWED
        if new != old:
            self.undo_stack.push(ReviewStatusCommand(self._apply_status, self.call_id, new, old))

    def _apply_status(self, call_id: int, status: str) -> None:
        if call_id == self.call_id:
            self._save_review(status)

    def toggle_reviewed(self) -> None:
        if self.call_id is not None:
            self.on_reviewed_toggled(self.review_panel.status != REVIEWED)

    def _save_review(self, status: str, emit: bool = True) -> None:
        if self.call_id is None or self.data is None:
            return
        score, notes = self.review_panel.score(), self.review_panel.notes_text()
        try:
            self.gateway.save_review(self.call_id, status, score, notes)
        except Exception as exc:
            log.exception("saving the review failed")
            self.status_line.setText(f"Could not save the review: {exc}")
            return
        self.data.review_status, self.data.score, self.data.notes = status, score, notes
        self.review_panel.show_status(status)
        self._show_review_button(status)
        self.header.show_badges(self.data.verdict_with_marks(), status, self.data.analysed)
        self.status_line.setText(
            "Marked reviewed."
            if status == REVIEWED
            else "Saved: the call is in review."
            if status == IN_REVIEW
            else "The call is not reviewed."
        )
        if emit:
            self.call_changed.emit(self.call_id)

    def _show_review_button(self, status: str) -> None:
        reviewed = status == REVIEWED
        self.reviewed_button.setText("Reopen review" if reviewed else "✔ Mark reviewed")
        self.reviewed_button.setToolTip(
            "Set this call back to in review (Ctrl+Enter)"
            if reviewed
            else "Mark this call reviewed, with the score and notes below (Ctrl+Enter)"
        )
