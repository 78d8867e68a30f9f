"""Paints one transcript line: time, speaker header at turn starts, text, label tag, evidence.

Layout, left to right: the start time (and the ids of patterns the sentence
is evidence of), a bar in the speaker's colour (red for evidence), the
wrapped text, and for agent sentences the label tag; a corrected label shows
the supervisor's tag outlined over the model's, struck through. Heights are
cached per sentence and width, so a thousand rows lay out in milliseconds.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.clips.clip_snippet import speaker_name
from app.ui.review.review_data import SentenceRow
from app.ui.review.transcript_model import CURRENT_ROLE, ROW_ROLE
from app.ui.style.theme import Theme
from app.ui.widgets.label_chip import chip_size, paint_chip
from app.ui.widgets.timeline_widget import clock, speaker_colors
from kernel.domain import AGENT

MARGIN_X = 8
TIME_W = 50
BAR_W = 3
GAP = 8
CHIP_COL = 160
PAD_Y = 4
HEADER_GAP = 6
ModelIndex = QModelIndex | QPersistentModelIndex


class TranscriptDelegate(QStyledItemDelegate):
    """Draws `SentenceRow`s; the view tells it its width (`set_width`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.width = 600
        self._heights: dict[tuple[int, bool, bool, int], int] = {}

    def set_width(self, width: int) -> bool:
        """The viewport's width; True when it changed (heights need a new layout)."""
        if width == self.width:
            return False
        self.width = width
        self._heights.clear()
        return True

    def clear_cache(self) -> None:
        self._heights.clear()

    # -- geometry --------------------------------------------------------

    def _text_rect_width(self, row: SentenceRow, width: int) -> int:
        left = MARGIN_X + TIME_W + BAR_W + GAP
        right = MARGIN_X + (CHIP_COL + GAP if row.is_agent else 0)
        return max(80, width - left - right)

    def _header_height(self, metrics: QFontMetrics) -> int:
        return metrics.height() + HEADER_GAP

    def _chips_height(self, row: SentenceRow, font: QFont) -> int:
        if not row.is_agent or not row.label:
            return 0
        height = chip_size(font, row.label).height()
        if row.corrected and row.model_label:
            height = 2 * height + 3
        return height

    def _row_height(self, row: SentenceRow, font: QFont, width: int) -> int:
        key = (row.sentence.id, row.corrected, row.turn_start, width)
        cached = self._heights.get(key)
        if cached is not None:
            return cached
        metrics = QFontMetrics(font)
        text = metrics.boundingRect(
            QRect(0, 0, self._text_rect_width(row, width), 100_000),
            int(Qt.TextFlag.TextWordWrap),
            row.sentence.text,
        ).height()
        evidence_lines = (len(row.evidence) + len(row.dismissed) + 1) // 2
        left = metrics.height() + evidence_lines * (metrics.height() - 2)
        body = max(text, self._chips_height(row, font), left)
        height = body + 2 * PAD_Y + (self._header_height(metrics) if row.turn_start else 0)
        self._heights[key] = height
        return height

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # Qt override
        row = index.data(ROW_ROLE)
        if not isinstance(row, SentenceRow):
            return super().sizeHint(option, index)
        return QSize(self.width, self._row_height(row, option.font, self.width))

    # -- painting --------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, SentenceRow):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        font: QFont = option.font
        state = option.state
        theme = Theme.current()
        metrics = QFontMetrics(font)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        current = bool(index.data(CURRENT_ROLE))
        agent_colour, customer_colour = speaker_colors()
        speaker_colour = agent_colour if row.sentence.speaker == AGENT else customer_colour

        painter.save()
        top = rect.top()
        if row.turn_start:
            header = QRect(
                rect.left() + MARGIN_X + TIME_W, top + HEADER_GAP, rect.width(), metrics.height()
            )
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(speaker_colour)
            painter.drawText(
                header,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                speaker_name(row.sentence.speaker),
            )
            top += self._header_height(metrics)
        body = QRect(rect.left(), top, rect.width(), rect.bottom() - top + 1)
        if selected:
            painter.fillRect(body, QColor(theme.accent))
        elif current:
            painter.fillRect(body, QColor(theme.hit_background))
        elif row.sentence.speaker != AGENT:
            painter.fillRect(body, QColor(theme.alternate_base))
        text_colour = QColor(
            theme.accent_text if selected else (theme.hit_text if current else theme.text)
        )
        muted = QColor(theme.accent_text if selected else theme.muted_text)

        # time and evidence ids
        painter.setFont(font)
        time_rect = QRect(rect.left() + MARGIN_X, top + PAD_Y, TIME_W - 6, metrics.height())
        painter.setPen(muted)
        painter.drawText(
            time_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            clock(row.sentence.start),
        )
        ids = [(pid, False) for pid in row.evidence] + [(pid, True) for pid in row.dismissed]
        if ids:  # evidence in bold red; of a pattern marked wrong, grey and struck out
            small = QFont(font)
            small.setBold(True)
            struck = QFont(font)
            struck.setStrikeOut(True)
            space = QFontMetrics(small).horizontalAdvance("P0 ")
            for n, (pattern_id, wrong) in enumerate(ids):
                painter.setFont(struck if wrong else small)
                painter.setPen(
                    muted if wrong else QColor(theme.accent_text if selected else theme.rushed)
                )
                painter.drawText(
                    time_rect.translated((n % 2) * space, (n // 2 + 1) * (metrics.height() - 2)),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                    pattern_id,
                )
            painter.setFont(font)

        # speaker bar
        bar_colour = QColor(theme.rushed) if row.evidence else speaker_colour
        bar = QRect(rect.left() + MARGIN_X + TIME_W, top + 2, BAR_W, body.height() - 4)
        painter.fillRect(bar, bar_colour)

        # text
        text_left = bar.right() + 1 + GAP
        text_rect = QRect(
            text_left, top + PAD_Y, self._text_rect_width(row, rect.width()), body.height()
        )
        painter.setPen(text_colour)
        painter.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            row.sentence.text,
        )

        # label chips
        if row.is_agent and row.label:
            size = chip_size(font, row.label, corrected=row.corrected)
            width = min(size.width(), CHIP_COL)
            chip = QRect(rect.right() - MARGIN_X - width + 1, top + PAD_Y, width, size.height())
            paint_chip(painter, chip, row.label, font, corrected=row.corrected)
            if row.corrected and row.model_label:
                old = chip_size(font, row.model_label)
                old_rect = QRect(
                    rect.right() - MARGIN_X - min(old.width(), CHIP_COL) + 1,
                    chip.bottom() + 3,
                    min(old.width(), CHIP_COL),
                    old.height(),
                )
                paint_chip(painter, old_rect, row.model_label, font, struck=True)
        painter.restore()
