"""Issue 14: VAD, faster-whisper transcription, mono diarization and the sentence
classifier (load + predict, default backend) never import torch.

(torch costs seconds of start-up per process.)
"""

from __future__ import annotations

import subprocess
import sys

import pytest

CODE = """
import sys
import numpy as np
from kernel.domain import DecodedAudio
from models.audio.vad import speech_regions
from models.asr.transcriber import Transcriber
from models.diarization.diarizer import diarize_transcript, warm_up

rng = np.random.default_rng(0)
t = np.arange(3 * 16000) / 16000
samples = (0.2 * np.sin(2 * np.pi * 180 * t) * (rng.random(t.size) > 0.5)).astype(np.float32)
speech_regions(samples)
warm_up()
transcriber = Transcriber("tiny.en", engine="faster-whisper")
transcript = transcriber.transcribe_call(DecodedAudio(samples[None, :], 16000, 1))
diarize_transcript(samples, transcript)
print(sorted(m for m in sys.modules if m == "torch" or m.startswith("torch.")))
"""


@pytest.mark.slow
def test_analysis_path_does_not_import_torch() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=300
    )
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout[-2000:]


CLASSIFIER_CODE = """
import sys
from models.classifier.predict import SentenceClassifier

classifier = SentenceClassifier.load()
predictions = classifier.predict([
    ("Did it go through?", "I've resubmitted the payment."),
    ("How is this affecting your business?", None),
    ("Is there anything else I can help you with?", ""),
])
print(classifier.backend, [p.label for p in predictions])
print(sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "transformers")))
"""


def test_classifier_loads_and_predicts_without_torch() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CLASSIFIER_CODE],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    lines = out.stdout.strip().splitlines()
    assert lines[-2] == "onnxruntime ['resolution_check', 'impact_question', 'closing']", out.stdout
    assert lines[-1] == "[]", out.stdout[-2000:]
