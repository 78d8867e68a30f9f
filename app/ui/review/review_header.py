"""The Review screen's title row: which call, who, when, how long, and its verdict badges."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.ui.review.review_data import IN_REVIEW, REVIEWED, ReviewData
from app.ui.style.theme import Theme
from app.ui.widgets.elided_label import ElidedLabel
from app.ui.widgets.timeline_widget import clock
from models.analysis.certainty import NEEDS_A_LOOK, RUSHED


class ReviewHeader(QWidget):
    """Title, a meta line and badges (rushed / reviewed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ElidedLabel("Review", mode=Qt.TextElideMode.ElideMiddle)
        self.title.setObjectName("pageTitle")
        self.meta = ElidedLabel()
        self.meta.setProperty("muted", True)
        self.rushed_badge = QLabel()
        self.review_badge = QLabel()
        for badge in (self.rushed_badge, self.review_badge):
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(0)
        text.addWidget(self.title)
        text.addWidget(self.meta)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(text, 1)
        layout.addWidget(self.rushed_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.review_badge, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_call(self, data: ReviewData) -> None:
        self.title.setText(data.title)
        self.title.set_tip(data.source)
        parts = [
            f"Agent {data.agent}" if data.agent else "No agent set",
            f"team {data.team}" if data.team else "",
            data.call_date or "",
            clock(data.duration_s),
            f"{sum(1 for s in data.sentences if s.speaker == 'agent')} agent sentences",
        ]
        self.meta.setText(" · ".join(p for p in parts if p))
        self.show_badges(data.verdict_with_marks(), data.review_status, data.analysed)

    def show_badges(self, verdict: str | None, review_status: str, analysed: bool = True) -> None:
        """`verdict`: certainty.RUSHED / NEEDS_A_LOOK / NOT_RUSHED (None: not analysed)."""
        theme = Theme.current()
        if not analysed or verdict is None:
            self._badge(self.rushed_badge, "Not analysed", theme.muted_text)
        elif verdict == RUSHED:
            self._badge(self.rushed_badge, "Rushed", theme.rushed)
        elif verdict == NEEDS_A_LOOK:
            self._badge(self.rushed_badge, "Needs a look", theme.warning)
        else:
            self._badge(self.rushed_badge, "Not rushed", theme.good)
        if review_status == REVIEWED:
            self._badge(self.review_badge, "✔ Reviewed", theme.good)
        elif review_status == IN_REVIEW:
            self._badge(self.review_badge, "In review", theme.accent)
        else:
            self._badge(self.review_badge, "Not reviewed", theme.muted_text)

    @property
    def badges_text(self) -> str:
        return f"{self.rushed_badge.text()} · {self.review_badge.text()}"

    @staticmethod
    def _badge(label: QLabel, text: str, colour: str) -> None:
        label.setText(text)
        label.setStyleSheet(
            f"color: {colour}; border: 1px solid {colour}; border-radius: 10px;"
            " padding: 2px 10px; font-weight: 600;"
        )
