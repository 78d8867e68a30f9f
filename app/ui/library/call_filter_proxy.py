"""Sort/filter proxy over `CallTableModel` applying a `CallFilter` and a quick text.

Sorting is delegated to the source model (precomputed keys); the proxy only
filters, so 10,000 rows stay fast in both directions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal

from app.ui.library.call_filter import CallFilter, CallMatcher
from app.ui.library.call_table_model import CallTableModel


class CallFilterProxy(QSortFilterProxyModel):
    """Filters the library rows; lives on the GUI thread."""

    filter_changed = Signal(object)  # the new CallFilter

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter = CallFilter()
        self._matcher: CallMatcher = self._filter.matcher()
        self._text = ""
        self._today: date | None = None
        self.setDynamicSortFilter(True)  # re-filter rows whose data changed

    # -- configuration ---------------------------------------------------

    def call_filter(self) -> CallFilter:
        return self._filter

    def set_call_filter(self, call_filter: CallFilter) -> None:
        if call_filter == self._filter:
            return
        self.beginFilterChange()
        self._filter = call_filter
        self._matcher = call_filter.matcher(self._today)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.filter_changed.emit(call_filter)

    def set_quick_text(self, text: str) -> None:
        """Case-insensitive match on file name, agent or team."""
        text = text.strip().lower()
        if text == self._text:
            return
        self.beginFilterChange()
        self._text = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_today(self, today: date | None) -> None:
        """Pin "today" (tests); None follows the clock."""
        self.beginFilterChange()
        self._today = today
        self._matcher = self._filter.matcher(today)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    # -- Qt overrides ----------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, CallTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if self._matcher.accepts_all and not self._text:
            return True
        source = self.sourceModel()
        if not isinstance(source, CallTableModel):
            return True
        summary = source.summary_at(source_row)
        if not self._matcher.matches(summary):
            return False
        if self._text:
            haystack = f"{summary.source} {summary.agent or ''} {summary.team or ''}".lower()
            return self._text in haystack
        return True
