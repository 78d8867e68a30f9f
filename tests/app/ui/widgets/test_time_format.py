"""One moment, one time: every displayed time follows the analysis' rounding."""

from __future__ import annotations

from app.ui.library.call_table_model import format_duration
from app.ui.time_format import clock
from app.ui.widgets.timeline_widget import clock as timeline_clock
from models.analysis.patterns import _clock as pattern_clock


def test_every_display_rounds_like_the_pattern_texts() -> None:
    for tenths in range(0, 36_000, 7):  # 0 to 1 h in 0.7 s steps, halves included
        seconds = tenths / 10
        if seconds < 3600:
            assert clock(seconds) == pattern_clock(seconds), seconds
        assert timeline_clock(seconds) == clock(seconds)
        if seconds > 0:
            assert format_duration(seconds) == clock(seconds)
    assert clock(34.6) == "0:35"  # "Fix offered at 0:35" beside a 0:35 link, not 0:34
    assert clock(41.7) == "0:42"
    assert clock(3725.2) == "1:02:05"
