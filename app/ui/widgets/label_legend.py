"""The legend of label colours: every label's chip and one line on what it means."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app.ui.widgets.label_chip import LabelChip
from kernel.domain import LABELS

LABEL_HINTS: dict[str, str] = {
    "impact_question": "what the problem does to the customer",
    "problem_question": "symptoms, facts, when, which device",
    "resolution_check": "did the fix work?",
    "closing": "wraps the call up",
    "other_question": "identity, permission, procedure",
    "resolution_offer": "a fix, refund, escalation, next step",
    "rush_cue": "hurry or cutting the customer short",
    "statement": "anything else",
}


class LabelLegend(QWidget):
    """Chips in a two-column grid, each with a short hint as its tooltip and caption."""

    def __init__(self, parent: QWidget | None = None, captions: bool = True) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(4)
        self.chips: dict[str, LabelChip] = {}
        for row, label in enumerate(LABELS):
            chip = LabelChip(label)
            chip.setToolTip(LABEL_HINTS[label])
            self.chips[label] = chip
            layout.addWidget(chip, row, 0)
            if captions:
                caption = QLabel(LABEL_HINTS[label])
                caption.setProperty("muted", True)
                caption.setWordWrap(True)
                layout.addWidget(caption, row, 1)
        layout.setColumnStretch(1, 1)
