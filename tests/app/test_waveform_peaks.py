"""Waveform peaks: one peak per bucket and channel, resampled columns, an on-disk cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.clips.clip_audio import ClipAudio, write_wav
from app.waveform_peaks import WaveformPeaks, cached_peaks, compute_peaks


def _write(path: Path) -> None:
    rate = 16_000
    left = np.zeros(rate * 3, dtype=np.float32)
    left[rate : rate + 800] = 0.5  # a burst at 1.00-1.05 s
    right = np.full(rate * 3, 0.1, dtype=np.float32)
    write_wav(ClipAudio(np.stack([left, right]), rate), path)


def test_compute_peaks_finds_the_burst(tmp_path: Path) -> None:
    path = tmp_path / "call.wav"
    _write(path)
    peaks = compute_peaks(path, buckets_per_second=50)
    assert peaks.peaks.shape == (2, 150)
    assert peaks.duration_s == pytest.approx(3.0)
    assert peaks.peaks[0, 50] == pytest.approx(0.5, abs=0.01)
    assert peaks.peaks[0, 48] == 0
    assert peaks.peaks[1].min() == pytest.approx(0.1, abs=0.01)


def test_columns_resample_by_max() -> None:
    peaks = WaveformPeaks(np.arange(100, dtype=np.float16)[None, :], 10)
    assert peaks.columns(5).tolist() == [[19, 39, 59, 79, 99]]
    assert peaks.columns(4, 1.0, 2.0).tolist() == [[11, 14, 17, 19]]
    assert peaks.columns(0).shape == (1, 0)
    assert peaks.columns(300).shape == (1, 300)


def test_cache_is_reused_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "call.wav"
    _write(path)
    cache = tmp_path / "cache"
    first = cached_peaks(path, cache)
    assert len(list(cache.glob("*.npy"))) == 1
    second = cached_peaks(path, cache)
    assert np.array_equal(first.peaks, second.peaks)
    write_wav(ClipAudio(np.zeros((1, 16_000), dtype=np.float32), 16_000), path)
    third = cached_peaks(path, cache)
    assert third.peaks.shape == (1, 50)
