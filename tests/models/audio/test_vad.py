"""speech_regions on synthesized calls with known turn times, silence and noise."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from models.audio.decode import decode_audio
from models.audio.vad import speech_probabilities, speech_regions
from scripts.callsynth import SynthesizedCall
from tests.conftest import REPO_ROOT


def _turns_on(call: SynthesizedCall, channel: int) -> list[tuple[float, float]]:
    return [(t["start"], t["end"]) for t in call.truth["turns"] if t["channel"] == channel]


@pytest.mark.parametrize("fixture", ["short_stereo_call", "short_phone_call"])
def test_regions_match_turns_per_channel(fixture: str, request: pytest.FixtureRequest) -> None:
    call: SynthesizedCall = request.getfixturevalue(fixture)
    audio = decode_audio(call.path)
    for channel in (0, 1):
        regions = speech_regions(audio.samples[channel])
        turns = _turns_on(call, channel)
        # Each turn is separated by >= 0.6 s of silence on its own channel: one region each.
        assert len(regions) == len(turns), (channel, regions, turns)
        for (start, end), (t_start, t_end) in zip(regions, turns, strict=True):
            assert start == pytest.approx(t_start, abs=0.25)
            assert end == pytest.approx(t_end, abs=0.3)
            assert start <= t_start + 0.05 and end >= t_end - 0.05  # padding covers the speech


def test_long_min_silence_merges_regions(short_stereo_call: SynthesizedCall) -> None:
    agent = decode_audio(short_stereo_call.path).samples[0]
    fine = speech_regions(agent, min_silence_s=0.3)
    coarse = speech_regions(agent, min_silence_s=5.0)
    assert len(coarse) < len(fine)
    assert coarse[0][0] == pytest.approx(fine[0][0], abs=0.01)
    # A region still open at the end of the audio runs to the end.
    assert fine[-1][1] <= coarse[-1][1] <= len(agent) / 16_000


def test_padding_widens_regions(short_stereo_call: SynthesizedCall) -> None:
    customer = decode_audio(short_stereo_call.path).samples[1]
    tight = speech_regions(customer, pad_s=0.0)
    padded = speech_regions(customer, pad_s=0.2)
    assert len(tight) == len(padded)
    for (s0, e0), (s1, e1) in zip(tight, padded, strict=True):
        assert s1 == pytest.approx(s0 - 0.2, abs=0.01)
        assert e1 == pytest.approx(e0 + 0.2, abs=0.01)


def test_silence_and_noise_have_no_speech() -> None:
    rng = np.random.default_rng(1)
    assert speech_regions(np.zeros(16_000 * 5, dtype=np.float32)) == []
    hiss = (0.003 * rng.standard_normal(16_000 * 5)).astype(np.float32)
    assert speech_regions(hiss) == []
    assert speech_regions(np.zeros(100, dtype=np.float32)) == []
    hum = 0.3 * np.sin(2 * np.pi * 50 * np.arange(16_000 * 3) / 16_000)
    assert speech_regions(hum) == []


def test_probabilities_one_per_32ms(short_stereo_call: SynthesizedCall) -> None:
    agent = decode_audio(short_stereo_call.path).samples[0]
    probs = speech_probabilities(agent)
    assert len(probs) == -(-len(agent) // 512)
    first = short_stereo_call.truth["turns"][0]
    inside = probs[int(first["start"] * 31.25) + 5 : int(first["end"] * 31.25) - 5]
    assert float(np.mean(inside > 0.5)) > 0.8
    assert float(np.max(probs[:10])) < 0.2  # the 0.5 s lead-in is silent


def test_rejects_multichannel_input() -> None:
    with pytest.raises(ValueError, match="one channel"):
        speech_regions(np.zeros((2, 16_000), dtype=np.float32))


def test_loading_keeps_torch_thread_setting() -> None:
    # silero_vad's import sets torch threads to 1 process-wide; our loader must undo it.
    code = (
        "import numpy as np, torch; torch.set_num_threads(2);"
        "from models.audio.vad import speech_regions; speech_regions(np.zeros(16000, np.float32));"
        "print(torch.get_num_threads())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "2"


def test_the_last_channel_s_probabilities_are_reused_exactly(
    short_stereo_call: SynthesizedCall, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mono call's channel goes through Silero once: the transcriber's regions and then
    the diarizer's probabilities (its two-second warm-up in between); the second caller
    gets the same numbers."""
    from models.audio import vad
    from models.diarization.diarizer import warm_up

    agent = decode_audio(short_stereo_call.path).samples[0]
    fresh = vad._run_silero(np.ascontiguousarray(agent, dtype=np.float32))
    regions = speech_regions(agent)
    first = speech_probabilities(agent.copy())
    np.testing.assert_array_equal(first, fresh)
    first[:] = -1.0  # the caller's copy: what is kept must not change with it
    warm_up()

    def ran_again(audio: np.ndarray) -> np.ndarray:
        raise AssertionError("Silero ran again on the same samples")

    with monkeypatch.context() as patch:
        patch.setattr(vad, "_run_silero", ran_again)
        np.testing.assert_array_equal(speech_probabilities(agent), fresh)
        assert speech_regions(agent) == regions
        changed = agent.copy()
        changed[100] += 0.01
        with pytest.raises(AssertionError, match="ran again"):
            speech_probabilities(changed)
    np.testing.assert_array_equal(speech_probabilities(changed), vad._run_silero(changed))


def test_a_strided_channel_is_read_like_its_copy() -> None:
    """The kept-probabilities key hashes the values: a strided view (every other sample of
    a longer buffer) neither fails nor reads differently from its contiguous copy."""
    import numpy as np

    from models.audio import vad

    buffer = np.random.default_rng(3).standard_normal(16_000 * 6).astype(np.float32) * 0.01
    view = buffer[::2]
    assert not view.flags["C_CONTIGUOUS"]
    assert np.array_equal(vad._probabilities(view), vad._run_silero(np.ascontiguousarray(view)))
