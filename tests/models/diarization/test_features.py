"""Frame features on signals with known answers: pitch of a harmonic tone, band, silence."""

from __future__ import annotations

import numpy as np
import pytest

from models.diarization.features import (
    BAND_HZ,
    N_CEPS,
    N_FFT,
    frame_features,
    log_mel,
    mel_filterbank,
    pitch,
)

RATE = 16_000


def harmonic(f0: float, seconds: float = 1.0, harmonics: int = 10) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    signal = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, harmonics + 1))
    return (0.3 * signal / np.max(np.abs(signal))).astype(np.float32)


@pytest.mark.parametrize("f0", [85.0, 120.0, 190.0, 260.0])
def test_pitch_of_a_harmonic_tone(f0: float) -> None:
    samples = harmonic(f0)
    n = len(samples) // 160
    estimate = np.exp(np.nanmedian(pitch(samples, n)[5:-5]))
    assert estimate == pytest.approx(f0, rel=0.02)


def test_noise_and_silence_are_unvoiced() -> None:
    rng = np.random.default_rng(0)
    noise = (0.1 * rng.standard_normal(RATE)).astype(np.float32)
    silence = np.zeros(RATE, dtype=np.float32)
    for samples in (noise, silence):
        assert np.mean(np.isnan(pitch(samples, 100))) > 0.9


def test_filterbank_stays_inside_the_telephone_band() -> None:
    bank = mel_filterbank()
    freqs = np.fft.rfftfreq(N_FFT, 1.0 / RATE)
    used = freqs[bank.sum(axis=0) > 0]
    assert used.min() >= BAND_HZ[0] and used.max() <= BAND_HZ[1]
    # Energy above 4 kHz (absent from 8 kHz phone audio) barely changes the features.
    from scipy.signal import firwin, lfilter

    rng = np.random.default_rng(1)
    low = lfilter(firwin(255, 3600, fs=RATE), [1.0], 0.1 * rng.standard_normal(RATE))
    t = np.arange(RATE) / RATE
    high = low + 0.1 * np.sin(2 * np.pi * 6000 * t)
    mel_low, mel_high = log_mel(low.astype(np.float32), 100), log_mel(high.astype(np.float32), 100)
    difference = np.abs(mel_low - mel_high)[3:-3]  # edge frames see the zero padding
    assert np.median(difference) < 0.01 and difference.max() < 0.2


def test_frame_features_shapes_and_empty_input() -> None:
    features = frame_features(harmonic(150.0, seconds=0.5))
    assert features.mfcc.shape == (50, N_CEPS)
    assert features.log_f0.shape == features.speech.shape == (50,)
    assert features.frame(0.25) == 25 and features.frame(99.0) == 50
    empty = frame_features(np.zeros(10, dtype=np.float32))
    assert empty.n_frames == 0
