"""The clip library as a table model: one `ClipRow` per row, a proxy filters by tag and text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.ui.clips.clips_gateway import ClipRow
from app.ui.widgets.timeline_widget import clock

ModelIndex = QModelIndex | QPersistentModelIndex

COL_TITLE = 0
COL_TAGS = 1
COL_AGENT = 2
COL_DATE = 3
COL_LENGTH = 4
COL_CALL = 5
COLUMN_COUNT = 6
HEADERS = {
    COL_TITLE: "Title",
    COL_TAGS: "Tags",
    COL_AGENT: "Agent",
    COL_DATE: "Call date",
    COL_LENGTH: "Length",
    COL_CALL: "Call",
}
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 2


class ClipTableModel(QAbstractTableModel):
    """Stored clips; `set_rows` replaces them all. Lives on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ClipRow] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008  Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008  Qt override
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(section)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            if column == COL_LENGTH:
                return row.duration_s
            return (self._display(row, column) or "").lower()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TITLE and row.note:
                return row.note
            if column == COL_CALL:
                return row.source
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_LENGTH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(row: ClipRow, column: int) -> str:
        if column == COL_TITLE:
            return row.title
        if column == COL_TAGS:
            return ", ".join(row.tags)
        if column == COL_AGENT:
            return row.agent or "–"
        if column == COL_DATE:
            return row.call_date or "–"
        if column == COL_LENGTH:
            return f"{row.duration_s:.1f} s"
        if column == COL_CALL:
            return f"{row.call_name} @ {clock(row.start_s)}" if row.call_name else "–"
        return ""

    def set_rows(self, rows: Sequence[ClipRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ClipRow]:
        return list(self._rows)

    def tags(self) -> list[str]:
        """Every tag used, sorted case-insensitively."""
        found = {tag for row in self._rows for tag in row.tags}
        return sorted(found, key=str.lower)


class ClipFilterProxy(QSortFilterProxyModel):
    """Keeps clips carrying `tag` (None: any) and matching the search `text`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tag: str | None = None
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_tag(self, tag: str | None) -> None:
        self.beginFilterChange()
        self.tag = tag or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # Qt override
        model = self.sourceModel()
        row = model.index(source_row, 0, source_parent).data(ROW_ROLE)
        if not isinstance(row, ClipRow):
            return False
        if self.tag is not None and self.tag.lower() not in (t.lower() for t in row.tags):
            return False
        return row.matches(self.text)
