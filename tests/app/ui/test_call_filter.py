"""CallFilter: JSON round trip, relative date presets, matching."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.ui.library.call_filter import DEFAULT_PRESETS, CallFilter
from tests.app.ui.fakes import sample_rows


def test_json_round_trip_keeps_every_field() -> None:
    original = CallFilter(
        verdict="needs_a_look",
        review_status="reviewed",
        agent="Dana",
        team="Billing",
        date_preset="custom",
        date_from="2025-01-01",
        date_to="2025-01-31",
        patterns=("P1",),
    )
    assert CallFilter.from_json(original.to_json()) == original
    assert CallFilter.from_json(CallFilter().to_json()) == CallFilter()
    assert CallFilter().is_empty()


def test_unknown_or_bad_json_is_handled() -> None:
    assert CallFilter.from_dict({"date_preset": "someday"}).date_preset == "any"
    with pytest.raises(ValueError):
        CallFilter.from_json("[1, 2]")


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("today", (date(2025, 3, 12), date(2025, 3, 12))),
        ("this_week", (date(2025, 3, 10), date(2025, 3, 16))),
        ("last_7_days", (date(2025, 3, 6), date(2025, 3, 12))),
        ("this_month", (date(2025, 3, 1), date(2025, 3, 31))),
        ("any", (None, None)),
    ],
)
def test_date_presets_are_relative_to_today(preset: str, expected: tuple) -> None:
    assert CallFilter(date_preset=preset).date_range(date(2025, 3, 12)) == expected


def test_presets_stored_relative_stay_relative() -> None:
    _, preset = DEFAULT_PRESETS[0]
    restored = CallFilter.from_json(preset.to_json())
    assert restored.date_range(date(2025, 6, 4)) == (date(2025, 6, 2), date(2025, 6, 8))


def test_matcher_patterns_need_all() -> None:
    rows = sample_rows()
    matcher = CallFilter(patterns=("P1", "P2")).matcher(date(2025, 3, 12))
    assert [r.call_id for r in rows if matcher.matches(r)] == [1, 3, 5]
    matcher = CallFilter(patterns=("P3",)).matcher(date(2025, 3, 12))
    assert not any(matcher.matches(r) for r in rows)


def _with_a_look(rows: list) -> list:
    """sample_rows plus call 7: not rushed, with a P1 found but not sure (needs a look)."""
    look = replace(rows[1], call_id=7, rushed=False, patterns=["P1"])
    return [*rows, look]


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        ("rushed", [1, 3, 5]),
        ("needs_a_look", [7]),
        ("not_rushed", [2, 4]),  # call 6 is not analysed: no verdict at all
        (None, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_matcher_verdict_choices(verdict: str | None, expected: list[int]) -> None:
    rows = _with_a_look(sample_rows())
    matcher = CallFilter(verdict=verdict).matcher(date(2025, 3, 12))
    assert [r.call_id for r in rows if matcher.matches(r)] == expected


@pytest.mark.parametrize(
    ("saved", "verdict"),
    [
        ('{"rushed": true}', "rushed"),
        ('{"rushed": false}', "not_rushed"),
        ("{}", None),
        ('{"verdict": "needs_a_look"}', "needs_a_look"),
        ('{"verdict": "someday"}', None),
    ],
)
def test_filters_saved_before_needs_a_look_still_load(saved: str, verdict: str | None) -> None:
    assert CallFilter.from_json(saved).verdict == verdict


def test_needs_a_look_preset_lists_the_unsure_calls() -> None:
    presets = dict(DEFAULT_PRESETS)
    rows = _with_a_look(sample_rows())
    matcher = presets["Needs a look, not yet reviewed"].matcher(date(2025, 3, 12))
    assert [r.call_id for r in rows if matcher.matches(r)] == [7]
