"""CallTableModel and CallFilterProxy without any widget: rows, roles, sort, filter, updates."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.library.call_filter import DEFAULT_PRESETS, CallFilter
from app.ui.library.call_filter_proxy import CallFilterProxy
from app.ui.library.call_table_model import (
    CALL_ID_ROLE,
    COL_AGENT,
    COL_CALL,
    COL_DATE,
    COL_DURATION,
    COL_IMPACT_SHARE,
    COL_PATTERNS,
    COL_REVIEW,
    COL_RUSHED,
    COLUMN_COUNT,
    ROW_ROLE,
    CallTableModel,
)
from kernel.domain import CallSummary
from tests.app.ui.fakes import sample_rows

TODAY = date(2025, 3, 12)


def make_models(rows: list[CallSummary] | None = None) -> tuple[CallTableModel, CallFilterProxy]:
    model = CallTableModel()
    proxy = CallFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_today(TODAY)
    model.set_rows(rows if rows is not None else sample_rows())
    return model, proxy


def column_values(proxy: CallFilterProxy, column: int) -> list[str]:
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_rows_and_display_values() -> None:
    model, _ = make_models()
    assert model.rowCount() == 6
    assert model.columnCount() == COLUMN_COUNT
    first = model.index(0, 0)
    assert model.index(0, COL_CALL).data() == "call_01.wav"
    assert model.index(0, COL_DURATION).data() == "1:00"
    assert model.index(0, COL_RUSHED).data() == "Rushed"
    assert model.index(1, COL_RUSHED).data() == "No"
    assert model.index(5, COL_RUSHED).data() == "—"  # not analysed
    assert model.index(0, COL_PATTERNS).data() == "P1 P2"
    assert model.index(3, COL_IMPACT_SHARE).data() == "30 %"
    assert model.index(0, COL_REVIEW).data() == "Unreviewed"
    assert model.headerData(COL_DATE, Qt.Orientation.Horizontal) == "Date"
    assert first.data(CALL_ID_ROLE) == 1


def test_row_role_returns_the_dataclass() -> None:
    rows = sample_rows()
    _, proxy = make_models(rows)
    summary = proxy.index(2, COL_AGENT).data(ROW_ROLE)
    assert isinstance(summary, CallSummary)
    assert summary is rows[2]


def test_sort_through_the_proxy_both_ways() -> None:
    _model, proxy = make_models()
    proxy.sort(COL_DURATION, Qt.SortOrder.DescendingOrder)
    assert column_values(proxy, COL_DURATION)[:2] == ["6:00", "5:00"]
    proxy.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    dates = column_values(proxy, COL_DATE)
    assert dates == sorted(dates)
    proxy.sort(COL_AGENT, Qt.SortOrder.AscendingOrder)
    assert column_values(proxy, COL_AGENT)[0] == "Dana"


def test_filters_rushed_review_agent_team_and_this_week() -> None:
    _, proxy = make_models()
    proxy.set_call_filter(CallFilter(verdict="rushed"))
    assert {proxy.index(r, 0).data(ROW_ROLE).rushed for r in range(proxy.rowCount())} == {True}
    proxy.set_call_filter(CallFilter(verdict="not_rushed"))
    assert proxy.rowCount() == 2  # rows 2 and 4; row 6 is not analysed
    proxy.set_call_filter(CallFilter(review_status="reviewed"))
    assert proxy.rowCount() == 2
    proxy.set_call_filter(CallFilter(agent="Marco", team="Billing"))
    assert [proxy.index(r, 0).data(CALL_ID_ROLE) for r in range(proxy.rowCount())] == [2]
    # this week (Mon 10 to Sun 16 March 2025): calls dated 12 and 9... only the 12th
    proxy.set_call_filter(CallFilter(date_preset="this_week"))
    assert column_values(proxy, COL_DATE) == ["2025-03-12"]
    proxy.set_call_filter(
        CallFilter(date_preset="custom", date_from="2025-03-01", date_to="2025-03-09")
    )
    assert column_values(proxy, COL_DATE) == ["2025-03-09", "2025-03-06", "2025-03-03"]
    proxy.set_call_filter(CallFilter())
    assert proxy.rowCount() == 6


def test_default_preset_rushed_unreviewed_this_week() -> None:
    name, preset = DEFAULT_PRESETS[0]
    assert name == "Rushed, not yet reviewed, this week"
    _, proxy = make_models()
    proxy.set_call_filter(preset)
    assert [proxy.index(r, 0).data(CALL_ID_ROLE) for r in range(proxy.rowCount())] == [1]


def test_quick_text_matches_file_agent_or_team() -> None:
    _, proxy = make_models()
    proxy.set_quick_text("call_04")
    assert proxy.rowCount() == 1
    proxy.set_quick_text("billing")
    assert proxy.rowCount() == 3
    proxy.set_quick_text("")
    assert proxy.rowCount() == 6


def test_update_row_emits_data_changed_and_refilters(qtbot: QtBot) -> None:
    model, proxy = make_models()
    proxy.set_call_filter(CallFilter(review_status="unreviewed"))
    before = proxy.rowCount()
    changed = dataclasses.replace(model.summary_at(0), review_status="reviewed")
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.update_row(changed)
    top_left, bottom_right = blocker.args[0], blocker.args[1]
    assert (top_left.row(), bottom_right.row()) == (0, 0)
    assert bottom_right.column() == COLUMN_COUNT - 1
    assert proxy.rowCount() == before - 1
    assert model.index(0, COL_REVIEW).data() == "Reviewed"


def test_new_row_is_inserted_in_sort_order(qtbot: QtBot) -> None:
    model, proxy = make_models()
    proxy.sort(COL_DATE, Qt.SortOrder.DescendingOrder)
    new = dataclasses.replace(sample_rows()[0], call_id=99, call_date="2025-03-13")
    with qtbot.waitSignal(model.rowsInserted):
        model.update_row(new)
    assert model.rowCount() == 7
    assert proxy.index(0, COL_DATE).data() == "2025-03-13"
    assert model.row_for_call(99) == 0
    model.remove_call(99)
    assert model.rowCount() == 6 and model.row_for_call(99) is None


def test_set_rows_keeps_the_chosen_sort() -> None:
    model, proxy = make_models()
    proxy.sort(COL_DURATION, Qt.SortOrder.DescendingOrder)
    model.set_rows(sample_rows())
    assert column_values(proxy, COL_DURATION)[0] == "6:00"


def test_distinct_values_for_the_filter_combos() -> None:
    model, _ = make_models()
    assert model.distinct_values(COL_AGENT) == ["Dana", "Marco", "Priya"]
    assert model.distinct_values(COL_REVIEW) == ["reviewed", "unreviewed"]
