"""Mono test calls for diarization: scripts in tests/data/mono_calls, audio, truth, transcripts.

Shared by the diarization tests and benchmarks/bench_diarization.py. Each
script is synthesized as one 8 kHz u-law channel (a phone recorder's mix)
with scripts.callsynth; a script with `parts` (several two-voice scripts
played back to back, e.g. a transfer to a second agent) gives a call with
more than two voices. Truth turns carry the voice (the speaker identity for
DER) and the role. Transcripts are cached next to the audio because Whisper
is the slow part of every test.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from kernel.domain import DecodedAudio, Segment, Transcript, Word
from models.audio.decode import decode_audio
from scripts.callsynth import synthesize_cached
from tests.fixtures.audio import transcript_from_json, transcript_to_json

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "mono_calls"
PART_GAP_S = 1.0  # silence between the parts of a multi-part call (a transfer)


class MonoCall(NamedTuple):
    """One mono call: 16 kHz samples and truth turns {voice, role, start, end, text}."""

    name: str
    samples: np.ndarray
    turns: list[dict[str, Any]]
    duration_s: float


def script_names() -> list[str]:
    """Names (file stems) of every script in tests/data/mono_calls."""
    return sorted(p.stem for p in DATA_DIR.glob("*.json"))


def load_script(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8")))


def make_call(name: str, cache_dir: Path) -> MonoCall:
    """Synthesize (or reuse) the named script as mono 8 kHz u-law, decoded to 16 kHz."""
    script = load_script(name)
    parts = script.get("parts", [script])
    pieces: list[np.ndarray] = []
    turns: list[dict[str, Any]] = []
    offset = 0.0
    for part in parts:
        path, truth = synthesize_cached(
            part, cache_dir, layout="mono", sample_rate=8000, encoding="ulaw"
        )
        audio = decode_audio(path).samples[0]
        for turn in truth["turns"]:
            voice = part[f"{turn['speaker']}_voice"]
            turns.append(
                {
                    "voice": voice,
                    "role": turn["speaker"],
                    "start": round(offset + turn["start"], 3),
                    "end": round(offset + turn["end"], 3),
                    "text": turn["text"],
                }
            )
        pieces.append(audio)
        offset += len(audio) / 16_000
        if part is not parts[-1]:
            pieces.append(np.zeros(int(PART_GAP_S * 16_000), dtype=np.float32))
            offset += PART_GAP_S
    samples = np.concatenate(pieces).astype(np.float32)
    return MonoCall(name, samples, turns, len(samples) / 16_000)


def decoded(call: MonoCall) -> DecodedAudio:
    return DecodedAudio(samples=call.samples[None, :], source_sample_rate=8000, source_channels=1)


def transcribe_cached(
    call: MonoCall, transcriber: Any, cache_dir: Path, *, reuse: bool = True
) -> tuple[Transcript, float]:
    """(transcript, seconds Whisper took) for the call, cached by audio hash and model.

    A cached entry returns the time measured when it was made; `reuse=False`
    transcribes again (and refreshes the entry).
    """
    digest = hashlib.sha256(call.samples.tobytes()).hexdigest()[:16]
    path = cache_dir / f"{call.name}-{digest}-{transcriber.model_name}.transcript.json"
    if reuse and path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        return transcript_from_json(data), float(data.get("asr_seconds", float("nan")))
    started = time.perf_counter()
    transcript = transcriber.transcribe_call(decoded(call))
    seconds = time.perf_counter() - started
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    payload = {**transcript_to_json(transcript), "asr_seconds": round(seconds, 3)}
    tmp.write_text(json.dumps(payload), encoding="utf-8")
    tmp.replace(path)
    return transcript, seconds


def oracle_transcript(call: MonoCall) -> Transcript:
    """A mono transcript without Whisper: each truth turn one segment, speaker "unknown".

    Word times are spread over the turn in proportion to word length, which
    is about as rough as Whisper's word timestamps; good enough to test the
    acoustic side fast.
    """
    segments: list[Segment] = []
    for turn in call.turns:
        tokens = str(turn["text"]).split()
        weights = np.array([len(t) + 1 for t in tokens], dtype=float)
        edges = turn["start"] + np.r_[0.0, np.cumsum(weights)] / weights.sum() * (
            turn["end"] - turn["start"]
        )
        words = [
            Word(round(float(a), 3), round(float(b), 3), token)
            for token, a, b in zip(tokens, edges[:-1], edges[1:], strict=True)
        ]
        segments.append(
            Segment(turn["start"], turn["end"], "unknown", str(turn["text"]), words, channel=0)
        )
    segments.sort(key=lambda s: s.start)
    return Transcript(segments=segments, asr_model="oracle", duration_s=call.duration_s)
