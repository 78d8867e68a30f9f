"""The call synthesizer: truth times match the audio, layouts, encodings, cache, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from scripts.callsynth import (
    SYNTH_VERSION,
    SynthesizedCall,
    synthesize_cached,
    synthesize_call,
    truth_path,
)
from tests.conftest import REPO_ROOT

SCRIPT = {
    "id": "tiny_call",
    "turns": [
        {"speaker": "agent", "text": "Hello, how can I help?"},
        {"speaker": "customer", "text": "My card was charged twice.", "pause_before": 0.8},
        {"speaker": "agent", "text": "Right.", "overlap": 0.5},
    ],
}


def read_pcm(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as handle:
        rate, channels = handle.getframerate(), handle.getnchannels()
        data = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
    return data.reshape(-1, channels).T.astype(np.float32) / 32768.0, rate


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0


def test_stereo_truth_matches_the_audio(tmp_path: Path) -> None:
    out = tmp_path / "call.wav"
    truth = synthesize_call(SCRIPT, out)
    assert json.loads(truth_path(out).read_text()) == truth
    assert truth_path(out).name == "call.truth.json"
    audio, rate = read_pcm(out)
    assert rate == 16_000 and audio.shape[0] == 2
    assert audio.shape[1] / rate == pytest.approx(truth["duration_s"], abs=0.01)
    first, second, third = truth["turns"]
    assert first["start"] == pytest.approx(0.5, abs=0.01)  # lead-in silence
    assert second["start"] == pytest.approx(first["end"] + 0.8, abs=0.01)
    assert third["start"] == pytest.approx(second["end"] - 0.5, abs=0.01)  # talk-over
    assert truth["duration_s"] == pytest.approx(
        max(t["end"] for t in truth["turns"]) + 0.5, abs=0.01
    )
    assert [t["channel"] for t in truth["turns"]] == [0, 1, 0]
    for turn in truth["turns"]:
        row = audio[turn["channel"]]
        inside = row[int(turn["start"] * rate) : int(turn["end"] * rate)]
        other = audio[1 - turn["channel"], int(turn["start"] * rate) : int(turn["end"] * rate)]
        assert rms(inside) > 0.02  # speech fills the turn on its own channel
        # trimmed: the first and last 20 ms of a turn already carry sound
        assert np.max(np.abs(inside[:320])) > 0.005 and np.max(np.abs(inside[-320:])) > 0.005
        if turn is not third and turn is not second:
            assert rms(other) < 1e-4  # and nothing of it leaks to the other side
    assert np.max(np.abs(audio[:, : int(0.45 * rate)])) == 0.0  # silent lead-in


def test_agent_right_and_mono(tmp_path: Path) -> None:
    right = synthesize_call(SCRIPT, tmp_path / "r.wav", agent_channel="right")
    assert [t["channel"] for t in right["turns"]] == [1, 0, 1]
    mono = synthesize_call(SCRIPT, tmp_path / "m.wav", layout="mono")
    audio, _ = read_pcm(tmp_path / "m.wav")
    assert audio.shape[0] == 1 and mono["channels"] == 1
    assert mono["turns"] == [dict(t, channel=0) for t in right["turns"]]


@pytest.mark.parametrize(("encoding", "sox_name"), [("ulaw", "u-law"), ("alaw", "A-law")])
def test_phone_encodings(tmp_path: Path, encoding: str, sox_name: str) -> None:
    out = tmp_path / f"{encoding}.wav"
    truth = synthesize_call(SCRIPT, out, sample_rate=8_000, encoding=encoding)
    info = subprocess.run(["soxi", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Sample Rate    : 8000" in info
    assert f"8-bit {sox_name}" in info
    assert "Channels       : 2" in info
    assert truth["sample_rate"] == 8_000 and truth["encoding"] == encoding


def test_same_script_gives_the_same_file(tmp_path: Path) -> None:
    """sox dithers when it reduces bit depth; unseeded, each synthesis of a test call
    differed and a diarization test near a threshold passed or failed by chance."""
    first, second = tmp_path / "a.wav", tmp_path / "b.wav"
    for out in (first, second):
        synthesize_call(SCRIPT, out, layout="mono", sample_rate=8000, encoding="ulaw")
    assert first.read_bytes() == second.read_bytes()


def test_pairs_and_validation(tmp_path: Path) -> None:
    truth = synthesize_call([("agent", "Hi there."), ("customer", "Hello.")], tmp_path / "p.wav")
    assert [t["speaker"] for t in truth["turns"]] == ["agent", "customer"]
    with pytest.raises(ValueError, match="speaker"):
        synthesize_call([("boss", "Hi.")], tmp_path / "x.wav")
    with pytest.raises(ValueError, match="no turns"):
        synthesize_call({"turns": []}, tmp_path / "x.wav")
    with pytest.raises(ValueError, match="encoding"):
        synthesize_call(SCRIPT, tmp_path / "x.wav", encoding="mp3")


def test_cache_reuses_and_keys_on_options(tmp_path: Path) -> None:
    first = synthesize_cached(SCRIPT, tmp_path)
    assert isinstance(first, SynthesizedCall)
    assert first.truth["synth_version"] == SYNTH_VERSION
    stamp = first.path.stat().st_mtime_ns
    again = synthesize_cached(SCRIPT, tmp_path)
    assert again.path == first.path and again.path.stat().st_mtime_ns == stamp
    phone = synthesize_cached(SCRIPT, tmp_path, sample_rate=8_000, encoding="ulaw")
    assert phone.path != first.path
    changed = synthesize_cached({**SCRIPT, "customer_voice": "awb"}, tmp_path)
    assert changed.path != first.path


def test_espeak_engine(tmp_path: Path) -> None:
    truth = synthesize_call({**SCRIPT, "voice_engine": "espeak"}, tmp_path / "e.wav")
    assert len(truth["turns"]) == 3
    assert truth["turns"][0]["end"] - truth["turns"][0]["start"] > 0.5


def test_cli(tmp_path: Path) -> None:
    script = tmp_path / "s.json"
    script.write_text(json.dumps(SCRIPT))
    out = tmp_path / "cli.wav"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.callsynth",
            str(script),
            str(out),
            "--mono",
            "--rate",
            "8000",
            "--encoding",
            "alaw",
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    truth = json.loads(truth_path(out).read_text())
    assert truth["layout"] == "mono" and truth["encoding"] == "alaw"
