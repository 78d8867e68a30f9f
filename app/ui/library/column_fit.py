"""Call-list columns sized to what they hold, so the call's name gets the room left.

Every column but the name is as wide as its header or its widest shown
value (measured on the first rows only: cheap on a large library); the name
column stretches over the rest. When even that leaves the name under
`NAME_MIN` px (a 1024 px screen), the least needed columns are hidden in
turn (duration, team, agent talk, status) instead of a horizontal scroll
bar. Refitted whenever the table is resized or its rows change.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QTableView

NAME_MIN = 200  # px: "01_broadband_rushed.opus" whole at the default font
MEASURED_ROWS = 60
PADDING = 14


class ColumnFitter(QObject):
    """Fits `table`'s columns; `name_column` stretches, `optional` go first when narrow."""

    def __init__(
        self, table: QTableView, name_column: int, optional: Sequence[int], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.table = table
        self.name_column = name_column
        self.optional = list(optional)
        self.hidden: list[int] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        table.horizontalHeader().setResizeContentsPrecision(MEASURED_ROWS)
        table.installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self._timer.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._timer.start()
        return False

    def needed_width(self, column: int) -> int:
        header = self.table.horizontalHeader()
        content = self.table.sizeHintForColumn(column) + PADDING
        if column == header.sortIndicatorSection():  # room for the sort arrow too
            return max(header.sectionSizeHint(column), content)
        title = str(self.table.model().headerData(column, Qt.Orientation.Horizontal) or "")
        return max(header.fontMetrics().horizontalAdvance(title) + 2 * PADDING, content)

    def fit(self) -> None:
        table = self.table
        columns = [c for c in range(table.model().columnCount()) if c != self.name_column]
        needed = {c: self.needed_width(c) for c in columns}
        room = table.viewport().width() if table.isVisible() else table.width() - 4
        total = sum(needed.values())
        hidden: list[int] = []
        for column in self.optional:
            if total + NAME_MIN <= room:
                break
            hidden.append(column)
            total -= needed[column]
        self.hidden = hidden
        for column in columns:
            table.setColumnHidden(column, column in hidden)
            if column not in hidden:
                table.setColumnWidth(column, needed[column])
