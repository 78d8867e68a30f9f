"""Stand-ins for Whisper and the classifier that a spawned pool worker can import.

`fake_models()` is the `PoolExecutor(models_factory=...)` hook: every worker
"transcribes" any audio as the same written call, so two executors can be
compared on what they store.
"""

from __future__ import annotations

import copy
import wave
from pathlib import Path
from typing import Any

import numpy as np

from app.pipeline.model_cache import AnalysisModels
from kernel.domain import Transcript
from tests.fixtures.calls import ScriptClassifier, script_transcript

CALL = {
    "turns": [
        {"speaker": "agent", "text": "Thank you for calling Northwind, how can I help?"},
        {"speaker": "customer", "text": "I was charged twice, my email is dana@example.com."},
        {"speaker": "agent", "text": "Let me fix that for you now."},
        {"speaker": "customer", "text": "But will it happen again?", "overlap": 0.4},
        {"speaker": "agent", "text": "Anything else? Thanks, bye."},
    ]
}
RATE = 8000


class FixedTranscriber:
    """Returns the written call for any audio (a fresh copy each time)."""

    def __init__(self) -> None:
        self.transcript = script_transcript(CALL)
        self.calls = 0

    def transcribe_call(self, audio: Any, **_kwargs: Any) -> Transcript:
        self.calls += 1
        return copy.deepcopy(self.transcript)


def fake_models() -> AnalysisModels:
    return AnalysisModels(
        transcriber=FixedTranscriber(), classifier=ScriptClassifier([], default="statement")
    )


def noise_wav(path: Path, seed: int = 16, seconds: float | None = None) -> Path:
    """A stereo 8 kHz recording as long as the written call (its content is never heard)."""
    seconds = seconds or script_transcript(CALL).duration_s + 1.0
    rng = np.random.default_rng(seed)
    samples = (rng.uniform(-0.3, 0.3, size=(int(seconds * RATE), 2)) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return path
