"""Audio over redacted words: silence (default) or a quiet tone, padded ~150 ms.

Works on a copy of decoded samples (channels, n); the recording on disk is
never touched. Spans are call times; `offset_s` is the call time of the
first sample (a clip starts part-way into its call).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from app.redaction.kinds import AUDIO_PADDING_S, Redaction

TONE_HZ = 1000.0
TONE_LEVEL = 0.1  # a bleep that is clearly there without being harsh


def padded_spans(
    redactions: Iterable[Redaction], padding_s: float = AUDIO_PADDING_S
) -> list[tuple[float, float]]:
    """Each redaction widened by the padding, overlaps merged, in time order."""
    spans = sorted(r.padded(padding_s) for r in redactions)
    merged: list[tuple[float, float]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def spans_within(
    spans: Sequence[tuple[float, float]], start_s: float, end_s: float
) -> list[tuple[float, float]]:
    """The spans that touch [start_s, end_s]."""
    return [(a, b) for a, b in spans if b > start_s and a < end_s]


def mute_spans(
    samples: np.ndarray,
    sample_rate: int,
    spans: Sequence[tuple[float, float]],
    offset_s: float = 0.0,
    tone: bool = False,
) -> np.ndarray:
    """A copy of `samples` (channels, n) silent, or a tone, over every span (all channels)."""
    out = np.array(samples, dtype=np.float32, copy=True)
    n = out.shape[-1]
    for start, end in spans:
        lo = max(0, int(np.floor((start - offset_s) * sample_rate)))
        hi = min(n, int(np.ceil((end - offset_s) * sample_rate)))
        if hi <= lo:
            continue
        if tone:
            t = np.arange(lo, hi, dtype=np.float32) / sample_rate
            out[..., lo:hi] = TONE_LEVEL * np.sin(2 * np.pi * TONE_HZ * t)
        else:
            out[..., lo:hi] = 0.0
    return out
