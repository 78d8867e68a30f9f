"""Turn a CTranslate2 Whisper model directory into an openai-whisper checkpoint.

Owns the CTranslate2 `model.bin` reader (no ctranslate2 import) and the
one-to-one tensor mapping onto openai-whisper's state dict. Layout of
model.bin (little-endian, as CTranslate2's ModelSpec._serialize writes it):

    u32 binary_version
    str spec_name, u32 spec_revision          (version >= 2)
    u32 n_variables, then per variable:
        str name, u8 rank, u32 dims[rank],
        u8 dtype id + u32 n_bytes             (version >= 4)
        | u8 item size + u32 n_items          (version < 4)
        raw data
    u32 n_aliases, then (str alias, str target) (version >= 3)

where `str` is a u16 length (including a trailing NUL) and the bytes.
Fused tensors are split: self-attention `linear_0` holds query, key and
value stacked; cross-attention `linear_1` holds key and value. Whisper's key
projections have no bias (CTranslate2 stores zeros there). Quantized int8 /
int16 weights are dequantized with their `weight_scale`. Output is float32.
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

SUPPORTED_BINARY_VERSIONS = range(2, 7)
# CTranslate2 DataType enum order (include/ctranslate2/types.h).
_DTYPES: tuple[str, ...] = ("float32", "int8", "int16", "int32", "float16", "bfloat16")
_ITEM_SIZE_DTYPES = {4: "float32", 2: "int16", 1: "int8"}


class Ct2FormatError(ValueError):
    """model.bin is not a CTranslate2 Whisper model this reader understands."""


@dataclass
class Ct2Model:
    """The variables of a CTranslate2 model, by name (aliases resolved)."""

    spec: str
    revision: int
    binary_version: int
    variables: dict[str, np.ndarray]
    config: dict[str, Any] = field(default_factory=dict)


class _Reader:
    def __init__(self, buffer: np.ndarray) -> None:
        self.buffer = buffer
        self.view = buffer.data  # a memoryview: struct reads without copying the file
        self.offset = 0

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        size = struct.calcsize("<" + fmt)
        if self.offset + size > len(self.buffer):
            raise Ct2FormatError("model.bin ends early (truncated file)")
        values = struct.unpack_from("<" + fmt, self.view, self.offset)
        self.offset += size
        return values

    def string(self) -> str:
        (length,) = self.unpack("H")
        raw = bytes(self.buffer[self.offset : self.offset + length])
        if len(raw) != length:
            raise Ct2FormatError("model.bin ends early (truncated file)")
        self.offset += length
        return raw.rstrip(b"\0").decode("utf-8")

    def array(self, dtype: str, n_bytes: int, shape: tuple[int, ...]) -> np.ndarray:
        if self.offset + n_bytes > len(self.buffer):
            raise Ct2FormatError("model.bin ends early (truncated file)")
        raw = self.buffer[self.offset : self.offset + n_bytes]
        self.offset += n_bytes
        if dtype == "bfloat16":
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            return bits.view(np.float32).reshape(shape)
        return np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<")).reshape(shape)


def read_ct2_model(model_dir: Path | str) -> Ct2Model:
    """Parse `model_dir/model.bin` (memory-mapped) and `config.json` if present."""
    model_dir = Path(model_dir)
    path = model_dir / "model.bin"
    if not path.is_file():
        raise Ct2FormatError(f"{model_dir} has no model.bin")
    buffer = np.memmap(path, dtype=np.uint8, mode="r")
    reader = _Reader(buffer)
    (version,) = reader.unpack("I")
    if version not in SUPPORTED_BINARY_VERSIONS:
        raise Ct2FormatError(f"unsupported CTranslate2 binary version {version}")
    spec = reader.string()
    (revision,) = reader.unpack("I")
    (count,) = reader.unpack("I")
    variables: dict[str, np.ndarray] = {}
    for _ in range(count):
        name = reader.string()
        (rank,) = reader.unpack("B")
        shape = tuple(int(d) for d in reader.unpack(f"{rank}I")) if rank else ()
        if version >= 4:
            type_id, n_bytes = reader.unpack("BI")
            if type_id >= len(_DTYPES):
                raise Ct2FormatError(f"{name}: unknown dtype id {type_id}")
            dtype = _DTYPES[type_id]
        else:
            item_size, n_items = reader.unpack("BI")
            dtype = _ITEM_SIZE_DTYPES.get(item_size, "")
            if not dtype:
                raise Ct2FormatError(f"{name}: unknown item size {item_size}")
            n_bytes = n_items * item_size
        expected = int(np.prod(shape, dtype=np.int64)) * (2 if dtype == "bfloat16" else 1)
        array = reader.array(dtype, n_bytes, shape)
        if array.size * (2 if dtype == "bfloat16" else 1) != expected:
            raise Ct2FormatError(f"{name}: {n_bytes} bytes do not fit shape {shape}")
        variables[name] = array
    if version >= 3:
        (n_aliases,) = reader.unpack("I")
        for _ in range(n_aliases):
            alias, target = reader.string(), reader.string()
            if target not in variables:
                raise Ct2FormatError(f"alias {alias} points at missing {target}")
            variables[alias] = variables[target]
    config_path = model_dir / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.is_file() else {}
    return Ct2Model(spec, int(revision), int(version), variables, config)


def _float(model: Ct2Model, name: str) -> np.ndarray:
    """A weight as float32, dequantized if CTranslate2 stored it as int8/int16."""
    try:
        value = model.variables[name]
    except KeyError:
        raise Ct2FormatError(f"missing variable {name}") from None
    if value.dtype in (np.int8, np.int16):
        scale = model.variables.get(name + "_scale")
        if scale is None:
            raise Ct2FormatError(f"{name} is quantized but has no {name}_scale")
        scale = np.asarray(scale, dtype=np.float32)
        if scale.ndim == 1:
            scale = scale[:, None]
        return value.astype(np.float32) / scale
    return np.asarray(value, dtype=np.float32)


def _scalar(model: Ct2Model, name: str) -> int:
    return int(np.asarray(model.variables[name]).reshape(-1)[0])


def _count_layers(model: Ct2Model, prefix: str) -> int:
    layers = 0
    while f"{prefix}/layer_{layers}/ffn/linear_0/weight" in model.variables:
        layers += 1
    return layers


def whisper_dims(model: Ct2Model) -> dict[str, int]:
    """openai-whisper ModelDimensions fields read off the tensors' shapes."""
    conv1 = model.variables["encoder/conv1/weight"]
    encoder_pos = model.variables["encoder/position_encodings/encodings"]
    decoder_pos = model.variables["decoder/position_encodings/encodings"]
    embeddings = model.variables["decoder/embeddings/weight"]
    return {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(encoder_pos.shape[0]),
        "n_audio_state": int(encoder_pos.shape[1]),
        "n_audio_head": _scalar(model, "encoder/num_heads"),
        "n_audio_layer": _count_layers(model, "encoder"),
        "n_vocab": int(embeddings.shape[0]),
        "n_text_ctx": int(decoder_pos.shape[0]),
        "n_text_state": int(decoder_pos.shape[1]),
        "n_text_head": _scalar(model, "decoder/num_heads"),
        "n_text_layer": _count_layers(model, "decoder"),
    }


def _linear(
    model: Ct2Model, src: str, dst: str, out: dict[str, np.ndarray], *, bias: bool = True
) -> None:
    out[f"{dst}.weight"] = _float(model, f"{src}/weight")
    if bias:
        out[f"{dst}.bias"] = _float(model, f"{src}/bias")


def _norm(model: Ct2Model, src: str, dst: str, out: dict[str, np.ndarray]) -> None:
    out[f"{dst}.weight"] = _float(model, f"{src}/gamma")
    out[f"{dst}.bias"] = _float(model, f"{src}/beta")


def _split_fused(
    model: Ct2Model, src: str, dst: str, parts: tuple[str, ...], out: dict[str, np.ndarray]
) -> None:
    """Split a fused projection (rows stacked in `parts` order); keys get no bias."""
    weight = _float(model, f"{src}/weight")
    bias = _float(model, f"{src}/bias")
    rows = weight.shape[0] // len(parts)
    if rows * len(parts) != weight.shape[0]:
        raise Ct2FormatError(f"{src}: {weight.shape[0]} rows do not split into {parts}")
    for index, part in enumerate(parts):
        piece = slice(index * rows, (index + 1) * rows)
        out[f"{dst}.{part}.weight"] = weight[piece]
        if part != "key":
            out[f"{dst}.{part}.bias"] = bias[piece]


def _mlp(model: Ct2Model, src: str, dst: str, out: dict[str, np.ndarray]) -> None:
    _norm(model, f"{src}/ffn/layer_norm", f"{dst}.mlp_ln", out)
    _linear(model, f"{src}/ffn/linear_0", f"{dst}.mlp.0", out)
    _linear(model, f"{src}/ffn/linear_1", f"{dst}.mlp.2", out)


def whisper_state_dict(model: Ct2Model) -> dict[str, np.ndarray]:
    """Map every CTranslate2 Whisper tensor onto its openai-whisper state-dict key."""
    if model.spec != "WhisperSpec":
        raise Ct2FormatError(f"not a Whisper model (spec {model.spec!r})")
    dims = whisper_dims(model)
    out: dict[str, np.ndarray] = {}
    for conv in ("conv1", "conv2"):
        _linear(model, f"encoder/{conv}", f"encoder.{conv}", out)
    out["encoder.positional_embedding"] = _float(model, "encoder/position_encodings/encodings")
    for i in range(dims["n_audio_layer"]):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        _norm(model, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln", out)
        _split_fused(
            model, f"{src}/self_attention/linear_0", f"{dst}.attn", ("query", "key", "value"), out
        )
        _linear(model, f"{src}/self_attention/linear_1", f"{dst}.attn.out", out)
        _mlp(model, src, dst, out)
    _norm(model, "encoder/layer_norm", "encoder.ln_post", out)

    out["decoder.token_embedding.weight"] = _float(model, "decoder/embeddings/weight")
    out["decoder.positional_embedding"] = _float(model, "decoder/position_encodings/encodings")
    for i in range(dims["n_text_layer"]):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        _norm(model, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln", out)
        _split_fused(
            model, f"{src}/self_attention/linear_0", f"{dst}.attn", ("query", "key", "value"), out
        )
        _linear(model, f"{src}/self_attention/linear_1", f"{dst}.attn.out", out)
        _norm(model, f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln", out)
        _linear(model, f"{src}/attention/linear_0", f"{dst}.cross_attn.query", out)
        _split_fused(model, f"{src}/attention/linear_1", f"{dst}.cross_attn", ("key", "value"), out)
        _linear(model, f"{src}/attention/linear_2", f"{dst}.cross_attn.out", out)
        _mlp(model, src, dst, out)
    _norm(model, "decoder/layer_norm", "decoder.ln", out)
    return out


def convert_ct2_dir(
    model_dir: Path | str, out_path: Path | str, *, name: str | None = None
) -> Path:
    """Write `model_dir` (CTranslate2 Whisper) as an openai-whisper .pt, atomically.

    The checkpoint holds `dims` and a float32 `model_state_dict` (what
    `whisper.load_model(path)` reads) plus `alignment_heads` from config.json
    and the model `name` when known, so word timestamps work after loading.
    """
    import torch

    model = read_ct2_model(model_dir)
    state = {
        key: torch.from_numpy(np.array(value)) for key, value in whisper_state_dict(model).items()
    }
    checkpoint: dict[str, Any] = {"dims": whisper_dims(model), "model_state_dict": state}
    heads = model.config.get("alignment_heads")
    if heads:
        checkpoint["alignment_heads"] = [[int(layer), int(head)] for layer, head in heads]
    if name:
        checkpoint["name"] = name
    checkpoint["source"] = f"ctranslate2:{Path(model_dir).resolve()}"
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
    try:
        torch.save(checkpoint, tmp)
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    return out_path
