"""decode_audio / probe_audio / iter_decoded_chunks on every supported format and bad input."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import av
import numpy as np
import pytest

from kernel.domain import CallscopeInputError
from models.audio.decode import (
    AudioInfo,
    decode_audio,
    file_sha256,
    iter_decoded_chunks,
    probe_audio,
)

SECONDS = 2.0
FREQS = (440.0, 1000.0, 250.0, 3000.0)  # one tone per channel: proves channels stay apart
_LAYOUTS = {1: "mono", 2: "stereo", 4: "quad"}


def write_tone(
    path: Path,
    codec: str,
    rate: int,
    channels: int = 2,
    seconds: float = SECONDS,
    *,
    video: bool = False,
) -> Path:
    """Encode one sine per channel with PyAV (optionally muxed with a video track)."""
    layout = _LAYOUTS[channels]
    t = np.arange(round(seconds * rate)) / rate
    tones = np.stack([0.4 * np.sin(2 * np.pi * f * t) for f in FREQS[:channels]])
    source = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(tones.astype(np.float32)), format="fltp", layout=layout
    )
    source.sample_rate = rate
    source.pts = 0
    with av.open(str(path), mode="w") as out:
        if video:
            vstream = out.add_stream("mpeg4", rate=10)
            vstream.width, vstream.height, vstream.pix_fmt = 64, 64, "yuv420p"
        stream = out.add_stream(codec, rate=rate, layout=layout)
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name,
            layout=layout,
            rate=rate,
            frame_size=stream.codec_context.frame_size or None,
        )
        if video:
            for i in range(round(seconds * 10)):
                image = av.VideoFrame.from_ndarray(
                    np.full((64, 64, 3), i * 10 % 255, dtype=np.uint8), format="rgb24"
                )
                image.pts = i
                for packet in vstream.encode(image):
                    out.mux(packet)
            for packet in vstream.encode(None):
                out.mux(packet)
        for frame in [*resampler.resample(source), *resampler.resample(None)]:
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def dominant_hz(signal: np.ndarray, rate: int = 16_000) -> float:
    spectrum = np.abs(np.fft.rfft(signal * np.hanning(len(signal))))
    return float(np.argmax(spectrum) * rate / len(signal))


# (file name, codec, source rate, duration tolerance in s)
FORMATS = [
    ("pcm16.wav", "pcm_s16le", 16_000, 0.02),
    ("pcm24.wav", "pcm_s24le", 44_100, 0.02),
    ("ulaw.wav", "pcm_mulaw", 8_000, 0.02),
    ("alaw.wav", "pcm_alaw", 8_000, 0.02),
    ("tone.mp3", "libmp3lame", 44_100, 0.02),
    ("tone.m4a", "aac", 48_000, 0.02),
    ("tone.flac", "flac", 22_050, 0.02),
    ("tone.ogg", "libopus", 48_000, 0.02),
    ("tone.opus", "libopus", 48_000, 0.02),
]


@pytest.mark.parametrize(("name", "codec", "rate", "tolerance"), FORMATS)
def test_decodes_every_format_to_16k_stereo(
    tmp_path: Path, name: str, codec: str, rate: int, tolerance: float
) -> None:
    path = write_tone(tmp_path / name, codec, rate)
    audio = decode_audio(path)
    assert audio.sample_rate == 16_000
    assert audio.samples.dtype == np.float32
    assert audio.samples.shape[0] == audio.channels == 2
    assert audio.source_sample_rate == rate
    assert audio.source_channels == 2
    assert audio.duration_s == pytest.approx(SECONDS, abs=tolerance)
    assert audio.samples.flags["C_CONTIGUOUS"]
    assert audio.warnings == ()  # a whole, healthy file raises no doubt
    middle = audio.samples[:, 4000:-4000]
    assert dominant_hz(middle[0]) == pytest.approx(FREQS[0], abs=5)
    assert dominant_hz(middle[1]) == pytest.approx(FREQS[1], abs=5)
    assert 0.2 < float(np.max(np.abs(middle))) < 0.6


def test_mono_wav_stays_one_channel(tmp_path: Path) -> None:
    audio = decode_audio(write_tone(tmp_path / "mono.wav", "pcm_s16le", 8_000, channels=1))
    assert audio.channels == 1
    assert audio.duration_s == pytest.approx(SECONDS, abs=0.02)
    assert dominant_hz(audio.samples[0]) == pytest.approx(FREQS[0], abs=5)


def test_more_than_two_channels_keeps_the_first_two(tmp_path: Path) -> None:
    audio = decode_audio(write_tone(tmp_path / "quad.wav", "pcm_s16le", 16_000, channels=4))
    assert audio.source_channels == 4
    assert audio.channels == 2
    assert dominant_hz(audio.samples[0]) == pytest.approx(FREQS[0], abs=5)
    assert dominant_hz(audio.samples[1]) == pytest.approx(FREQS[1], abs=5)


def test_video_file_audio_track(tmp_path: Path) -> None:
    audio = decode_audio(write_tone(tmp_path / "clip.mp4", "aac", 48_000, video=True))
    assert audio.channels == 2
    assert audio.duration_s == pytest.approx(SECONDS, abs=0.03)
    assert dominant_hz(audio.samples[1, 4000:-4000]) == pytest.approx(FREQS[1], abs=5)


def test_sox_written_24bit_wav(tmp_path: Path) -> None:
    path = tmp_path / "sox24.wav"
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "44100",
            "-b",
            "24",
            "-c",
            "2",
            str(path),
            "synth",
            "1.5",
            "sine",
            "700",
        ],
        check=True,
    )
    audio = decode_audio(path)
    assert audio.duration_s == pytest.approx(1.5, abs=0.02)
    assert dominant_hz(audio.samples[0]) == pytest.approx(700, abs=5)


def test_sox_written_ogg_vorbis(tmp_path: Path) -> None:
    path = tmp_path / "vorbis.ogg"
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "44100",
            "-c",
            "2",
            str(path),
            "synth",
            "2",
            "sine",
            "440",
            "sine",
            "1000",
        ],
        check=True,
    )
    audio = decode_audio(path)
    assert audio.codec == "vorbis"
    assert audio.channels == 2
    assert audio.duration_s == pytest.approx(2.0, abs=0.02)
    assert dominant_hz(audio.samples[0]) == pytest.approx(440, abs=5)
    assert dominant_hz(audio.samples[1]) == pytest.approx(1000, abs=5)


def test_synthesized_phone_call_decodes(short_phone_call, short_stereo_call) -> None:  # type: ignore[no-untyped-def]
    phone = decode_audio(short_phone_call.path)
    wide = decode_audio(short_stereo_call.path)
    assert phone.codec == "pcm_mulaw"
    assert phone.source_sample_rate == 8_000
    assert phone.duration_s == pytest.approx(short_phone_call.truth["duration_s"], abs=0.02)
    assert phone.samples.shape == wide.samples.shape
    # The agent speaks only on the left: the right channel is silent in the agent's first turn.
    first = short_stereo_call.truth["turns"][0]
    span = slice(int(first["start"] * 16_000), int(first["end"] * 16_000))
    assert np.max(np.abs(phone.samples[0, span])) > 0.1
    assert np.max(np.abs(phone.samples[1, span])) < 0.01


def test_chunks_cover_the_file_in_order(tmp_path: Path) -> None:
    path = write_tone(tmp_path / "long.flac", "flac", 44_100, seconds=5.0)
    chunks = list(iter_decoded_chunks(path, chunk_s=2.0))
    assert [start for start, _ in chunks] == [0.0, 2.0, 4.0]
    assert [c.shape[1] for _, c in chunks[:2]] == [32_000, 32_000]
    joined = np.concatenate([c for _, c in chunks], axis=1)
    np.testing.assert_array_equal(joined, decode_audio(path).samples)


def test_probe_is_cheap_and_right(tmp_path: Path) -> None:
    path = write_tone(tmp_path / "probe.m4a", "aac", 44_100, seconds=3.0)
    info = probe_audio(path)
    assert isinstance(info, AudioInfo)
    assert info.channels == 2
    assert info.sample_rate == 44_100
    assert info.codec == "aac"
    assert info.duration_s == pytest.approx(3.0, abs=0.05)
    opus = probe_audio(write_tone(tmp_path / "probe.opus", "libopus", 48_000, seconds=3.0))
    assert opus.duration_s == pytest.approx(3.0, abs=0.05)


def test_file_sha256(tmp_path: Path) -> None:
    path = tmp_path / "bytes.bin"
    path.write_bytes(b"abc")
    assert file_sha256(path) == ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


# ---- bad input: each raises CallscopeInputError naming the file and the reason ----


def _assert_rejected(path: Path, *reason_words: str) -> CallscopeInputError:
    with pytest.raises(CallscopeInputError) as caught:
        decode_audio(path)
    error = caught.value
    assert error.source == str(path)
    assert str(path) in str(error)
    assert "\n" not in error.reason
    for word in reason_words:
        assert word in error.reason
    return error


def test_missing_file(tmp_path: Path) -> None:
    _assert_rejected(tmp_path / "nope.wav", "not found")
    with pytest.raises(CallscopeInputError, match="not found"):
        probe_audio(tmp_path / "nope.wav")
    with pytest.raises(CallscopeInputError, match="not found"):
        list(iter_decoded_chunks(tmp_path / "nope.wav"))


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    _assert_rejected(path, "empty", "0 bytes")


def test_folder(tmp_path: Path) -> None:
    _assert_rejected(tmp_path, "folder")


def test_text_file_is_not_audio(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("these are my meeting notes, not a recording\n" * 20)
    _assert_rejected(path, "not an audio file")


def test_random_bytes_are_not_audio(tmp_path: Path) -> None:
    path = tmp_path / "noise.mp3"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    _assert_rejected(path, "not an audio file")


def test_zero_length_audio(tmp_path: Path) -> None:
    path = tmp_path / "silent0.wav"
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(16_000)
        handle.writeframes(b"")
    _assert_rejected(path, "zero-length")


def test_truncated_wav(tmp_path: Path) -> None:
    path = write_tone(tmp_path / "cut.wav", "pcm_s16le", 16_000, seconds=4.0)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    _assert_rejected(path, "truncated")


def test_truncated_m4a(tmp_path: Path) -> None:
    path = write_tone(tmp_path / "cut.m4a", "aac", 48_000, seconds=4.0)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    error = _assert_rejected(path)
    assert "truncated" in error.reason or "corrupt" in error.reason


def test_video_without_audio(tmp_path: Path) -> None:
    path = tmp_path / "silent.mp4"
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(10):
            image = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            image.pts = i
            for packet in stream.encode(image):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    _assert_rejected(path, "no audio stream")
    with pytest.raises(CallscopeInputError, match="no audio stream"):
        probe_audio(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_tone(tmp_path / "locked.wav", "pcm_s16le", 16_000)
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    # Tests run as root here, where chmod 000 does not stop reads: simulate the OS refusal.
    monkeypatch.setattr(Path, "open", deny)
    _assert_rejected(path, "permission denied")
