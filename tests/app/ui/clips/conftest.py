"""Fixtures for these screens' tests (see tests/app/ui/review/fixtures.py)."""

from tests.app.ui.review.fixtures import audio_library, review_library

__all__ = ["audio_library", "review_library"]
