"""Waveform peaks of a call for the review timeline (no Qt): computed once, cached on disk.

A one-hour call is 57 million samples per channel; the timeline needs a few
thousand columns. `compute_peaks` streams the file through
`models.audio.decode.iter_decoded_chunks` and keeps the largest absolute sample
of every 20 ms per channel (float16: ~0.7 MB for an hour of stereo).
`cached_peaks` stores them next to other caches, keyed by path, size and
modification time, so reopening a call draws its waveform at once.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.export.atomic import write_bytes_atomic
from kernel.domain import SAMPLE_RATE
from kernel.paths import private_dir
from models.audio.decode import iter_decoded_chunks

BUCKETS_PER_SECOND = 50
CACHE_VERSION = 1


class PeaksCanceled(Exception):
    """The caller asked to stop (a newer call was opened)."""


@dataclass
class WaveformPeaks:
    """Largest |sample| per bucket: float (channels, buckets), `buckets_per_second` of them."""

    peaks: np.ndarray
    buckets_per_second: int

    @property
    def channels(self) -> int:
        return int(self.peaks.shape[0])

    @property
    def duration_s(self) -> float:
        return float(self.peaks.shape[1]) / self.buckets_per_second

    def columns(self, width: int, start_s: float = 0.0, end_s: float | None = None) -> np.ndarray:
        """Peaks resampled to `width` columns over [start_s, end_s]: float32 (channels, width)."""
        end_s = self.duration_s if end_s is None else end_s
        n = self.peaks.shape[1]
        if width <= 0 or n == 0 or end_s <= start_s:
            return np.zeros((self.channels, max(width, 0)), dtype=np.float32)
        edges = np.linspace(start_s, end_s, width + 1) * self.buckets_per_second
        edges = np.clip(np.round(edges).astype(np.int64), 0, n)
        ends = np.maximum(edges[1:], edges[:-1] + 1)
        data = self.peaks.astype(np.float32)
        out = np.zeros((self.channels, width), dtype=np.float32)
        valid = edges[:-1] < n
        if valid.any():
            starts = edges[:-1][valid]
            # reduceat takes the max over [starts[i], starts[i+1]) and the last one to the
            # end of its input: cut the input at the last window's end
            last_end = int(min(n, ends[valid][-1]))
            reduced = np.maximum.reduceat(data[:, :last_end], starts, axis=1)
            out[:, valid] = reduced
            single = (ends[valid] - starts) == 1
            out[:, np.flatnonzero(valid)[single]] = data[:, starts[single]]
        return out


def compute_peaks(
    path: Path | str,
    buckets_per_second: int = BUCKETS_PER_SECOND,
    is_canceled: Callable[[], bool] | None = None,
) -> WaveformPeaks:
    """Decode the file chunk by chunk and keep one peak per bucket and channel."""
    size = SAMPLE_RATE // buckets_per_second
    parts: list[np.ndarray] = []
    remainder: np.ndarray | None = None
    for _start, chunk in iter_decoded_chunks(path, chunk_s=60.0):
        if is_canceled is not None and is_canceled():
            raise PeaksCanceled
        block = np.abs(chunk)
        if remainder is not None:
            block = np.concatenate([remainder, block], axis=1)
        whole = block.shape[1] // size * size
        if whole:
            shaped = block[:, :whole].reshape(block.shape[0], -1, size)
            parts.append(shaped.max(axis=2).astype(np.float16))
        remainder = block[:, whole:] if block.shape[1] > whole else None
    if remainder is not None and remainder.shape[1]:
        parts.append(remainder.max(axis=1, keepdims=True).astype(np.float16))
    if not parts:
        return WaveformPeaks(np.zeros((1, 0), dtype=np.float16), buckets_per_second)
    return WaveformPeaks(np.concatenate(parts, axis=1), buckets_per_second)


def cache_key(path: Path | str, buckets_per_second: int = BUCKETS_PER_SECOND) -> str:
    source = Path(path)
    stat = source.stat()
    raw = (
        f"{CACHE_VERSION}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{buckets_per_second}"
    )
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def cached_peaks(
    path: Path | str,
    cache_dir: Path | None,
    buckets_per_second: int = BUCKETS_PER_SECOND,
    is_canceled: Callable[[], bool] | None = None,
) -> WaveformPeaks:
    """Peaks from the cache folder when the file is unchanged, else computed and stored."""
    if cache_dir is None:
        return compute_peaks(path, buckets_per_second, is_canceled)
    cache_file = cache_dir / f"{cache_key(path, buckets_per_second)}.npy"
    if cache_file.is_file():
        try:
            return WaveformPeaks(np.load(cache_file), buckets_per_second)
        except (OSError, ValueError):
            cache_file.unlink(missing_ok=True)
    peaks = compute_peaks(path, buckets_per_second, is_canceled)
    try:  # private like the library: the peaks trace what was said and when
        private_dir(cache_dir)
        buffer = io.BytesIO()
        np.save(buffer, peaks.peaks)
        write_bytes_atomic(cache_file, buffer.getvalue())  # 0600
    except OSError:
        pass  # a read-only cache only costs a recomputation next time
    return peaks
