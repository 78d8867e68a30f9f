"""Inference runtime in numpy: the same forward pass as runtime.py, with no torch.

The analysis path must not import torch (issue 14: seconds of start-up per
process). This module computes the function of `runtime.MiniBertClassifier`
in float32 from the same tensors (base weights from the package, the overlay
on top, both read with safetensors' numpy loader): embeddings, post-LayerNorm
encoder layers with exact GELU, the last layer for the CLS position only,
tanh pooler, linear head. It is `backend="numpy"` and also prepares the
weights the default onnxruntime graph is built from (ort_runtime.py). Matrix
products go to numpy's BLAS; only rounding and summation order differ from
torch, so logits agree to ~3e-5 (tests/models/classifier/
test_torch_free_runtimes.py checks every frozen evaluation sentence).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from models.classifier.encoder import WEIGHTS_FILE
from models.classifier.inputs import PAD_TOKEN_ID, Encoded

F32 = np.float32
_MASKED = np.finfo(F32).min  # added to padded keys' scores (their weight underflows to 0)

# erf(x) = x P(x^2) / Q(x^2) on [-4, 4] (Eigen's / XLA's float32 erf; |error| < 5e-7
# against float64, as torch's own float32 erf). Beyond 4, erf is 1 to float32 precision.
_ERF_P = (
    -2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06,
    -5.69250639462346e-05, -7.34990630326855e-04, -2.95459980854025e-03,
    -1.60960333262415e-02,
)  # fmt: skip
_ERF_Q = (
    -1.45660718464996e-05, -2.13374055278905e-04, -1.68282697438203e-03,
    -7.37332916720468e-03, -1.42647390514189e-02,
)  # fmt: skip


def _poly(x2: np.ndarray, coeffs: tuple[float, ...]) -> np.ndarray:
    out = x2 * F32(coeffs[0])
    out += F32(coeffs[1])
    for c in coeffs[2:]:
        out *= x2
        out += F32(c)
    return out


def erf(x: np.ndarray) -> np.ndarray:
    """Elementwise error function in float32 (numpy has none; scipy costs 0.2 s to import)."""
    x = np.clip(x, F32(-4.0), F32(4.0))
    x2 = x * x
    p = _poly(x2, _ERF_P)
    p *= x
    p /= _poly(x2, _ERF_Q)
    return p


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact GELU, x * Phi(x), as torch's F.gelu (approximate='none')."""
    out = erf(x * F32(1.0 / math.sqrt(2.0)))
    out += F32(1.0)
    out *= x
    out *= F32(0.5)
    return out


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(var + F32(eps)) * weight + bias


def set_blas_threads(threads: int) -> None:
    """Cap numpy's BLAS threads for the whole process (as torch.set_num_threads does)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=max(1, threads), user_api="blas")


def collate_numpy(batch: Sequence[Encoded]) -> dict[str, np.ndarray]:
    """Right-pad a batch into int64 input_ids, token_type_ids and attention_mask arrays."""
    width = max(len(item.input_ids) for item in batch)
    ids = np.full((len(batch), width), PAD_TOKEN_ID, dtype=np.int64)
    types = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.int64)
    for row, item in enumerate(batch):
        n = len(item.input_ids)
        ids[row, :n] = item.input_ids
        types[row, :n] = item.token_type_ids
        mask[row, :n] = 1
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}


class NumpyBertClassifier:
    """BERT encoder + pooler + classifier head over a HF-named state dict of numpy arrays."""

    backend = "numpy"

    def __init__(self, config: Mapping, state: Mapping[str, np.ndarray], num_labels: int) -> None:
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"unsupported activation {config.get('hidden_act')!r}")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.hidden = int(config["hidden_size"])
        n_layers = int(config["num_hidden_layers"])

        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(state[name], dtype=F32)

        def weight_t(name: str) -> np.ndarray:
            """(in, out) layout: x @ w_t is F.linear's x @ w.T."""
            return np.ascontiguousarray(get(name).T)

        self.word = get("embeddings.word_embeddings.weight")
        self.position = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")
        self.emb_ln = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        self.pooler = (weight_t("pooler.dense.weight"), get("pooler.dense.bias"))
        self.head = (weight_t("classifier.weight"), get("classifier.bias"))
        if self.head[0].shape[1] != num_labels:
            raise ValueError("classifier head does not match the label count")
        self.layers: list[dict[str, np.ndarray]] = []
        for i in range(n_layers):
            p = f"encoder.layer.{i}."
            names = ("query", "key", "value")
            qkv_w = np.concatenate([get(f"{p}attention.self.{n}.weight") for n in names])
            qkv_b = np.concatenate([get(f"{p}attention.self.{n}.bias") for n in names])
            self.layers.append(
                {
                    "qkv_w": np.ascontiguousarray(qkv_w.T),
                    "qkv_b": qkv_b,
                    "out_w": weight_t(f"{p}attention.output.dense.weight"),
                    "out_b": get(f"{p}attention.output.dense.bias"),
                    "ln1_w": get(f"{p}attention.output.LayerNorm.weight"),
                    "ln1_b": get(f"{p}attention.output.LayerNorm.bias"),
                    "in_w": weight_t(f"{p}intermediate.dense.weight"),
                    "in_b": get(f"{p}intermediate.dense.bias"),
                    "ff_w": weight_t(f"{p}output.dense.weight"),
                    "ff_b": get(f"{p}output.dense.bias"),
                    "ln2_w": get(f"{p}output.LayerNorm.weight"),
                    "ln2_b": get(f"{p}output.LayerNorm.bias"),
                }
            )

    def __call__(
        self, input_ids: np.ndarray, token_type_ids: np.ndarray, attention_mask: np.ndarray
    ) -> np.ndarray:
        """Logits (batch, num_labels), float32."""
        hidden, eps, heads = self.hidden, self.eps, self.heads
        batch, length = input_ids.shape
        head_dim = hidden // heads
        x = self.word[input_ids] + self.position[:length] + self.token_type[token_type_ids]
        x = layer_norm(x, *self.emb_ln, eps)
        bias = None  # additive key mask; None when nothing is padded
        if not attention_mask.all():
            bias = np.where(attention_mask[:, None, None, :] != 0, F32(0.0), _MASKED)
        scale = F32(1.0 / math.sqrt(head_dim))
        last = len(self.layers) - 1
        for i, w in enumerate(self.layers):
            qkv = x @ w["qkv_w"] + w["qkv_b"]
            qkv = qkv.reshape(batch, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (batch, heads, length, head_dim)
            if i == last:
                # Only the CLS position feeds the pooler (same numbers, ~15 % less work).
                q, x = q[:, :, :1], x[:, :1]
            scores = (q * scale) @ k.transpose(0, 1, 3, 2)
            if bias is not None:
                scores = scores + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, q.shape[2], hidden)
            x = layer_norm(ctx @ w["out_w"] + w["out_b"] + x, w["ln1_w"], w["ln1_b"], eps)
            inner = gelu(x @ w["in_w"] + w["in_b"])
            x = layer_norm(inner @ w["ff_w"] + w["ff_b"] + x, w["ln2_w"], w["ln2_b"], eps)
        pooled = np.tanh(x[:, 0] @ self.pooler[0] + self.pooler[1])
        return pooled @ self.head[0] + self.head[1]


def load_numpy_runtime(
    base_dir: Path, overlay: Mapping[str, np.ndarray], num_labels: int
) -> NumpyBertClassifier:
    """The classifier from the base folder's weights with the overlay's arrays on top.

    Overlay names are the transformers model's (`bert.encoder.layer.5...`,
    `classifier.weight`); base names lack the `bert.` prefix.
    """
    from safetensors import safe_open

    config = json.loads((base_dir / "config.json").read_text(encoding="utf-8"))
    state = {name.removeprefix("bert."): array for name, array in overlay.items()}
    with safe_open(str(base_dir / WEIGHTS_FILE), framework="np") as handle:
        for name in handle.keys():  # noqa: SIM118  (safe_open has no __iter__)
            if name not in state and not name.endswith("position_ids"):
                state[name] = handle.get_tensor(name)
    return NumpyBertClassifier(config, state, num_labels)
