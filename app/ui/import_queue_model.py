"""The import queue as a table model for the Import screen (one ImportItem per row)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.ui.import_item import CANCELED, DONE, FAILED, RUNNING, STATUS_LABELS, ImportItem
from app.ui.import_queue import ImportQueue

ModelIndex = QModelIndex | QPersistentModelIndex

COL_FILE = 0
COL_STATUS = 1
COL_PROGRESS = 2
COL_DETAILS = 3
COLUMN_COUNT = 4

HEADERS = {COL_FILE: "File", COL_STATUS: "Status", COL_PROGRESS: "Progress", COL_DETAILS: "Details"}

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the ImportItem
PROGRESS_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # 0..100 for the progress delegate


class ImportQueueModel(QAbstractTableModel):
    """Mirrors an `ImportQueue` through its signals; lives on the GUI thread."""

    def __init__(self, queue: ImportQueue, parent: Any = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self._rows: list[ImportItem] = []
        self.error_colour = QColor("#b42318")
        self.muted_colour = QColor("#5c6570")
        self.set_rows(queue.items())
        queue.item_added.connect(self.on_queue_item_added)
        queue.item_changed.connect(self.on_queue_item_changed)
        queue.item_removed.connect(self.on_queue_item_removed)

    def set_rows(self, rows: list[ImportItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_colours(self, error: str, muted: str) -> None:
        self.error_colour, self.muted_colour = QColor(error), QColor(muted)

    def item_at(self, row: int) -> ImportItem:
        return self._rows[row]

    def _row_of(self, item_id: int) -> int | None:
        return next((row for row, item in enumerate(self._rows) if item.item_id == item_id), None)

    # -- queue signals ---------------------------------------------------

    def on_queue_item_added(self, item: ImportItem) -> None:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(item)
        self.endInsertRows()

    def on_queue_item_changed(self, item: ImportItem) -> None:
        row = self._row_of(item.item_id)
        if row is None:
            return
        self._rows[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    def on_queue_item_removed(self, item_id: int) -> None:
        row = self._row_of(item_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    # -- Qt model API ----------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(section)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return item
        if role == PROGRESS_ROLE:  # a bar only where there is progress to show
            return round(item.progress * 100) if item.status in (RUNNING, DONE) else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_FILE:
                return item.name
            if column == COL_STATUS:
                return STATUS_LABELS.get(item.status, item.status)
            if column == COL_PROGRESS:
                return f"{item.progress * 100:.0f} %" if item.status in (RUNNING, DONE) else ""
            if column == COL_DETAILS:
                return self._details(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_FILE:
                return item.path
            if column == COL_DETAILS:
                return self._details(item) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.status == FAILED and column in (COL_STATUS, COL_DETAILS):
                return self.error_colour
            if column == COL_DETAILS:
                return self.muted_colour
        return None

    @staticmethod
    def _details(item: ImportItem) -> str:
        if item.status == FAILED:
            return item.message or "Failed"
        if item.status == CANCELED and item.message:
            return item.message
        if item.status == RUNNING:
            return (item.stage or "working").replace("_", " ").capitalize()
        options = f"{item.asr_model}, agent on {item.agent_channel}"
        who = " · ".join(part for part in (item.agent, item.team) if part)
        return f"{options} · {who}" if who else options
