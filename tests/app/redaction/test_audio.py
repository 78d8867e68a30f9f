"""Audio over redacted words: silence or a tone, padded, on a copy."""

from __future__ import annotations

import numpy as np

from app.redaction.audio import TONE_HZ, mute_spans, padded_spans, spans_within
from app.redaction.kinds import Redaction

RATE = 8000


def test_spans_are_padded_and_merged() -> None:
    spans = padded_spans(
        [Redaction(2.0, 3.0, "card_number"), Redaction(3.2, 4.0, "card_number"),
         Redaction(0.1, 0.5, "name")]
    )  # fmt: skip
    assert spans == [(0.0, 0.65), (1.85, 4.15)]
    assert spans_within(spans, 1.0, 2.0) == [(1.85, 4.15)]


def test_silence_over_span_only_and_source_untouched() -> None:
    samples = np.full((2, RATE * 3), 0.5, dtype=np.float32)
    out = mute_spans(samples, RATE, [(1.5, 2.5)], offset_s=1.0)  # clip starts 1 s into the call
    assert np.all(out[:, int(0.5 * RATE) : int(1.5 * RATE)] == 0.0)
    assert np.all(out[:, : int(0.5 * RATE) - 1] == 0.5) and np.all(
        out[:, int(1.5 * RATE) + 1 :] == 0.5
    )
    assert np.all(samples == 0.5)


def test_tone_replaces_speech_with_a_bleep() -> None:
    samples = np.random.default_rng(1).uniform(-0.5, 0.5, (1, RATE)).astype(np.float32)
    out = mute_spans(samples, RATE, [(0.25, 0.75)], tone=True)
    part = out[0, int(0.25 * RATE) + 1 : int(0.75 * RATE) - 1]
    spectrum = np.abs(np.fft.rfft(part))
    peak_hz = np.argmax(spectrum) * RATE / len(part)
    assert abs(peak_hz - TONE_HZ) < 5 and np.abs(part).max() <= 0.11
