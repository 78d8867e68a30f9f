"""The supervisor's verdict on a call: a 0-100 score, notes, and "mark reviewed".

Edits are reported, not stored here: `review_edited` after a pause in
changing the score or typing, `reviewed_toggled` when the button is pressed.
The screen saves them through the gateway.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.review.review_data import IN_REVIEW, REVIEWED
from app.ui.style.theme import Theme
from app.ui.widgets.wheel_guard import guard_wheel

NO_SCORE = -1  # the spin box's blank value (shown as "–")
SCORE_HINT = (
    "Your score for this call, 0–100 (the store's scale): 0 rushed, no interest in the "
    "impact; 100 understood the impact and checked the fix. Clear it with Delete."
)
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
        self.score_spin = QSpinBox()
        self.score_spin.setRange(NO_SCORE, 100)
        self.score_spin.setSingleStep(5)
        self.score_spin.setSpecialValueText("–")  # shown for NO_SCORE
        self.score_spin.setSuffix(" / 100")
        self.score_spin.setValue(NO_SCORE)
        self.score_spin.setToolTip(SCORE_HINT)
        self.score_spin.setMinimumWidth(96)
        guard_wheel(self.score_spin)  # scrolling the side panel never changes the score
        score_label.setBuddy(self.score_spin)
        scores = QHBoxLayout()
        scores.setContentsMargins(0, 0, 0, 0)
        scores.setSpacing(6)
        scores.addWidget(score_label)
        scores.addWidget(self.score_spin)
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
        self.score_spin.valueChanged.connect(self.on_score_changed)
        self.notes.textChanged.connect(self.on_notes_changed)
        self.reviewed_button.clicked.connect(self.on_reviewed_button_clicked)

    # -- state -----------------------------------------------------------

    def show_review(self, status: str, score: int | None, notes: str) -> None:
        self._loading = True
        self._notes_timer.stop()
        self.score_spin.setValue(NO_SCORE if score is None else max(0, min(100, int(score))))
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
            self.reviewed_button.setToolTip("Set this call back to in review (Ctrl+Enter)")
        else:
            text = "In review: not finished" if status == IN_REVIEW else "Not reviewed yet"
            self.status_label.setText(f'<span style="color:{theme.muted_text}">{text}</span>')
            self.reviewed_button.setText("Mark reviewed")
            self.reviewed_button.setProperty("primary", True)
            self.reviewed_button.setToolTip("Mark this call reviewed (Ctrl+Enter)")
        self.reviewed_button.style().unpolish(self.reviewed_button)
        self.reviewed_button.style().polish(self.reviewed_button)

    @property
    def status(self) -> str:
        return self._status

    def score(self) -> int | None:
        value = self.score_spin.value()
        return None if value == NO_SCORE else value

    def set_score(self, score: int | None) -> None:
        """Set the score as the supervisor would (reported like an edit)."""
        self.score_spin.setValue(NO_SCORE if score is None else score)

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

    def on_score_changed(self, _value: int) -> None:
        if not self._loading:
            self._notes_timer.start()  # arrows and typing: save after a pause

    def on_notes_changed(self) -> None:
        if not self._loading:
            self._notes_timer.start()

    def on_reviewed_button_clicked(self) -> None:
        self._notes_timer.stop()
        self.reviewed_toggled.emit(self._status != REVIEWED)
