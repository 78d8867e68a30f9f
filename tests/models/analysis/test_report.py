"""build_report on hand-made CallSummary lists, periods, date filter and formats."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from kernel.domain import CallSummary
from models.analysis.report import (
    ReportRow,
    build_report,
    filter_by_date,
    format_report,
    period_of,
)

_next_id = iter(range(1, 10_000))


def call(
    agent: str | None = "Dana",
    day: str | None = "2024-03-04",
    patterns: tuple[str, ...] = (),
    *,
    team: str | None = "Broadband",
    rushed: bool | None = None,
    impact: int = 0,
    problem: int = 0,
    first_impact: float | None = None,
    talk: float | None = 0.5,
    talk_over: int | None = 0,
) -> CallSummary:
    if rushed is None:
        rushed = bool(set(patterns) & {"P1", "P2", "P3", "P4"})
    metrics: dict[str, Any] = {
        "agent_talk_ratio": talk,
        "talk_over_count": talk_over,
        "impact_questions": impact,
        "problem_questions": problem,
        "first_impact_question_s": first_impact,
    }
    return CallSummary(
        call_id=next(_next_id),
        source="x.wav",
        duration_s=60.0,
        status="analysed",
        agent=agent,
        team=team,
        call_date=day,
        rushed=rushed,
        patterns=list(patterns),
        metrics=metrics,
    )


def test_one_agent_one_week_hand_computed() -> None:
    calls = [
        call(patterns=("P1", "P2", "P6"), impact=0, problem=3, talk=0.7),
        call(patterns=(), impact=2, problem=2, first_impact=20.0, talk=0.5),
        call(day="2024-03-10", patterns=("P5",), impact=1, problem=0, first_impact=40.0, talk=0.6),
        call(day="2024-03-06", patterns=("P4",), talk=None, talk_over=None),
    ]
    (row,) = build_report(calls, by="agent", period="week")
    assert row.group == "Dana" and row.period == "2024-W10" and row.calls == 4
    assert row.rushed_share == 0.5
    assert row.pattern_shares == {
        "P1": 0.25,
        "P2": 0.25,
        "P3": 0.0,
        "P4": 0.25,
        "P5": pytest.approx(1 / 3, abs=1e-4),  # over the three calls with separate channels
        "P6": 0.25,
    }
    assert row.impact_question_share == pytest.approx(3 / 8)  # pooled: (0+2+1+0)/(3+4+1+0)
    assert row.impact_call_share == 0.5
    assert row.median_first_impact_question_s == 30.0
    assert row.mean_agent_talk_ratio == pytest.approx(0.6)


def test_rows_per_group_and_period_sorted() -> None:
    calls = [
        call("Ben", "2024-03-11"),
        call("Ann", "2024-03-04"),
        call("Ann", "2024-03-12"),
        call(None, "2024-03-05"),
        call("Ann", None),
    ]
    rows = build_report(calls, by="agent", period="week")
    assert [(r.group, r.period, r.calls) for r in rows] == [
        ("(none)", "2024-W10", 1),
        ("Ann", "(undated)", 1),
        ("Ann", "2024-W10", 1),
        ("Ann", "2024-W11", 1),
        ("Ben", "2024-W11", 1),
    ]
    months = build_report(calls, by="agent", period="month")
    assert [(r.group, r.period, r.calls) for r in months] == [
        ("(none)", "2024-03", 1),
        ("Ann", "(undated)", 1),
        ("Ann", "2024-03", 2),
        ("Ben", "2024-03", 1),
    ]
    (team,) = build_report(calls, by="team", period="none")
    assert (team.group, team.period, team.calls) == ("Broadband", "all", 5)


def test_unanalysed_calls_are_left_out_and_empty_groups_have_no_row() -> None:
    pending = call()
    pending.rushed = None
    assert build_report([pending]) == []
    assert build_report([]) == []


def test_no_questions_and_no_judged_talk_over() -> None:
    (row,) = build_report([call(talk_over=None, talk=None)], period="none")
    assert row.impact_question_share == 0.0 and row.impact_call_share == 0.0
    assert row.pattern_shares["P5"] is None
    assert row.median_first_impact_question_s is None and row.mean_agent_talk_ratio is None


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="by must be"):
        build_report([], by="customer")
    with pytest.raises(ValueError, match="period must be"):
        build_report([], period="year")
    with pytest.raises(ValueError, match="format must be"):
        format_report([], "xml")


@pytest.mark.parametrize(
    ("day", "period", "expected"),
    [
        ("2024-12-30", "week", "2025-W01"),  # ISO weeks cross year ends
        ("2024-03-04", "month", "2024-03"),
        ("2024-03-04T10:00:00", "week", "2024-W10"),
        ("yesterday", "week", "(undated)"),
        (None, "month", "(undated)"),
        (None, "none", "all"),
    ],
)
def test_period_of(day: str | None, period: str, expected: str) -> None:
    assert period_of(day, period) == expected


def test_filter_by_date_is_inclusive() -> None:
    calls = [call(day="2024-03-01"), call(day="2024-03-05"), call(day="2024-03-09"), call(day=None)]
    assert len(filter_by_date(calls)) == 4
    kept = filter_by_date(calls, "2024-03-05", "2024-03-09")
    assert [c.call_date for c in kept] == ["2024-03-05", "2024-03-09"]
    assert [c.call_date for c in filter_by_date(calls, date_to="2024-03-01")] == ["2024-03-01"]


def _rows() -> list[ReportRow]:
    return build_report(
        [call(patterns=("P1",), problem=1), call("Ben", talk_over=None, impact=1)], period="none"
    )


def test_table_format() -> None:
    text = format_report(_rows(), "table", by="agent")
    lines = text.splitlines()
    assert lines[0].split()[:4] == ["agent", "period", "calls", "rushed"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split()[:5] == ["Ben", "all", "1", "0%", "0%"]
    assert lines[3].split()[:5] == ["Dana", "all", "1", "100%", "100%"]
    assert " - " in lines[2]  # P5 not judged for Ben
    assert format_report([], "table") == "No analysed calls in this range."


def test_csv_format() -> None:
    records = list(csv.DictReader(io.StringIO(format_report(_rows(), "csv"))))
    assert [r["group"] for r in records] == ["Ben", "Dana"]
    assert records[1]["P1_share"] == "1.0" and records[0]["P5_share"] == ""
    assert list(records[0])[:5] == ["group", "period", "calls", "rushed_share", "P1_share"]
    assert "median_first_impact_question_s" in records[0]


def test_json_format() -> None:
    data = json.loads(format_report(_rows(), "json"))
    assert data[1]["group"] == "Dana" and data[1]["pattern_shares"]["P1"] == 1.0
    assert data[0]["pattern_shares"]["P5"] is None
