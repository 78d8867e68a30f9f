"""Wheel events over a spin box or combo box change it only when it has focus.

Scrolling a panel with the wheel passes over value boxes; Qt's default lets
the box under the pointer take the wheel and change (the review score went
from 70 to 40 while the supervisor scrolled). Guarded boxes take focus only by
click or Tab, and hand an unfocused wheel to the panel that scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if watched.hasFocus():
            return False
        parent = watched.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None:  # scroll the panel instead
            QApplication.sendEvent(parent.verticalScrollBar(), event)
        return True


_guard: _WheelGuard | None = None


def guard_wheel(*widgets: QAbstractSpinBox | QComboBox) -> None:
    """Let the wheel change these boxes only once the user has clicked or tabbed into them."""
    global _guard
    if _guard is None:
        _guard = _WheelGuard()
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_guard)
