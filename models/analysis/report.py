"""Per-agent or per-team trends over stored calls (owns [CallSummary] -> [ReportRow]).

Only analysed calls count (`rushed` is not None). Definitions:
- shares of calls: rushed, each pattern, calls with at least one impact
  question. P5 is a share of the calls where it could be judged (those with a
  `talk_over_count`, i.e. separate channels); None when there are none.
- `impact_question_share` is pooled: all impact questions of the group's
  calls / all their problem + impact questions (0 when none), so a call with
  many questions weighs more than one with a single question.
- `median_first_impact_question_s` over the calls that have one; None if none.
- `mean_agent_talk_ratio` over the calls that have the metric.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from kernel.domain import PATTERN_NAMES, CallSummary

GROUP_BY: tuple[str, ...] = ("agent", "team")
PERIODS: tuple[str, ...] = ("week", "month", "none")
FORMATS: tuple[str, ...] = ("table", "csv", "json")
NO_GROUP = "(none)"
UNDATED = "(undated)"
ALL_TIME = "all"


@dataclass
class ReportRow:
    """One agent or team in one period."""

    group: str  # agent or team name; NO_GROUP when the calls have none
    period: str  # "2024-W05", "2024-03", "all", or UNDATED
    calls: int  # analysed calls
    rushed_share: float
    pattern_shares: dict[str, float | None] = field(default_factory=dict)  # "P1".."P6"
    impact_question_share: float = 0.0  # pooled over the calls' questions
    impact_call_share: float = 0.0  # calls with at least one impact question
    median_first_impact_question_s: float | None = None
    mean_agent_talk_ratio: float | None = None


def period_of(call_date: str | None, period: str) -> str:
    """The period label of an ISO date: ISO week "2024-W05", month "2024-03", or "all"."""
    if period == "none":
        return ALL_TIME
    if not call_date:
        return UNDATED
    try:
        day = date.fromisoformat(call_date[:10])
    except ValueError:
        return UNDATED
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def filter_by_date(
    summaries: Iterable[CallSummary], date_from: str | None = None, date_to: str | None = None
) -> list[CallSummary]:
    """Calls dated within [date_from, date_to] (inclusive ISO dates); undated ones only if
    neither bound is given."""
    if date_from is None and date_to is None:
        return list(summaries)
    kept: list[CallSummary] = []
    for summary in summaries:
        day = (summary.call_date or "")[:10]
        if not day:
            continue
        if date_from is not None and day < date_from:
            continue
        if date_to is not None and day > date_to:
            continue
        kept.append(summary)
    return kept


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _row(group: str, period: str, calls: Sequence[CallSummary]) -> ReportRow:
    total = len(calls)
    shares: dict[str, float | None] = {}
    for pattern in PATTERN_NAMES:
        if pattern == "P5":
            judged = [c for c in calls if c.metrics.get("talk_over_count") is not None]
            hits = sum("P5" in c.patterns for c in judged)
            shares[pattern] = _share(hits, len(judged)) if judged else None
        else:
            shares[pattern] = _share(sum(pattern in c.patterns for c in calls), total)
    impact = [_number(c.metrics.get("impact_questions")) or 0.0 for c in calls]
    problem = [_number(c.metrics.get("problem_questions")) or 0.0 for c in calls]
    asked = sum(impact) + sum(problem)
    firsts = [
        v
        for v in (_number(c.metrics.get("first_impact_question_s")) for c in calls)
        if v is not None
    ]
    ratios = [
        v for v in (_number(c.metrics.get("agent_talk_ratio")) for c in calls) if v is not None
    ]
    return ReportRow(
        group=group,
        period=period,
        calls=total,
        rushed_share=_share(sum(bool(c.rushed) for c in calls), total),
        pattern_shares=shares,
        impact_question_share=round(sum(impact) / asked, 4) if asked else 0.0,
        impact_call_share=_share(sum(v > 0 for v in impact), total),
        median_first_impact_question_s=round(statistics.median(firsts), 3) if firsts else None,
        mean_agent_talk_ratio=round(statistics.fmean(ratios), 4) if ratios else None,
    )


def build_report(
    summaries: Iterable[CallSummary], by: str = "agent", period: str = "week"
) -> list[ReportRow]:
    """One row per agent (or team) and period, sorted by name then period.

    Calls not analysed yet (`rushed is None`) are left out.
    """
    if by not in GROUP_BY:
        raise ValueError(f"by must be one of {', '.join(GROUP_BY)}, not {by!r}")
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    groups: dict[tuple[str, str], list[CallSummary]] = {}
    for summary in summaries:
        if summary.rushed is None:
            continue
        name = (summary.agent if by == "agent" else summary.team) or NO_GROUP
        key = (name, period_of(summary.call_date, period))
        groups.setdefault(key, []).append(summary)
    return [_row(name, label, calls) for (name, label), calls in sorted(groups.items())]


def row_record(row: ReportRow) -> dict[str, object]:
    """A flat dict of the row: pattern shares become "P1_share".. columns."""
    record = asdict(row)
    shares = record.pop("pattern_shares")
    flat: dict[str, object] = {}
    for key, value in record.items():
        flat[key] = value
        if key == "rushed_share":
            flat.update({f"{p}_share": shares.get(p) for p in PATTERN_NAMES})
    return flat


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def format_table(rows: Sequence[ReportRow], by: str = "agent") -> str:
    """Aligned plain-text table, percentages rounded."""
    header = [by, "period", "calls", "rushed", *PATTERN_NAMES, "impact q", "calls w/ iq",
              "1st iq (s)", "agent talk"]  # fmt: skip
    body = [
        [
            row.group,
            row.period,
            str(row.calls),
            _percent(row.rushed_share),
            *(_percent(row.pattern_shares.get(p)) for p in PATTERN_NAMES),
            _percent(row.impact_question_share),
            _percent(row.impact_call_share),
            "-"
            if row.median_first_impact_question_s is None
            else f"{row.median_first_impact_question_s:.0f}",
            _percent(row.mean_agent_talk_ratio),
        ]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in [header, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_csv(rows: Sequence[ReportRow]) -> str:
    """CSV with one column per field (pattern shares as P1_share..P6_share); blanks for None."""
    records = [row_record(row) for row in rows]
    columns = list(row_record(ReportRow("", "", 0, 0.0)).keys())
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return out.getvalue()


def format_json(rows: Sequence[ReportRow]) -> str:
    """JSON list of rows (pattern shares nested under "pattern_shares")."""
    return json.dumps([asdict(row) for row in rows], indent=2)


def format_report(rows: Sequence[ReportRow], fmt: str = "table", by: str = "agent") -> str:
    """The rows in one of FORMATS."""
    if fmt == "table":
        return format_table(rows, by) if rows else "No analysed calls in this range."
    if fmt == "csv":
        return format_csv(rows)
    if fmt == "json":
        return format_json(rows)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
