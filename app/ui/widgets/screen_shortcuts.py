"""Keyboard shortcuts that work anywhere inside one screen (and nowhere else).

Text fields keep their own keys: Qt offers a shortcut to the focused widget
first, and line/text edits claim plain letters, Space, arrows and Ctrl+Z.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def install_shortcuts(
    screen: QWidget, bindings: Sequence[tuple[str, Callable[[], object]]]
) -> dict[str, QShortcut]:
    """One QShortcut per (key, slot), limited to `screen` and its children; keyed by key."""
    shortcuts: dict[str, QShortcut] = {}
    for key, slot in bindings:
        sequence = QKeySequence(key)
        shortcut = QShortcut(sequence, screen)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        shortcuts[sequence.toString()] = shortcut
    return shortcuts
