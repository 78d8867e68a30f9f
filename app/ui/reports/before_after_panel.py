"""'Did the training stick?': the chosen group's metrics before and after a date.

The supervisor picks the training date and, optionally, how many weeks each
side to compare; the table shows before, after and the change per metric,
coloured by whether it moved the right way, with the call counts behind it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports_data import BeforeAfter
from app.ui.style.theme import Theme

WINDOWS: tuple[tuple[str, int | None], ...] = (
    ("all calls", None),
    ("2 weeks each side", 14),
    ("4 weeks each side", 28),
    ("8 weeks each side", 56),
    ("12 weeks each side", 84),
)


class BeforeAfterPanel(QWidget):
    """Pivot date + window controls over a four-row comparison table."""

    settings_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setToolTip("The training date: calls from this day on count as after")
        self.window_combo = QComboBox()
        for text, days in WINDOWS:
            self.window_combo.addItem(text, days)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setProperty("muted", True)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Metric", "Before", "After", "Change"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel("Training date"))
        controls.addWidget(self.date_edit)
        controls.addWidget(self.window_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(controls)
        layout.addWidget(self.counts)
        layout.addWidget(self.table)
        layout.addWidget(self.verdict)
        layout.addStretch(1)
        self.date_edit.dateChanged.connect(lambda _d: self.settings_changed.emit())
        self.window_combo.currentIndexChanged.connect(lambda _i: self.settings_changed.emit())
        self.result: BeforeAfter | None = None

    def pivot(self) -> date:
        qdate = self.date_edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_pivot(self, day: date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def window_days(self) -> int | None:
        value = self.window_combo.currentData()
        return int(value) if value is not None else None

    def show_result(self, result: BeforeAfter, who: str) -> None:
        self.result = result
        theme = Theme.current()
        span = ""
        if result.before_from and result.after_to:
            span = f" ({result.before_from:%d %b} – {result.after_to:%d %b %Y})"
        self.counts.setText(
            f"{who}: {result.before_calls} call{'s' if result.before_calls != 1 else ''} before "
            f"{result.pivot:%d %b %Y}, {result.after_calls} from then on{span}."
        )
        self.table.setRowCount(len(result.rows))
        better: list[str] = []
        worse: list[str] = []
        for n, row in enumerate(result.rows):
            cells = [
                row.metric.title,
                row.metric.display(row.before),
                row.metric.display(row.after),
                row.metric.display_difference(row.before, row.after),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 3 and row.improved is not None:
                    item.setForeground(QColor(theme.good if row.improved else theme.rushed))
                self.table.setItem(n, column, item)
            if row.improved is True:
                better.append(row.metric.title.lower())
            elif row.improved is False:
                worse.append(row.metric.title.lower())
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(height + 2)
        if not result.before_calls or not result.after_calls:
            self.verdict.setText(
                f'<span style="color:{theme.muted_text}">Needs analysed calls on both sides '
                "of the date to compare.</span>"
            )
        elif better and not worse:
            self.verdict.setText(
                f'<b style="color:{theme.good}">Better after the date</b>: {", ".join(better)}.'
            )
        elif worse and not better:
            self.verdict.setText(
                f'<b style="color:{theme.rushed}">Worse after the date</b>: {", ".join(worse)}.'
            )
        elif better or worse:
            self.verdict.setText(
                f'<b style="color:{theme.good}">Better</b>: {", ".join(better) or "–"}. '
                f'<b style="color:{theme.rushed}">Worse</b>: {", ".join(worse) or "–"}.'
            )
        else:
            self.verdict.setText("No change.")
