"""Synthesize two-voice test calls with known turn times (flite/espeak-ng + sox).

Owns the call script format used by tests, demos and benchmarks:

    {"id": "some_call", "agent_voice": "slt", "customer_voice": "rms",
     "voice_engine": "flite",            # optional, or "espeak"
     "turns": [{"speaker": "agent", "text": "...", "pause_before": 0.5},
               {"speaker": "agent", "text": "Okay.", "overlap": 0.7}]}

`pause_before` is silence after all earlier speech ends (default 0.6 s;
0 for the first turn, which follows the 0.5 s lead-in); `overlap` starts a
turn that many seconds before the previous turn ends (talk-over). A plain
list of (speaker, text) pairs is accepted as well.

Every written call gets a truth file next to it (`call.wav` ->
`call.truth.json`) with each turn's speaker, text and the real extent of its
speech (TTS leading/trailing silence trimmed), plus the call duration.

    python -m scripts.callsynth SCRIPT.json OUT.wav [--mono] [--rate 8000]
        [--encoding pcm16|ulaw|alaw] [--agent-channel left|right]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

# Bump whenever the audio or truth a script produces changes: invalidates caches.
SYNTH_VERSION = 1

WORK_RATE = 16_000  # everything is mixed at this rate, then resampled/encoded by sox
EDGE_SILENCE_S = 0.5  # silence before the first and after the last turn
DEFAULT_PAUSE_S = 0.6
TURN_PEAK = 0.5  # each turn is normalised to this peak so a mono mix does not clip
FLITE_VOICES = ("slt", "rms", "awb", "kal", "kal16", "awb_time")
LAYOUTS = ("stereo", "mono")
ENCODINGS = ("pcm16", "ulaw", "alaw")
_SOX_ENCODING = {
    "pcm16": ["-e", "signed-integer", "-b", "16"],
    "ulaw": ["-e", "u-law", "-b", "8"],
    "alaw": ["-e", "a-law", "-b", "8"],
}


class SynthesizedCall(NamedTuple):
    """A synthesized call on disk and its truth (what synthesize_call returned)."""

    path: Path
    truth: dict[str, Any]


def truth_path(audio_path: Path | str) -> Path:
    """Where the truth JSON of a synthesized call lives (`x.wav` -> `x.truth.json`)."""
    return Path(audio_path).with_suffix(".truth.json")


def normalize_script(script: Mapping[str, Any] | Sequence[Any]) -> dict[str, Any]:
    """Return the script as a dict with a `turns` list of dicts (accepts (speaker, text) pairs)."""
    if isinstance(script, Mapping):
        data = dict(script)
        turns_in = data.get("turns", [])
    else:
        data = {}
        turns_in = script
    turns: list[dict[str, Any]] = []
    for index, turn in enumerate(turns_in):
        if isinstance(turn, Mapping):
            item = dict(turn)
        else:
            speaker, text = turn
            item = {"speaker": speaker, "text": text}
        if item.get("speaker") not in ("agent", "customer"):
            raise ValueError(f"turn {index}: speaker must be 'agent' or 'customer'")
        if not str(item.get("text", "")).strip():
            raise ValueError(f"turn {index}: empty text")
        turns.append(item)
    if not turns:
        raise ValueError("call script has no turns")
    data["turns"] = turns
    data.setdefault("id", "call")
    data.setdefault("agent_voice", "slt")
    data.setdefault("customer_voice", "rms")
    data.setdefault("voice_engine", "flite")
    return data


def _read_wav_mono(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as handle:
        rate = handle.getframerate()
        channels = handle.getnchannels()
        width = handle.getsampwidth()
        raw = handle.readframes(handle.getnframes())
    if width != 2:
        raise RuntimeError(f"{path}: expected 16-bit PCM from the TTS engine")
    data = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data, rate


def _write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    """Write (channels, n) float samples as 16-bit PCM."""
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(samples.shape[0])
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.T.tobytes())


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()}")


def _tts(text: str, voice: str, engine: str, scratch: Path, index: int) -> np.ndarray:
    """Speak one turn; return mono float32 at WORK_RATE."""
    raw = scratch / f"turn{index}.raw.wav"
    if engine == "flite":
        text_file = scratch / f"turn{index}.txt"
        text_file.write_text(text, encoding="utf-8")  # -f: text starting with '-' is safe
        _run(["flite", "-voice", voice, "-f", str(text_file), "-o", str(raw)])
    elif engine == "espeak":
        _run(["espeak-ng", "-v", voice, "-w", str(raw), "--", text])
    else:
        raise ValueError(f"unknown voice_engine {engine!r} (flite or espeak)")
    samples, rate = _read_wav_mono(raw)
    if rate != WORK_RATE:
        fixed = scratch / f"turn{index}.16k.wav"
        _run(["sox", "-R", str(raw), "-r", str(WORK_RATE), str(fixed)])
        samples, rate = _read_wav_mono(fixed)
    return samples


def trim_silence(samples: np.ndarray, rate: int = WORK_RATE) -> np.ndarray:
    """Cut leading/trailing silence: keep from the first to the last 5 ms frame above -40 dB."""
    frame = max(1, rate // 200)
    n_frames = len(samples) // frame
    if n_frames == 0:
        return samples
    frames = samples[: n_frames * frame].reshape(n_frames, frame)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    peak = float(np.max(np.abs(samples))) or 1.0
    loud = np.nonzero(rms > peak * 0.01)[0]
    if len(loud) == 0:
        return samples[:0]
    return samples[loud[0] * frame : (loud[-1] + 1) * frame]


def _voice_for(data: Mapping[str, Any], speaker: str) -> str:
    voice = str(data[f"{speaker}_voice"])
    if data["voice_engine"] == "espeak" and voice in FLITE_VOICES:
        # Flite voice names mean nothing to espeak: pick two distinct English voices.
        return "en-us" if speaker == "agent" else "en-gb"
    return voice


def synthesize_call(
    script: Mapping[str, Any] | Sequence[Any],
    out_path: Path | str,
    *,
    layout: str = "stereo",
    sample_rate: int = 16_000,
    encoding: str = "pcm16",
    agent_channel: str = "left",
) -> dict[str, Any]:
    """Write the call's audio to `out_path` (WAV) and its truth JSON; return the truth.

    Stereo puts the agent on `agent_channel` and the customer on the other;
    mono mixes both. Turn times in the truth are the real speech extent.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    if agent_channel not in ("left", "right"):
        raise ValueError("agent_channel must be 'left' or 'right'")
    data = normalize_script(script)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="callsynth-") as scratch_name:
        scratch = Path(scratch_name)
        placed: list[tuple[dict[str, Any], int, np.ndarray]] = []
        previous_end = EDGE_SILENCE_S  # end of the previous turn, seconds
        latest_end = EDGE_SILENCE_S  # end of all speech so far: pauses are real silence
        for index, turn in enumerate(data["turns"]):
            speech = trim_silence(
                _tts(
                    str(turn["text"]),
                    _voice_for(data, turn["speaker"]),
                    str(data["voice_engine"]),
                    scratch,
                    index,
                )
            )
            peak = float(np.max(np.abs(speech))) if len(speech) else 0.0
            if peak > 0:
                speech = speech * (TURN_PEAK / peak)
            if "overlap" in turn:
                start_s = max(EDGE_SILENCE_S, previous_end - float(turn["overlap"]))
            else:
                default_pause = 0.0 if index == 0 else DEFAULT_PAUSE_S
                start_s = latest_end + float(turn.get("pause_before", default_pause))
            start = round(start_s * WORK_RATE)
            placed.append((turn, start, speech))
            previous_end = (start + len(speech)) / WORK_RATE
            latest_end = max(latest_end, previous_end)

        total = max(start + len(speech) for _, start, speech in placed)
        total += round(EDGE_SILENCE_S * WORK_RATE)
        agent_row = 0 if agent_channel == "left" else 1
        rows = 2 if layout == "stereo" else 1
        mix = np.zeros((rows, total), dtype=np.float32)
        turns_out: list[dict[str, Any]] = []
        for turn, start, speech in placed:
            if layout == "stereo":
                row = agent_row if turn["speaker"] == "agent" else 1 - agent_row
            else:
                row = 0
            mix[row, start : start + len(speech)] += speech
            turns_out.append(
                {
                    "speaker": turn["speaker"],
                    "text": str(turn["text"]),
                    "start": round(start / WORK_RATE, 3),
                    "end": round((start + len(speech)) / WORK_RATE, 3),
                    "channel": row,
                }
            )
        np.clip(mix, -1.0, 1.0, out=mix)

        tmp_out = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp.wav")
        if sample_rate == WORK_RATE and encoding == "pcm16":
            _write_wav(tmp_out, mix, WORK_RATE)
        else:
            work_wav = scratch / "mix.wav"
            _write_wav(work_wav, mix, WORK_RATE)
            _run(
                [
                    "sox",
                    "-R",  # repeatable: seeded dither, so the same script gives the same file
                    str(work_wav),
                    "-r",
                    str(sample_rate),
                    *_SOX_ENCODING[encoding],
                    str(tmp_out),
                ]
            )
        os.replace(tmp_out, out_path)

    truth: dict[str, Any] = {
        "id": data["id"],
        "synth_version": SYNTH_VERSION,
        "layout": layout,
        "channels": rows,
        "agent_channel": agent_channel,
        "sample_rate": sample_rate,
        "encoding": encoding,
        "duration_s": round(total / WORK_RATE, 3),
        "turns": turns_out,
    }
    _write_json_atomic(truth_path(out_path), truth)
    return truth


def _write_json_atomic(path: Path, payload: Mapping[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def cache_key(script: Mapping[str, Any] | Sequence[Any], **opts: Any) -> str:
    """Hash of script, options and SYNTH_VERSION: the cache file name stem."""
    payload = json.dumps(
        {"script": normalize_script(script), "opts": opts, "version": SYNTH_VERSION},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def synthesize_cached(
    script: Mapping[str, Any] | Sequence[Any], cache_dir: Path | str, **opts: Any
) -> SynthesizedCall:
    """Synthesize once per (script, options, SYNTH_VERSION); return (audio_path, truth)."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    name = str(normalize_script(script)["id"])
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:40]
    audio = cache_dir / f"{safe}-{cache_key(script, **opts)}.wav"
    truth_file = truth_path(audio)
    if audio.exists() and truth_file.exists():
        try:
            return SynthesizedCall(audio, json.loads(truth_file.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            pass  # a damaged cache entry is simply rebuilt
    truth = synthesize_call(script, audio, **opts)
    return SynthesizedCall(audio, truth)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Synthesize a two-voice call from a script.")
    parser.add_argument("script", type=Path, help="call script JSON")
    parser.add_argument("out", type=Path, help="output WAV")
    parser.add_argument("--mono", action="store_true", help="mix both voices into one channel")
    parser.add_argument("--rate", type=int, default=16_000, help="output sample rate")
    parser.add_argument("--encoding", choices=ENCODINGS, default="pcm16")
    parser.add_argument("--agent-channel", choices=("left", "right"), default="left")
    args = parser.parse_args(argv)
    if shutil.which("flite") is None:
        print("flite is not installed (apt-get install flite)", file=sys.stderr)
        return 2
    script = json.loads(args.script.read_text(encoding="utf-8"))
    truth = synthesize_call(
        script,
        args.out,
        layout="mono" if args.mono else "stereo",
        sample_rate=args.rate,
        encoding=args.encoding,
        agent_channel=args.agent_channel,
    )
    print(
        f"{args.out}: {truth['duration_s']:.1f} s, {len(truth['turns'])} turns, "
        f"truth in {truth_path(args.out)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
