"""The call timeline: waveform, who speaks when, question and evidence marks, the playhead.

Paints everything itself (one widget, no child items), so a one-hour call
with thousands of turns costs one pass over what is visible. Click to seek,
drag to select a time range (for a clip), wheel to zoom around the pointer,
click a mark to jump to its sentence. Lives on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.ui.style.theme import Theme
from app.ui.time_format import clock
from app.waveform_peaks import WaveformPeaks

MARK_ROW = 14
RULER = 16
LANE_GAP = 2
DRAG_THRESHOLD = 4
MIN_WINDOW_S = 5.0
MARK_KINDS = ("question", "impact", "evidence", "dismissed")  # dismissed: marked wrong
__all__ = ["TimelineMark", "TimelineWidget", "clock", "speaker_colors"]


@dataclass(frozen=True)
class TimelineMark:
    """A point of interest: an agent question, an impact question, a pattern's evidence."""

    time_s: float
    kind: str  # one of MARK_KINDS
    sentence_id: int
    tip: str = ""


def speaker_colors() -> tuple[QColor, QColor]:
    """(agent, customer) colours for the current theme."""
    dark = Theme.current().name == "dark"
    return QColor(Theme.current().accent), QColor("#f2a65a" if dark else "#c26a00")


class TimelineWidget(QWidget):
    """Overview and navigation of one call's audio."""

    seek_requested = Signal(float)
    range_selected = Signal(float, float)
    range_cleared = Signal()
    mark_clicked = Signal(int)  # sentence id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.duration_s = 0.0
        self.view_start_s = 0.0
        self.view_end_s = 0.0
        self.position_s = 0.0
        self.selection: tuple[float, float] | None = None
        self.agent_spans: list[tuple[float, float]] = []
        self.customer_spans: list[tuple[float, float]] = []
        self.agent_channel: int | None = 0
        self.marks: list[TimelineMark] = []
        self.peaks: WaveformPeaks | None = None
        self.message = ""
        self._press_x: float | None = None
        self._dragging = False
        self._columns_key: tuple[int, float, float] | None = None
        self._columns: np.ndarray | None = None

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(600, 104)

    def minimumSizeHint(self) -> QSize:  # Qt override
        return QSize(200, 104)

    # -- data ------------------------------------------------------------

    def set_call(
        self,
        duration_s: float,
        agent_spans: list[tuple[float, float]],
        customer_spans: list[tuple[float, float]],
        marks: list[TimelineMark],
        agent_channel: int | None = 0,
    ) -> None:
        """A new call: whole call in view, no waveform until `set_peaks`."""
        self.duration_s = max(0.0, duration_s)
        self.view_start_s, self.view_end_s = 0.0, self.duration_s
        self.agent_spans = agent_spans
        self.customer_spans = customer_spans
        self.marks = sorted(marks, key=lambda m: m.time_s)
        self.agent_channel = agent_channel
        self.peaks = None
        self.position_s = 0.0
        self.selection = None
        self.message = ""
        self._columns_key = None
        self.update()

    def set_marks(self, marks: list[TimelineMark]) -> None:
        self.marks = sorted(marks, key=lambda m: m.time_s)
        self.update()

    def set_peaks(self, peaks: WaveformPeaks | None) -> None:
        self.peaks = peaks
        self._columns_key = None
        if peaks is not None and self.duration_s <= 0:
            self.duration_s = peaks.duration_s
            self.view_end_s = self.duration_s
        self.update()

    def set_message(self, message: str) -> None:
        """A line drawn over the lanes (no audio, waveform loading…)."""
        self.message = message
        self.update()

    def set_position(self, seconds: float) -> None:
        self.position_s = seconds
        span = self.view_end_s - self.view_start_s
        zoomed = span < self.duration_s - 1e-6
        if zoomed and not (self.view_start_s <= seconds <= self.view_end_s):
            self._set_window(seconds - span * 0.1, span)  # follow the playhead
        self.update()

    def set_selection(self, selection: tuple[float, float] | None) -> None:
        self.selection = selection
        self.update()

    # -- geometry --------------------------------------------------------

    def _lane_rects(self) -> tuple[QRectF, QRectF]:
        top = MARK_ROW
        height = max(10.0, (self.height() - MARK_ROW - RULER - LANE_GAP) / 2)
        width = float(self.width())
        agent = QRectF(0, top, width, height)
        customer = QRectF(0, top + height + LANE_GAP, width, height)
        return agent, customer

    def x_of(self, seconds: float) -> float:
        span = self.view_end_s - self.view_start_s
        if span <= 0:
            return 0.0
        return (seconds - self.view_start_s) / span * self.width()

    def time_at(self, x: float) -> float:
        span = self.view_end_s - self.view_start_s
        if self.width() <= 0:
            return 0.0
        seconds = self.view_start_s + x / self.width() * span
        return max(0.0, min(self.duration_s, seconds))

    def _set_window(self, start_s: float, span_s: float) -> None:
        span_s = max(min(MIN_WINDOW_S, self.duration_s), min(span_s, self.duration_s))
        start_s = max(0.0, min(start_s, self.duration_s - span_s))
        self.view_start_s, self.view_end_s = start_s, start_s + span_s
        self.update()

    def zoom(self, factor: float, around_s: float | None = None) -> None:
        """factor < 1 zooms in; the time under the pointer stays put."""
        if self.duration_s <= 0:
            return
        around = self.position_s if around_s is None else around_s
        span = self.view_end_s - self.view_start_s
        new_span = span * factor
        ratio = (around - self.view_start_s) / span if span > 0 else 0.5
        self._set_window(around - ratio * new_span, new_span)

    def mark_at(self, x: float, y: float) -> TimelineMark | None:
        if y > MARK_ROW + 2:
            return None
        best: TimelineMark | None = None
        best_dx = 5.0
        for mark in self.marks:
            dx = abs(self.x_of(mark.time_s) - x)
            if dx <= best_dx:
                best, best_dx = mark, dx
        return best

    # -- painting --------------------------------------------------------

    def _wave_columns(self) -> np.ndarray | None:
        if self.peaks is None:
            return None
        key = (self.width(), self.view_start_s, self.view_end_s)
        if key != self._columns_key:
            self._columns = self.peaks.columns(self.width(), self.view_start_s, self.view_end_s)
            self._columns_key = key
        return self._columns

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        theme = Theme.current()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(theme.base))
        agent_rect, customer_rect = self._lane_rects()
        agent_colour, customer_colour = speaker_colors()
        columns = self._wave_columns()
        for lane, spans, colour, index in (
            (agent_rect, self.agent_spans, agent_colour, 0),
            (customer_rect, self.customer_spans, customer_colour, 1),
        ):
            self._paint_lane(painter, lane, spans, colour, columns, index)
        self._paint_lane_names(painter, agent_rect, customer_rect)
        self._paint_selection(painter)
        self._paint_marks(painter)
        self._paint_ruler(painter, theme.muted_text, theme.border)
        if self.message:
            painter.setPen(QColor(theme.muted_text))
            painter.drawText(
                QRectF(agent_rect.left(), agent_rect.top(), self.width(), 2 * agent_rect.height()),
                int(Qt.AlignmentFlag.AlignCenter),
                self.message,
            )
        x = self.x_of(self.position_s)
        painter.setPen(QPen(QColor(theme.text), 1.5))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height() - RULER))
        painter.setPen(QColor(theme.border))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def _visible(self, spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(a, b) for a, b in spans if b >= self.view_start_s and a <= self.view_end_s]

    def _paint_lane(
        self,
        painter: QPainter,
        lane: QRectF,
        spans: list[tuple[float, float]],
        colour: QColor,
        columns: np.ndarray | None,
        lane_index: int,
    ) -> None:
        tint = QColor(colour)
        tint.setAlpha(45)
        for start, end in self._visible(spans):
            x0, x1 = self.x_of(start), self.x_of(end)
            painter.fillRect(QRectF(x0, lane.top(), max(1.0, x1 - x0), lane.height()), tint)
        if columns is None or columns.shape[1] == 0:
            return
        if columns.shape[0] >= 2:
            agent = self.agent_channel if self.agent_channel in (0, 1) else 0
            row = columns[agent if lane_index == 0 else 1 - agent]
        else:
            row = columns[0]
            mask = np.zeros(row.shape[0], dtype=bool)  # mono: draw only this speaker's stretches
            for start, end in self._visible(spans):
                lo = max(0, int(self.x_of(start)))
                hi = min(row.shape[0], int(np.ceil(self.x_of(end))) + 1)
                mask[lo:hi] = True
            row = np.where(mask, row, 0.0)
        scale = float(max(0.05, columns.max()))
        mid = lane.center().y()
        half = lane.height() / 2 - 1
        heights = np.clip(row / scale, 0.0, 1.0) * half
        path = QPainterPath()
        for x, h in enumerate(heights.tolist()):
            if h >= 0.5:
                path.moveTo(x + 0.5, mid - h)
                path.lineTo(x + 0.5, mid + h)
        pen_colour = QColor(colour)
        pen_colour.setAlpha(200)
        painter.setPen(QPen(pen_colour, 1.0))
        painter.drawPath(path)

    def _paint_lane_names(self, painter: QPainter, agent: QRectF, customer: QRectF) -> None:
        theme = Theme.current()
        backdrop = QColor(theme.base)
        backdrop.setAlpha(210)
        metrics = painter.fontMetrics()
        painter.setPen(QColor(theme.muted_text))
        for lane, name in ((agent, "Agent"), (customer, "Customer")):
            box = QRectF(
                lane.left() + 2,
                lane.top() + 1,
                metrics.horizontalAdvance(name) + 6,
                metrics.height(),
            )
            painter.fillRect(box, backdrop)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), name)

    def _paint_selection(self, painter: QPainter) -> None:
        if self.selection is None:
            return
        start, end = self.selection
        x0, x1 = self.x_of(start), self.x_of(end)
        accent = QColor(Theme.current().accent)
        accent.setAlpha(60)
        rect = QRectF(x0, 0, max(2.0, x1 - x0), self.height() - RULER)
        painter.fillRect(rect, accent)
        accent.setAlpha(220)
        painter.setPen(QPen(accent, 1.0))
        painter.drawLine(QPointF(x0, 0), QPointF(x0, rect.bottom()))
        painter.drawLine(QPointF(x1, 0), QPointF(x1, rect.bottom()))

    def _paint_marks(self, painter: QPainter) -> None:
        theme = Theme.current()
        colours = {
            "question": QColor(theme.accent),
            "impact": QColor(theme.good),
            "evidence": QColor(theme.rushed),
            "dismissed": QColor(theme.muted_text),
        }
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for mark in self.marks:
            if not (self.view_start_s <= mark.time_s <= self.view_end_s):
                continue
            x = self.x_of(mark.time_s)
            colour = colours.get(mark.kind, colours["question"])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            if mark.kind == "dismissed":  # evidence of a pattern marked wrong: a grey outline
                painter.setPen(QPen(colour, 1.2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                shape = QPolygonF(
                    [QPointF(x, 3), QPointF(x + 4, 7), QPointF(x, 11), QPointF(x - 4, 7)]
                )
                painter.drawPolygon(shape)
            elif mark.kind == "evidence":
                shape = QPolygonF(
                    [QPointF(x, 2), QPointF(x + 5, 7), QPointF(x, 12), QPointF(x - 5, 7)]
                )
                painter.drawPolygon(shape)
            elif mark.kind == "impact":
                shape = QPolygonF([QPointF(x - 5, 2), QPointF(x + 5, 2), QPointF(x, 12)])
                painter.drawPolygon(shape)
            else:
                painter.drawRect(QRectF(x - 1, 5, 2.5, 8))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_ruler(self, painter: QPainter, text_colour: str, line_colour: str) -> None:
        span = self.view_end_s - self.view_start_s
        if span <= 0:
            return
        top = self.height() - RULER
        painter.setPen(QColor(line_colour))
        painter.drawLine(0, top, self.width(), top)
        metrics = painter.fontMetrics()
        label_width = metrics.horizontalAdvance("00:00:00") + 16
        steps = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
        step = next((s for s in steps if s / span * self.width() >= label_width), steps[-1])
        first = int(self.view_start_s // step + 1) * step if self.view_start_s > 0 else 0
        painter.setPen(QColor(text_colour))
        t = float(first)
        while t <= self.view_end_s:
            x = self.x_of(t)
            painter.drawLine(QPointF(x, top), QPointF(x, top + 3))
            if x + 2 + metrics.horizontalAdvance(clock(t)) < self.width():
                painter.drawText(QPointF(x + 2, self.height() - 3), clock(t))
            t += step

    # -- input -----------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.duration_s > 0:
            self._press_x = event.position().x()
            self._dragging = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # Qt override
        if self._press_x is None:
            return
        x = event.position().x()
        if not self._dragging and abs(x - self._press_x) >= DRAG_THRESHOLD:
            self._dragging = True
        if self._dragging:
            a, b = sorted((self.time_at(self._press_x), self.time_at(x)))
            self.set_selection((a, b))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        if self._press_x is None or event.button() != Qt.MouseButton.LeftButton:
            return
        x, y = event.position().x(), event.position().y()
        if self._dragging and self.selection is not None:
            self.range_selected.emit(*self.selection)
        else:
            mark = self.mark_at(x, y)
            if mark is not None:
                self.mark_clicked.emit(mark.sentence_id)
            else:
                if self.selection is not None:
                    self.selection = None
                    self.range_cleared.emit()
                self.seek_requested.emit(self.time_at(x))
        self._press_x = None
        self._dragging = False
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:  # Qt override
        steps = event.angleDelta().y() / 120.0
        if steps == 0:
            return
        self.zoom(0.8**steps, self.time_at(event.position().x()))
        event.accept()

    def event(self, event: object) -> bool:  # Qt override: tooltips for marks
        if isinstance(event, QHelpEvent) and event.type() == QHelpEvent.Type.ToolTip:
            pos = event.pos()
            mark = self.mark_at(pos.x(), pos.y())
            text = clock(self.time_at(pos.x()))
            if mark is not None and mark.tip:
                text = f"{clock(mark.time_s)}  {mark.tip}"
            QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)  # type: ignore[arg-type]
