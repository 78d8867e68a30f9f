"""What the library list is narrowed to: plain data, JSON round-trip, built-in presets.

Date ranges are stored as presets ("this_week") rather than fixed dates, so a
saved "rushed, not yet reviewed, this week" still means this week next month.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from kernel.domain import CallSummary
from models.analysis.certainty import NEEDS_A_LOOK, NOT_RUSHED, RUSHED, stored_verdict

DATE_PRESETS: dict[str, str] = {
    "any": "Any date",
    "today": "Today",
    "this_week": "This week",
    "last_7_days": "Last 7 days",
    "this_month": "This month",
    "last_30_days": "Last 30 days",
    "custom": "Custom range",
}

# review states as the store keeps them (app.storage.library.REVIEW_STATES)
UNREVIEWED = "unreviewed"
IN_REVIEW = "in_review"
REVIEWED = "reviewed"
REVIEW_STATES: tuple[str, ...] = (UNREVIEWED, IN_REVIEW, REVIEWED)
# a filter-only value: unreviewed or in review, i.e. still on the supervisor's list
NOT_REVIEWED = "not_reviewed"
REVIEW_CHOICES: dict[str, str] = {
    NOT_REVIEWED: "Not yet reviewed",
    UNREVIEWED: "Unreviewed",
    IN_REVIEW: "In review",
    REVIEWED: "Reviewed",
}

# The verdicts the Library's Rushed column shows (certainty.stored_verdict), as choices.
VERDICT_CHOICES: dict[str, str] = {
    RUSHED: "Rushed",
    NEEDS_A_LOOK: "Needs a look",
    NOT_RUSHED: "Not rushed",
}


@dataclass(frozen=True)
class CallFilter:
    """Criteria for the library list; None/"any" means the criterion is off."""

    verdict: str | None = None  # a VERDICT_CHOICES key
    review_status: str | None = None
    agent: str | None = None
    team: str | None = None
    date_preset: str = "any"
    date_from: str | None = None  # ISO date, used when date_preset == "custom"
    date_to: str | None = None
    patterns: tuple[str, ...] = field(default_factory=tuple)  # all of these present

    def is_empty(self) -> bool:
        return self == CallFilter()

    def date_range(self, today: date | None = None) -> tuple[date | None, date | None]:
        """The inclusive date range this filter covers, given today's date."""
        today = today or date.today()
        preset = self.date_preset
        if preset == "today":
            return today, today
        if preset == "this_week":  # Monday to Sunday, the week supervisors plan in
            start = today - timedelta(days=today.weekday())
            return start, start + timedelta(days=6)
        if preset == "last_7_days":
            return today - timedelta(days=6), today
        if preset == "this_month":
            start = today.replace(day=1)
            next_month = (start + timedelta(days=32)).replace(day=1)
            return start, next_month - timedelta(days=1)
        if preset == "last_30_days":
            return today - timedelta(days=29), today
        if preset == "custom":
            return _parse_date(self.date_from), _parse_date(self.date_to)
        return None, None

    def matcher(self, today: date | None = None) -> CallMatcher:
        return CallMatcher(self, today)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["patterns"] = list(self.patterns)
        return {key: value for key, value in data.items() if value not in (None, [], "any")}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallFilter:
        verdict = data.get("verdict")
        if verdict not in VERDICT_CHOICES:
            # filters saved before "needs a look" had a choice of its own kept `rushed`
            rushed = data.get("rushed")
            verdict = None if rushed is None else (RUSHED if rushed else NOT_RUSHED)
        preset = str(data.get("date_preset") or "any")
        return cls(
            verdict=verdict,
            review_status=data.get("review_status") or None,
            agent=data.get("agent") or None,
            team=data.get("team") or None,
            date_preset=preset if preset in DATE_PRESETS else "any",
            date_from=data.get("date_from") or None,
            date_to=data.get("date_to") or None,
            patterns=tuple(data.get("patterns") or ()),
        )

    @classmethod
    def from_json(cls, text: str) -> CallFilter:
        data = json.loads(text) if text else {}
        if not isinstance(data, dict):
            raise ValueError("a saved filter must be a JSON object")
        return cls.from_dict(data)

    def with_changes(self, **changes: Any) -> CallFilter:
        return replace(self, **changes)


class CallMatcher:
    """A filter bound to a date: `matches(summary)` is cheap enough for 10,000 rows."""

    def __init__(self, call_filter: CallFilter, today: date | None = None) -> None:
        self.call_filter = call_filter
        start, end = call_filter.date_range(today)
        self._start = start.isoformat() if start else None
        self._end = end.isoformat() if end else None
        self.accepts_all = call_filter.is_empty()

    def matches(self, summary: CallSummary) -> bool:
        if self.accepts_all:
            return True
        wanted = self.call_filter
        # an unanalysed call (verdict None) is neither rushed nor not rushed
        if wanted.verdict and stored_verdict(summary.rushed, summary.patterns) != wanted.verdict:
            return False
        if wanted.review_status == NOT_REVIEWED:
            if summary.review_status == REVIEWED:
                return False
        elif wanted.review_status and summary.review_status != wanted.review_status:
            return False
        if wanted.agent and (summary.agent or "") != wanted.agent:
            return False
        if wanted.team and (summary.team or "") != wanted.team:
            return False
        if self._start or self._end:
            day = (summary.call_date or "")[:10]
            if not day:
                return False
            if self._start and day < self._start:
                return False
            if self._end and day > self._end:
                return False
        return not (wanted.patterns and not set(wanted.patterns) <= set(summary.patterns))


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


# Shipped presets: (name, filter). The first is the supervisor's weekly to-do list.
DEFAULT_PRESETS: tuple[tuple[str, CallFilter], ...] = (
    (
        "Rushed, not yet reviewed, this week",
        CallFilter(verdict=RUSHED, review_status=NOT_REVIEWED, date_preset="this_week"),
    ),
    (
        "Needs a look, not yet reviewed",
        CallFilter(verdict=NEEDS_A_LOOK, review_status=NOT_REVIEWED),
    ),
    ("All rushed calls", CallFilter(verdict=RUSHED)),
    ("Not yet reviewed", CallFilter(review_status=NOT_REVIEWED)),
)
