"""Numbers behind the Reports screen, without Qt: chart series, before/after, CSV.

Built on `models.analysis.report.build_report`, so every figure on screen is the
same as the `report` command prints. `before_after` answers "did the training
stick?": one group's calls before a date against the calls from that date on
(optionally only `window_days` either side), metric by metric, with the call
counts and the change.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from app.export.atomic import write_text_atomic
from kernel.domain import CallSummary
from models.analysis.report import ReportRow, build_report, format_csv

ALL_GROUPS = "(all)"


@dataclass(frozen=True)
class MetricSpec:
    """One chartable metric of a ReportRow: key, reader's name, unit."""

    key: str
    title: str
    unit: str  # "%" shares (0..1 stored) or "s"
    higher_is_better: bool | None  # None: neither

    @property
    def tolerance(self) -> float:
        """Changes smaller than this are noise, not better or worse (2 points, 2 s)."""
        return 0.02 if self.unit == "%" else 2.0

    def value(self, row: ReportRow) -> float | None:
        value = getattr(row, self.key)
        return None if value is None else float(value)

    def shown(self, value: float) -> int:
        """The whole number `display` shows for `value` (percent points or seconds)."""
        shown = round(value * 100 if self.unit == "%" else value)
        return 0 if shown == 0 else int(shown)  # never a negative zero

    def display(self, value: float | None) -> str:
        if value is None:
            return "–"
        return f"{self.shown(value)}%" if self.unit == "%" else f"{self.shown(value)} s"

    def display_change(self, change: float | None) -> str:
        if change is None:
            return "–"
        return self._signed(self.shown(change))

    def display_difference(self, before: float | None, after: float | None) -> str:
        """The change between the two values as displayed: "18 s" to "18 s" is "0 s"."""
        if before is None or after is None:
            return "–"
        return self._signed(self.shown(after) - self.shown(before))

    def _signed(self, number: int) -> str:
        text = f"{number:+d}" if number else "0"
        return f"{text} pts" if self.unit == "%" else f"{text} s"


METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("rushed_share", "Rushed calls", "%", higher_is_better=False),
    MetricSpec("impact_question_share", "Impact-question share", "%", higher_is_better=True),
    MetricSpec(
        "median_first_impact_question_s",
        "Median first impact question",
        "s",
        higher_is_better=False,
    ),
    MetricSpec("mean_agent_talk_ratio", "Agent talk ratio", "%", higher_is_better=None),
)
METRICS_BY_KEY: dict[str, MetricSpec] = {m.key: m for m in METRICS}


def group_of(summary: CallSummary, by: str) -> str | None:
    return summary.agent if by == "agent" else summary.team


def group_names(summaries: Iterable[CallSummary], by: str) -> list[str]:
    """Agents (or teams) with at least one analysed call, sorted."""
    names = {group_of(s, by) for s in summaries if s.rushed is not None}
    return sorted(n for n in names if n)


def select_group(summaries: Iterable[CallSummary], by: str, group: str | None) -> list[CallSummary]:
    """The calls of one agent/team; every call for None or ALL_GROUPS."""
    if group is None or group == ALL_GROUPS:
        return list(summaries)
    return [s for s in summaries if group_of(s, by) == group]


def trend_rows(
    summaries: Iterable[CallSummary], by: str, group: str | None, period: str
) -> list[ReportRow]:
    """One row per period for the chosen group (or all calls pooled), oldest first.

    Undated calls cannot be placed on a time axis and are left out.
    """
    chosen = [s for s in select_group(summaries, by, group) if s.call_date]
    pooled = [_relabel(s, by) for s in chosen]
    rows = build_report(pooled, by=by, period=period)
    return sorted(rows, key=lambda r: r.period)


def _relabel(summary: CallSummary, by: str) -> CallSummary:
    """A copy put in one group so build_report pools the selected calls into one line."""
    return (
        replace(summary, agent="selected") if by == "agent" else replace(summary, team="selected")
    )


def period_start(label: str) -> date | None:
    """First day of a report period label ("2025-W05" or "2025-03")."""
    try:
        if "-W" in label:
            year, week = label.split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        year, month = label.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return None


@dataclass
class ComparisonRow:
    """One metric before and after the pivot date."""

    metric: MetricSpec
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def improved(self) -> bool | None:
        """True/False when the metric has a better direction and both sides have a value."""
        change = self.change
        if change is None or self.metric.higher_is_better is None:
            return None
        if abs(change) < self.metric.tolerance:
            return None
        return (change > 0) == self.metric.higher_is_better


@dataclass
class BeforeAfter:
    """The comparison around `pivot`: call counts and one row per metric."""

    pivot: date
    before_calls: int
    after_calls: int
    rows: list[ComparisonRow]
    before_from: date | None = None
    after_to: date | None = None


def before_after(
    summaries: Iterable[CallSummary],
    pivot: date,
    by: str = "agent",
    group: str | None = None,
    window_days: int | None = None,
) -> BeforeAfter:
    """Metrics of the group's analysed, dated calls before `pivot` vs on/after it."""
    start = pivot - timedelta(days=window_days) if window_days else None
    end = pivot + timedelta(days=window_days - 1) if window_days else None
    before: list[CallSummary] = []
    after: list[CallSummary] = []
    for summary in select_group(summaries, by, group):
        if summary.rushed is None or not summary.call_date:
            continue
        try:
            day = date.fromisoformat(summary.call_date[:10])
        except ValueError:
            continue
        if day < pivot:
            if start is None or day >= start:
                before.append(_relabel(summary, by))
        elif end is None or day <= end:
            after.append(_relabel(summary, by))
    before_row = _pooled(before, by)
    after_row = _pooled(after, by)
    rows = [
        ComparisonRow(
            metric,
            metric.value(before_row) if before_row else None,
            metric.value(after_row) if after_row else None,
        )
        for metric in METRICS
    ]
    return BeforeAfter(pivot, len(before), len(after), rows, start, end)


def _pooled(calls: Sequence[CallSummary], by: str) -> ReportRow | None:
    rows = build_report(calls, by=by, period="none")
    return rows[0] if rows else None


def comparison_csv(result: BeforeAfter) -> str:
    """The before/after table as CSV (raw numbers: shares 0..1, seconds)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["metric", "before", "after", "change", "before_calls", "after_calls", "pivot"])
    for row in result.rows:
        writer.writerow(
            [
                row.metric.key,
                "" if row.before is None else round(row.before, 4),
                "" if row.after is None else round(row.after, 4),
                "" if row.change is None else round(row.change, 4),
                result.before_calls,
                result.after_calls,
                result.pivot.isoformat(),
            ]
        )
    return out.getvalue()


def write_report_csv(rows: Sequence[ReportRow], path: Path | str) -> Path:
    """Report rows as CSV (same columns as `callscope report --format csv`), private (0600)."""
    target = Path(path)
    write_text_atomic(target, format_csv(rows))
    return target
