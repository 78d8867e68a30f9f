"""Analysing a file is a pure function: no library, no writes, a result that pickles."""

from __future__ import annotations

import base64
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from app.pipeline.analyze import AnalysisCanceled, analyze_file
from app.pipeline.options import AnalyzeOptions
from kernel.domain import CallscopeInputError
from kernel.results import CallResult
from models.audio.decode import file_sha256
from tests.conftest import REPO_ROOT

from .fake_models import fake_models, noise_wav

# Runs in a fresh interpreter where the storage package cannot be imported at all.
_NO_LIBRARY = """
import base64, pickle, sys
sys.modules["app.storage"] = None  # any import of the library now fails
sys.modules["sqlite3"] = None
from app.pipeline.analyze import analyze_file
from app.pipeline.options import AnalyzeOptions
from tests.app.pipeline.fake_models import fake_models
result = analyze_file(sys.argv[1], AnalyzeOptions(), fake_models())
assert not any(name.startswith("app.storage") for name in sys.modules if sys.modules[name])
print(base64.b64encode(pickle.dumps(result)).decode())
"""


def _same_call(a: CallResult, b: CallResult) -> None:
    assert a.transcript == b.transcript
    assert a.analysis == b.analysis
    assert a.redactions == b.redactions
    assert a.separate_channels == b.separate_channels
    assert (a.audio.sha256, a.audio.duration_s, a.audio.channels, a.audio.codec) == (
        b.audio.sha256,
        b.audio.duration_s,
        b.audio.channels,
        b.audio.codec,
    )


def test_analyze_file_runs_without_any_library_and_writes_nothing(tmp_path: Path) -> None:
    audio = noise_wav(tmp_path / "call.wav")
    before = sorted(p.name for p in tmp_path.iterdir())
    run = subprocess.run(
        [sys.executable, "-c", _NO_LIBRARY, str(audio)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    result = pickle.loads(base64.b64decode(run.stdout.strip().splitlines()[-1]))
    assert isinstance(result, CallResult)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written beside it
    assert result.source == str(audio.resolve()) and result.sha256 == file_sha256(audio)
    assert result.audio.channels == 2 and result.audio.source_sample_rate == 8000
    assert result.analysis.sentences and result.analysis.classifier_version == "script-stub-1"
    assert result.redactions and "dana@example.com" not in str(result.transcript)
    assert {"decode_s", "asr_s", "analysis_s", "redaction_s"} <= set(result.timings)
    _same_call(result, analyze_file(audio, AnalyzeOptions(), fake_models()))


def test_a_result_survives_a_pickle_round_trip(tmp_path: Path) -> None:
    result = analyze_file(noise_wav(tmp_path / "call.wav"), AnalyzeOptions(), fake_models())
    again = pickle.loads(pickle.dumps(result))
    assert again == result


def test_bytes_with_a_name_give_the_same_result_as_the_path(tmp_path: Path) -> None:
    audio = noise_wav(tmp_path / "call.wav")
    from_path = analyze_file(audio, AnalyzeOptions(), fake_models())
    from_bytes = analyze_file(
        audio.read_bytes(), AnalyzeOptions(), fake_models(), name="elsewhere/call.wav"
    )
    _same_call(from_path, from_bytes)
    assert from_bytes.source == "elsewhere/call.wav"


def test_bad_bytes_are_named_by_the_file_name_not_a_temporary_file(tmp_path: Path) -> None:
    with pytest.raises(CallscopeInputError) as caught:
        analyze_file(b"RIFF....WAVEjunk", AnalyzeOptions(), fake_models(), name="night/x.wav")
    assert str(caught.value).startswith("night/x.wav: ")
    assert "callscope-" not in str(caught.value)


def test_a_stop_asked_for_after_decoding_ends_it_canceled(tmp_path: Path) -> None:
    models = fake_models()
    with pytest.raises(AnalysisCanceled):
        analyze_file(
            noise_wav(tmp_path / "call.wav"),
            AnalyzeOptions(),
            models,
            on_decoded=lambda _audio: False,
        )
    assert models.transcriber(AnalyzeOptions()).calls == 0  # stopped before Whisper
