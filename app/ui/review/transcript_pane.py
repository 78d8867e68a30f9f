"""Left side of the Review screen: title row with undo/redo, the transcript, the label editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.review.label_editor import LabelEditor
from app.ui.review.review_side_panel import section_title
from app.ui.review.transcript_view import TranscriptView


class TranscriptPane(QWidget):
    """Holds `transcript`, `label_editor`, `undo_button`, `redo_button`, `selection_label`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transcript = TranscriptView()
        self.label_editor = LabelEditor()
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        for button in (self.undo_button, self.redo_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setEnabled(False)
        self.selection_label = QLabel()
        self.selection_label.setProperty("muted", True)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(section_title("Transcript"))
        tools.addWidget(self.selection_label, 1)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.redo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(tools)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.label_editor)
