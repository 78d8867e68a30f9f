"""Issue 14: the names in Settings (AnalyzeOptions.vocabulary) and in the sidecar CSV's
`vocabulary` / `hotwords` column reach the transcriber for that call."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import numpy as np

from app.pipeline.metadata import vocabulary_for
from app.pipeline.options import AnalyzeOptions
from app.pipeline.process import CallProcessor
from app.pipeline.worker import _options
from app.storage.library import Library
from tests.fixtures.calls import ScriptClassifier, script_transcript

RATE = 8000


def _wav(path: Path, seconds: float = 3.0) -> Path:
    rng = np.random.default_rng(14)
    samples = (rng.uniform(-0.3, 0.3, size=(int(seconds * RATE), 2)) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return path


class _Recording:
    def __init__(self, transcript: Any) -> None:
        self.transcript = transcript
        self.vocabularies: list[tuple[str, ...]] = []

    def transcribe_call(self, audio: Any, **kwargs: Any) -> Any:
        self.vocabularies.append(tuple(kwargs.get("vocabulary", ())))
        return self.transcript


def test_sidecar_column_is_read_for_its_file(tmp_path: Path) -> None:
    (tmp_path / "calls.csv").write_text(
        "file,agent,Hotwords\na.wav,Dana,Zentrabyte; Quillofax\nb.wav,Lee,\n", encoding="utf-8"
    )
    assert vocabulary_for(tmp_path / "a.wav") == "Zentrabyte; Quillofax"
    assert vocabulary_for(tmp_path / "b.wav") == ""
    assert vocabulary_for(tmp_path / "missing" / "c.wav") == ""


def test_settings_and_sidecar_names_reach_the_transcriber(tmp_path: Path) -> None:
    audio = _wav(tmp_path / "call.wav")
    (tmp_path / "meta.csv").write_text(
        'filename,vocabulary\ncall.wav,"Quillofax, Siobhan"\n', encoding="utf-8"
    )
    script = {"turns": [{"speaker": "agent", "text": "Thank you for calling, how can I help?"}]}
    transcriber = _Recording(script_transcript(script))
    processor = CallProcessor(
        Library(tmp_path / "library.db"),
        AnalyzeOptions(vocabulary=("Zentrabyte", "siobhan")),
        transcriber=transcriber,
        classifier=ScriptClassifier([], default="statement"),
    )
    processor.process(audio)
    assert transcriber.vocabularies == [("Quillofax", "Siobhan", "Zentrabyte")]


def test_the_app_worker_passes_the_settings_names_on() -> None:
    job = {"asr_model": "tiny.en", "vocabulary": ["Nuvexa", "Oisin"]}
    assert _options(job).vocabulary == ("Nuvexa", "Oisin")
    assert _options({"asr_model": "tiny.en"}).vocabulary == ()
