"""Engine choice, and the two engines against each other on the same weights and audio."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jiwer
import numpy as np
import pytest

from kernel.domain import Transcript, Word
from models.asr.asr_engine import (
    choose_engine,
    ct2_folder_for,
    drop_loops,
    faster_whisper_installed,
    looping,
)
from models.asr.faster_whisper_engine import FasterWhisperEngine
from models.asr.transcriber import Transcriber
from models.asr.whisper_models import ModelUnavailableError, installed_ct2_models
from models.audio.decode import decode_audio
from scripts.callsynth import SynthesizedCall
from tests.models.asr.test_transcriber import WER_BOUND, normalise, transcript_text, truth_text

needs_ct2 = pytest.mark.skipif(
    not faster_whisper_installed() or "tiny.en" not in installed_ct2_models(),
    reason="faster-whisper or the CTranslate2 tiny.en weights are not installed",
)


@needs_ct2
def test_auto_picks_faster_whisper_when_the_weights_are_installed() -> None:
    assert choose_engine("auto", "tiny.en") == "faster-whisper"
    assert choose_engine("faster-whisper", "tiny.en") == "faster-whisper"
    folder = ct2_folder_for("tiny.en")
    assert folder is not None and (folder / "model.bin").is_file()
    assert choose_engine("auto", str(folder)) == "faster-whisper"  # a CT2 folder given directly


def test_openai_is_used_when_asked_or_when_there_is_no_ct2_model(tmp_path: Path) -> None:
    checkpoint = tmp_path / "custom.pt"
    checkpoint.write_bytes(b"")
    assert choose_engine("openai", "tiny.en") == "openai"
    assert choose_engine("auto", str(checkpoint)) == "openai"
    assert choose_engine("auto", "base.en") == "openai"  # no CT2 base.en ships offline


def test_faster_whisper_without_ct2_weights_says_what_to_do(tmp_path: Path) -> None:
    checkpoint = tmp_path / "custom.pt"
    checkpoint.write_bytes(b"")
    with pytest.raises(ModelUnavailableError, match="--asr-engine openai"):
        choose_engine("faster-whisper", str(checkpoint))
    with pytest.raises(ValueError, match="unknown ASR engine"):
        choose_engine("whisper.cpp", "tiny.en")


@pytest.fixture(scope="module")
def both(short_phone_call: SynthesizedCall) -> dict[str, tuple[Transcriber, Transcript]]:
    audio = decode_audio(short_phone_call.path)
    out = {}
    for engine in ("faster-whisper", "openai"):
        transcriber = Transcriber("tiny.en", engine=engine)
        out[engine] = (transcriber, transcriber.transcribe_call(audio))
    return out


@needs_ct2
@pytest.mark.slow
def test_engines_agree_on_the_phone_call(
    both: dict[str, tuple[Transcriber, Transcript]], short_phone_call: SynthesizedCall
) -> None:
    fast, fast_transcript = both["faster-whisper"]
    reference, reference_transcript = both["openai"]
    assert fast.engine_name == "faster-whisper"
    assert reference.engine_name == "openai"
    assert fast_transcript.asr_model == reference_transcript.asr_model == "tiny.en"
    for speaker in ("agent", "customer"):
        # Same weights (int8 vs float32): each engine within the 8 kHz bound against
        # the script, and neither more than a few words worse than the other. On this
        # short call one word is ~4 % of a side, so the two are compared on their WER,
        # not on each other's text (measured: 0.00-0.20 apart text-to-text).
        truth = normalise(truth_text(short_phone_call, speaker))
        fast_wer = jiwer.wer(truth, normalise(transcript_text(fast_transcript, speaker)))
        reference_wer = jiwer.wer(truth, normalise(transcript_text(reference_transcript, speaker)))
        assert fast_wer <= WER_BOUND[8_000], (speaker, fast_wer)
        assert reference_wer <= WER_BOUND[8_000], (speaker, reference_wer)
        assert fast_wer <= reference_wer + 0.12, (speaker, fast_wer, reference_wer)


@needs_ct2
@pytest.mark.slow
def test_faster_whisper_words_are_timed_like_the_reference(
    both: dict[str, tuple[Transcriber, Transcript]],
) -> None:
    # Word times of one engine against the other, for the words both heard alike.
    def timed(transcript: Transcript) -> dict[tuple[str, str, int], tuple[float, float]]:
        seen: dict[tuple[str, str], int] = {}
        out = {}
        for segment in transcript.segments:
            for word in segment.words:
                key = (segment.speaker, normalise(word.word))
                seen[key] = seen.get(key, 0) + 1
                out[(*key, seen[key])] = (word.start, word.end)
        return out

    fast = timed(both["faster-whisper"][1])
    reference = timed(both["openai"][1])
    shared = [key for key in fast if key in reference and key[1]]
    assert len(shared) >= 0.8 * len(reference)
    starts = sorted(abs(fast[k][0] - reference[k][0]) for k in shared)
    assert starts[len(starts) // 2] <= 0.1  # median start difference
    assert starts[int(0.9 * (len(starts) - 1))] <= 0.3
    for segment in both["faster-whisper"][1].segments:
        for word in segment.words:
            assert 0.0 <= word.start <= word.end
            assert 0.0 < word.probability <= 1.0


def _segment(text: str, start: float = 0.0) -> list[Word]:
    return [
        Word(start + i * 0.3, start + i * 0.3 + 0.25, f" {w}", 0.9)
        for i, w in enumerate(text.split())
    ]


def test_a_segment_said_over_and_over_is_a_loop_cut_to_its_first_copy() -> None:
    said = ["Thanks for holding.", "I'm not going to get that."]
    loop = [_segment(t) for t in said] + [_segment("I'm not going to get that") for _ in range(5)]
    assert looping(loop)
    kept = drop_loops(loop)
    assert ["".join(w.word for w in s).strip() for s in kept] == said
    # Two copies, short calls people make ("Hello? Hello? Hello?"), or copies
    # with other words between them are not loops.
    for fine in (
        [_segment("I'm not going to get that.")] * 2,
        [_segment("Hello? Hello?")] * 4,
        [_segment("Can you hear me now?"), _segment("Yes."), _segment("Can you hear me now?")] * 2,
    ):
        assert not looping(fine)
        assert drop_loops(fine) == fine


@needs_ct2
@pytest.mark.slow
def test_faster_whisper_decodes_a_looping_piece_again(short_phone_call: SynthesizedCall) -> None:
    # Greedy batched decoding can loop (seen on an 8 kHz call: one sentence fifteen
    # times to the end of the piece); a loop cannot be brought about on purpose, so
    # the batched pipeline is made to return one and the engine must decode the
    # piece again alone with the real model.
    engine = Transcriber("tiny.en", engine="faster-whisper", threads=1).engine
    assert isinstance(engine, FasterWhisperEngine)
    audio = decode_audio(short_phone_call.path).samples[0][: 16_000 * 12]

    class Looping:
        def transcribe(self, joined: np.ndarray, **options: object) -> tuple[list[object], None]:
            return [
                SimpleNamespace(
                    words=[
                        SimpleNamespace(
                            start=s + w.start, end=s + w.end, word=w.word, probability=0.9
                        )
                        for w in _segment("I'm not going to get that.")
                    ],
                    compression_ratio=1.2,
                    avg_logprob=-0.2,
                )
                for s in (0.0, 2.0, 4.0, 6.0)
            ], None

    engine.pipeline = Looping()
    (result,) = engine.transcribe_pieces([audio])
    assert engine.retried == 1
    heard = " ".join("".join(w.word for w in s) for s in result).lower()
    assert "not going to get that" not in heard and len(heard.split()) >= 10
