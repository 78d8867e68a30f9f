"""CAM++ speaker embeddings on onnxruntime (campp_encoder.py): features, the exported
model on real voices, no torch, and the fallback to Resemblyzer seeds without it.

The model file is a set-up product (`make setup` runs scripts/export_campp_onnx.py);
a missing file fails here with that instruction rather than skipping.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from benchmarks.real_voices import load_calls
from models.diarization import campp_encoder
from models.diarization.campp_encoder import N_MELS, fbank_frames, fbank_matrix


def _require_model() -> None:
    assert campp_encoder.available(), (
        f"{campp_encoder.MODEL_PATH} missing: run `make setup` "
        "(python -m scripts.export_campp_onnx)"
    )


def test_fbank_frames_are_centred_and_put_a_tone_in_its_band() -> None:
    seconds = np.arange(16_000) / 16_000
    tone = (0.1 * np.sin(2 * np.pi * 1000.0 * seconds)).astype(np.float32)
    feats = fbank_frames(tone)
    assert feats.shape == (101, N_MELS)  # frame i centred at i * 10 ms, as mel_frames
    middle = feats[20:80].mean(axis=0)
    peak = int(np.argmax(middle))
    filters = fbank_matrix()
    hz = np.arange(filters.shape[0]) * 16_000 / 512
    assert hz[np.argmax(filters[:, peak])] == pytest.approx(1000.0, abs=60.0)
    # twice as loud: every log band up by ln(4), which the per-window mean removal cancels
    louder = fbank_frames(2 * tone)
    assert np.allclose(louder[20:80] - feats[20:80], np.log(4.0), atol=1e-3)


@pytest.mark.slow
def test_embeddings_tell_two_real_voices_apart() -> None:
    """assembled_m_f (two AMI speakers), 16 kHz and 8 kHz mu-law: windows inside one
    reference speaker's turns are closer to that speaker's mean than to the other's."""
    _require_model()
    for call in [c for c in load_calls() if c.name == "assembled_m_f"]:
        feats = fbank_frames(call.samples())
        starts, who = [], []
        for turn in call.reference:
            first, last = round(turn["start"] * 100), round(turn["end"] * 100) - 160
            for start in range(first, last + 1, 80):
                starts.append(start)
                who.append(turn["voice"])
        emb = campp_encoder.embed_windows(feats, np.array(starts), 160)
        assert emb.shape == (len(starts), 192)
        assert np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)
        labels = np.array(who)
        means = {v: emb[labels == v].mean(axis=0) for v in set(who)}
        right = [
            float(e @ means[v]) > max(float(e @ m) for u, m in means.items() if u != v)
            for e, v in zip(emb, who, strict=True)
        ]
        assert sum(right) / len(right) >= 0.9, (call.variant, sum(right), len(right))


def test_the_analysis_path_runs_cam_plus_plus_without_torch() -> None:
    _require_model()
    code = (
        "import sys, numpy as np\n"
        "from models.diarization import campp_encoder as c\n"
        "x = (0.1 * np.random.default_rng(0).standard_normal(32000)).astype(np.float32)\n"
        "e = c.embed_windows(c.fbank_frames(x), np.array([0, 40]), 160)\n"
        "print(e.shape, 'torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "(2, 192) False"


def test_without_the_model_the_seeds_are_resemblyzers(monkeypatch: pytest.MonkeyPatch) -> None:
    from models.diarization.embedding import seed_embeddings

    monkeypatch.setattr(campp_encoder, "MODEL_PATH", campp_encoder.MODEL_PATH.with_name("none"))
    resemblyzer = np.eye(3, 256, dtype=np.float32)
    samples = np.zeros(32_000, dtype=np.float32)
    got, encoder = seed_embeddings(samples, np.arange(150), np.array([0]), resemblyzer)
    assert encoder == "resemblyzer" and got is resemblyzer


@pytest.mark.slow
def test_cam_plus_plus_is_asked_only_when_the_two_first_seeds_disagree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pair the Resemblyzer- and MFCC-seeded tracks split alike (measured agreement
    1.0) is not re-embedded, and CAM++ would not have changed its track; a pair they
    split differently (assembled_f_f, 0.66) gets CAM++ seeds, which win there."""
    from models.diarization import embedding
    from models.diarization.clustering import count_voices
    from models.diarization.features import frame_features

    _require_model()
    calls = {(c.name, c.variant): c for c in load_calls()}
    asked: list[int] = []
    real_embed = campp_encoder.embed_windows

    def counted(feats: np.ndarray, starts: np.ndarray, length: int) -> np.ndarray:
        asked.append(len(starts))
        return real_embed(feats, starts, length)

    monkeypatch.setattr(campp_encoder, "embed_windows", counted)

    def track(name: str, variant: str) -> tuple[str, embedding.SpeakerTrack | None]:
        samples = calls[(name, variant)].samples()
        features = frame_features(samples)
        count, found = embedding.embedding_track(samples, features, count_voices(features))
        return count.reason, found

    gate = embedding.SEEDS_AGREE
    reason, skipped = track("other_jfk_osr", "8k_ulaw")
    assert asked == [] and "CAM++ not asked" in reason, reason
    monkeypatch.setattr(embedding, "SEEDS_AGREE", 1.01)  # always ask
    reason, forced = track("other_jfk_osr", "8k_ulaw")
    assert asked and "cam++ embedding seeds" in reason, reason
    assert skipped is not None and forced is not None
    assert embedding.track_agreement(skipped, forced) >= 0.99
    monkeypatch.setattr(embedding, "SEEDS_AGREE", gate)
    asked.clear()
    reason, _ = track("assembled_f_f", "16k")
    assert asked and "cam++ embedding seeds" in reason, reason
