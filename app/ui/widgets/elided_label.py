"""A one-line label that ends in "…" when it is too narrow, never a text cut mid-letter.

`text()` stays the full text; the tooltip shows it whenever the label had to
shorten it. Used where a narrow window (1024x600) would otherwise clip a line.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(text, parent)
        self.mode = mode
        self.elided = False
        self.tip = ""  # a tooltip of its own; the full text is shown when it is elided
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:  # Qt override: may shrink to a few letters
        return QSize(24, super().minimumSizeHint().height())

    def set_tip(self, tip: str) -> None:
        self.tip = tip
        self.setToolTip(tip)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), self.mode, rect.width())
        elided = shown != self.text()
        if elided != self.elided:
            self.elided = elided
            full = f"{self.text()}\n{self.tip}" if self.tip else self.text()
            self.setToolTip(full if elided else self.tip)
        painter = QPainter(self)
        align = self.alignment() | Qt.AlignmentFlag.AlignVCenter
        self.style().drawItemText(
            painter, rect, int(align), self.palette(), self.isEnabled(), shown,
            self.foregroundRole(),
        )  # fmt: skip
        painter.end()
