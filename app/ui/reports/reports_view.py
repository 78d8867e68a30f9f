"""The Reports screen: how each agent or team does over time, and whether training stuck.

Lives on the GUI thread. Reads the call summaries through the store when
shown (one query on the store's thread, `app/ui/store.py`) and computes
everything with `app.reports_data` (the same numbers as the `report`
command). Four line charts (rushed share, impact-question
share, median first impact question, agent talk ratio) for the chosen agent
or team against all calls; a before/after table around a training date;
CSV and PNG export.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QImage, QImageWriter, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.export.atomic import write_bytes_atomic, write_text_atomic
from app.reports_data import (
    ALL_GROUPS,
    METRICS,
    before_after,
    comparison_csv,
    group_names,
    period_start,
    select_group,
    trend_rows,
    write_report_csv,
)
from app.ui import file_dialogs
from app.ui.reports.before_after_panel import BeforeAfterPanel
from app.ui.reports.metric_chart import MetricChart
from app.ui.store import Store, StoredLibrary
from app.ui.style.theme import Theme
from app.ui.widgets.empty_page import EmptyPage
from kernel.domain import CallSummary
from models.analysis.report import build_report

log = logging.getLogger(__name__)

PAGE_EMPTY = 0
PAGE_REPORT = 1
ALL_CALLS = "All calls"


class ReportsView(QWidget):
    """Trend charts and before/after for one agent, one team or everyone."""

    report_updated = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.summaries: list[CallSummary] = []
        # replaced by tests: where to save (caption, filter) -> path or None
        self.choose_save_path: Callable[[str, str, str], Path | None] = self._ask_save_path
        self._pivot_chosen = False
        self._build()
        self._connect()
        self.reload()

    # -- construction ----------------------------------------------------

    def _build(self) -> None:
        title = QLabel("Reports")
        title.setObjectName("pageTitle")
        self.summary_label = QLabel()
        self.summary_label.setProperty("muted", True)
        self.by_combo = QComboBox()
        self.by_combo.addItem("Agent", "agent")
        self.by_combo.addItem("Team", "team")
        self.group_combo = QComboBox()
        self.group_combo.setMinimumContentsLength(14)
        self.period_combo = QComboBox()
        self.period_combo.addItem("Weekly", "week")
        self.period_combo.addItem("Monthly", "month")
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.setToolTip(
            "The rows of what Show picks (every agent or team for All calls), per period"
        )
        self.png_button = QPushButton("Export PNG…")
        self.png_button.setToolTip("The four charts as one picture")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.summary_label, 1, Qt.AlignmentFlag.AlignBottom)
        tools = QHBoxLayout()
        for text, widget in (
            ("By", self.by_combo),
            ("Show", self.group_combo),
            ("Period", self.period_combo),
        ):
            tools.addWidget(QLabel(text))
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.csv_button)
        tools.addWidget(self.png_button)

        self.charts_area = QWidget()
        grid = QGridLayout(self.charts_area)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.charts: dict[str, MetricChart] = {}
        for n, metric in enumerate(METRICS):
            chart = MetricChart(metric)
            self.charts[metric.key] = chart
            grid.addWidget(chart, n // 2, n % 2)

        self.before_after = BeforeAfterPanel()
        self.comparison_button = QPushButton("Export comparison CSV…")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 0, 0)
        heading = QLabel("Before and after training")
        heading.setStyleSheet("font-weight: 600; font-size: 11pt;")
        side_layout.addWidget(heading)
        hint = QLabel("Did the training stick? Compare the calls before a date with those after.")
        hint.setWordWrap(True)
        hint.setProperty("muted", True)
        side_layout.addWidget(hint)
        side_layout.addWidget(self.before_after, 1)
        side_layout.addWidget(self.comparison_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.charts_area)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([800, 360])
        self.status = QLabel()
        self.status.setProperty("muted", True)

        report_page = QWidget()
        page_layout = QVBoxLayout(report_page)
        page_layout.setContentsMargins(16, 10, 16, 8)
        page_layout.addLayout(header)
        page_layout.addLayout(tools)
        page_layout.addWidget(self.splitter, 1)
        page_layout.addWidget(self.status)
        self.empty_page = EmptyPage(
            "Reports",
            "No analysed calls yet. Import calls (with agent, team and date) and the trends "
            "per agent and team appear here.",
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(report_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _connect(self) -> None:
        self.by_combo.currentIndexChanged.connect(self.on_by_changed)
        self.group_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.before_after.settings_changed.connect(self.on_before_after_changed)
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.png_button.clicked.connect(lambda: self.export_png())
        self.comparison_button.clicked.connect(lambda: self.export_comparison_csv())

    # -- state -----------------------------------------------------------

    @property
    def by(self) -> str:
        return str(self.by_combo.currentData())

    @property
    def period(self) -> str:
        return str(self.period_combo.currentData())

    @property
    def group(self) -> str:
        return str(self.group_combo.currentData() or ALL_GROUPS)

    def reload(self) -> None:
        """Re-read the calls from the library and redraw."""
        try:
            self.summaries = self.store.call(read_summaries)
        except Exception as exc:
            log.exception("reading call summaries failed")
            self.empty_page.text.setText(f"The calls could not be read: {exc}")
            self.pages.setCurrentIndex(PAGE_EMPTY)
            return
        analysed = [s for s in self.summaries if s.rushed is not None]
        if not analysed:
            self.pages.setCurrentIndex(PAGE_EMPTY)
            return
        self.pages.setCurrentIndex(PAGE_REPORT)
        if not self._pivot_chosen:
            self.before_after.blockSignals(True)
            self.before_after.set_pivot(self._default_pivot(analysed))
            self.before_after.blockSignals(False)
        self._fill_groups()
        self.refresh()

    @staticmethod
    def _default_pivot(calls: list[CallSummary]) -> date:
        """Halfway through the dated calls (a starting point; the supervisor picks the date)."""
        days = sorted(date.fromisoformat(c.call_date[:10]) for c in calls if c.call_date)
        if not days:
            return date.today()
        return days[0] + (days[-1] - days[0]) / 2

    def _fill_groups(self) -> None:
        current = self.group_combo.currentData()
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        self.group_combo.addItem(ALL_CALLS, ALL_GROUPS)
        for name in group_names(self.summaries, self.by):
            self.group_combo.addItem(name, name)
        index = self.group_combo.findData(current) if current else 0
        self.group_combo.setCurrentIndex(max(0, index))
        self.group_combo.blockSignals(False)

    def select(
        self, by: str | None = None, group: str | None = None, period: str | None = None
    ) -> None:
        """Pick what to show (used by tests and by callers that open the screen on an agent)."""
        if by is not None:
            self.by_combo.setCurrentIndex(self.by_combo.findData(by))
        if period is not None:
            self.period_combo.setCurrentIndex(self.period_combo.findData(period))
        if group is not None:
            self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(group)))
        self.refresh()

    def refresh(self) -> None:
        """Redraw the charts and the comparison for the current choices."""
        if not self.summaries:
            return
        name = self.group_combo.currentText() or ALL_CALLS
        selected = trend_rows(self.summaries, self.by, self.group, self.period)
        everyone = trend_rows(self.summaries, self.by, ALL_GROUPS, self.period)
        pivot = self.before_after.pivot()
        span = self._chart_span(selected, everyone, pivot)
        for chart in self.charts.values():
            chart.show_rows(selected, everyone, name, self.period, pivot, span)
        calls = sum(row.calls for row in selected)
        undated = sum(1 for s in self.summaries if s.rushed is not None and not s.call_date)
        self.summary_label.setText(
            f"{calls} analysed call{'s' if calls != 1 else ''} for {name}"
            + (f" · {undated} without a date left out" if undated else "")
        )
        self._refresh_before_after(name)
        self.report_updated.emit()

    def _refresh_before_after(self, name: str) -> None:
        result = before_after(
            self.summaries,
            self.before_after.pivot(),
            self.by,
            self.group,
            self.before_after.window_days(),
        )
        self.before_after.show_result(result, name)

    def apply_theme(self) -> None:
        """The theme changed: redraw the charts and the comparison in its colours."""
        self.refresh()

    def on_by_changed(self, _index: int) -> None:
        self._fill_groups()
        self.refresh()

    def on_before_after_changed(self) -> None:
        self._pivot_chosen = True
        self.refresh()  # the charts mark the training date too

    # -- export ----------------------------------------------------------

    def _ask_save_path(self, caption: str, name: str, file_filter: str) -> Path | None:
        return file_dialogs.save_file(self, caption, name, file_filter, "reports")

    @staticmethod
    def _chart_span(
        selected: list[Any], everyone: list[Any], pivot: date | None
    ) -> tuple[date, date] | None:
        """One time axis for all four charts: every period shown, and the training date."""
        days = [d for r in (*selected, *everyone) if (d := period_start(r.period)) is not None]
        if pivot is not None and days:
            days.append(pivot)
        return (min(days), max(days)) if days else None

    def covered_dates(self, everyone: bool = False) -> tuple[date, date] | None:
        """First and last call date of the chosen group (or of every call)."""
        group = ALL_GROUPS if everyone else self.group
        days = [
            date.fromisoformat(s.call_date[:10])
            for s in select_group(self.summaries, self.by, group)
            if s.call_date and s.rushed is not None
        ]
        return (min(days), max(days)) if days else None

    def _dates_part(self, everyone: bool = False) -> str:
        span = self.covered_dates(everyone)
        return f"_{span[0].isoformat()}_to_{span[1].isoformat()}" if span else ""

    def _file_stem(self) -> str:
        who = "all" if self.group == ALL_GROUPS else re.sub(r"[^\w.-]+", "_", self.group)
        return f"callscope_{self.by}_{who}_{self.period}{self._dates_part()}"

    def caption(self) -> str:
        """What an exported picture covers: who, which periods, which dates."""
        name = self.group_combo.currentText() or ALL_CALLS
        who = name if self.group == ALL_GROUPS else f"{self.by.title()}: {name}"
        span = self.covered_dates()
        when = (
            f"{span[0].strftime('%d %b %Y')} – {span[1].strftime('%d %b %Y')}"
            if span
            else "no dated calls"
        )
        periods = "weekly" if self.period == "week" else "monthly"
        return f"Callscope report · {who} · {periods} · calls from {when}"

    def export_csv(self, path: Path | None = None) -> Path | None:
        """The rows of what Show picks (the same scope as the PNG), as `report` writes them.

        All calls: every agent's (or team's) rows; one agent or team: its rows only.
        """
        everyone = self.group == ALL_GROUPS
        name = (
            f"callscope_report_{self.by}_{self.period}{self._dates_part(everyone=True)}.csv"
            if everyone
            else f"{self._file_stem()}.csv"
        )
        target = path or self.choose_save_path("Export report CSV", name, "CSV (*.csv)")
        if target is None:
            return None
        calls = select_group(self.summaries, self.by, self.group)
        rows = build_report(calls, by=self.by, period=self.period)
        try:
            write_report_csv(rows, target)
        except OSError as exc:
            self._failed(target, exc)
            return None
        self.status.setText(f"Saved {len(rows)} rows to {target}.")
        return target

    def _failed(self, target: Path, exc: OSError) -> None:
        log.warning("export to %s failed: %s", target, exc)
        self.status.setText(f"Could not write {target}: {exc.strerror or exc}.")
        return None

    def export_comparison_csv(self, path: Path | None = None) -> Path | None:
        result = self.before_after.result
        if result is None:
            return None
        target = path or self.choose_save_path(
            "Export before/after CSV", f"{self._file_stem()}_before_after.csv", "CSV (*.csv)"
        )
        if target is None:
            return None
        try:
            write_text_atomic(target, comparison_csv(result))
        except OSError as exc:
            self._failed(target, exc)
            return None
        self.status.setText(f"Saved the comparison to {target}.")
        return target

    def export_png(self, path: Path | None = None) -> Path | None:
        """The four charts as one PNG."""
        target = path or self.choose_save_path(
            "Export charts", f"{self._file_stem()}.png", "PNG image (*.png)"
        )
        if target is None:
            return None
        if target.suffix.lower() != ".png":
            target = target.with_suffix(".png")
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not QImageWriter(buffer, QByteArray(b"png")).write(self.captioned_charts()):
            self.status.setText(f"Could not write {target}.")
            return None
        buffer.close()
        try:
            write_bytes_atomic(target, bytes(data.data()))  # private (0600), like every export
        except OSError as exc:
            self._failed(target, exc)
            return None
        self.status.setText(f"Saved the charts to {target}.")
        return target

    def captioned_charts(self) -> QImage:
        """The charts with a line above them saying who and which dates they cover."""
        charts = self.charts_area.grab().toImage()
        metrics = QFontMetrics(self.font())
        band = metrics.height() + 12
        image = QImage(charts.width(), charts.height() + band, QImage.Format.Format_ARGB32)
        image.fill(QColor(Theme.current().base))
        painter = QPainter(image)
        painter.setFont(self.font())
        painter.setPen(QColor(Theme.current().text))
        painter.drawText(8, 6 + metrics.ascent(), self.caption())
        painter.drawImage(0, band, charts)
        painter.end()
        return image

    def showEvent(self, event: QShowEvent) -> None:  # Qt override: new calls may have arrived
        self.reload()
        super().showEvent(event)


def read_summaries(library: StoredLibrary) -> list[CallSummary]:
    """Every call's summary (run on the store's thread)."""
    return list(library.call_summaries(None, None))
