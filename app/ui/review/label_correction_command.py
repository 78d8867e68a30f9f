"""An undoable label correction (one sentence), for the Review screen's QUndoStack.

The store does the work (`apply(call_id, sentence_id, label_or_None)`; None
means "back to the model's label"); the command remembers what was there
before so Ctrl+Z restores it exactly, including an earlier correction.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.label_colors import label_title

ApplyLabel = Callable[[int, int, str | None], None]


class LabelCorrectionCommand(QUndoCommand):
    """Set sentence `sentence_id`'s label to `new` (None: the model's); undo puts `old` back."""

    def __init__(
        self,
        apply: ApplyLabel,
        call_id: int,
        sentence_id: int,
        new: str | None,
        old: str | None,
        model_label: str | None = None,
    ) -> None:
        shown = label_title(new) if new else f"model's label ({label_title(model_label)})"
        super().__init__(f"label of sentence {sentence_id + 1} → {shown}")
        self.apply = apply
        self.call_id = call_id
        self.sentence_id = sentence_id
        self.new = new
        self.old = old

    def redo(self) -> None:  # Qt override
        self.apply(self.call_id, self.sentence_id, self.new)

    def undo(self) -> None:  # Qt override
        self.apply(self.call_id, self.sentence_id, self.old)
