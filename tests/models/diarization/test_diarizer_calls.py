"""Diarization of synthesized mono 8 kHz u-law calls with known turns (no Whisper).

Words come from the script spread over each truth turn (oracle_transcript),
so these tests check the acoustic side and the role logic in seconds. The
bounds are what the method measured on these calls with a margin
(models/diarization/README.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kernel.domain import Transcript
from models.diarization.diarizer import diarize_transcript
from models.diarization.scoring import diarization_error_rate, roles_correct, word_attribution
from tests.conftest import TEST_AUDIO_CACHE
from tests.models.diarization.mono_calls import MonoCall, make_call, oracle_transcript

pytestmark = pytest.mark.slow  # flite + Silero VAD on real audio (about a second per call)

TWO_VOICE_CALLS = [
    "internet_slt_rms",  # back-channels "okay", "right", an overlapping "mm-hm"
    "billing_rms_awb",  # two male voices
    "customer_first_awb_slt",  # the customer speaks first; overlapping "right"
    "delivery_kal_slt",
    "router_kal_awb",  # two male voices, customer first, customer speaks twice in a row
    "insurance_slt_rms_rushed",
    "account_rms_kal",  # two male US voices with close pitch (92 vs 100 Hz)
    "espeak_two_female",  # two female espeak voices
]
WORD_ACCURACY_MIN = 0.95  # measured 0.975-1.0
DER_MAX = 0.05  # 0.25 s collar; measured 0.0
DER_NO_COLLAR_MAX = 0.08  # measured 0.005-0.035


_calls: dict[str, tuple[MonoCall, Transcript]] = {}


def diarized(name: str) -> tuple[MonoCall, Transcript]:
    """Each call is synthesized and diarized once per session."""
    if name not in _calls:
        call = make_call(name, Path(TEST_AUDIO_CACHE))
        _calls[name] = (call, diarize_transcript(call.samples, oracle_transcript(call)))
    return _calls[name]


@pytest.mark.parametrize("name", TWO_VOICE_CALLS)
def test_two_voice_call(name: str) -> None:
    call, result = diarized(name)
    block = result.diarization
    assert block is not None
    assert block["status"] == "ok", block["reason"]
    assert block["num_speakers_detected"] == 2
    assert block["confidence"] > 0.9
    assert roles_correct(result, call.turns)
    words = word_attribution(result, call.turns)
    assert words["accuracy"] >= WORD_ACCURACY_MIN, words
    der = diarization_error_rate(call.turns, block["turns"], call.duration_s)
    assert der["der"] <= DER_MAX, der
    strict = diarization_error_rate(call.turns, block["turns"], call.duration_s, collar_s=0.0)
    assert strict["der"] <= DER_NO_COLLAR_MAX, strict
    for segment in result.segments:
        assert segment.speaker in ("agent", "customer", "unknown")
        assert segment.text and segment.words
        if segment.speaker != "unknown":
            assert segment.speaker_confidence is not None
            assert 0.7 <= segment.speaker_confidence <= 1.0


@pytest.mark.parametrize(
    ("name", "text", "role"),
    [
        ("internet_slt_rms", "Okay.", "customer"),
        ("internet_slt_rms", "Right.", "customer"),
        ("customer_first_awb_slt", "Mm-hm.", "customer"),
        ("billing_rms_awb", "Okay.", "customer"),
        ("billing_rms_awb", "Right.", "customer"),
        ("account_rms_kal", "Okay.", "agent"),
    ],
)
def test_back_channel_turns_keep_their_speaker(name: str, text: str, role: str) -> None:
    _, result = diarized(name)
    found = [s for s in result.segments if s.text == text]
    assert found, [s.text for s in result.segments]
    assert all(s.speaker == role for s in found)


def test_customer_first_call_starts_with_the_customer() -> None:
    _, result = diarized("customer_first_awb_slt")
    assert result.segments[0].speaker == "customer"
    assert result.segments[1].speaker == "agent"


def test_single_voice_is_not_split() -> None:
    _, result = diarized("single_voice_slt")
    block = result.diarization
    assert block is not None
    assert block["status"] == "single_speaker"
    assert block["num_speakers_detected"] == 1
    assert {s.speaker for s in result.segments} == {"unknown"}
    assert all(s.speaker_confidence is None for s in result.segments)


def test_three_voices_are_flagged() -> None:
    _, result = diarized("three_voices_transfer")
    block = result.diarization
    assert block is not None
    assert block["status"] == "too_many_speakers"
    assert block["num_speakers_detected"] == 3
    assert {s.speaker for s in result.segments} == {"unknown"}


def test_heavy_overlap_is_flagged_and_not_trusted() -> None:
    _, result = diarized("heavy_overlap_slt_rms")
    block = result.diarization
    assert block is not None
    assert block["status"] == "heavy_overlap"
    assert block["overlap_share"] >= 0.15
    assert all((s.speaker_confidence or 0.0) <= 0.5 for s in result.segments)


def test_block_is_plain_json_and_input_is_untouched() -> None:
    import json

    call, result = diarized("internet_slt_rms")
    before = oracle_transcript(call)
    assert {s.speaker for s in before.segments} == {"unknown"}
    block = result.diarization
    assert block is not None
    json.dumps(block)  # goes into exports as is
    assert set(block) >= {"method", "num_speakers_detected", "confidence", "status", "reason"}
    assert set(block["role_evidence"]) >= {"voices", "contributions"}
    assert all(t[2] in ("agent", "customer") for t in block["turns"])


def test_silence_and_stereo_input() -> None:
    silence = np.zeros(16_000 * 3, dtype=np.float32)
    empty = Transcript(segments=[], asr_model="test", duration_s=3.0)
    result = diarize_transcript(silence, empty)
    assert result.diarization is not None
    assert result.diarization["status"] == "low_confidence"
    rng = np.random.default_rng(0)
    stereo = rng.standard_normal((2, 16_000)).astype(np.float32)
    with pytest.raises(ValueError, match="one mixed channel"):
        diarize_transcript(stereo, empty)


FLITE_VOICES = ["slt", "rms", "awb", "kal16"]


@pytest.mark.parametrize("agent", FLITE_VOICES)
@pytest.mark.parametrize("customer", FLITE_VOICES)
def test_voice_count_for_every_flite_pair_on_a_short_call(agent: str, customer: str) -> None:
    """The 23 s fixture call is the hardest case for counting: few frames per voice."""
    from models.audio.decode import decode_audio
    from models.diarization.clustering import count_voices
    from models.diarization.features import frame_features
    from scripts.callsynth import synthesize_cached
    from tests.fixtures.audio import SHORT_CALL_SCRIPT

    script = {
        **SHORT_CALL_SCRIPT,
        "id": f"short_{agent}_{customer}",
        "agent_voice": agent,
        "customer_voice": customer,
    }
    path, _ = synthesize_cached(
        script, TEST_AUDIO_CACHE, layout="mono", sample_rate=8000, encoding="ulaw"
    )
    count = count_voices(frame_features(decode_audio(path).samples[0]))
    assert count.n_speakers == (1 if agent == customer else 2), (count.gains, count.penalty)
