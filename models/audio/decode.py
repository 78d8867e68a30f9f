"""Decode any audio or video file to 16 kHz float32 channels, in process (PyAV).

Owns the first arrow of the pipeline: audio file -> DecodedAudio. Handles WAV
(PCM 16/24/32-bit, u-law, A-law), MP3, M4A/AAC, FLAC, Ogg Vorbis/Opus and
the audio track of video files. Channels stay separate (a stereo call has
one speaker per side); files with more than two channels keep only the first
two. Decoding streams in chunks (`iter_decoded_chunks`) so a two-hour file
never holds its compressed and decoded forms at once; `decode_audio` uses
the same path. Every bad input raises CallscopeInputError naming the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import av.error
import numpy as np

from kernel.domain import SAMPLE_RATE, CallscopeInputError, DecodedAudio
from models.audio.input_checks import (
    check_regular_file,
    check_stream_shape,
    check_wav_header,
    container_kind,
    mp3_cut_off,
    ogg_cut_off,
    read_wav_header,
)

MAX_CHANNELS = 2  # more channels: the first two are kept (agent/customer by convention)
TRUNCATION_TOLERANCE = 0.9  # decoded < 90 % of the declared length: truncated file
_MIN_DECLARED_S = 0.5  # below this the declared length is too rough to judge truncation
MAX_CALL_S = 3 * 3600.0  # longest call decoded (3 h: 1.4 GB as 16 kHz stereo float32)
# A header's length is only a sizing hint up to what the file's bytes could hold:
# no speech codec in use needs fewer than 500 bytes a second (4 kbit/s).
_MIN_BYTES_PER_S = 500
_USABLE_AFTER_ERROR_S = 1.0  # a decoder error after this much audio: keep it, with a warning
_MAX_DAMAGED_PACKETS = 200  # more unreadable packets than this: the decode stops there


@dataclass(frozen=True)
class AudioInfo:
    """What a cheap look at the file's header says (no full decode)."""

    duration_s: float
    channels: int
    sample_rate: int
    codec: str


def _check_file(path: Path) -> int:
    """Fail early, with a plain reason, on files PyAV would hang on or give cryptic errors for."""
    return check_regular_file(path)


def _open(path: Path) -> av.container.InputContainer:
    _check_file(path)
    header = read_wav_header(path)
    if header is not None:
        check_wav_header(path, header)
    try:
        return av.open(str(path), mode="r")
    except av.error.PermissionError:
        raise CallscopeInputError(str(path), "cannot read the file (permission denied)") from None
    except (av.error.InvalidDataError, av.error.FFmpegError, UnicodeDecodeError) as exc:
        kind = container_kind(path)
        if kind:  # the signature is right, the rest is not: a cut or damaged file
            raise CallscopeInputError(
                str(path), f"truncated or damaged {kind} file ({_short(exc)})"
            ) from None
        raise CallscopeInputError(str(path), f"not an audio file ({_short(exc)})") from None


def _short(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    line = str(text).splitlines()[0][:120] if text else type(exc).__name__
    # FFmpeg's catch-all says nothing the words around it do not.
    return "unrecognised data" if line == "Invalid data found when processing input" else line


def _audio_stream(path: Path, container: av.container.InputContainer) -> av.AudioStream:
    if not container.streams.audio:
        kind = "video or picture without sound" if container.streams.video else "not an audio file"
        raise CallscopeInputError(str(path), f"{kind} (no audio stream)")
    stream = container.streams.audio[0]
    if stream.codec_context is None or not stream.codec_context.sample_rate:
        raise CallscopeInputError(str(path), "unsupported audio stream (unknown sample rate)")
    ctx = stream.codec_context
    if not ctx.channels:
        raise CallscopeInputError(str(path), "audio stream has 0 channels (no audio to read)")
    check_stream_shape(path, int(ctx.sample_rate), int(ctx.channels))
    return stream


def _declared_duration(
    container: av.container.InputContainer, stream: av.AudioStream
) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.0f} h" if seconds >= 3600 else f"{seconds:.0f} s"


def probe_audio(path: Path | str) -> AudioInfo:
    """Duration, channels, rate and codec from the header (packets scanned if unknown)."""
    path = Path(path)
    container = _open(path)
    try:
        stream = _audio_stream(path, container)
        ctx = stream.codec_context
        duration = _declared_duration(container, stream)
        if duration is None:
            # Some streams (raw Opus/ADTS) declare nothing: sum packet lengths, no decode.
            total = 0
            try:
                for packet in container.demux(stream):
                    if packet.duration:
                        total += packet.duration
            except av.error.FFmpegError as exc:
                raise CallscopeInputError(
                    str(path), f"corrupt audio data ({_short(exc)})"
                ) from None
            duration = float(total * stream.time_base) if stream.time_base else 0.0
        return AudioInfo(
            duration_s=max(0.0, duration),
            channels=int(ctx.channels),
            sample_rate=int(ctx.sample_rate),
            codec=str(ctx.name),
        )
    finally:
        container.close()


def file_sha256(path: Path | str, *, block_size: int = 1 << 20) -> str:
    """Hex SHA-256 of the file's bytes (identifies a call across renames and re-imports)."""
    path = Path(path)
    _check_file(path)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(block_size):
            digest.update(block)
    return digest.hexdigest()


class _ChunkedDecoder:
    """One pass over one file's audio stream, yielding resampled chunks.

    Nothing is sized from the header: chunks hold what was decoded, and a
    stream longer than MAX_CALL_S is refused as soon as it gets there.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file_size = path.stat().st_size if path.exists() else 0
        self.container = _open(path)
        try:
            self.stream = _audio_stream(path, self.container)
        except BaseException:
            self.container.close()
            raise
        ctx = self.stream.codec_context
        self.source_rate = int(ctx.sample_rate)
        self.source_channels = int(ctx.channels)
        self.codec = str(ctx.name)
        header = read_wav_header(path)
        self.declared_s = (header.declared_s if header else None) or _declared_duration(
            self.container, self.stream
        )
        self.warnings: list[str] = []
        self.stopped_at = ""  # why decoding ended early on damaged data, if it did
        formats = str(self.container.format.name).split(",")
        self.cut_off = (
            ogg_cut_off(path)
            if "ogg" in formats
            else mp3_cut_off(path)
            if "mp3" in formats
            else None
        )
        # Keep the source layout: a downmix would merge agent and customer.
        self.resampler = av.AudioResampler(format="fltp", layout=None, rate=SAMPLE_RATE)

    @property
    def size_hint_s(self) -> float:
        """The declared length, believed only as far as the file's bytes could hold it."""
        declared = self.declared_s or 0.0
        return max(0.0, min(declared, self.file_size / _MIN_BYTES_PER_S, MAX_CALL_S))

    def _frames(self) -> Iterator[np.ndarray]:
        """Resampled blocks; a damaged packet is skipped (and counted), not the end."""
        decoded = 0
        damaged = 0
        last_error = ""
        try:
            for packet in self.container.demux(self.stream):
                try:
                    frames = packet.decode()
                except av.error.FFmpegError as exc:
                    damaged += 1
                    last_error = _short(exc)
                    if damaged > _MAX_DAMAGED_PACKETS:
                        raise
                    continue
                for frame in frames:
                    for out in self.resampler.resample(frame):
                        decoded += out.samples
                        yield out.to_ndarray()
            for out in self.resampler.resample(None):
                yield out.to_ndarray()
        except av.error.FFmpegError as exc:
            if decoded < _USABLE_AFTER_ERROR_S * SAMPLE_RATE:
                raise CallscopeInputError(
                    str(self.path), f"truncated or corrupt audio ({_short(exc)})"
                ) from None
            # Audio before the damage is kept; the length check decides whether
            # too much is missing, and the outcome carries a warning.
            self.stopped_at = f"decoding stopped at {decoded / SAMPLE_RATE:.1f} s ({_short(exc)})"
            self.warnings.append(f"damaged audio: {self.stopped_at}")
            return
        if damaged and decoded < _USABLE_AFTER_ERROR_S * SAMPLE_RATE:
            raise CallscopeInputError(str(self.path), f"corrupt audio ({last_error})")
        if damaged:
            self.warnings.append(
                f"damaged audio: {damaged} unreadable stretch(es) skipped ({last_error})"
            )

    def chunks(self, chunk_samples: int) -> Iterator[tuple[float, np.ndarray]]:
        pending: list[np.ndarray] = []
        pending_n = 0
        emitted = 0
        limit = round(MAX_CALL_S * SAMPLE_RATE)
        try:
            for block in self._frames():
                block = block[:MAX_CHANNELS].astype(np.float32, copy=False)
                pending.append(block)
                pending_n += block.shape[1]
                if emitted + pending_n > limit:
                    raise CallscopeInputError(
                        str(self.path),
                        f"longer than {_hours(MAX_CALL_S)}, the limit for one call "
                        "(split the recording, or its header is corrupt)",
                    )
                while pending_n >= chunk_samples:
                    joined = np.concatenate(pending, axis=1)
                    chunk, rest = joined[:, :chunk_samples], joined[:, chunk_samples:]
                    yield emitted / SAMPLE_RATE, np.ascontiguousarray(chunk)
                    emitted += chunk_samples
                    pending, pending_n = ([rest], rest.shape[1]) if rest.shape[1] else ([], 0)
            if pending_n:
                yield emitted / SAMPLE_RATE, np.ascontiguousarray(np.concatenate(pending, axis=1))
                emitted += pending_n
        finally:
            self.container.close()
        self._check_complete(emitted)

    def _check_complete(self, emitted: int) -> None:
        if emitted == 0:
            raise CallscopeInputError(str(self.path), "no audio samples (zero-length audio)")
        decoded_s = emitted / SAMPLE_RATE
        if self.cut_off:
            self.warnings.append(
                f"the file is cut off ({self.cut_off}); only its first {decoded_s:.0f} s are there"
            )
        declared = self.declared_s
        if declared is not None and declared > MAX_CALL_S and decoded_s < declared / 2:
            raise CallscopeInputError(
                str(self.path),
                f"corrupt header, refused (it claims {_hours(declared)} of audio; "
                f"only {decoded_s:.1f} s decodable)",
            )
        if (
            declared is not None
            and declared >= _MIN_DECLARED_S
            and decoded_s < declared * TRUNCATION_TOLERANCE
        ):
            if self.stopped_at:
                raise CallscopeInputError(
                    str(self.path),
                    f"damaged audio, refused ({self.stopped_at}; the header says {declared:.1f} s)",
                )
            raise CallscopeInputError(
                str(self.path),
                f"truncated file, refused (header says {declared:.1f} s, "
                f"only {decoded_s:.1f} s decodable)",
            )


def iter_decoded_chunks(
    path: Path | str, chunk_s: float = 60.0
) -> Iterator[tuple[float, np.ndarray]]:
    """Yield (start_s, float32 array (channels, n)) at 16 kHz, `chunk_s` seconds at a time.

    Errors found only at the end (truncation, no samples at all) are raised
    after the last chunk, so a consumer must exhaust the generator to be sure.
    """
    if chunk_s <= 0:
        raise ValueError("chunk_s must be positive")
    decoder = _ChunkedDecoder(Path(path))
    yield from decoder.chunks(max(1, round(chunk_s * SAMPLE_RATE)))


def _shrink(buffer: np.ndarray, filled: int) -> np.ndarray:
    """Cut a (channels, capacity) buffer to `filled` columns in place (no second full copy)."""
    channels, capacity = buffer.shape
    if filled == capacity:
        return buffer
    flat = buffer.reshape(-1)
    for row in range(1, channels):
        flat[row * filled : (row + 1) * filled] = flat[row * capacity : row * capacity + filled]
    del flat
    buffer.resize((channels, filled), refcheck=False)
    return buffer


def decode_audio(path: Path | str) -> DecodedAudio:
    """Decode the whole file to 16 kHz float32, one row per channel (at most two)."""
    decoder = _ChunkedDecoder(Path(path))
    channels = min(decoder.source_channels, MAX_CHANNELS) or 1
    # Pre-size from a believable declared length so a long file is not held
    # twice while growing; a lying header costs at most what its bytes allow.
    estimate = round(decoder.size_hint_s * SAMPLE_RATE) + SAMPLE_RATE
    limit = round(MAX_CALL_S * SAMPLE_RATE)
    buffer = np.zeros((channels, min(estimate, limit)), dtype=np.float32)
    filled = 0
    for _start, chunk in decoder.chunks(round(60.0 * SAMPLE_RATE)):
        if chunk.shape[0] != buffer.shape[0]:
            raise CallscopeInputError(str(path), "channel count changes inside the file")
        end = filled + chunk.shape[1]
        if end > buffer.shape[1]:
            capacity = min(max(end, int(buffer.shape[1] * 1.5)), limit)
            grown = np.zeros((channels, capacity), dtype=np.float32)
            grown[:, :filled] = buffer[:, :filled]
            buffer = grown
        buffer[:, filled:end] = chunk
        filled = end
    return DecodedAudio(
        samples=_shrink(buffer, filled),
        source_sample_rate=decoder.source_rate,
        source_channels=decoder.source_channels,
        codec=decoder.codec,
        warnings=tuple(decoder.warnings),
    )


def bytes_sha256(data: bytes) -> str:
    """The same digest `file_sha256` gives for a file holding `data`."""
    return hashlib.sha256(data).hexdigest()


def decode_audio_bytes(data: bytes, name: str) -> DecodedAudio:
    """Decode a recording sent as bytes (a worker that cannot see the user's disk).

    The bytes go to a private temporary file with `name`'s suffix, so every
    header check and the streaming decode work exactly as for a file; errors
    name `name`, never the temporary file.
    """
    import os
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix="callscope-", suffix=Path(name).suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        try:
            return decode_audio(temporary)
        except CallscopeInputError as exc:
            raise CallscopeInputError(name, exc.reason) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
