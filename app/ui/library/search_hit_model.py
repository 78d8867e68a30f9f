"""Full-text search results as a table model: one matching sentence per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.ui.library.call_table_model import format_duration
from app.ui.library.highlight_delegate import snippet_to_html

ModelIndex = QModelIndex | QPersistentModelIndex

COL_CALL = 0
COL_WHEN = 1
COL_SPEAKER = 2
COL_SNIPPET = 3
COLUMN_COUNT = 4

HEADERS = {COL_CALL: "Call", COL_WHEN: "At", COL_SPEAKER: "Speaker", COL_SNIPPET: "Match"}

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the SearchHitRow
CALL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2


@dataclass(frozen=True)
class SearchHitRow:
    """One hit as the results list shows it (built from the store's search hits)."""

    call_id: int
    snippet: str  # text with match markers (see highlight_delegate.MARKER_PAIRS)
    source: str = ""
    agent: str | None = None
    call_date: str | None = None
    start_s: float | None = None
    speaker: str | None = None
    sentence_id: int | None = None


class SearchHitModel(QAbstractTableModel):
    """Rows of `SearchHitRow`; the snippet column is HTML for `HighlightDelegate`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SearchHitRow] = []
        self.query = ""
        self.hit_background = "#ffe08a"
        self.hit_text = "#1d2228"

    def set_rows(self, rows: Sequence[SearchHitRow], query: str = "") -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.query = query
        self.endResetModel()

    def set_colours(self, background: str, text: str) -> None:
        self.beginResetModel()
        self.hit_background, self.hit_text = background, text
        self.endResetModel()

    def hit_at(self, row: int) -> SearchHitRow:
        return self._rows[row]

    def call_count(self) -> int:
        return len({row.call_id for row in self._rows})

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
        hit = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return hit
        if role == CALL_ID_ROLE:
            return hit.call_id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_CALL:
                name = PurePath(hit.source).name if hit.source else f"Call {hit.call_id}"
                details = " · ".join(part for part in (hit.call_date, hit.agent) if part)
                return f"{name}\n{details}" if details else name
            if column == COL_WHEN:
                return format_duration(hit.start_s) if hit.start_s is not None else ""
            if column == COL_SPEAKER:
                return (hit.speaker or "").capitalize()
            if column == COL_SNIPPET:
                return snippet_to_html(hit.snippet, self.hit_background, self.hit_text)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_CALL:
            return hit.source
        return None
