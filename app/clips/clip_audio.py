"""Cut a stretch of a call's audio and write it as WAV or compressed audio (PyAV).

Owns the audio side of coaching clips: `padded_range` widens a selection by
the padding and clamps it to the call, `cut_audio` decodes only the needed
stretch of the source (seeking, so a clip from a one-hour call is quick),
`write_wav` and `write_compressed` store it. The source's sample rate and
channels are kept (agent and customer stay on their own side).
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import av
import av.error
import numpy as np

from kernel.domain import CallscopeInputError

DEFAULT_PADDING_S = 1.0
SEEK_MARGIN_S = 2.0  # seek this far before the clip: container seeks land on packets
COMPRESSED_FORMATS: dict[str, tuple[str, str]] = {
    # format -> (codec, file suffix)
    "mp3": ("libmp3lame", ".mp3"),
    "opus": ("libopus", ".ogg"),
}
_MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
_OPUS_RATES = (8000, 12000, 16000, 24000, 48000)


@dataclass
class ClipAudio:
    """Decoded clip samples: float32 (channels, n) in [-1, 1] at `sample_rate`."""

    samples: np.ndarray
    sample_rate: int

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def duration_s(self) -> float:
        return float(self.samples.shape[1]) / self.sample_rate


def padded_range(
    start_s: float, end_s: float, duration_s: float | None, padding_s: float = DEFAULT_PADDING_S
) -> tuple[float, float]:
    """(start, end) widened by `padding_s` each side, clamped to [0, duration]."""
    if end_s < start_s:
        start_s, end_s = end_s, start_s
    start = max(0.0, start_s - padding_s)
    end = end_s + padding_s
    if duration_s is not None and duration_s > 0:
        end = min(end, duration_s)
        start = min(start, end)
    return round(start, 3), round(end, 3)


def _open(path: Path) -> av.container.InputContainer:
    if not path.is_file():
        raise CallscopeInputError(str(path), "the call's audio file is missing")
    try:
        return av.open(str(path))
    except av.error.FFmpegError as exc:
        raise CallscopeInputError(str(path), f"cannot read audio ({exc})") from None


def cut_audio(path: Path | str, start_s: float, end_s: float) -> ClipAudio:
    """Decode [start_s, end_s) of the file at its own rate and channels.

    Seeks near the start and places each decoded frame by its timestamp, so
    the cut is sample-accurate whatever the packet boundaries. Frames without
    timestamps are placed by counting samples from the start of the file.
    """
    source = Path(path)
    if end_s <= start_s:
        raise ValueError(f"empty clip range {start_s:.3f}-{end_s:.3f} s")
    container = _open(source)
    try:
        if not container.streams.audio:
            raise CallscopeInputError(str(source), "no audio stream")
        stream = container.streams.audio[0]
        rate = int(stream.codec_context.sample_rate or 0)
        if rate <= 0:
            raise CallscopeInputError(str(source), "unknown sample rate")
        seek_to = max(0.0, start_s - SEEK_MARGIN_S)
        sought = False
        if seek_to > 0 and stream.time_base is not None:
            try:
                container.seek(int(seek_to / stream.time_base), stream=stream, backward=True)
                sought = True
            except av.error.FFmpegError:
                container.seek(0)
        # Timestamps count from the stream's start (encoder delay); the
        # transcript counts from the first decoded sample, as decode_audio does.
        origin = (
            float(stream.start_time * stream.time_base)
            if stream.start_time and stream.time_base is not None
            else 0.0
        )
        first = round(start_s * rate)
        last = round(end_s * rate)
        pieces: list[np.ndarray] = []
        cursor: int | None = None if sought else 0
        resampler = av.AudioResampler(format="fltp", layout=None, rate=rate)
        try:
            for frame in container.decode(stream):
                frame_start = (
                    round((frame.time - origin) * rate) if frame.time is not None else cursor
                )
                for out in resampler.resample(frame):
                    if frame_start is None:
                        frame_start = 0
                    block = out.to_ndarray().astype(np.float32, copy=False)
                    n = block.shape[1]
                    lo, hi = max(first, frame_start), min(last, frame_start + n)
                    if hi > lo:
                        pieces.append(block[:, lo - frame_start : hi - frame_start])
                    frame_start += n
                cursor = frame_start
                if cursor is not None and cursor >= last:
                    break
        except av.error.FFmpegError as exc:
            raise CallscopeInputError(str(source), f"corrupt audio ({exc})") from None
    finally:
        container.close()
    if not pieces:
        raise CallscopeInputError(
            str(source), f"no audio between {start_s:.1f} s and {end_s:.1f} s"
        )
    channels = min(block.shape[0] for block in pieces)
    samples = np.concatenate([block[:channels] for block in pieces], axis=1)
    return ClipAudio(np.ascontiguousarray(samples, dtype=np.float32), rate)


def write_wav(audio: ClipAudio, path: Path | str) -> Path:
    """16-bit PCM WAV at the clip's rate and channels."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    pcm = (np.clip(audio.samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    with wave.open(str(target), "wb") as out:
        out.setnchannels(audio.channels)
        out.setsampwidth(2)
        out.setframerate(audio.sample_rate)
        out.writeframes(pcm.T.tobytes())
    return target


def compressed_suffix(fmt: str) -> str:
    """File suffix of a compressed format ("mp3" -> ".mp3", "opus" -> ".ogg")."""
    if fmt not in COMPRESSED_FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(COMPRESSED_FORMATS)})")
    return COMPRESSED_FORMATS[fmt][1]


def _encoder_rate(fmt: str, rate: int) -> int:
    allowed = _OPUS_RATES if fmt == "opus" else _MP3_RATES
    if rate in allowed:
        return rate
    higher = [r for r in allowed if r >= rate]
    return higher[0] if higher else allowed[-1]


def write_compressed(audio: ClipAudio, path: Path | str, fmt: str = "mp3") -> Path:
    """MP3 (plays in every browser) or Ogg/Opus; 64 kb/s per channel is plenty for speech."""
    codec, _suffix = COMPRESSED_FORMATS.get(fmt, (None, None))
    if codec is None:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(COMPRESSED_FORMATS)})")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    layout = "mono" if audio.channels == 1 else "stereo"
    samples = audio.samples[:2]
    rate = _encoder_rate(fmt, audio.sample_rate)
    container = av.open(str(target), mode="w", format="ogg" if fmt == "opus" else "mp3")
    try:
        stream = container.add_stream(codec, rate=rate, layout=layout)
        if not isinstance(stream, av.AudioStream):
            raise TypeError(f"{codec} did not give an audio stream")
        stream.bit_rate = 64_000 * samples.shape[0]
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples, dtype=np.float32), format="fltp", layout=layout
        )
        frame.sample_rate = audio.sample_rate
        frame.pts = None
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    finally:
        container.close()
    return target
