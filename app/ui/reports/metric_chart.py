"""One metric over time as a QtCharts line chart: the chosen agent/team against all calls.

Periods sit on a real date axis (a quiet month leaves a gap, not a squeeze);
each point is drawn at its period's first day and the axis labels sit exactly
on period starts ("Nov 2026" is where November's point is), thinned to what
the width holds. Shares are drawn as percentages, seconds as seconds. The
chosen group's line is drawn over the all-calls line with larger points, so
a single period's point is never hidden under the all-calls one. Colours
follow the current theme.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QWidget

from app.reports_data import MetricSpec, period_start
from app.ui.style.theme import Theme
from models.analysis.report import ReportRow

DAY_MS = 86_400_000


LABEL_PX = 64  # room one date label needs on the time axis
NARROW_PX = 330  # narrower charts get a plain title and a smaller legend
TRAINING_DATE = "Training date"


def _msecs(day: date) -> float:
    noon = QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0))
    return float(noon.toMSecsSinceEpoch())


def period_starts(first: date, last: date, period: str) -> list[date]:
    """Every period's first day from the period holding `first` to the one holding `last`."""
    if period == "week":
        day = first - timedelta(days=first.weekday())
        out = []
        while day <= last:
            out.append(day)
            day += timedelta(days=7)
        return out
    year, month = first.year, first.month
    out = []
    while date(year, month, 1) <= last:
        out.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def period_label(day: date, period: str) -> str:
    return f"{day.day} {day:%b}" if period == "week" else f"{day:%b %Y}"


class MetricChart(QChartView):
    """A chart for `metric`; `show_rows(selected, everyone, name)` redraws it."""

    def __init__(self, metric: MetricSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = metric
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(190)
        chart = QChart()
        chart.setTitle(metric.title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self.points: dict[str, list[tuple[str, float]]] = {}
        self.period = "month"
        self.period_days: list[date] = []  # every period start on the axis
        self.axis_labels: list[tuple[date, str]] = []  # the labelled ones, after thinning

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._fit_to_width()

    def _fit_to_width(self) -> None:
        """Fewer date ticks and smaller title/legend on a narrow chart: no label is cut."""
        width = self.width()
        axes = self.chart().axes(Qt.Orientation.Horizontal)
        if axes and isinstance(axes[0], QCategoryAxis):
            self._label_periods(axes[0], max(2, (width - 60) // LABEL_PX))
        narrow = width < NARROW_PX
        # a narrow chart's legend holds two names, not three cut ones ("All …", "Trai…"):
        # the dotted training line is named by the date control beside the charts
        for series in self.chart().series():
            if series.name() == TRAINING_DATE:
                for marker in self.chart().legend().markers(series):
                    marker.setVisible(not narrow)
        title_font = QFont(self.font())
        title_font.setBold(not narrow)
        legend_font = QFont(self.font())
        if narrow and legend_font.pointSizeF() > 0:
            legend_font.setPointSizeF(max(7.0, legend_font.pointSizeF() * 0.85))
            title_font.setPointSizeF(max(7.5, title_font.pointSizeF() * 0.92))
        self.chart().setTitleFont(title_font)
        self.chart().legend().setFont(legend_font)

    def _label_periods(self, axis: QCategoryAxis, room: int) -> None:
        """Labels on period starts: every one that fits, else every 2nd, 3rd... period."""
        for label in axis.categoriesLabels():
            axis.remove(label)
        days = [d for d in self.period_days if axis.min() <= _msecs(d) <= axis.max()]
        step = max(1, math.ceil(len(days) / max(1, room)))
        self.axis_labels = []
        for day in days[::step]:
            text = period_label(day, self.period)
            if text in axis.categoriesLabels():  # labels are keys: never twice
                continue
            axis.append(text, _msecs(day))
            self.axis_labels.append((day, text))

    def _values(self, rows: Sequence[ReportRow]) -> list[tuple[date, str, float]]:
        out = []
        for row in rows:
            day = period_start(row.period)
            value = self.spec.value(row)
            if day is None or value is None:
                continue
            out.append((day, row.period, value * 100 if self.spec.unit == "%" else value))
        return out

    def show_rows(
        self,
        selected: Sequence[ReportRow],
        everyone: Sequence[ReportRow],
        name: str,
        period: str,
        marker: date | None = None,
        span: tuple[date, date] | None = None,
    ) -> None:
        """Draw the group's line, the all-calls line, and the training date (`marker`).

        `span` (first, last day) fixes the time axis, so every chart of a report
        shows the same dates whichever periods have a value for its metric.
        """
        theme = Theme.current()
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setBackgroundBrush(QColor(theme.base))
        chart.setTitleBrush(QColor(theme.text))
        chart.legend().setLabelColor(QColor(theme.text))
        self.points = {}

        lines = [(name, selected, QColor(theme.accent), Qt.PenStyle.SolidLine)]
        if name != "All calls":  # drawn first, so the chosen group's points lie on top
            lines.insert(0, ("All calls", everyone, QColor(theme.muted_text), Qt.PenStyle.DashLine))
        all_days: list[date] = []
        all_values: list[float] = []
        series_list = []
        for label, rows, colour, style in lines:
            values = self._values(rows)
            series = QLineSeries()
            series.setName(label)
            series.setPen(QPen(colour, 2.4 if style == Qt.PenStyle.SolidLine else 1.6, style))
            series.setPointsVisible(True)
            series.setMarkerSize(7.0 if style == Qt.PenStyle.SolidLine else 5.0)
            for day, _period, value in values:
                series.append(_msecs(day), value)
            self.points[label] = [(p, v) for _d, p, v in values]
            all_days.extend(d for d, _p, _v in values)
            all_values.extend(v for _d, _p, v in values)
            chart.addSeries(series)
            series_list.append(series)

        x_axis = QCategoryAxis()
        x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.period = period
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%.0f%%" if self.spec.unit == "%" else "%.0f s")
        if self.spec.unit == "%":
            top = 100.0
        else:
            step = 10.0 if max(all_values, default=0.0) <= 120 else 60.0
            top = max(40.0, math.ceil(max(all_values, default=0.0) * 1.1 / (4 * step)) * 4 * step)
        # a little room above and below so points on 0 % or 100 % are not cut in half
        y_axis.setRange(-top * 0.04, top * 1.04)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(0.0)
        y_axis.setTickInterval(top / 4)
        if marker is not None and all_days:
            line = QLineSeries()
            line.setName(TRAINING_DATE)
            line.setPen(QPen(QColor(theme.good), 1.4, Qt.PenStyle.DotLine))
            line.append(_msecs(marker), 0.0)
            line.append(_msecs(marker), top)
            chart.addSeries(line)
            series_list.append(line)
            all_days.append(marker)
        if span is not None:
            all_days = [*all_days, span[0], span[1]]
        self.period_days = []
        if all_days:
            first = span[0] if span is not None else min(all_days)
            last = span[1] if span is not None else max(all_days)
            pad = 3.5 * DAY_MS if period == "week" else 15 * DAY_MS
            x_axis.setRange(_msecs(first) - pad, _msecs(last) + pad)
            x_axis.setStartValue(_msecs(first) - pad)
            self.period_days = period_starts(first, last, period)
        for axis in (x_axis, y_axis):
            axis.setLabelsColor(QColor(theme.muted_text))
            axis.setGridLineColor(QColor(theme.border))
            axis.setLinePenColor(QColor(theme.border))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in series_list:
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        self._fit_to_width()
        self.setBackgroundBrush(QColor(theme.base))
