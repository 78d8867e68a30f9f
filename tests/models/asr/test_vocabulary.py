"""Custom vocabulary (issue 14): names cleaned into a prompt that reaches Whisper,
and a made-up product recognised with it on a synthesized 8 kHz call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kernel.domain import SAMPLE_RATE, DecodedAudio
from models.asr.vocabulary import (
    MAX_PROMPT_CHARS,
    MAX_TERMS,
    clean_terms,
    merge_terms,
    parse_terms,
    prompt_text,
)

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_names_are_split_stripped_and_deduplicated() -> None:
    text = " Zentrabyte ;quillofax Pro\n Siobhan,, zentrabyte | Oisin "
    assert parse_terms(text) == ("Zentrabyte", "quillofax Pro", "Siobhan", "Oisin")
    assert parse_terms("") == () and parse_terms(None) == ()
    assert clean_terms(["  a   b ", "A B", ""]) == ("a b",)


def test_a_calls_own_names_come_before_the_defaults() -> None:
    assert merge_terms(["Nuvexa", "Oisin"], ["Acme", "nuvexa"]) == ("Nuvexa", "Oisin", "Acme")


def test_prompt_lists_the_names_and_stays_short() -> None:
    assert prompt_text([]) is None
    assert prompt_text(["Zentrabyte", "Quillofax"]) == "Zentrabyte, Quillofax."
    many = [f"Productname{i}" for i in range(500)]
    assert len(clean_terms(many)) == MAX_TERMS
    prompt = prompt_text(many)
    assert prompt is not None and len(prompt) <= MAX_PROMPT_CHARS


class _Recorder:
    """Wraps a faster-whisper call and keeps its keyword arguments."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[dict[str, Any]] = []

    def transcribe(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        return self.inner.transcribe(*args, **kwargs)


def _tone_call(seconds: float = 2.0) -> DecodedAudio:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    samples = (0.3 * np.sin(2 * np.pi * 220 * t) * (1 + np.sin(2 * np.pi * 3 * t))).astype(
        np.float32
    )
    return DecodedAudio(samples[None, :], SAMPLE_RATE, 1)


def test_vocabulary_reaches_faster_whisper_as_hotwords() -> None:
    from models.asr.transcriber import Transcriber

    transcriber = Transcriber("tiny.en", engine="faster-whisper")
    engine: Any = transcriber.engine
    engine.pipeline = _Recorder(engine.pipeline)
    pieces = [np.zeros(SAMPLE_RATE, dtype=np.float32)]
    engine.transcribe_pieces(pieces, ["Zentrabyte", "Siobhan"])
    engine.transcribe_pieces(pieces)
    assert [c["hotwords"] for c in engine.pipeline.calls] == ["Zentrabyte, Siobhan.", None]
    # and through the Transcriber's own call path
    engine.pipeline.calls.clear()
    engine.transcribe_pieces = _Spy(engine.transcribe_pieces)
    transcriber.transcribe_call(_tone_call(), vocabulary=("Quillofax",))
    assert all(v == ("Quillofax",) for v in engine.transcribe_pieces.vocabularies)


class _Spy:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.vocabularies: list[Any] = []

    def __call__(self, pieces: Any, vocabulary: Any = ()) -> Any:
        self.vocabularies.append(vocabulary)
        return self.inner(pieces, vocabulary)


@pytest.mark.slow
def test_vocabulary_reaches_openai_whisper_as_initial_prompt(monkeypatch) -> None:
    from models.asr.openai_whisper_engine import OpenAIWhisperEngine

    engine = OpenAIWhisperEngine("tiny.en")
    seen: list[Any] = []
    real = engine.model.transcribe

    def transcribe(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("initial_prompt"))
        return real(*args, **kwargs)

    monkeypatch.setattr(engine.model, "transcribe", transcribe)
    engine.transcribe_pieces([np.zeros(SAMPLE_RATE, dtype=np.float32)], ["Nuvexa"])
    assert seen == ["Nuvexa."]


@pytest.mark.slow
def test_a_made_up_product_is_recognised_with_the_vocabulary() -> None:
    """Measured (benchmarks/bench_vocabulary.py): tiny.en never spells these names
    without the vocabulary; with it, most of them."""
    from benchmarks.scoring import segments_text, transcript_segments, truth_text
    from benchmarks.vocabulary_calls import CALLS, name_hits, script_of
    from models.asr.transcriber import Transcriber
    from models.audio.decode import decode_audio
    from scripts.callsynth import synthesize_cached

    call = next(c for c in CALLS if c["id"] == "vocab_nuvexa")
    made = synthesize_cached(
        script_of(call),
        REPO_ROOT / ".cache" / "test-audio",
        layout="stereo",
        sample_rate=8_000,
        encoding="ulaw",
    )
    audio = decode_audio(made.path)
    reference = truth_text(made.truth)
    transcriber = Transcriber("tiny.en")
    plain = segments_text(transcript_segments(transcriber.transcribe_call(audio)))
    helped = segments_text(
        transcript_segments(transcriber.transcribe_call(audio, vocabulary=call["vocabulary"]))
    )
    found_plain, said = name_hits(reference, plain, call["vocabulary"])
    found_helped, _ = name_hits(reference, helped, call["vocabulary"])
    assert said == 10
    assert found_plain <= 1, plain
    assert found_helped >= 6, helped
    assert "nuvexa" in helped.lower()
