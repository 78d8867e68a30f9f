"""An undoable pattern mark (wrong / missing / none), for the Review screen's QUndoStack."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

ApplyMark = Callable[[int, str, str | None], None]


class PatternMarkCommand(QUndoCommand):
    """Mark pattern `pattern_id` as `new` ("wrong", "missing" or None); undo restores `old`."""

    def __init__(
        self,
        apply: ApplyMark,
        call_id: int,
        pattern_id: str,
        new: str | None,
        old: str | None,
        text: str | None = None,
    ) -> None:
        """`text`: what Edit > Undo names (default "P2 marked wrong", "P2 mark cleared")."""
        default = f"{pattern_id} marked {new}" if new else f"{pattern_id} mark cleared"
        super().__init__(text or default)
        self.apply = apply
        self.call_id = call_id
        self.pattern_id = pattern_id
        self.new = new
        self.old = old

    def redo(self) -> None:  # Qt override
        self.apply(self.call_id, self.pattern_id, self.new)

    def undo(self) -> None:  # Qt override
        self.apply(self.call_id, self.pattern_id, self.old)
