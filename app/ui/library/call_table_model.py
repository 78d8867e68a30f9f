"""The library list as a Qt table model: one `CallSummary` per row.

Rows come in one batch from one query (`set_rows`); single calls are updated in
place (`update_row`) so the view keeps its selection and scroll position while
imports finish. Sorting is done here on precomputed keys (a Python sort of
10,000 rows takes milliseconds; comparing through `data()` would not).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.ui.time_format import clock
from kernel.domain import PATTERN_NAMES, CallSummary
from models.analysis.certainty import NEEDS_A_LOOK, RUSHED, stored_verdict

ModelIndex = QModelIndex | QPersistentModelIndex

COL_DATE = 0
COL_CALL = 1
COL_AGENT = 2
COL_TEAM = 3
COL_DURATION = 4
COL_STATUS = 5
COL_RUSHED = 6
COL_PATTERNS = 7
COL_IMPACT_SHARE = 8
COL_TALK_RATIO = 9
COL_REVIEW = 10
COLUMN_COUNT = 11

HEADERS: dict[int, str] = {
    COL_DATE: "Date",
    COL_CALL: "Call",
    COL_AGENT: "Agent",
    COL_TEAM: "Team",
    COL_DURATION: "Duration",
    COL_STATUS: "Status",
    COL_RUSHED: "Rushed",
    COL_PATTERNS: "Patterns",
    COL_IMPACT_SHARE: "Impact Qs",
    COL_TALK_RATIO: "Agent talk",
    COL_REVIEW: "Review",
}

HEADER_TIPS: dict[int, str] = {
    COL_RUSHED: "Rushed when any of P1-P4 holds (fix before impact, no resolution check, "
    "closing over an open concern, rush language)",
    COL_PATTERNS: "Rushed-resolution patterns found in the call (P1-P6)",
    COL_IMPACT_SHARE: "Share of the agent's questions about the problem that ask what it means "
    "for the customer: impact questions / (problem + impact questions)",
    COL_TALK_RATIO: "Agent speaking time / all speaking time",
}

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the row's CallSummary
CALL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2

_NUMERIC_COLUMNS = frozenset({COL_DURATION, COL_IMPACT_SHARE, COL_TALK_RATIO})


def format_duration(seconds: float | None) -> str:
    if seconds is None or seconds <= 0:
        return "—"
    return clock(seconds)  # the app's one rounding rule for displayed times


def format_share(value: float | int | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f} %"


def humanize(word: str | None) -> str:
    return (word or "").replace("_", " ").strip().capitalize()


def _metric(summary: CallSummary, key: str) -> float | None:
    value = summary.metrics.get(key) if summary.metrics else None
    return None if value is None else float(value)


_SORT_KEYS: dict[int, Callable[[CallSummary], Any]] = {
    COL_DATE: lambda s: (s.call_date or "", s.call_id),
    COL_CALL: lambda s: PurePath(s.source).name.lower(),
    COL_AGENT: lambda s: (s.agent or "").lower(),
    COL_TEAM: lambda s: (s.team or "").lower(),
    COL_DURATION: lambda s: s.duration_s or 0.0,
    COL_STATUS: lambda s: s.status or "",
    COL_RUSHED: lambda s: {None: -1, RUSHED: 2, NEEDS_A_LOOK: 1}.get(
        stored_verdict(s.rushed, s.patterns), 0
    ),
    COL_PATTERNS: lambda s: (len(s.patterns), sorted(s.patterns)),
    COL_IMPACT_SHARE: lambda s: _metric(s, "impact_question_share") or -1.0,
    COL_TALK_RATIO: lambda s: _metric(s, "agent_talk_ratio") or -1.0,
    COL_REVIEW: lambda s: s.review_status or "",
}


class CallTableModel(QAbstractTableModel):
    """Rows of `CallSummary`; lives on the GUI thread."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CallSummary] = []
        self._row_of_id: dict[int, int] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.talk_ratio_warning = 0.65
        self.rushed_colour = QColor("#b42318")
        self.good_colour = QColor("#1a7f37")
        self.warning_colour = QColor("#9a6700")
        self.muted_colour = QColor("#5c6570")

    # -- rows ------------------------------------------------------------

    def set_rows(self, rows: Sequence[CallSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        key = _SORT_KEYS.get(self._sort_column)
        if key is not None:
            self._rows.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        self.endResetModel()

    def rows(self) -> list[CallSummary]:
        return list(self._rows)

    def row_for_call(self, call_id: int) -> int | None:
        return self._row_of_id.get(call_id)

    def summary_at(self, row: int) -> CallSummary:
        return self._rows[row]

    def update_row(self, summary: CallSummary) -> None:
        """Replace the row of `summary.call_id` (emits dataChanged) or append it."""
        row = self._row_of_id.get(summary.call_id)
        if row is None:
            position = self._insert_position(summary)
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, summary)
            self._reindex()
            self.endInsertRows()
            return
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    def _insert_position(self, summary: CallSummary) -> int:
        """Where a new row goes so the current sort order holds."""
        key = _SORT_KEYS.get(self._sort_column)
        if key is None:
            return len(self._rows)
        new_key = key(summary)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        for position, existing in enumerate(self._rows):
            existing_key = key(existing)
            if (new_key > existing_key) if descending else (new_key < existing_key):
                return position
        return len(self._rows)

    def remove_call(self, call_id: int) -> None:
        row = self._row_of_id.get(call_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._reindex()
        self.endRemoveRows()

    def set_colours(self, rushed: str, good: str, warning: str, muted: str) -> None:
        self.rushed_colour = QColor(rushed)
        self.good_colour = QColor(good)
        self.warning_colour = QColor(warning)
        self.muted_colour = QColor(muted)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_COUNT - 1)
            )

    def distinct_values(self, column: int) -> list[str]:
        """Agents, teams or review statuses present, for the filter combos."""
        getter: dict[int, Callable[[CallSummary], str | None]] = {
            COL_AGENT: lambda s: s.agent,
            COL_TEAM: lambda s: s.team,
            COL_REVIEW: lambda s: s.review_status,
        }
        values = {getter[column](s) for s in self._rows}
        return sorted((v for v in values if v), key=str.lower)

    def _reindex(self) -> None:
        self._row_of_id = {summary.call_id: row for row, summary in enumerate(self._rows)}

    # -- Qt model API ----------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == ROW_ROLE:
            return summary
        if role == CALL_ID_ROLE:
            return summary.call_id
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = _SORT_KEYS.get(column)
        if key is None:
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old_ids = [summary.call_id for summary in self._rows]
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        # keep persistent indexes (selection, current row) on the same calls
        old_persistent = self.persistentIndexList()
        new_persistent = []
        for old in old_persistent:
            call_id = old_ids[old.row()] if 0 <= old.row() < len(old_ids) else None
            row = self._row_of_id.get(call_id) if call_id is not None else None
            new_persistent.append(
                self.index(row, old.column()) if row is not None else QModelIndex()
            )
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    # -- cell helpers ----------------------------------------------------

    def _display(self, summary: CallSummary, column: int) -> str:
        if column == COL_DATE:
            return summary.call_date or "—"
        if column == COL_CALL:
            return PurePath(summary.source).name
        if column == COL_AGENT:
            return summary.agent or "—"
        if column == COL_TEAM:
            return summary.team or "—"
        if column == COL_DURATION:
            return format_duration(summary.duration_s)
        if column == COL_STATUS:
            return humanize(summary.status)
        if column == COL_RUSHED:
            verdict = stored_verdict(summary.rushed, summary.patterns)
            if verdict is None:
                return "—"
            return {RUSHED: "Rushed", NEEDS_A_LOOK: "Needs a look"}.get(verdict, "No")
        if column == COL_PATTERNS:
            return " ".join(sorted(summary.patterns))
        if column == COL_IMPACT_SHARE:
            if summary.rushed is None:
                return "—"
            return format_share(_metric(summary, "impact_question_share"))
        if column == COL_TALK_RATIO:
            return format_share(_metric(summary, "agent_talk_ratio"))
        if column == COL_REVIEW:
            return humanize(summary.review_status)
        return ""

    def _foreground(self, summary: CallSummary, column: int) -> QColor | None:
        if column == COL_RUSHED and summary.rushed is not None:
            verdict = stored_verdict(summary.rushed, summary.patterns)
            if verdict == NEEDS_A_LOOK:
                return self.warning_colour
            return self.rushed_colour if summary.rushed else self.good_colour
        if column == COL_PATTERNS and summary.patterns:
            return self.rushed_colour
        if column == COL_TALK_RATIO:
            ratio = _metric(summary, "agent_talk_ratio")
            if ratio is not None and ratio > self.talk_ratio_warning:
                return self.warning_colour
        if column == COL_STATUS and summary.status in ("failed", "error"):
            return self.rushed_colour
        if column in (COL_DATE, COL_AGENT, COL_TEAM) and self._display(summary, column) == "—":
            return self.muted_colour
        return None

    def _tooltip(self, summary: CallSummary, column: int) -> str | None:
        if column == COL_CALL:
            return summary.source
        if column == COL_PATTERNS and summary.patterns:
            return "\n".join(
                f"{pid} {humanize(PATTERN_NAMES.get(pid, pid))}" for pid in sorted(summary.patterns)
            )
        if column == COL_TALK_RATIO:
            ratio = _metric(summary, "agent_talk_ratio")
            if ratio is not None and ratio > self.talk_ratio_warning:
                return f"Agent talked more than {self.talk_ratio_warning * 100:.0f} % of the time"
        return None
