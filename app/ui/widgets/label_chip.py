"""Coloured label tags: one painter function for delegates and a tiny widget for legends.

Colours come from `app.label_colors` (the exported clip pages use the same);
the dark variants are picked when the current theme is dark.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.label_colors import label_color, label_title
from app.ui.style.theme import Theme

CHIP_PAD_X = 7
CHIP_PAD_Y = 2
CHIP_RADIUS = 4.0


def is_dark() -> bool:
    return Theme.current().name == "dark"


def chip_font(base: QFont, strong: bool = False, small: bool = True) -> QFont:
    font = QFont(base)
    if small:
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(max(7.0, size * 0.88))
    font.setBold(strong)
    return font


def chip_text(label: str, corrected: bool = False) -> str:
    star = "★ " if label == "impact_question" else ""
    return f"{star}{label_title(label)}"


def chip_size(base: QFont, label: str, corrected: bool = False) -> QSize:
    """Size of the chip `paint_chip` draws for `label`."""
    strong = label_color(label).strong or corrected
    metrics = QFontMetrics(chip_font(base, strong))
    text = chip_text(label, corrected)
    return QSize(
        metrics.horizontalAdvance(text) + 2 * CHIP_PAD_X, metrics.height() + 2 * CHIP_PAD_Y
    )


def paint_chip(
    painter: QPainter,
    rect: QRect,
    label: str,
    base: QFont,
    *,
    corrected: bool = False,
    struck: bool = False,
    dark: bool | None = None,
) -> None:
    """Draw `label` as a rounded tag filling `rect`.

    `corrected`: a supervisor set it (outlined in the text colour, bold);
    `struck`: the model's replaced label (faded and struck through).
    """
    dark = is_dark() if dark is None else dark
    colours = label_color(label)
    fill = QColor(colours.fill(dark))
    text = QColor(colours.text(dark))
    if struck:
        fill = QColor(Theme.current().button)
        text = QColor(Theme.current().muted_text)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(fill)
    painter.setPen(QPen(text, 1.4) if corrected else Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(rect).adjusted(0.7, 0.7, -0.7, -0.7), CHIP_RADIUS, CHIP_RADIUS)
    font = chip_font(base, colours.strong or corrected)
    font.setStrikeOut(struck)
    painter.setFont(font)
    painter.setPen(text)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), chip_text(label, corrected))
    painter.restore()


class LabelChip(QWidget):
    """One label tag as a widget (legends, dialogs)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # Qt override
        return chip_size(self.font(), self.label)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        paint_chip(painter, self.rect(), self.label, self.font())
        painter.end()
