"""Cheap checks on a file before any decoder touches it, each with a plain reason.

Only regular files are read (a named pipe would block the batch forever, a
device never ends). Headers are read with small fixed-size reads and their
claims are judged, never trusted to size a buffer: a WAV header can say 0
channels, 1 Hz or a byte rate of 1; an Ogg file cut short still parses.
"""

from __future__ import annotations

import errno
import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

from kernel.domain import CallscopeInputError

MIN_SAMPLE_RATE = 2_000  # below this no speech survives; a 1 Hz header is corrupt
MAX_SAMPLE_RATE = 768_000  # the highest rate real recorders write
MAX_SOURCE_CHANNELS = 64  # more is a corrupt header (FFmpeg's own sanity limit is 64 layouts)

# WAV format tags whose byte rate must equal sample_rate * block_align.
_PCM_TAGS = frozenset({1, 3, 6, 7, 0xFFFE})


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not an audio file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe, not a regular file (not read)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file (not read)"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file (not read)"
    return "is not a regular file (not read)"


def check_regular_file(path: Path) -> int:
    """Raise CallscopeInputError unless `path` is a readable, non-empty regular file.

    Returns its size in bytes. Never opens anything but a regular file.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise CallscopeInputError(str(path), _stat_reason(path, exc)) from None
    reason = _not_regular(info.st_mode)
    if reason:
        raise CallscopeInputError(str(path), reason)
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except PermissionError:
        raise CallscopeInputError(str(path), "cannot read the file (permission denied)") from None
    except OSError as exc:
        raise CallscopeInputError(str(path), f"cannot read the file ({exc.strerror})") from None
    if info.st_size == 0:
        raise CallscopeInputError(str(path), "empty file (0 bytes)")
    return int(info.st_size)


def _stat_reason(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (following the link never reaches a file)"
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return f"broken link (its target {os.readlink(path)} does not exist)"
        return "file not found"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read the file (permission denied)"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return f"cannot read the file ({exc.strerror or type(exc).__name__})"


@dataclass(frozen=True)
class WavHeader:
    format_tag: int
    channels: int
    sample_rate: int
    byte_rate: int
    block_align: int
    bits: int
    data_size: int | None  # None: unknown (0 or 0xFFFFFFFF, a recorder that never finalised)

    @property
    def declared_s(self) -> float | None:
        """Length the data chunk promises, from the frame size where the byte rate may lie."""
        if self.data_size is None:
            return None
        if self.format_tag in _PCM_TAGS and self.block_align and self.sample_rate:
            return self.data_size / (self.block_align * self.sample_rate)
        if self.byte_rate:
            return self.data_size / self.byte_rate
        return None


def _header(fmt: tuple[int, int, int, int, int, int], data_size: int | None) -> WavHeader:
    tag, channels, rate, byte_rate, align, bits = fmt
    return WavHeader(tag, channels, rate, byte_rate, align, bits, data_size)


def read_wav_header(path: Path) -> WavHeader | None:
    """The fmt and data chunk sizes of a RIFF/WAVE file (None: not a WAV file)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None
            fmt: tuple[int, int, int, int, int, int] | None = None
            for _ in range(1000):  # a chunk list this long is garbage
                chunk = handle.read(8)
                if len(chunk) < 8:
                    break
                name, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if name == b"fmt " and size >= 16:
                    body = handle.read(16)
                    if len(body) < 16:
                        break
                    tag, channels, rate, byte_rate, align, bits = struct.unpack("<HHIIHH", body)
                    fmt = (tag, channels, rate, byte_rate, align, bits)
                    handle.seek(size - 16 + (size & 1), 1)
                elif name == b"data":
                    if fmt is None:
                        break
                    known = None if size in (0, 0xFFFFFFFF) else int(size)
                    return _header(fmt, known)
                else:
                    handle.seek(size + (size & 1), 1)
            if fmt is not None:
                return _header(fmt, None)
    except OSError:
        return None
    return None


def check_wav_header(path: Path, header: WavHeader) -> None:
    """Reasons FFmpeg would hide behind 'invalid data' or act on with huge allocations."""
    if header.channels == 0:
        raise CallscopeInputError(str(path), "WAV header says 0 channels (no audio to read)")
    if header.format_tag in _PCM_TAGS and header.bits == 0:
        raise CallscopeInputError(str(path), "WAV header says 0 bits per sample: corrupt header")
    check_stream_shape(path, header.sample_rate, header.channels)


def check_stream_shape(path: Path, sample_rate: int, channels: int) -> None:
    if channels > MAX_SOURCE_CHANNELS:
        raise CallscopeInputError(
            str(path),
            f"absurd channel count ({channels}; at most {MAX_SOURCE_CHANNELS}): corrupt header",
        )
    if sample_rate < MIN_SAMPLE_RATE:
        raise CallscopeInputError(
            str(path),
            f"sample rate {sample_rate} Hz is too low for speech (at least "
            f"{MIN_SAMPLE_RATE} Hz): corrupt header",
        )
    if sample_rate > MAX_SAMPLE_RATE:
        raise CallscopeInputError(
            str(path),
            f"sample rate {sample_rate} Hz is absurd (at most {MAX_SAMPLE_RATE} Hz): "
            "corrupt header",
        )


_OGG_PAGE = struct.Struct("<4sBBqIIIB")  # capture, version, flags, granule, serial, seq, crc, segs


def ogg_cut_off(path: Path) -> str | None:
    """Why an Ogg file is cut short (None: its last page is complete and ends the stream).

    FFmpeg takes an Ogg file's length from its last page, so a file cut at 10 %
    looks like a complete short call; the page structure tells the truth.
    Reads only page headers (one seek per page).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            offset, last_flags, pages = 0, 0, 0
            while offset < size:
                handle.seek(offset)
                head = handle.read(_OGG_PAGE.size)
                if len(head) < _OGG_PAGE.size:
                    return f"it ends inside an Ogg page header, at byte {offset}"
                capture, _version, flags, *_rest, segments = _OGG_PAGE.unpack(head)
                if capture != b"OggS":
                    return f"damaged Ogg page at byte {offset}" if pages else None
                table = handle.read(segments)
                end = offset + _OGG_PAGE.size + segments + sum(table)
                if len(table) < segments or end > size:
                    return f"it ends in the middle of an Ogg page, at byte {size} of {end}"
                offset, last_flags, pages = end, flags, pages + 1
    except OSError:
        return None
    if pages and not last_flags & 0x04:
        return "its last Ogg page has no end-of-stream mark"
    return None


def container_kind(path: Path) -> str | None:
    """The container a file's first bytes announce (None: no known signature)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return None
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head[:4] == b"fLaC":
        return "FLAC"
    if head[:4] == b"OggS":
        return "Ogg"
    if head[:3] == b"ID3":
        return "MP3"
    if head[4:8] == b"ftyp":
        return "MP4/M4A"
    return None


_MP3_BITRATES = {  # kbit/s by (MPEG-1?, layer) for indexes 1..14
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MP3_RATES = {3: (44_100, 48_000, 32_000), 2: (22_050, 24_000, 16_000), 0: (11_025, 12_000, 8_000)}


def _mp3_frame_length(header: bytes) -> int | None:
    """Bytes in the MPEG audio frame starting with `header` (None: not a frame header)."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer_bits = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    rate_index, bitrate_index = (header[2] >> 2) & 3, header[2] >> 4
    if version == 1 or layer_bits == 0 or rate_index == 3 or bitrate_index in (0, 15):
        return None
    layer = 4 - layer_bits
    mpeg1 = version == 3
    bitrate = _MP3_BITRATES[(mpeg1, layer)][bitrate_index - 1] * 1000
    rate = _MP3_RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    per_frame = 144 if (mpeg1 or layer == 2) else 72
    return per_frame * bitrate // rate + padding


def mp3_cut_off(path: Path) -> str | None:
    """Why an MP3 file is cut short (None: its last frame is complete, or it cannot be told).

    Without a Xing/Info frame count FFmpeg estimates an MP3's length from its
    size, so a cut file looks complete; a cut almost always lands inside a
    frame, which walking the frame headers finds. One small read per frame.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(10)
            offset = 0
            if head[:3] == b"ID3" and len(head) == 10:
                tag = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
                offset = 10 + tag + (10 if head[5] & 0x10 else 0)
            frames = 0
            while offset < size:
                handle.seek(offset)
                header = handle.read(4)
                length = _mp3_frame_length(header)
                if length is None:
                    # Trailing tags end a complete file; anything else: let the decoder judge.
                    return None
                if offset + length > size:
                    if frames == 0:
                        return None
                    end = offset + length
                    return f"it ends in the middle of an MP3 frame, at byte {size} of {end}"
                offset += length
                frames += 1
    except OSError:
        return None
    return None
