"""A screen's placeholder when it has nothing to show yet: a title and one line on what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class EmptyPage(QWidget):
    """Title plus a muted, wrapped explanation (`text` can be changed later)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.text = QLabel(text)
        self.text.setProperty("muted", True)
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.text)
        layout.addStretch(1)
