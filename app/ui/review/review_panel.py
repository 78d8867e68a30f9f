"""The supervisor's verdict on a call: a 1-5 score, notes, and "mark reviewed".

Edits are reported, not stored here: `review_edited` after a score change or
a pause in typing, `reviewed_toggled` when the button is pressed. The screen
saves them through the gateway.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.review.review_data import REVIEWED
from app.ui.style.theme import Theme

SCORE_HINTS = {
    1: "1 – poor: rushed, no interest in the impact",
    2: "2 – weak",
    3: "3 – adequate",
    4: "4 – good",
    5: "5 – excellent: understood the impact, checked the fix",
}
NOTES_DELAY_MS = 800


class ReviewPanel(QWidget):
    """Score buttons, notes and the reviewed button; lives on the GUI thread."""

    review_edited = Signal()
    reviewed_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        score_label = QLabel("Score")
        self.score_group = QButtonGroup(self)
        self.score_group.setExclusive(False)  # clicking the chosen score again clears it
        scores = QHBoxLayout()
        scores.setContentsMargins(0, 0, 0, 0)
        scores.setSpacing(4)
        scores.addWidget(score_label)
        for value in range(1, 6):
            button = QPushButton(str(value))
            button.setCheckable(True)
            button.setToolTip(SCORE_HINTS[value])
            button.setFixedWidth(36)
            self.score_group.addButton(button, value)
            scores.addWidget(button)
        scores.addStretch(1)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes for the agent or for coaching…")
        self.notes.setMinimumHeight(64)
        self.notes.setMaximumHeight(90)
        self.reviewed_button = QPushButton("Mark reviewed")
        self.reviewed_button.setProperty("primary", True)
        self.reviewed_button.setToolTip("Mark this call reviewed (Ctrl+Enter)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.status_label)
        layout.addLayout(scores)
        layout.addWidget(self.notes)
        layout.addWidget(self.reviewed_button)

        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_DELAY_MS)
        self._notes_timer.timeout.connect(self.review_edited)
        self._loading = False
        self._status = ""
        self.score_group.idClicked.connect(self.on_score_clicked)
        self.notes.textChanged.connect(self.on_notes_changed)
        self.reviewed_button.clicked.connect(self.on_reviewed_button_clicked)

    # -- state -----------------------------------------------------------

    def show_review(self, status: str, score: int | None, notes: str) -> None:
        self._loading = True
        self._notes_timer.stop()
        for button in self.score_group.buttons():
            button.setChecked(self.score_group.id(button) == score)
        if self.notes.toPlainText() != notes:
            self.notes.setPlainText(notes)
        self._loading = False
        self.show_status(status)

    def show_status(self, status: str) -> None:
        self._status = status
        theme = Theme.current()
        if status == REVIEWED:
            self.status_label.setText(f'<b style="color:{theme.good}">✔ Reviewed</b>')
            self.reviewed_button.setText("Reopen review")
            self.reviewed_button.setProperty("primary", False)
            self.reviewed_button.setToolTip("Set this call back to not reviewed (Ctrl+Enter)")
        else:
            self.status_label.setText(
                f'<span style="color:{theme.muted_text}">Not reviewed yet</span>'
            )
            self.reviewed_button.setText("Mark reviewed")
            self.reviewed_button.setProperty("primary", True)
            self.reviewed_button.setToolTip("Mark this call reviewed (Ctrl+Enter)")
        self.reviewed_button.style().unpolish(self.reviewed_button)
        self.reviewed_button.style().polish(self.reviewed_button)

    @property
    def status(self) -> str:
        return self._status

    def score(self) -> int | None:
        checked = self.score_group.checkedId()
        return checked if checked > 0 else None

    def notes_text(self) -> str:
        return self.notes.toPlainText()

    def flush(self) -> bool:
        """Report pending note edits now; True if there were any."""
        if self._notes_timer.isActive():
            self._notes_timer.stop()
            self.review_edited.emit()
            return True
        return False

    # -- slots -----------------------------------------------------------

    def on_score_clicked(self, value: int) -> None:
        for button in self.score_group.buttons():
            if self.score_group.id(button) != value:
                button.setChecked(False)
        self.review_edited.emit()

    def on_notes_changed(self) -> None:
        if not self._loading:
            self._notes_timer.start()

    def on_reviewed_button_clicked(self) -> None:
        self._notes_timer.stop()
        self.reviewed_toggled.emit(self._status != REVIEWED)
