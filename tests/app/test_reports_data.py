"""Reports numbers without Qt: trend rows per group, before/after on a hand-made case, CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from app.reports_data import (
    ALL_GROUPS,
    METRICS_BY_KEY,
    before_after,
    comparison_csv,
    group_names,
    period_start,
    trend_rows,
    write_report_csv,
)
from kernel.domain import CallSummary


def _call(
    call_id: int,
    day: str | None,
    agent: str,
    rushed: bool | None,
    impact: int,
    problem: int,
    first_iq: float | None,
    talk: float,
    team: str = "Broadband",
) -> CallSummary:
    return CallSummary(
        call_id=call_id,
        source=f"/calls/{call_id}.wav",
        duration_s=300.0,
        status="done",
        agent=agent,
        team=team,
        call_date=day,
        rushed=rushed,
        patterns=["P1"] if rushed else [],
        metrics={
            "impact_questions": impact,
            "problem_questions": problem,
            "first_impact_question_s": first_iq,
            "agent_talk_ratio": talk,
        },
    )


@pytest.fixture
def calls() -> list[CallSummary]:
    return [
        # Dana before 2025-03-10: 2 of 3 rushed, 1 impact question of 8 asked
        _call(1, "2025-03-03", "Dana", True, 0, 3, None, 0.7),
        _call(2, "2025-03-04", "Dana", True, 0, 2, None, 0.8),
        _call(3, "2025-03-06", "Dana", False, 1, 2, 90.0, 0.6),
        # Dana after: 1 of 4 rushed, 6 impact of 10 asked, first iq 30/40/50
        _call(4, "2025-03-10", "Dana", False, 2, 1, 30.0, 0.5),
        _call(5, "2025-03-12", "Dana", False, 2, 1, 40.0, 0.5),
        _call(6, "2025-03-13", "Dana", True, 0, 1, None, 0.6),
        _call(7, "2025-03-20", "Dana", False, 2, 1, 50.0, 0.4),
        # someone else, an unanalysed call and an undated one
        _call(8, "2025-03-12", "Marco", True, 0, 4, None, 0.9, team="Billing"),
        _call(9, "2025-03-12", "Dana", None, 0, 0, None, 0.5),
        _call(10, None, "Dana", False, 5, 0, 10.0, 0.5),
    ]


def test_group_names(calls: list[CallSummary]) -> None:
    assert group_names(calls, "agent") == ["Dana", "Marco"]
    assert group_names(calls, "team") == ["Billing", "Broadband"]


def test_before_after_hand_made(calls: list[CallSummary]) -> None:
    result = before_after(calls, date(2025, 3, 10), by="agent", group="Dana")
    assert (result.before_calls, result.after_calls) == (3, 4)
    rows = {row.metric.key: row for row in result.rows}
    rushed = rows["rushed_share"]
    assert rushed.before == pytest.approx(2 / 3, abs=1e-4)
    assert rushed.after == pytest.approx(1 / 4)
    assert rushed.change == pytest.approx(0.25 - 2 / 3, abs=1e-4)
    assert rushed.improved is True
    share = rows["impact_question_share"]
    assert share.before == pytest.approx(1 / 8)
    assert share.after == pytest.approx(6 / 10)
    assert share.improved is True
    first = rows["median_first_impact_question_s"]
    assert (first.before, first.after) == (90.0, 40.0)
    assert first.improved is True
    talk = rows["mean_agent_talk_ratio"]
    assert talk.before == pytest.approx(0.7)
    assert talk.after == pytest.approx(0.5)
    assert talk.improved is None  # no better direction


def test_before_after_window_and_empty_side(calls: list[CallSummary]) -> None:
    windowed = before_after(calls, date(2025, 3, 10), "agent", "Dana", window_days=6)
    assert (windowed.before_calls, windowed.after_calls) == (2, 3)  # 03-04..03-15
    empty = before_after(calls, date(2025, 1, 1), "agent", "Dana")
    assert empty.before_calls == 0
    assert all(row.before is None and row.change is None for row in empty.rows)
    everyone = before_after(calls, date(2025, 3, 10), "team", ALL_GROUPS)
    assert everyone.after_calls == 5


def test_trend_rows_pool_the_group_by_period(calls: list[CallSummary]) -> None:
    rows = trend_rows(calls, "agent", "Dana", "week")
    assert [r.period for r in rows] == ["2025-W10", "2025-W11", "2025-W12"]
    assert [r.calls for r in rows] == [3, 3, 1]
    assert period_start("2025-W11") == date(2025, 3, 10)
    assert period_start("2025-03") == date(2025, 3, 1)
    assert period_start("(undated)") is None
    everyone = trend_rows(calls, "agent", None, "month")
    assert [(r.period, r.calls) for r in everyone] == [("2025-03", 8)]


def test_metric_display() -> None:
    share = METRICS_BY_KEY["impact_question_share"]
    assert share.display(0.256) == "26%"
    assert share.display_change(-0.1) == "-10 pts"
    seconds = METRICS_BY_KEY["median_first_impact_question_s"]
    assert seconds.display(None) == "–"
    assert seconds.display_change(12.4) == "+12 s"


def test_csv_exports(calls: list[CallSummary], tmp_path: Path) -> None:
    path = write_report_csv(trend_rows(calls, "agent", "Dana", "week"), tmp_path / "r.csv")
    records = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(records) == 3
    assert {"period", "calls", "rushed_share", "impact_question_share"} <= set(records[0])
    text = comparison_csv(before_after(calls, date(2025, 3, 10), "agent", "Dana"))
    table = list(csv.DictReader(io.StringIO(text)))
    assert table[0]["metric"] == "rushed_share"
    assert table[0]["before_calls"] == "3"
