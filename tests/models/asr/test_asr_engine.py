"""Engine choice, and the two engines against each other on the same weights and audio."""

from __future__ import annotations

from pathlib import Path

import jiwer
import pytest

from kernel.domain import Transcript
from models.asr.asr_engine import (
    choose_engine,
    ct2_folder_for,
    faster_whisper_installed,
)
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
