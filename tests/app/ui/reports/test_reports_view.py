"""The Reports screen on a real library of dated, analysed calls: charts, before/after, exports."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import QCategoryAxis, QLineSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.reports_data import before_after, period_start
from app.storage.library import Library
from app.ui import file_dialogs
from app.ui.reports.metric_chart import period_label
from app.ui.reports.reports_view import ReportsView
from tests.app.ui.stores import store_of
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call


@pytest.fixture
def report_library(library: Library) -> Library:
    """Dana: rushed calls for four weeks, then good ones; Marco rushed throughout."""
    scripts = load_scripts()
    good = [s for s in scripts if not s["expect"]["rushed"]]
    rushed = [s for s in scripts if s["expect"]["rushed"]]
    start = date(2025, 2, 3)  # a Monday
    for day in range(0, 56, 3):
        when = (start + timedelta(days=day)).isoformat()
        dana = (rushed if day < 28 else good)[day % 3]
        marco = rushed[(day + 1) % 3]
        for agent, team, script in (("Dana", "Broadband", dana), ("Marco", "Billing", marco)):
            add_scripted_call(
                library, script, source=f"/calls/{when}-{agent}-{script['id']}.wav",
                agent=agent, team=team, call_date=when,
            )  # fmt: skip
    return library


def open_reports(qtbot: QtBot, library: Library) -> ReportsView:
    view = ReportsView(store_of(library))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_charts_per_agent_with_all_calls_and_training_date(
    qtbot: QtBot, report_library: Library
) -> None:
    view = open_reports(qtbot, report_library)
    assert view.group_combo.findData("Dana") > 0
    view.select(by="agent", group="Dana", period="week")
    chart = view.charts["rushed_share"]
    series = {s.name(): s for s in chart.chart().series() if isinstance(s, QLineSeries)}
    assert set(series) == {"Dana", "All calls", "Training date"}
    assert series["Dana"].count() == 8  # eight ISO weeks
    dana = [value for _period, value in chart.points["Dana"]]
    assert dana[0] == 100.0 and dana[-1] == 0.0
    view.select(by="team", group="Billing", period="month")
    assert view.group_combo.currentText() == "Billing"
    months = [p for p, _v in view.charts["impact_question_share"].points["Billing"]]
    assert months == ["2025-02", "2025-03"]


def test_before_after_matches_the_numbers(qtbot: QtBot, report_library: Library) -> None:
    view = open_reports(qtbot, report_library)
    view.select(by="agent", group="Dana", period="week")
    view.before_after.set_pivot(date(2025, 3, 3))
    result = view.before_after.result
    assert result is not None
    expected = before_after(
        report_library.call_summaries(None, None), date(2025, 3, 3), "agent", "Dana"
    )
    assert (result.before_calls, result.after_calls) == (
        expected.before_calls,
        expected.after_calls,
    )
    assert result.rows[0].before == 1.0 and result.rows[0].after == 0.0
    table = view.before_after.table
    assert table.item(0, 0).text() == "Rushed calls"
    assert (table.item(0, 1).text(), table.item(0, 2).text()) == ("100%", "0%")
    assert table.item(0, 3).text() == "-100 pts"
    assert "Better" in view.before_after.verdict.text()


def test_csv_and_png_exports(qtbot: QtBot, report_library: Library, tmp_path: Path) -> None:
    view = open_reports(qtbot, report_library)
    view.select(by="agent", group="Dana", period="week")
    csv_path = view.export_csv(tmp_path / "report.csv")
    assert csv_path is not None
    records = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert {r["group"] for r in records} == {"Dana"}  # the scope the charts show
    view.select(group="(all)")
    all_path = view.export_csv(tmp_path / "all.csv")
    assert all_path is not None
    records = list(csv.DictReader(all_path.open(encoding="utf-8")))
    assert {r["group"] for r in records} == {"Dana", "Marco"}
    view.select(group="Dana")
    png_path = view.export_png(tmp_path / "charts")
    assert png_path == tmp_path / "charts.png"
    image = QImage(str(png_path))
    assert not image.isNull() and image.width() > 300
    view.choose_save_path = lambda caption, name, file_filter: tmp_path / name
    comparison = view.export_comparison_csv()
    assert comparison is not None and comparison.read_text().startswith("metric,before,after")


def test_no_analysed_calls_shows_a_hint(qtbot: QtBot, library: Library) -> None:
    view = open_reports(qtbot, library)
    assert view.pages.currentWidget() is view.empty_page


def test_exports_name_the_agent_and_dates_and_charts_share_one_time_axis(
    qtbot: QtBot, report_library: Library, tmp_path: Path
) -> None:
    view = open_reports(qtbot, report_library)
    view.select(by="agent", group="Dana", period="week")
    offered: list[str] = []
    view.choose_save_path = lambda caption, name, file_filter: offered.append(name) or None
    view.export_png()
    view.export_csv()
    view.export_comparison_csv()
    assert offered[0] == "callscope_agent_Dana_week_2025-02-03_to_2025-03-29.png"
    assert offered[1] == "callscope_agent_Dana_week_2025-02-03_to_2025-03-29.csv"
    assert offered[2].startswith("callscope_agent_Dana_week_2025-02-03_to_2025-03-29")
    assert view.caption() == (
        "Callscope report · Agent: Dana · weekly · calls from 03 Feb 2025 – 29 Mar 2025"
    )
    image = view.captioned_charts()
    assert image.height() > view.charts_area.height()  # the caption band above the charts
    ranges = set()
    for chart in view.charts.values():
        x_axis = chart.chart().axes(Qt.Orientation.Horizontal)[0]
        ranges.add((x_axis.min(), x_axis.max(), tuple(chart.axis_labels)))
    assert len(ranges) == 1, ranges


def test_save_dialog_starts_in_the_last_folder_or_home(tmp_path: Path) -> None:
    file_dialogs._last.clear()
    assert file_dialogs.start_folder("reports") == Path.home()  # never the program folder
    file_dialogs.remember("reports", tmp_path / "x.png")
    assert file_dialogs.start_folder("reports") == tmp_path
    assert file_dialogs.start_folder("clips") == tmp_path  # the last folder used for anything
    file_dialogs.remember("reports", tmp_path / "gone" / "x.png")  # a folder since removed
    assert file_dialogs.start_folder("reports") == Path.home()
    file_dialogs._last.clear()


def _x_of(series: QLineSeries) -> list[float]:
    return [series.at(i).x() for i in range(series.count())]


@pytest.mark.parametrize("period", ["month", "week"])
def test_each_point_sits_on_its_periods_label(
    qtbot: QtBot, report_library: Library, period: str
) -> None:
    """November's point is drawn on the "Nov" label, not left of it (tester's finding)."""
    view = open_reports(qtbot, report_library)
    view.select(by="team", group="Billing", period=period)
    chart = view.charts["rushed_share"]
    x_axis = chart.chart().axes(Qt.Orientation.Horizontal)[0]
    assert isinstance(x_axis, QCategoryAxis)
    positions = {x_axis.endValue(label): label for label in x_axis.categoriesLabels()}
    series = {s.name(): s for s in chart.chart().series() if isinstance(s, QLineSeries)}
    labelled = 0
    for (name, _value), x in zip(chart.points["Billing"], _x_of(series["Billing"]), strict=True):
        start = period_start(name)
        assert start is not None
        if x in positions:  # labels may be thinned on a narrow chart, never misplaced
            assert positions[x] == period_label(start, period)
            labelled += 1
    assert labelled >= 2
    for label, x in ((lbl, x_axis.endValue(lbl)) for lbl in x_axis.categoriesLabels()):
        day = date.fromtimestamp(x / 1000)  # local noon of the period's first day
        assert day.day == 1 or period == "week"
        assert period_label(day, period) == label


def test_the_chosen_groups_point_is_drawn_over_all_calls(
    qtbot: QtBot, report_library: Library
) -> None:
    view = open_reports(qtbot, report_library)
    view.select(by="team", group="Billing", period="month")
    chart = view.charts["rushed_share"]
    order = [s.name() for s in chart.chart().series() if isinstance(s, QLineSeries)]
    assert order.index("Billing") > order.index("All calls")  # later series paint on top
    series = {s.name(): s for s in chart.chart().series() if isinstance(s, QLineSeries)}
    assert series["Billing"].markerSize() > series["All calls"].markerSize()


def test_before_after_change_matches_the_shown_values(qtbot: QtBot) -> None:
    """18 s -> 18 s is "0 s" (not "+1 s" from unrounded values); never "-0 pts"."""
    from app.reports_data import METRICS_BY_KEY, BeforeAfter, ComparisonRow
    from app.ui.reports.before_after_panel import BeforeAfterPanel

    panel = BeforeAfterPanel()
    qtbot.addWidget(panel)
    seconds = METRICS_BY_KEY["median_first_impact_question_s"]
    talk = METRICS_BY_KEY["mean_agent_talk_ratio"]
    rushed = METRICS_BY_KEY["rushed_share"]
    rows = [
        ComparisonRow(seconds, 17.6, 18.4),  # both shown as 18 s
        ComparisonRow(talk, 0.5614, 0.5580),  # both 56 %, change -0.34 pts
        ComparisonRow(rushed, 0.304, 0.296),  # 30 % -> 30 %
        ComparisonRow(METRICS_BY_KEY["impact_question_share"], 0.254, 0.346),  # 25 -> 35
    ]
    panel.show_result(BeforeAfter(date(2026, 11, 26), 5, 6, rows), "Billing")
    table = panel.table
    texts = [[table.item(r, c).text() for c in range(1, 4)] for r in range(4)]
    assert texts[0] == ["18 s", "18 s", "0 s"]
    assert texts[1] == ["56%", "56%", "0 pts"]
    assert texts[2] == ["30%", "30%", "0 pts"]
    assert texts[3] == ["25%", "35%", "+10 pts"]
    assert not any("-0" in text for row in texts for text in row)


def test_exports_are_private_and_get_their_suffix(
    qtbot: QtBot, report_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Report CSV/PNG are 0600 (exports hold call data); a typed name without ".csv" gets it."""
    from PySide6.QtWidgets import QFileDialog

    view = open_reports(qtbot, report_library)
    view.select(by="team", group="Billing", period="month")
    typed = {"name": ""}
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / typed["name"]), "")
    )
    view.choose_save_path = view._ask_save_path  # the real dialog helper, answered above
    written = []
    for name, export in (("report", view.export_csv), ("charts", view.export_png),
                         ("compare", view.export_comparison_csv)):  # fmt: skip
        typed["name"] = name
        path = export()
        assert path is not None
        written.append(path)
    assert [p.name for p in written] == ["report.csv", "charts.png", "compare.csv"]
    for path in written:
        assert path.exists() and (path.stat().st_mode & 0o777) == 0o600, path
    assert not QImage(str(written[1])).isNull()
