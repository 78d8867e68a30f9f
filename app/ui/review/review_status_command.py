"""An undoable review status change ("Mark reviewed" / "Reopen review") for the Review screen.

Ctrl+Z after "Mark reviewed" undoes the mark itself, not an earlier
correction the supervisor can no longer see.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.ui.review.review_data import REVIEWED

ApplyStatus = Callable[[int, str], None]


class ReviewStatusCommand(QUndoCommand):
    """Set call `call_id`'s review status to `new`; undo puts `old` back."""

    def __init__(self, apply: ApplyStatus, call_id: int, new: str, old: str) -> None:
        super().__init__("mark reviewed" if new == REVIEWED else "reopen review")
        self.apply = apply
        self.call_id = call_id
        self.new = new
        self.old = old

    def redo(self) -> None:  # Qt override
        self.apply(self.call_id, self.new)

    def undo(self) -> None:  # Qt override
        self.apply(self.call_id, self.old)
