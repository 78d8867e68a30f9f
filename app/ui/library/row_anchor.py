"""Keep the row the user is on where it is while rows are added or re-sorted around it.

An import adds calls to the Library while a supervisor reads it; the newest
sort first, so each new call used to push every row down under the cursor.
`rows_held_in_place` notes the anchor (the current row if it is in sight,
else the top visible row) and its height in the viewport before a change,
and scrolls afterwards so the same call is at the same height. GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtWidgets import QAbstractItemView, QTableView


def _anchor(table: QTableView, key_of: Callable[[QModelIndex], Any]) -> tuple[Any, int] | None:
    viewport = table.viewport().rect()
    index = table.currentIndex()
    if index.isValid():
        rect = table.visualRect(index)
        if rect.isValid() and viewport.intersects(rect):
            return key_of(index), rect.top()
    index = table.indexAt(QPoint(1, 1))
    if index.isValid():
        return key_of(index), table.visualRect(index).top()
    return None


@contextmanager
def rows_held_in_place(
    table: QTableView,
    key_of: Callable[[QModelIndex], Any],
    index_of: Callable[[Any], QModelIndex],
) -> Iterator[None]:
    """Around a model change: the anchor row ends at the height it had (`key_of` names a
    row, `index_of` finds it again in the table's model)."""
    anchor = _anchor(table, key_of)
    yield
    if anchor is None:
        return
    key, top = anchor
    index = index_of(key)
    if not index.isValid():
        return
    table.doItemsLayout()  # the new rows' positions and the scroll range, now
    shift = table.visualRect(index).top() - top
    if not shift:
        return
    bar = table.verticalScrollBar()
    if table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem:
        bar.setValue(bar.value() + round(shift / max(1, table.rowHeight(index.row()))))
    else:
        bar.setValue(bar.value() + shift)
