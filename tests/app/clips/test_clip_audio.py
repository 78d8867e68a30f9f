"""Cutting and writing clip audio: sample-accurate ranges, padding, WAV and compressed output."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from app.clips.clip_audio import (
    ClipAudio,
    compressed_suffix,
    cut_audio,
    padded_range,
    write_compressed,
    write_wav,
)
from kernel.domain import CallscopeInputError
from models.audio.decode import decode_audio


def _tone_wav(path: Path, seconds: float = 12.0, rate: int = 16_000) -> np.ndarray:
    """A stereo WAV whose left channel is a ramp: every sample says where it is."""
    n = round(seconds * rate)
    left = (np.arange(n) % 20_000).astype(np.float32) / 20_000.0 - 0.5
    right = np.sin(np.arange(n) * 2 * np.pi * 440 / rate).astype(np.float32) * 0.3
    audio = ClipAudio(np.stack([left, right]), rate)
    write_wav(audio, path)
    return audio.samples


def test_padded_range_widens_and_clamps() -> None:
    assert padded_range(5.0, 8.0, 60.0) == (4.0, 9.0)
    assert padded_range(0.4, 2.0, 60.0) == (0.0, 3.0)
    assert padded_range(58.5, 59.5, 60.0) == (57.5, 60.0)
    assert padded_range(8.0, 5.0, 60.0, padding_s=0.5) == (4.5, 8.5)
    assert padded_range(5.0, 8.0, None, padding_s=2.0) == (3.0, 10.0)


def test_cut_wav_is_sample_accurate(tmp_path: Path) -> None:
    source = tmp_path / "call.wav"
    full = _tone_wav(source)
    clip = cut_audio(source, 4.25, 7.5)
    assert clip.sample_rate == 16_000
    assert clip.channels == 2
    assert clip.samples.shape[1] == round(3.25 * 16_000)
    start = round(4.25 * 16_000)
    # 16-bit rounding only
    assert np.abs(clip.samples - full[:, start : start + clip.samples.shape[1]]).max() < 1e-4


def test_cut_past_the_end_stops_at_the_end(tmp_path: Path) -> None:
    source = tmp_path / "call.wav"
    _tone_wav(source, seconds=5.0)
    clip = cut_audio(source, 4.0, 9.0)
    assert clip.duration_s == pytest.approx(1.0, abs=0.001)


def test_cut_opus_matches_a_full_decode() -> None:
    source = Path("resources/demo/01_broadband_rushed.opus")
    clip = cut_audio(source, 20.0, 22.5)
    assert clip.duration_s == pytest.approx(2.5, abs=0.001)
    full = decode_audio(source)  # 16 kHz: compare loudness, not samples
    start, end = 20 * 16_000, round(22.5 * 16_000)
    expected_rms = float(np.sqrt(np.mean(full.samples[:, start:end] ** 2)))
    actual_rms = float(np.sqrt(np.mean(clip.samples**2)))
    assert actual_rms == pytest.approx(expected_rms, rel=0.05)


def test_missing_file_and_empty_range_are_clear(tmp_path: Path) -> None:
    with pytest.raises(CallscopeInputError, match="missing"):
        cut_audio(tmp_path / "gone.wav", 0.0, 1.0)
    source = tmp_path / "call.wav"
    _tone_wav(source, seconds=2.0)
    with pytest.raises(ValueError):
        cut_audio(source, 1.0, 1.0)
    with pytest.raises(CallscopeInputError, match="no audio between"):
        cut_audio(source, 5.0, 6.0)


def test_wav_duration_and_format(tmp_path: Path) -> None:
    audio = ClipAudio(np.zeros((2, 24_000), dtype=np.float32), 16_000)
    path = write_wav(audio, tmp_path / "out" / "clip.wav")
    with wave.open(str(path)) as wav:
        assert wav.getnchannels() == 2
        assert wav.getsampwidth() == 2
        assert wav.getnframes() / wav.getframerate() == pytest.approx(1.5)


@pytest.mark.parametrize("fmt", ["mp3", "opus"])
def test_compressed_output_decodes_to_the_same_length(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "call.wav"
    _tone_wav(source, seconds=6.0, rate=8_000)
    clip = cut_audio(source, 1.0, 4.0)
    path = write_compressed(clip, tmp_path / f"clip{compressed_suffix(fmt)}", fmt)
    decoded = decode_audio(path)
    assert decoded.channels == 2
    assert decoded.duration_s == pytest.approx(3.0, abs=0.05)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    audio = ClipAudio(np.zeros((1, 1600), dtype=np.float32), 16_000)
    with pytest.raises(ValueError, match="unknown format"):
        write_compressed(audio, tmp_path / "x.aac", "aac")
    with pytest.raises(ValueError):
        compressed_suffix("wma")
