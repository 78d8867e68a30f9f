"""Headers that lie, files that are not files, files cut short: one plain reason, bounded memory."""

from __future__ import annotations

import contextlib
import os
import socket
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import models.audio.decode as decode_module
from kernel.domain import CallscopeInputError
from models.audio.decode import decode_audio, file_sha256, iter_decoded_chunks
from scripts.make_malformed_corpus import _huge_flac, _mp3_huge_frames, encode, wav_bytes

RATE = 16_000


def _speech_like(seconds: float = 4.0, channels: int = 1) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    wave = 0.3 * np.sin(2 * np.pi * 220 * t) * (1 + np.sin(2 * np.pi * 3 * t)) / 2
    return np.tile(wave.astype(np.float32), (channels, 1))


def _tone16(seconds: float, rate: int = 8_000) -> bytes:
    t = np.arange(round(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2").tobytes()


def _reason(path: Path) -> str:
    with pytest.raises(CallscopeInputError) as caught:
        decode_audio(path)
    assert caught.value.source == str(path)
    return caught.value.reason


def _peak_mb(action: object) -> float:
    tracemalloc.start()
    with contextlib.suppress(CallscopeInputError):
        action()  # type: ignore[operator]
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def test_flac_declaring_2_to_the_36_samples_is_refused_without_allocating_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "huge.flac"
    _huge_flac(path, _speech_like(2.0, 2))
    assert "corrupt header" in _reason(path)
    assert _peak_mb(lambda: decode_audio(path)) < 50  # 2^36 samples would be 512 GiB


def test_mp3_declaring_two_billion_frames_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.mp3"
    _mp3_huge_frames(path, _speech_like(2.0, 2))
    assert "corrupt header" in _reason(path)


def test_wav_with_byte_rate_1_decodes_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "byte_rate_1.wav"
    path.write_bytes(wav_bytes(data=_tone16(2.0), byte_rate=1))
    peak = _peak_mb(lambda: decode_audio(path))
    audio = decode_audio(path)
    assert audio.duration_s == pytest.approx(2.0, abs=0.01)
    assert peak < 20


@pytest.mark.parametrize("rate", [0, 1, 1_999])
def test_absurdly_low_sample_rate_is_refused_before_decoding(tmp_path: Path, rate: int) -> None:
    path = tmp_path / f"rate_{rate}.wav"
    path.write_bytes(wav_bytes(rate=rate, bits=8, data=b"\x80" * 32_000))
    assert "too low" in _reason(path) and f"{rate} Hz" in _reason(path)
    assert _peak_mb(lambda: decode_audio(path)) < 5


def test_absurdly_high_sample_rate_and_channel_count_are_refused(tmp_path: Path) -> None:
    fast = tmp_path / "fast.wav"
    fast.write_bytes(wav_bytes(rate=0xFFFFFFFF, data=_tone16(1.0)))
    assert "absurd" in _reason(fast)
    wide = tmp_path / "wide.wav"
    wide.write_bytes(wav_bytes(channels=65535, data=_tone16(1.0)))
    assert "channel count" in _reason(wide)


def test_zero_channel_wav_has_its_own_reason(tmp_path: Path) -> None:
    path = tmp_path / "zero.wav"
    path.write_bytes(wav_bytes(channels=0, data=_tone16(1.0)))
    reason = _reason(path)
    assert "0 channels" in reason and "truncated" not in reason


def test_a_call_longer_than_the_limit_is_refused_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "long.wav"
    path.write_bytes(wav_bytes(data=_tone16(3.0)))
    monkeypatch.setattr(decode_module, "MAX_CALL_S", 1.0)
    assert "the limit for one call" in _reason(path)
    with pytest.raises(CallscopeInputError, match="the limit for one call"):
        list(iter_decoded_chunks(path, chunk_s=0.5))


def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "x.wav"
    os.mkfifo(path)  # opening it for reading would wait for a writer forever
    assert "named pipe" in _reason(path)
    with pytest.raises(CallscopeInputError, match="named pipe"):
        file_sha256(path)


def test_devices_and_sockets_are_refused(tmp_path: Path) -> None:
    zero = tmp_path / "zero.wav"
    zero.symlink_to("/dev/zero")  # endless
    assert "device" in _reason(zero)
    sock_path = tmp_path / "s.wav"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(sock_path))
    sock.close()
    assert "socket" in _reason(sock_path)


def test_symlink_loops_and_broken_links_are_told_apart(tmp_path: Path) -> None:
    loop = tmp_path / "loop.wav"
    loop.symlink_to("loop.wav")
    a, b = tmp_path / "a.wav", tmp_path / "b.wav"
    a.symlink_to("b.wav")
    b.symlink_to("a.wav")
    broken = tmp_path / "broken.wav"
    broken.symlink_to("missing.wav")
    assert "symlink loop" in _reason(loop)
    assert "symlink loop" in _reason(a)
    assert "broken link" in _reason(broken) and "missing.wav" in _reason(broken)


@pytest.mark.parametrize("suffix", ["ogg", "opus"])
def test_ogg_cut_short_decodes_with_a_cut_off_warning(tmp_path: Path, suffix: str) -> None:
    whole = encode(tmp_path / f"whole.{suffix}", _speech_like(20.0, 2), "libopus")
    assert decode_audio(whole).warnings == ()
    for fraction in (0.1, 0.5):
        cut = tmp_path / f"cut_{fraction}.{suffix}"
        cut.write_bytes(whole.read_bytes()[: round(whole.stat().st_size * fraction)])
        audio = decode_audio(cut)
        assert audio.duration_s < 20.0 * fraction + 0.5
        assert any("cut off" in w for w in audio.warnings), audio.warnings


@pytest.mark.parametrize(("codec", "suffix"), [("flac", "flac"), ("libmp3lame", "mp3")])
def test_flac_and_mp3_cut_short_are_refused_as_truncated(
    tmp_path: Path, codec: str, suffix: str
) -> None:
    whole = encode(tmp_path / f"whole.{suffix}", _speech_like(6.0, 2), codec)
    for fraction in (0.1, 0.5):
        cut = tmp_path / f"cut_{fraction}.{suffix}"
        cut.write_bytes(whole.read_bytes()[: round(whole.stat().st_size * fraction)])
        assert "truncated" in _reason(cut)


def test_cut_m4a_and_headerless_flac_name_their_container(tmp_path: Path) -> None:
    whole = encode(tmp_path / "whole.m4a", _speech_like(4.0, 2), "aac")
    cut = tmp_path / "cut.m4a"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert "truncated or damaged MP4/M4A" in _reason(cut)


def test_mp3_without_a_frame_count_cut_short_decodes_with_a_cut_off_warning(
    tmp_path: Path,
) -> None:
    whole = encode(
        tmp_path / "whole.mp3",
        _speech_like(20.0, 2),
        "libmp3lame",
        container="mp3",
        options={"write_xing": "0"},
    )
    assert decode_audio(whole).warnings == ()
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2 + 17])
    audio = decode_audio(cut)
    assert audio.duration_s < 10.5
    assert any("cut off" in w and "MP3 frame" in w for w in audio.warnings), audio.warnings
