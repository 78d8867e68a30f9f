"""Write a corpus of malformed inputs for `callscope analyze` (issue 12).

Every file here once stopped, hung or misled the batch, or is a close
cousin: headers that declare absurd lengths, rates or channel counts, named
pipes, devices, sockets, symlink loops, files cut short in every container,
text and images renamed as audio, folders named like audio files. The
speech in the cut files comes from a bundled demo call, so what survives the
cut is real speech and truncation cannot hide behind "no speech found".

    python scripts/make_malformed_corpus.py OUT_FOLDER [--source resources/demo/03_...opus]

OUT_FOLDER/MANIFEST.json lists each entry with a few words its error (or
warning) line must contain; `expect` null means any named reason will do,
"stored" that the file is usable after all (Opus conceals a damaged page;
MP3 data named .wav is judged by its content).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import struct
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT / "resources" / "demo" / "03_software_login_good.opus"
SPEECH_S = 20.0  # seconds of the source call used for the cut files
RATE = 16_000

Entry = dict[str, object]


def _speech(source: Path) -> np.ndarray:
    """The first SPEECH_S seconds of `source` as 16 kHz float32 (channels, n)."""
    sys.path.insert(0, str(REPO_ROOT))
    from models.audio.decode import decode_audio

    samples = decode_audio(source).samples
    return np.ascontiguousarray(samples[:, : round(SPEECH_S * RATE)])


def encode(
    path: Path,
    samples: np.ndarray,
    codec: str,
    rate: int = RATE,
    container: str | None = None,
    options: dict[str, str] | None = None,
) -> Path:
    """Encode (channels, n) float32 at 16 kHz with PyAV into `path` (container from the suffix)."""
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    frame = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(samples.astype(np.float32)), format="fltp", layout=layout
    )
    frame.sample_rate = RATE
    frame.pts = 0
    with av.open(str(path), mode="w", format=container, options=options or {}) as out:
        stream = out.add_stream(codec, rate=rate, layout=layout)
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name,
            layout=layout,
            rate=rate,
            frame_size=stream.codec_context.frame_size or None,
        )
        for piece in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(piece):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def wav_bytes(
    *,
    channels: int = 1,
    rate: int = 8_000,
    bits: int = 16,
    data: bytes = b"",
    byte_rate: int | None = None,
    block_align: int | None = None,
    data_size: int | None = None,
    fmt_tag: int = 1,
) -> bytes:
    """A RIFF/WAVE file with every header field settable (to lie in any of them)."""
    align = block_align if block_align is not None else (channels * bits // 8) & 0xFFFF
    brate = byte_rate if byte_rate is not None else (rate * align) & 0xFFFFFFFF
    fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate, brate, align, bits)
    size = len(data) if data_size is None else data_size
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", size)
    return b"RIFF" + struct.pack("<I", (4 + 24 + 8 + len(data)) & 0xFFFFFFFF) + body[0:] + data


def _tone(seconds: float, rate: int = 8_000) -> bytes:
    t = np.arange(round(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2").tobytes()


def _cut(path: Path, fraction: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: max(1, round(len(data) * fraction))])


def _huge_flac(path: Path, speech: np.ndarray) -> None:
    """STREAMINFO total_samples = 2^36 - 1 (about 50 days at 16 kHz) on 2 s of audio."""
    encode(path, speech[:, : 2 * RATE], "flac")
    data = bytearray(path.read_bytes())
    at = 4 + 4 + 10  # "fLaC", block header, min/max block and frame sizes
    (field,) = struct.unpack(">Q", data[at : at + 8])
    field |= (1 << 36) - 1
    data[at : at + 8] = struct.pack(">Q", field)
    path.write_bytes(bytes(data))


def _mp3_huge_frames(path: Path, speech: np.ndarray) -> None:
    """The Xing/Info tag claims 2^31 frames (about 15 days) for 2 s of audio."""
    encode(path, speech[:, : 2 * RATE], "libmp3lame")
    data = bytearray(path.read_bytes())
    for tag in (b"Xing", b"Info"):
        at = data.find(tag)
        if at >= 0 and struct.unpack(">I", data[at + 4 : at + 8])[0] & 1:
            data[at + 8 : at + 12] = struct.pack(">I", 0x7FFFFFFF)
            break
    path.write_bytes(bytes(data))


def _damaged_middle(path: Path, speech: np.ndarray, codec: str) -> None:
    encode(path, speech, codec)
    data = bytearray(path.read_bytes())
    rng = np.random.default_rng(12)
    start = len(data) // 2
    data[start : start + 4096] = rng.integers(0, 256, 4096, dtype=np.uint8).tobytes()
    path.write_bytes(bytes(data))


def _video_without_audio(path: Path) -> None:
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


def _silence(path: Path) -> None:
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(8_000)
        handle.writeframes(b"\0\0" * 8_000 * 3)


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def build(out: Path, source: Path = DEFAULT_SOURCE) -> list[Entry]:
    """Write the corpus into `out` (created); returns the manifest entries."""
    out.mkdir(parents=True, exist_ok=True)
    speech = _speech(source)
    entries: list[Entry] = []

    def add(name: str, expect: str | None, make: Callable[[Path], object]) -> None:
        path = out / name
        make(path)
        entries.append({"name": name, "expect": expect})

    def write(data: bytes) -> Callable[[Path], object]:
        return lambda p: p.write_bytes(data)

    # Headers that lie about length, rate or shape.
    add("huge_total_samples.flac", "corrupt header", lambda p: _huge_flac(p, speech))
    add("huge_frame_count.mp3", "corrupt header", lambda p: _mp3_huge_frames(p, speech))
    add("byte_rate_1.wav", "no speech", write(wav_bytes(data=_tone(2.0), byte_rate=1)))
    add("rate_1hz.wav", "too low", write(wav_bytes(rate=1, bits=8, data=b"\x80" * 32_000)))
    add("rate_1hz_stereo.wav", "too low", write(wav_bytes(channels=2, rate=1, data=b"\0" * 32_000)))
    add("rate_0.wav", "too low", write(wav_bytes(rate=0, data=_tone(1.0))))
    add("rate_4ghz.wav", "absurd", write(wav_bytes(rate=0xFFFFFFFF, data=_tone(1.0))))
    add("zero_channels.wav", "0 channels", write(wav_bytes(channels=0, data=_tone(1.0))))
    add("channels_65535.wav", "channel count", write(wav_bytes(channels=65535, data=_tone(1.0))))
    add("channels_300.wav", "channel count", write(wav_bytes(channels=300, data=_tone(1.0))))
    add("block_align_0.wav", None, write(wav_bytes(data=_tone(1.0), block_align=0)))
    add("bits_0.wav", "0 bits", write(wav_bytes(data=_tone(1.0), bits=0)))
    add(
        "data_size_huge.wav",
        "corrupt header",
        write(wav_bytes(data=_tone(2.0), data_size=0xFFFFFFF0)),
    )
    add("data_size_unknown.wav", "no speech", write(wav_bytes(data=_tone(2.0), data_size=0)))
    add("header_only.wav", "zero-length", write(wav_bytes(data=b"")))
    add("riff_only.wav", None, write(b"RIFF\x04\0\0\0WAVE"))
    add(
        "fmt_size_huge.wav",
        None,
        write(b"RIFF\xff\xff\xff\xffWAVEfmt \xff\xff\xff\xff" + b"\0" * 64),
    )
    add("one_sample.wav", None, write(wav_bytes(data=b"\x10\x00")))
    add("odd_data_bytes.wav", "no speech", write(wav_bytes(data=_tone(1.0) + b"\x01")))
    add(
        "float64_bad_align.wav",
        None,
        write(wav_bytes(fmt_tag=3, bits=64, block_align=3, data=_tone(1.0))),
    )

    # Not regular files.
    add("named_pipe.wav", "named pipe", lambda p: os.mkfifo(p))
    add("device_zero.wav", "device", lambda p: p.symlink_to("/dev/zero"))
    add("device_null.mp3", "device", lambda p: p.symlink_to("/dev/null"))
    add("socket.wav", "socket", _bind_socket)
    add("symlink_loop.wav", "symlink loop", lambda p: p.symlink_to(p.name))
    add("loop_a.wav", "symlink loop", lambda p: p.symlink_to("loop_b.wav"))
    add("loop_b.wav", "symlink loop", lambda p: p.symlink_to("loop_a.wav"))
    add("broken_link.wav", "broken link", lambda p: p.symlink_to("gone/nowhere.wav"))
    add("folder_named.wav", "folder", lambda p: p.mkdir())
    add("folder_named.mp3", "folder", lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")))
    add("folder_named.flac", "folder", lambda p: (p.mkdir(), (p / "inner.wav").mkdir()))

    # Cut short, in every container.
    for codec, suffix in (
        ("libopus", "ogg"),
        ("libopus", "opus"),
        ("libmp3lame", "mp3"),
        ("flac", "flac"),
        ("pcm_s16le", "wav"),
        ("aac", "m4a"),
    ):
        for percent in (10, 50):
            expect = "cut off" if suffix in ("ogg", "opus") else None

            def cut(p: Path, c: str = codec, f: float = percent / 100) -> None:
                encode(p, speech, c)
                _cut(p, f)

            add(f"truncated_{percent}pct.{suffix}", expect, cut)
    for percent in (10, 50):  # no Xing/Info frame count: FFmpeg guesses the length from the size

        def cut_raw(p: Path, f: float = percent / 100) -> None:
            encode(p, speech, "libmp3lame", container="mp3", options={"write_xing": "0"})
            _cut(p, f)

        add(f"truncated_no_xing_{percent}pct.mp3", "cut off", cut_raw)
    add("damaged_middle.ogg", "stored", lambda p: _damaged_middle(p, speech, "libopus"))
    add("damaged_middle.mp3", "damaged audio", lambda p: _damaged_middle(p, speech, "libmp3lame"))

    # Empty, text, images and other things renamed as audio.
    add("empty.wav", "empty", write(b""))
    add("empty.opus", "empty", write(b""))
    add("text_renamed.wav", "not an audio file", write(b"meeting notes, not a recording\n" * 40))
    add(
        "html_error_page.mp3",
        "not an audio file",
        write(b"<html><body>404 Not Found</body></html>\n" * 20),
    )
    add("image.wav", "without sound", write(_PNG))
    add("random_bytes.flac", None, write(np.random.default_rng(1).bytes(8192)))
    add("random_bytes.ogg", None, write(b"OggS" + np.random.default_rng(2).bytes(8192)))
    add("id3_only.mp3", None, write(b"ID3\x04\x00\x00\x00\x00\x00\x0a" + b"\0" * 10))
    add("flac_header_only.flac", None, lambda p: _cut_flac_header(p, speech))
    add(
        "wrong_extension_mp3.wav",
        "stored",  # real speech: the content decides, not the name
        lambda p: encode(p, speech[:1, :RATE], "libmp3lame", container="mp3"),
    )
    add("video_without_audio.mp4", "no audio stream", _video_without_audio)
    add("silence.wav", "no speech", _silence)
    add("unreadable.wav", None, lambda p: (p.write_bytes(wav_bytes(data=_tone(1.2))), p.chmod(0)))
    add("odd\nname.wav", "no speech", write(wav_bytes(data=_tone(1.0))))

    (out / "MANIFEST.json").write_text(json.dumps(entries, indent=1), encoding="utf-8")
    return entries


def _bind_socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
    finally:
        sock.close()  # the socket file stays


def _cut_flac_header(path: Path, speech: np.ndarray) -> None:
    encode(path, speech[:, :RATE], "flac")
    data = path.read_bytes()
    path.write_bytes(data[: 4 + 4 + 34])  # "fLaC" + STREAMINFO, no frames


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the corpus into (created)")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="speech to cut")
    args = parser.parse_args(argv)
    entries = build(args.out, args.source)
    print(f"{len(entries)} malformed inputs written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
