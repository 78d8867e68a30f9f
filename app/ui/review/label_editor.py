"""The strip under the transcript: the selected agent sentence's label, editable.

Shows the current label in a combo (choosing one is a correction), what the
model said and how sure it was, and a button to go back to the model's label.
Emits requests; the screen turns them into undoable commands.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.label_colors import label_title
from app.ui.review.review_data import SentenceRow
from app.ui.widgets.elided_label import ElidedLabel
from app.ui.widgets.wheel_guard import guard_wheel
from kernel.domain import LABELS


class LabelEditor(QWidget):
    """Label combo + model info + reset; disabled unless one agent sentence is selected."""

    label_chosen = Signal(int, str)  # sentence id, label
    reset_requested = Signal(int)  # sentence id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel("Label")
        self.combo = QComboBox()
        guard_wheel(self.combo)  # a wheel while scrolling is not a correction
        for label in LABELS:
            self.combo.addItem(label_title(label), label)
        self.combo.setToolTip("Correct the label of the selected agent sentence")
        self.combo.setMinimumContentsLength(16)
        self.model_info = ElidedLabel()
        self.model_info.setProperty("muted", True)
        self.reset_button = QPushButton("Use model's label")
        self.reset_button.setToolTip("Remove your correction and go back to the model's label")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.combo)
        layout.addWidget(self.model_info, 1)
        layout.addWidget(self.reset_button)
        self.row: SentenceRow | None = None
        self._updating = False
        self.combo.activated.connect(self.on_combo_activated)
        self.reset_button.clicked.connect(self.on_reset_button_clicked)
        self.show_row(None)

    def show_row(self, row: SentenceRow | None, hint: str = "") -> None:
        """The selected sentence (None: nothing or several selected; `hint` says what to do)."""
        self.row = row if row is not None and row.is_agent else None
        editable = self.row is not None
        self.combo.setEnabled(editable)
        self._updating = True
        if self.row is not None and self.row.label in LABELS:
            self.combo.setCurrentIndex(LABELS.index(self.row.label))
        else:
            self.combo.setCurrentIndex(-1)
        self._updating = False
        self.reset_button.setVisible(bool(self.row and self.row.corrected))
        if self.row is None:
            if row is not None:
                self.model_info.setText("Customer sentences have no label.")
            else:
                self.model_info.setText(hint or "Select an agent sentence to correct its label.")
            return
        confidence = self.row.sentence.confidence
        if self.row.corrected:
            who = self.row.corrected_by  # issue 16: a shared library names each reviewer
            others = ", ".join(f"{name}: {label_title(label)}" for name, label in
                               self.row.other_corrections)  # fmt: skip
            self.model_info.setText(
                (f"Corrected by {who}" if who else "Your correction")
                + f" · the model said {label_title(self.row.model_label)}"
                + (f" · also {others}" if others else "")
            )
        elif confidence is not None:
            self.model_info.setText(f"Model's label, {confidence * 100:.0f}% sure")
        else:
            self.model_info.setText("Model's label")

    def on_combo_activated(self, index: int) -> None:
        if self._updating or self.row is None or index < 0:
            return
        label = str(self.combo.itemData(index))
        if label != self.row.label:
            self.label_chosen.emit(self.row.sentence.id, label)

    def on_reset_button_clicked(self) -> None:
        if self.row is not None:
            self.reset_requested.emit(self.row.sentence.id)
