"""Frame-level speaker features of one 16 kHz channel: telephone-band MFCCs, F0, speech mask.

Owns the arrow samples -> FrameFeatures (one row per 10 ms). Everything is
computed in the 100-3800 Hz band, so a 16 kHz studio file and an 8 kHz
u-law phone recording give comparable numbers. No cepstral mean
normalisation: a mono recording has one channel, so the mean spectrum is
part of who is speaking, not of the line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from kernel.domain import SAMPLE_RATE

HOP_S = 0.01
HOP = int(SAMPLE_RATE * HOP_S)  # 160 samples
WIN = 400  # 25 ms analysis window
N_FFT = 512
N_MELS = 32
N_CEPS = 16  # c1..c16; c0 (loudness) is left out: it says how loud, not who
BAND_HZ = (100.0, 3800.0)  # the telephone band
PRE_EMPHASIS = 0.97
F0_RANGE_HZ = (60.0, 400.0)
F0_WIN = 640  # 40 ms: two periods of a 60 Hz voice
ACF_FFT = 1024  # >= F0_WIN + the longest lag (16000 / 60 = 266): exact autocorrelation
VOICING_THRESHOLD = 0.5  # normalized autocorrelation peak for a voiced frame
SPEECH_PROB = 0.5  # silero speech probability for a speech frame
# The turn timeline keeps frames down to this probability next to speech (Silero's
# own end threshold is 0.15 below its start one): quiet word ends and short pauses
# inside a turn. Measured on the real-voices set: missed reference speech 0.17-0.38
# at 0.5 alone, 0.02-0.11 with this and the bridging in timeline.py.
LOOSE_SPEECH_PROB = 0.35
# The turn timeline's frame level (pauses, edges: timeline.py) sums the mel bands up to
# here. An 8 kHz mu-law line adds quantisation noise that is white over the band and,
# after pre-emphasis, rises towards 3.8 kHz: over the whole band it lifted the AMI
# excerpts' background by 11 dB and hid room tone and word edges under it (pauses
# 7 dB over the background at 16 kHz read 2 dB at 8 kHz). Below 1 kHz the same frames
# read 8 -> 4 dB (ami_dev00) and 18 -> 11 dB (ami_dev01): room tone, breath and voiced
# speech stay above the codec's noise there. Measured (real-voices mean DER, 16 kHz /
# 8 kHz mu-law): whole band 0.078 / 0.119, up to 2 kHz 0.071 / 0.109, 1 kHz
# 0.062 / 0.092, 600 Hz 0.058 / 0.095.
LEVEL_TOP_HZ = 1000.0
MIN_LEVEL_DB = -45.0  # frames this far below the loudest are never speech
BLOCK_FRAMES = 256  # frames per FFT batch: small arrays stay in cache (2x faster than 3000)


# OpenBLAS runs a matrix product on several threads once it exceeds about 2^18
# multiply-adds. On a loaded 2-core machine the second thread is often not
# scheduled for milliseconds: the 6000 x 257 x 32 mel product took 5-12 ms instead of
# about 1. Products cut into pieces below that size stay on the calling thread.
SINGLE_THREAD_MACS = 1 << 18


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b for 2-D arrays, in pieces small enough that BLAS stays on this thread."""
    m, k = a.shape
    n = b.shape[1]
    if m * k * n <= SINGLE_THREAD_MACS:
        return a @ b
    if m >= k:  # tall: cut the rows
        rows = max(1, SINGLE_THREAD_MACS // (k * n))
        out = np.empty((m, n), dtype=np.result_type(a, b))
        for start in range(0, m, rows):
            np.matmul(a[start : start + rows], b, out=out[start : start + rows])
        return out
    inner = max(1, SINGLE_THREAD_MACS // (m * n))  # long inner dimension: sum the pieces
    total = a[:, :inner] @ b[:inner]
    for start in range(inner, k, inner):
        total += a[:, start : start + inner] @ b[start : start + inner]
    return total


@dataclass
class FrameFeatures:
    """Per-frame features; frame i covers [i * HOP_S, (i + 1) * HOP_S)."""

    mfcc: np.ndarray  # (T, N_CEPS) float32
    log_f0: np.ndarray  # (T,) float32, natural log of Hz; NaN where unvoiced or not speech
    speech: np.ndarray  # (T,) bool
    # (T,) bool: a looser mask for the turn timeline (Silero hysteresis, LOOSE_SPEECH_PROB)
    loose_speech: np.ndarray | None = None
    # (T,) float32: frame level in dB (arbitrary zero) of the bands up to LEVEL_TOP_HZ,
    # for the turn timeline (pauses, edges)
    level_db: np.ndarray | None = None

    @property
    def n_frames(self) -> int:
        return int(self.mfcc.shape[0])

    def frame(self, seconds: float) -> int:
        return int(np.clip(round(seconds / HOP_S), 0, self.n_frames))


def _hz_to_mel(hz: np.ndarray | float) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + np.asarray(hz, dtype=np.float64) / 700.0)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    return 700.0 * (10.0 ** (mel / 2595.0) - 1.0)


@functools.lru_cache(maxsize=1)
def mel_filterbank() -> np.ndarray:
    """(N_MELS, N_FFT // 2 + 1) triangular filters spaced on the mel scale inside BAND_HZ."""
    edges = _mel_to_hz(np.linspace(_hz_to_mel(BAND_HZ[0]), _hz_to_mel(BAND_HZ[1]), N_MELS + 2))
    bins = np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE)
    bank = np.zeros((N_MELS, bins.size), dtype=np.float64)
    for m in range(N_MELS):
        low, mid, high = edges[m], edges[m + 1], edges[m + 2]
        rising = (bins - low) / (mid - low)
        falling = (high - bins) / (high - mid)
        bank[m] = np.clip(np.minimum(rising, falling), 0.0, None)
    return bank.astype(np.float32)


@functools.lru_cache(maxsize=1)
def _dct_matrix() -> np.ndarray:
    """Orthonormal DCT-II rows 1..N_CEPS for N_MELS inputs."""
    n = np.arange(N_MELS)
    k = np.arange(1, N_CEPS + 1)[:, None]
    return (np.sqrt(2.0 / N_MELS) * np.cos(np.pi * k * (2 * n + 1) / (2 * N_MELS))).astype(
        np.float32
    )


def _frames(signal: np.ndarray, width: int, n_frames: int) -> np.ndarray:
    """(n_frames, width) read-only view, frame i centred on sample i * HOP + HOP // 2."""
    pad = width // 2
    padded = np.pad(signal, (pad, width + HOP))
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    return windows[HOP // 2 :: HOP][:n_frames]


def _blocks(n_frames: int) -> list[slice]:
    """Frame ranges processed at once, so FFT buffers stay small on long calls."""
    return [slice(b, min(b + BLOCK_FRAMES, n_frames)) for b in range(0, n_frames, BLOCK_FRAMES)]


@functools.lru_cache(maxsize=1)
def _band_centres() -> np.ndarray:
    """(N_MELS,) centre frequency of each mel band in Hz (its filter's weighted mean)."""
    fb = mel_filterbank()
    freqs = np.linspace(0.0, SAMPLE_RATE / 2, fb.shape[1])
    return (fb * freqs).sum(axis=1) / np.maximum(fb.sum(axis=1), 1e-12)


def log_mel(samples: np.ndarray, n_frames: int) -> np.ndarray:
    """(n_frames, N_MELS) log mel energies of the pre-emphasised signal."""
    emphasised = np.append(samples[:1], samples[1:] - PRE_EMPHASIS * samples[:-1])
    frames = _frames(emphasised.astype(np.float32), WIN, n_frames)
    window = np.hanning(WIN)  # float64 on purpose: numpy's float32 FFT is 2-3x slower
    out = np.empty((n_frames, N_MELS), dtype=np.float32)
    for block in _blocks(n_frames):
        spectrum = np.fft.rfft(frames[block] * window, n=N_FFT, axis=1)
        power = (spectrum.real**2 + spectrum.imag**2).astype(np.float32)
        out[block] = np.log(matmul(power, mel_filterbank().T) + 1e-8)
    return out


def pitch(samples: np.ndarray, n_frames: int, only: np.ndarray | None = None) -> np.ndarray:
    """Log F0 per frame by normalized autocorrelation (NaN where unvoiced).

    The lowest lag whose peak reaches 90 % of the best one wins, which avoids
    the usual octave-down errors of picking the global maximum. `only`: a
    boolean mask of the frames to analyse (the others are NaN); the
    diarizer passes the speech frames, which are all it ever reads.
    """
    frames = _frames(samples.astype(np.float32), F0_WIN, n_frames)
    out = np.full(n_frames, np.nan, dtype=np.float32)
    wanted = np.arange(n_frames) if only is None else np.flatnonzero(only[:n_frames])
    for start in range(0, wanted.size, BLOCK_FRAMES):
        rows = wanted[start : start + BLOCK_FRAMES]
        out[rows] = _pitch_block(frames[rows])
    return out


def _pitch_block(frames: np.ndarray) -> np.ndarray:
    lo = int(SAMPLE_RATE / F0_RANGE_HZ[1])
    hi = int(SAMPLE_RATE / F0_RANGE_HZ[0])
    # float64: numpy's float32 FFT is 2-3x slower than its float64 one.
    frames = frames.astype(np.float64)
    frames -= frames.mean(axis=1, keepdims=True)
    # Lags up to `hi` only: a 1024-point FFT is exact for them (no circular wrap below
    # 1024 - F0_WIN = 384 samples) and cheaper than the full 2 * F0_WIN.
    spectrum = np.fft.rfft(frames, n=ACF_FFT, axis=1)
    acf = np.fft.irfft(spectrum.real**2 + spectrum.imag**2, n=ACF_FFT, axis=1)[:, : hi + 1]
    # Normalise by the energy of the overlapping parts so long lags are not penalised:
    # energy[:, k] = sum of x[i]^2 for i >= k.
    squares = frames**2
    total = squares.sum(axis=1, keepdims=True)
    before = np.cumsum(squares[:, :hi], axis=1)
    energy = np.concatenate([total, total - before], axis=1)
    norm = np.sqrt(total * np.maximum(energy, 1e-12)) + 1e-12
    nacf = acf / norm
    window = nacf[:, lo:hi]
    best = window.max(axis=1)
    # Local maxima at or above 90 % of the best peak; take the first (shortest period).
    peaks = (window[:, 1:-1] >= window[:, :-2]) & (window[:, 1:-1] >= window[:, 2:])
    strong = peaks & (window[:, 1:-1] >= 0.9 * best[:, None])
    first = np.where(strong.any(axis=1), strong.argmax(axis=1) + 1, window.argmax(axis=1))
    # Parabolic interpolation around the chosen lag.
    idx = np.clip(first, 1, window.shape[1] - 2)
    rows = np.arange(window.shape[0])
    left, mid, right = window[rows, idx - 1], window[rows, idx], window[rows, idx + 1]
    denom = left - 2 * mid + right
    safe = np.where(np.abs(denom) > 1e-9, denom, 1.0)
    shift = np.where(np.abs(denom) > 1e-9, 0.5 * (left - right) / safe, 0.0)
    lag = lo + idx + np.clip(shift, -0.5, 0.5)
    loud = total[:, 0] > 1e-6
    voiced = (best >= VOICING_THRESHOLD) & loud
    return np.where(voiced, np.log(SAMPLE_RATE / lag), np.nan).astype(np.float32)


def speech_masks(
    samples: np.ndarray, n_frames: int, level_db: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(speech, loose speech): Silero VAD frames not far below the loudest frames.

    `speech` is probability >= SPEECH_PROB; `loose` adds the frames >=
    LOOSE_SPEECH_PROB in a run that touches speech (hysteresis).
    """
    from models.audio.vad import speech_probabilities

    probs = speech_probabilities(samples)
    if probs.size == 0:
        empty = np.zeros(n_frames, dtype=bool)
        return empty, empty
    # Silero frames are 32 ms (512 samples); map each 10 ms frame onto one.
    index = np.minimum((np.arange(n_frames) * HOP) // 512, probs.size - 1)
    loud = level_db > (np.percentile(level_db, 99) + MIN_LEVEL_DB)
    speech = (probs[index] >= SPEECH_PROB) & loud
    candidate = probs[index] >= LOOSE_SPEECH_PROB
    edges = np.diff(np.r_[0, candidate.astype(np.int8), 0])
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    hits = np.r_[0, np.cumsum(speech)]
    keep = hits[ends] > hits[starts]
    loose = np.zeros(n_frames, dtype=bool)
    for start, end in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True):
        loose[start:end] = True
    return speech, loose | speech


def speech_mask(samples: np.ndarray, n_frames: int, level_db: np.ndarray) -> np.ndarray:
    """Frames that Silero VAD calls speech and that are not far below the loudest frames."""
    return speech_masks(samples, n_frames, level_db)[0]


def frame_features(samples_16k: np.ndarray) -> FrameFeatures:
    """MFCCs, log F0 and the speech mask of a mono 16 kHz float32 signal."""
    samples = np.ascontiguousarray(samples_16k, dtype=np.float32).reshape(-1)
    n_frames = len(samples) // HOP
    if n_frames == 0:
        empty = np.zeros((0, N_CEPS), dtype=np.float32)
        return FrameFeatures(empty, np.zeros(0, np.float32), np.zeros(0, bool))
    mel = log_mel(samples, n_frames)
    mfcc = matmul(mel, _dct_matrix().T)
    power = np.exp(mel)
    level_db = 10.0 / np.log(10.0) * np.log(power.sum(axis=1) + 1e-10)
    speech, loose = speech_masks(samples, n_frames, level_db)
    low = _band_centres() <= LEVEL_TOP_HZ
    level_db = 10.0 / np.log(10.0) * np.log(power[:, low].sum(axis=1) + 1e-10)
    return FrameFeatures(
        mfcc=mfcc.astype(np.float32),
        log_f0=pitch(samples, n_frames, only=speech),  # nothing reads F0 outside speech
        speech=speech,
        loose_speech=loose,
        level_db=level_db.astype(np.float32),
    )
