"""Review/clips test fixtures: a library of analysed scripted calls, one with real audio.

Imported by the conftest files of tests/app/ui/review and tests/app/ui/clips.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.analysis.call_analyzer import analyze_transcript
from app.domain import AGENT, Segment, Transcript, Word
from scripts.callsynth import SynthesizedCall
from tests.app.ui.review.fake_library import FakeLibrary, scripted_library
from tests.fixtures.calls import ScriptClassifier


@pytest.fixture
def review_library() -> Iterator[FakeLibrary]:
    """The scripted test calls, analysed (agents Dana/Marco/Priya, March 2025)."""
    yield scripted_library()


def truth_transcript(call: SynthesizedCall) -> Transcript:
    """A transcript of a synthesized call from its truth turns (words spread evenly)."""
    segments = []
    for turn in call.truth["turns"]:
        start, end = float(turn["start"]), float(turn["end"])
        tokens = str(turn["text"]).split()
        step = (end - start) / max(1, len(tokens))
        words = [
            Word(round(start + i * step, 3), round(start + (i + 1) * step, 3), token)
            for i, token in enumerate(tokens)
        ]
        speaker = str(turn["speaker"])
        segments.append(
            Segment(start, end, speaker, str(turn["text"]), words, 0 if speaker == AGENT else 1)
        )
    segments.sort(key=lambda s: s.start)
    return Transcript(segments, "truth", float(call.truth["duration_s"]))


SHORT_CALL_LABELS = [
    ("Thank you for calling Northwind, this is Dana.", "statement"),
    ("How can I help you today?", "problem_question"),
    ("I am sorry to hear that.", "statement"),
    ("Is this stopping you from working?", "impact_question"),
    ("Okay.", "statement"),
    ("I will send a technician tomorrow morning to replace the router.", "resolution_offer"),
]


@pytest.fixture
def audio_library(short_stereo_call: SynthesizedCall) -> tuple[FakeLibrary, int, Path]:
    """A library with the short synthesized stereo call (real audio on disk)."""
    library = FakeLibrary()
    transcript = truth_transcript(short_stereo_call)
    analysis = analyze_transcript(transcript, ScriptClassifier(SHORT_CALL_LABELS))
    call_id = library.add_transcript(
        transcript, analysis, str(short_stereo_call.path), agent="Dana", team="Broadband",
        call_date="2025-03-12",
    )  # fmt: skip
    return library, call_id, short_stereo_call.path
