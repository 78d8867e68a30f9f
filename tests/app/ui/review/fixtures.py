"""Review/clips test fixtures: the real test library, and one call with real audio.

Imported by the conftest files of tests/app/ui/review and tests/app/ui/clips.
`review_library` is tests.fixtures.library's `populated_library` (real SQLite);
`audio_library` stores the short synthesized stereo call, whose audio is on disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage.library import Library
from kernel.domain import AGENT, Segment, Transcript, Word
from models.analysis.call_analyzer import analyze_transcript
from scripts.callsynth import SynthesizedCall
from tests.fixtures.calls import ScriptClassifier
from tests.fixtures.library import add_transcript


@pytest.fixture
def review_library(populated_library: Library) -> Library:
    """The scripted test calls, analysed and stored (agents Dana/Marco/Priya)."""
    return populated_library


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
def audio_library(
    library: Library, short_stereo_call: SynthesizedCall
) -> tuple[Library, int, Path]:
    """A real library holding the short synthesized stereo call (its audio on disk)."""
    transcript = truth_transcript(short_stereo_call)
    analysis = analyze_transcript(transcript, ScriptClassifier(SHORT_CALL_LABELS))
    call_id = add_transcript(
        library, transcript, analysis, str(short_stereo_call.path), agent="Dana",
        team="Broadband", call_date="2025-03-12",
    )  # fmt: skip
    return library, call_id, short_stereo_call.path
