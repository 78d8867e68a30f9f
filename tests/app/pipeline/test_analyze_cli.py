"""`main.py analyze/list/export` on real synthesized recordings with the real models.

One stereo 8 kHz u-law phone call is analysed once per module into a library;
the tests read what a user would: the exit code, the messages, `list`, and
`export --format json` checked against the schema and the script's truth.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import wave
from pathlib import Path
from typing import Any

import jiwer
import jsonschema
import numpy as np
import pytest
from whisper.normalizers import EnglishTextNormalizer

from app.cli import main
from app.export.call_json import load_schema
from app.storage.library import Library
from app.storage.records import DONE, INTERRUPTED
from scripts.callsynth import SynthesizedCall, synthesize_cached
from tests.conftest import REPO_ROOT, TEST_AUDIO_CACHE
from tests.fixtures.audio import SHORT_CALL_SCRIPT

pytestmark = pytest.mark.slow

# tiny.en on flite at 8 kHz u-law: measured 0.00-0.12 per speaker on this call.
WER_BOUND = 0.22
TIME_TOLERANCE_S = 0.5
_normalise = EnglishTextNormalizer()


@pytest.fixture(scope="module")
def phone_call(tmp_path_factory: pytest.TempPathFactory) -> SynthesizedCall:
    call = synthesize_cached(
        SHORT_CALL_SCRIPT, TEST_AUDIO_CACHE, layout="stereo", sample_rate=8_000, encoding="ulaw"
    )
    folder = tmp_path_factory.mktemp("recordings")
    target = folder / "2025-03-12_agent-dana_team-broadband_0001.wav"
    shutil.copy(call.path, target)
    return SynthesizedCall(target, call.truth)


@pytest.fixture(scope="module")
def analysed(
    phone_call: SynthesizedCall, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, int, list[dict[str, Any]]]:
    """(library path, analyze exit code, exported JSON) for the phone call."""
    db = tmp_path_factory.mktemp("lib") / "library.db"
    code = main(["analyze", str(phone_call.path), "--db", str(db)])
    out = tmp_path_factory.mktemp("export") / "calls.json"
    assert main(["export", "--db", str(db), "--format", "json", "--out", str(out)]) == 0
    return db, code, json.loads(out.read_text(encoding="utf-8"))


def _text(parts: list[str]) -> str:
    return str(_normalise(" ".join(parts)))


def test_analyze_stores_the_call_and_the_export_matches_the_schema(
    analysed: tuple[Path, int, list[dict[str, Any]]], phone_call: SynthesizedCall
) -> None:
    _db, code, calls = analysed
    assert code == 0
    jsonschema.validate(calls, load_schema())
    (call,) = calls
    assert call["source"] == str(phone_call.path.resolve())
    assert call["channels"] == 2 and call["asr_model"] == "tiny.en"
    assert call["duration_s"] == pytest.approx(phone_call.truth["duration_s"], abs=0.1)
    assert (call["agent"], call["team"], call["call_date"]) == ("Dana", "Broadband", "2025-03-12")
    assert set(call["metrics"]) >= {"agent_talk_ratio", "impact_question_share"}
    agent_sentences = [s for s in call["sentences"] if s["speaker"] == "agent"]
    assert agent_sentences and all(s["label"] for s in agent_sentences)


@pytest.mark.parametrize("speaker", ["agent", "customer"])
def test_each_speaker_is_transcribed_within_the_wer_bound(
    analysed: tuple[Path, int, list[dict[str, Any]]], phone_call: SynthesizedCall, speaker: str
) -> None:
    (call,) = analysed[2]
    truth = _text([t["text"] for t in phone_call.truth["turns"] if t["speaker"] == speaker])
    heard = _text([s["text"] for s in call["segments"] if s["speaker"] == speaker])
    assert jiwer.wer(truth, heard) <= WER_BOUND


def test_every_word_sits_in_a_turn_of_its_speaker(
    analysed: tuple[Path, int, list[dict[str, Any]]], phone_call: SynthesizedCall
) -> None:
    (call,) = analysed[2]
    turns = phone_call.truth["turns"]
    for segment in call["segments"]:
        for word in segment["words"]:
            own = [t for t in turns if t["speaker"] == segment["speaker"]]
            assert any(
                t["start"] - TIME_TOLERANCE_S
                <= word["start"]
                <= word["end"]
                <= t["end"] + TIME_TOLERANCE_S
                for t in own
            ), (segment["speaker"], word)
    for turn in turns:  # and every turn was heard, on its own side, near its time
        assert any(
            (s["speaker"] == turn["speaker"] and abs(s["start"] - turn["start"]) < 1.0)
            or (s["speaker"] == turn["speaker"] and s["start"] <= turn["start"] <= s["end"])
            for s in call["segments"]
        ), turn


def test_list_shows_the_call(
    analysed: tuple[Path, int, list[dict[str, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["list", "--db", str(analysed[0])]) == 0
    out = capsys.readouterr().out
    assert "2025-03-12" in out and "Dana" in out and "done" in out


def test_same_content_under_another_name_is_not_analysed_twice(
    analysed: tuple[Path, int, list[dict[str, Any]]],
    phone_call: SynthesizedCall,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    copy = tmp_path / "copy.wav"
    shutil.copy(phone_call.path, copy)
    capsys.readouterr()
    assert main(["analyze", str(copy), "--db", str(analysed[0])]) == 0
    assert "already in the library as call 1" in capsys.readouterr().out
    with Library(analysed[0]) as library:
        assert library.count_calls() == 1


def _write_wav(path: Path, samples: np.ndarray, rate: int = 16_000) -> None:
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def test_bad_inputs_are_named_with_a_reason_and_nothing_stored_is_lost(
    analysed: tuple[Path, int, list[dict[str, Any]]],
    phone_call: SynthesizedCall,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = analysed[0]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "not_audio.wav").write_text("this is a text file, not a recording\n" * 50)
    (bad / "empty.mp3").write_bytes(b"")
    truncated = bad / "truncated.wav"
    truncated.write_bytes(phone_call.path.read_bytes()[:3000])
    _write_wav(bad / "zero_length.wav", np.zeros(0, dtype=np.float32))
    _write_wav(bad / "silence.wav", np.zeros(16_000 * 3, dtype=np.float32))
    (bad / "dangling.wav").symlink_to(tmp_path / "gone.wav")
    no_audio = tmp_path / "no_audio"
    no_audio.mkdir()
    (no_audio / "notes.txt").write_text("nothing to hear")
    good_copy_before = json.dumps(analysed[2], sort_keys=True)
    capsys.readouterr()
    code = main(["analyze", *sorted(str(p) for p in bad.iterdir()), str(no_audio), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    for name in (
        "not_audio.wav",
        "empty.mp3",
        "truncated.wav",
        "zero_length.wav",
        "silence.wav",
        "dangling.wav",
        "no_audio",
    ):
        line = next((e for e in errors if name in e), None)
        assert line is not None, (name, err)
        assert len(line.split(": ", 2)) == 3 and line.split(": ", 2)[2].strip(), line
    assert "no speech" in next(e for e in errors if "silence.wav" in e)
    assert "no audio files" in next(e for e in errors if "no_audio" in e)
    with Library(db) as library:
        assert library.count_calls() == 1
        assert library.get_call(1).status == DONE  # type: ignore[union-attr]
    out = tmp_path / "after.json"
    assert main(["export", "--db", str(db), "--format", "json", "--out", str(out)]) == 0
    assert json.dumps(json.loads(out.read_text()), sort_keys=True) == good_copy_before


def test_ctrl_c_marks_the_call_interrupted_and_the_next_run_resumes_it(
    phone_call: SynthesizedCall, tmp_path: Path
) -> None:
    db = tmp_path / "library.db"
    # Eight times the call (3 min): long enough that Ctrl-C lands mid-transcription
    # even with the fast engine.
    from models.audio.decode import decode_audio

    samples = np.tile(decode_audio(phone_call.path).samples, (1, 8))
    long_call = tmp_path / "long_call.wav"
    with wave.open(str(long_call), "wb") as handle:
        handle.setnchannels(2)
        handle.setsampwidth(2)
        handle.setframerate(16_000)
        handle.writeframes((np.clip(samples.T, -1, 1) * 32767).astype("<i2").tobytes())
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO_ROOT / "main.py"),
            "analyze",
            str(long_call),
            "--db",
            str(db),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "transcribing" in line:
            process.send_signal(signal.SIGINT)
            break
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "resumes on the next run" in err
    with Library(db) as library:
        (call,) = library.list_calls()
        assert call.status == INTERRUPTED
        assert library.get_model_analysis(call.id) is None
    other = tmp_path / "other.wav"
    _write_wav(other, np.zeros(16_000, dtype=np.float32))  # the run's own file fails...
    assert main(["analyze", str(other), "--db", str(db)]) == 1
    with Library(db) as library:  # ...but the interrupted call was resumed and finished
        (call,) = library.list_calls()
        assert call.status == DONE and library.get_model_analysis(call.id) is not None


def test_text_exports(analysed: tuple[Path, int, list[dict[str, Any]]], tmp_path: Path) -> None:
    db = str(analysed[0])
    for fmt, first in (("srt", "1\n00:00:"), ("vtt", "WEBVTT"), ("txt", "[00:00:")):
        out = tmp_path / f"call.{fmt}"
        assert main(["export", "--db", db, "--format", fmt, "--out", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        assert text.startswith(first) and "Agent" in text and "Customer" in text
    out = tmp_path / "sentences.csv"
    assert main(["export", "--db", db, "--format", "csv", "--out", str(out)]) == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("call_id,source") and len(rows) > 3
    assert main(["export", "--db", db, "--call", "99", "--format", "json"]) == 1


def test_parallel_jobs_store_each_recording_once(
    phone_call: SynthesizedCall, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    shutil.copy(phone_call.path, folder / "a.wav")
    shutil.copy(phone_call.path, folder / "a_copy.wav")  # same content: one analysis only
    stereo = synthesize_cached(
        SHORT_CALL_SCRIPT, TEST_AUDIO_CACHE, layout="stereo", sample_rate=16_000, encoding="pcm16"
    )
    shutil.copy(stereo.path, folder / "b.wav")
    db = tmp_path / "library.db"
    capsys.readouterr()
    assert main(["analyze", str(folder), "--db", str(db), "--jobs", "2"]) == 0
    assert "same recording as" in capsys.readouterr().out
    with Library(db) as library:
        calls = library.list_calls()
        assert sorted(Path(c.source).name for c in calls) in (
            ["a.wav", "b.wav"],
            ["a_copy.wav", "b.wav"],
        )
        assert all(c.status == DONE and library.get_model_analysis(c.id) for c in calls)
