"""The wheel over an unfocused value box scrolls the panel, not the value."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QSpinBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.review.review_panel import ReviewPanel
from app.ui.widgets.wheel_guard import guard_wheel


def wheel(widget: QWidget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
        QPoint(0, 120 * steps), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_wheel_scrolls_the_panel_until_the_box_is_clicked(qtbot: QtBot) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    spin = QSpinBox()
    spin.setRange(0, 100)
    spin.setValue(70)
    guard_wheel(spin)
    layout.addWidget(spin)
    layout.addSpacing(2000)
    area.setWidget(inner)
    area.resize(300, 200)
    area.show()
    qtbot.waitExposed(area)
    area.setFocus()
    wheel(spin)
    assert spin.value() == 70
    assert area.verticalScrollBar().value() > 0  # the panel scrolled instead
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    wheel(spin)
    assert spin.value() == 69  # once chosen, the wheel changes it


def test_review_score_box_is_guarded(qtbot: QtBot) -> None:
    panel = ReviewPanel()
    qtbot.addWidget(panel)
    panel.show()
    before = panel.score_spin.value()
    wheel(panel.score_spin, 2)
    assert panel.score_spin.value() == before
    assert panel.score_spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
