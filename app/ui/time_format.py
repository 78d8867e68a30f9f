"""The one rule for every time the app shows: rounded to the nearest second.

The analysis words its findings with the same rounding ("Fix offered at 0:35",
models/analysis/patterns.py), so a pattern's text, its link, a search hit, the
transcript, a library duration and the review header never show one moment as
two different times. Everything in app/ui formats times through `clock`.
"""

from __future__ import annotations


def clock(seconds: float) -> str:
    """m:ss, or h:mm:ss from an hour on; the nearest whole second."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{rest // 60}:{rest % 60:02d}"
