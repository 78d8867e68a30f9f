"""Model manager logic (issue 14): listing installed Whisper models, checking and adding
a CTranslate2 folder or a .pt checkpoint to the model cache."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from models.asr.model_manager import (
    ModelAddError,
    add_model,
    check_ct2_folder,
    check_pt_file,
    list_models,
)


def _ct2_folder(folder: Path, tokenizer: str = "tokenizer.json") -> Path:
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"\0" * 2000)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / tokenizer).write_text("{}", encoding="utf-8")
    return folder


def _pt_file(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
        archive.writestr("archive/data/0", b"\0" * 1000)
    return path


def test_installed_package_models_are_listed_with_size_and_speed(tmp_path: Path) -> None:
    models = {m.name: m for m in list_models(tmp_path)}
    tiny = models["tiny.en"]
    assert tiny.source == "installed package" and tiny.kind == "CTranslate2"
    assert tiny.ref == "tiny.en"
    assert 70e6 < tiny.size_bytes < 90e6  # float16 tiny.en, 75.5 MB model.bin
    assert tiny.english_only and tiny.speed.startswith("1x")


def test_a_ct2_folder_is_checked_and_added(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    source = _ct2_folder(tmp_path / "my model", tokenizer="vocabulary.txt")
    added = add_model(source, cache=cache)
    assert added.name == "my_model" and added.kind == "CTranslate2"
    assert (cache / "ct2" / "my_model" / "model.bin").read_bytes() == b"\0" * 2000
    listed = [m for m in list_models(cache) if m.source == "added"]
    assert [(m.name, m.ref) for m in listed] == [("my_model", str(cache / "ct2" / "my_model"))]
    assert listed[0].size_bytes == 2000 + 2 + 2
    assert not listed[0].english_only and listed[0].speed == "not measured"
    with pytest.raises(ModelAddError, match="already installed"):
        add_model(source, cache=cache)
    assert not [p for p in (cache / "ct2").iterdir() if p.name.startswith(".adding")]


def test_a_pt_file_is_checked_and_added(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    added = add_model(_pt_file(tmp_path / "small.en.pt"), cache=cache)
    assert added.ref == str(cache / "small.en.pt") and added.english_only
    (cache / "ct2-0123456789.pt").write_bytes(b"converted")  # the app's own conversion
    names = [m.name for m in list_models(cache) if m.source != "installed package"]
    assert names == ["small.en"]


def _file(path: Path) -> Path:
    path.write_bytes(b"junk")
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.mkdir() or p, "model.bin, config.json missing"),
        (lambda p: _ct2_folder(p, tokenizer="notes.txt"), "no tokenizer"),
        (lambda p: _file(p.with_suffix(".pt")), "not a PyTorch"),
        (lambda p: _file(p.with_suffix(".bin")), "not a .pt"),
        (lambda p: p, "no such file"),
    ],
)
def test_bad_sources_get_one_line_naming_the_path(tmp_path: Path, make, reason: str) -> None:
    source = make(tmp_path / "thing")
    with pytest.raises(ModelAddError) as caught:
        add_model(source, cache=tmp_path / "cache")
    message = str(caught.value)
    assert reason in message and str(source) in message and "\n" not in message
    assert check_ct2_folder(tmp_path / "nothing") == "not a folder"
    assert check_pt_file(tmp_path / "nothing.pt") == "no such file"


@pytest.mark.slow
def test_an_added_ct2_folder_transcribes_by_its_ref(tmp_path: Path) -> None:
    import numpy as np

    from models.asr.transcriber import Transcriber
    from models.asr.whisper_models import installed_ct2_models

    added = add_model(installed_ct2_models()["tiny.en"], name="copied-tiny", cache=tmp_path)
    transcriber = Transcriber(added.ref)
    assert transcriber.engine_name == "faster-whisper"
    assert transcriber.model_name == "copied-tiny"
    assert transcriber.engine.transcribe_pieces([np.zeros(16000, dtype=np.float32)]) == [[]]
