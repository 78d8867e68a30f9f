"""The transcript as a list model: one `SentenceRow` per row, for `QListView` + delegate.

A one-hour call has about a thousand sentences: one model and one painting
delegate keep opening it fast (no widget per sentence). `set_rows` resets;
`update_rows` swaps the rows in place after a correction so selection and
scroll position survive; `set_current_row` marks the sentence being played.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.clips.clip_snippet import speaker_name
from app.label_colors import label_title
from app.ui.review.review_data import SentenceRow

ModelIndex = QModelIndex | QPersistentModelIndex

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the SentenceRow
SENTENCE_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
START_ROLE = int(Qt.ItemDataRole.UserRole) + 3
CURRENT_ROLE = int(Qt.ItemDataRole.UserRole) + 4  # bool: being played


class TranscriptModel(QAbstractListModel):
    """Sentences of one call in time order. Lives on the GUI thread."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SentenceRow] = []
        self._starts: list[float] = []
        self._row_of_id: dict[int, int] = {}
        self.current_row = -1

    # -- Qt model API ----------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008  Qt override
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return row.sentence.text
        if role == SENTENCE_ID_ROLE:
            return row.sentence.id
        if role == START_ROLE:
            return row.sentence.start
        if role == CURRENT_ROLE:
            return index.row() == self.current_row
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            label = f", {label_title(row.label)}" if row.label else ""
            return f"{speaker_name(row.sentence.speaker)}: {row.sentence.text}{label}"
        return None

    @staticmethod
    def _tooltip(row: SentenceRow) -> str | None:
        parts = []
        if row.corrected:
            parts.append(
                f"Corrected to {label_title(row.label)}; the model said "
                f"{label_title(row.model_label) or 'nothing'}."
            )
        elif row.is_agent and row.label and row.sentence.confidence is not None:
            parts.append(
                f"{label_title(row.label)} (model, {row.sentence.confidence * 100:.0f}% sure)"
            )
        if row.evidence:
            parts.append("Evidence of " + ", ".join(row.evidence))
        if row.dismissed:
            parts.append("Evidence of " + ", ".join(row.dismissed) + ", marked wrong")
        return "\n".join(parts) or None

    # -- rows ------------------------------------------------------------

    def set_rows(self, rows: Sequence[SentenceRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._reindex()
        self.current_row = -1
        self.endResetModel()

    def update_rows(self, rows: Sequence[SentenceRow]) -> None:
        """Same sentences, new labels/evidence: repaint in place (or reset if they differ)."""
        same = len(rows) == len(self._rows) and all(
            a.sentence.id == b.sentence.id for a, b in zip(rows, self._rows, strict=True)
        )
        if not same:
            self.set_rows(rows)
            return
        self._rows = list(rows)
        self._reindex()
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def _reindex(self) -> None:
        self._starts = [row.sentence.start for row in self._rows]
        self._row_of_id = {row.sentence.id: n for n, row in enumerate(self._rows)}

    def rows(self) -> list[SentenceRow]:
        return list(self._rows)

    def row_at(self, row: int) -> SentenceRow:
        return self._rows[row]

    def row_of_sentence(self, sentence_id: int) -> int:
        """Row of a sentence id, -1 if it is not in this call."""
        return self._row_of_id.get(sentence_id, -1)

    def row_at_time(self, seconds: float) -> int:
        """The sentence being spoken at `seconds` (the last one started), -1 before the first."""
        position = bisect.bisect_right(self._starts, seconds + 1e-6) - 1
        if position < 0:
            return -1
        # overlapping speech: prefer a sentence still running at `seconds`
        candidate = position
        while candidate >= 0 and position - candidate < 3:
            sentence = self._rows[candidate].sentence
            if sentence.start <= seconds <= sentence.end:
                return candidate
            candidate -= 1
        return position

    def set_current_row(self, row: int) -> bool:
        """Mark the row being played; True when it changed."""
        if row == self.current_row:
            return False
        old, self.current_row = self.current_row, row
        for changed in (old, row):
            if 0 <= changed < len(self._rows):
                index = self.index(changed)
                self.dataChanged.emit(index, index, [CURRENT_ROLE])
        return True
