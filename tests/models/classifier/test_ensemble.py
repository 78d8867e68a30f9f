"""An ensemble of classifiers: a weights folder whose manifest lists member subfolders;
the classifier averages the members' probabilities (weights.member_dirs, predict.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

from app.cli import main
from models.classifier.encoder import ModelUnavailableError
from models.classifier.predict import SentenceClassifier
from models.classifier.train import TrainConfig, ensemble_version, member_seeds
from models.classifier.weights import (
    DEFAULT_WEIGHTS_DIR,
    MANIFEST_FILE,
    OVERLAY_FILE,
    Manifest,
    member_dirs,
)
from tests.fixtures.weights import edit_manifest

FIXTURES = Path(__file__).parent / "fixtures"
PAIRS = [
    ("Is the light green now?", "Okay, I've restarted the router like you said."),
    ("How is this affecting your business?", "My card was declined twice."),
    ("I'll send a technician tomorrow morning.", None),
    ("Thanks for calling, have a good day.", "No, that's everything."),
]


def _single(folder: Path) -> Path:
    """A copy of the shipped main model alone (its own files, no members)."""
    folder.mkdir(parents=True)
    for name in (MANIFEST_FILE, OVERLAY_FILE):
        shutil.copy(DEFAULT_WEIGHTS_DIR / name, folder / name)
    edit_manifest(folder, members=[])
    return folder


def _ensemble(tmp_path: Path) -> tuple[Path, Path]:
    """(ensemble folder, its second member): the second's head is scaled down, so its
    probabilities are flatter than the first's."""
    folder = _single(tmp_path / "ensemble")
    member = _single(folder / "s99")
    tensors = load_file(str(member / OVERLAY_FILE))
    for name in ("classifier.weight", "classifier.bias"):
        tensors[name] = (tensors[name].astype(np.float32) * 0.1).astype(tensors[name].dtype)
    save_file(tensors, str(member / OVERLAY_FILE))
    edit_manifest(member, version="member-s99")
    edit_manifest(folder, members=["s99"], version="test-ensemble+s99")
    return folder, member


@pytest.mark.parametrize("backend", ["onnxruntime", "numpy"])
def test_ensemble_averages_its_members_probabilities(tmp_path: Path, backend: str) -> None:
    folder, member = _ensemble(tmp_path)
    ensemble = SentenceClassifier.load(folder, num_threads=1, backend=backend)
    first = SentenceClassifier.load(_single(tmp_path / "first"), num_threads=1, backend=backend)
    second = SentenceClassifier.load(member, num_threads=1, backend=backend)
    assert ensemble.members == 2 and first.members == 1
    assert ensemble.version == "test-ensemble+s99"
    a, b = first.probabilities(PAIRS), second.probabilities(PAIRS)
    assert np.abs(a - b).max() > 0.05  # the members disagree, so the mean is a real test
    np.testing.assert_allclose(ensemble.probabilities(PAIRS), (a + b) / 2, atol=1e-6)
    predictions = ensemble.predict(PAIRS)
    for prediction, row in zip(predictions, (a + b) / 2, strict=True):
        assert prediction.scores[prediction.label] == pytest.approx(row.max(), abs=1e-6)
        assert sum(prediction.scores.values()) == pytest.approx(1.0)


def test_the_shipped_members_share_their_frozen_layers_in_one_graph() -> None:
    """On onnxruntime the three models are one graph: the embeddings and the four frozen
    layers run once, each model's two top layers and head on them (a third of the work
    and memory of three graphs for those layers)."""
    from models.classifier.numpy_runtime import load_numpy_runtime
    from models.classifier.ort_runtime import shared_layers
    from models.classifier.weights import read_overlay

    models = []
    for folder in member_dirs(DEFAULT_WEIGHTS_DIR):
        base_dir, manifest, arrays = read_overlay(folder, framework="np")
        models.append(load_numpy_runtime(base_dir, arrays, 8))
    assert len(models) == 3
    assert shared_layers(models) == 6 - manifest.top_layers
    classifier = SentenceClassifier.load(num_threads=1)
    assert classifier.members == 3 and len(classifier.forwards) == 1
    separate = SentenceClassifier.load(num_threads=1, backend="numpy")
    assert len(separate.forwards) == 3
    np.testing.assert_allclose(
        classifier.probabilities(PAIRS), separate.probabilities(PAIRS), atol=1e-6
    )
    models[1].word = models[1].word + 1.0
    with pytest.raises(ValueError, match="share their embeddings"):
        shared_layers(models)


def test_one_model_keeps_its_logits(tmp_path: Path) -> None:
    """A single model's logits are its head's own (the parity tests compare them)."""
    folder = _single(tmp_path / "one")
    classifier = SentenceClassifier.load(folder, num_threads=1)
    assert member_dirs(folder) == [folder]
    logits = classifier.logits(PAIRS)
    assert not np.allclose(np.exp(logits).sum(axis=1), 1.0)


def test_missing_member_is_one_clear_error(tmp_path: Path) -> None:
    folder, member = _ensemble(tmp_path)
    shutil.rmtree(member)
    with pytest.raises(ModelUnavailableError, match=r"ensemble member 's99' is missing"):
        SentenceClassifier.load(folder)


def test_member_must_be_a_subfolder(tmp_path: Path) -> None:
    folder, _ = _ensemble(tmp_path)
    _single(tmp_path / "outside")
    edit_manifest(folder, members=["../outside"])
    with pytest.raises(ModelUnavailableError, match="ensemble member"):
        member_dirs(folder)


def test_members_reading_input_differently_are_refused(tmp_path: Path) -> None:
    folder, member = _ensemble(tmp_path)
    edit_manifest(member, max_length=32)
    with pytest.raises(ModelUnavailableError, match="reads"):
        SentenceClassifier.load(folder)


def test_ensemble_seeds_and_version() -> None:
    config = TrainConfig(seed=13, ensemble_seeds=(14, 13, 15, 14))
    assert member_seeds(config) == [14, 15]
    assert member_seeds(TrainConfig(ensemble_seeds=())) == []
    assert ensemble_version("minilm-l6-top2-3c98484d", [14, 15]) == (
        "minilm-l6-top2-3c98484d+s14+s15"
    )


@pytest.mark.slow
def test_train_writes_a_loadable_ensemble(tmp_path: Path) -> None:
    out = tmp_path / "weights"
    data = FIXTURES / "test_subset.jsonl"
    args = ["train", "--data", str(data), "--limit", "48", "--epochs", "1", "--out", str(out)]
    assert main([*args, "--ensemble-seeds", "21", "--no-test", "--quiet"]) == 0
    manifest = Manifest.read(out)
    assert manifest.members == ["s21"]
    assert manifest.version.endswith("+s21")
    assert Manifest.read(out / "s21").hyperparameters["seed"] == 21
    assert member_dirs(out) == [out, out / "s21"]
    classifier = SentenceClassifier.load(out, num_threads=1)
    assert classifier.members == 2
    (prediction,) = classifier.predict([("Does that solve it for you?", "I restarted it.")])
    assert sum(prediction.scores.values()) == pytest.approx(1.0)
    # No value: one model.
    single = tmp_path / "single"
    args[-1] = str(single)
    assert main([*args, "--ensemble-seeds", "--no-test", "--quiet"]) == 0
    assert Manifest.read(single).members == []
    assert SentenceClassifier.load(single, num_threads=1).members == 1
