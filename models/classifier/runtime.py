"""Inference runtime: the BertForSequenceClassification forward pass in plain torch.

Training uses transformers' `AutoModelForSequenceClassification`; shipping
inference through it costs about 2.5 s of extra imports and 200 MB of memory
(transformers 5 pulls in torch._dynamo, sympy, scipy, torch.distributed), which
alone breaks the load-time and memory budget. This module computes the same
function from the same tensors (base weights from the package plus the
overlay): embeddings, post-LayerNorm encoder layers with exact GELU, CLS
pooler, linear head (the last layer computed for the CLS position only, the one
the pooler reads). No dropout exists here, so it is deterministic. A test
checks its logits against the transformers model to 1e-5.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

from models.classifier.encoder import WEIGHTS_FILE


def _module() -> type:
    import torch
    import torch.nn.functional as F

    class MiniBertClassifier(torch.nn.Module):
        """BERT encoder + pooler + classifier head, weights given as a HF-named state dict."""

        def __init__(
            self,
            config: dict,
            state: dict[str, torch.Tensor],
            num_labels: int,
            matmul_dtype: torch.dtype = torch.float32,
        ) -> None:
            super().__init__()
            self.matmul_dtype = matmul_dtype
            if config.get("hidden_act", "gelu") != "gelu":
                raise ValueError(f"unsupported activation {config.get('hidden_act')!r}")
            self.heads = int(config["num_attention_heads"])
            self.eps = float(config.get("layer_norm_eps", 1e-12))
            self.n_layers = int(config["num_hidden_layers"])
            self.hidden = int(config["hidden_size"])
            self.t: dict[str, torch.Tensor] = {}
            get = state.__getitem__
            for name in (
                "embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight",
                "embeddings.LayerNorm.bias",
                "pooler.dense.weight",
                "pooler.dense.bias",
                "classifier.weight",
                "classifier.bias",
            ):
                self.t[name] = get(name).float()
            if self.t["classifier.weight"].shape[0] != num_labels:
                raise ValueError("classifier head does not match the label count")
            self.layers: list[dict[str, torch.Tensor]] = []
            for i in range(self.n_layers):
                p = f"encoder.layer.{i}."
                # One (3H, H) matrix for query, key and value: one matmul, same dot products.
                qkv_w = torch.cat(
                    [get(f"{p}attention.self.{n}.weight") for n in ("query", "key", "value")]
                )
                qkv_b = torch.cat(
                    [get(f"{p}attention.self.{n}.bias") for n in ("query", "key", "value")]
                )
                mm = matmul_dtype
                self.layers.append(
                    {
                        "qkv_w": qkv_w.to(mm).contiguous(),
                        "qkv_b": qkv_b.float(),
                        "out_w": get(f"{p}attention.output.dense.weight").to(mm),
                        "out_b": get(f"{p}attention.output.dense.bias").float(),
                        "ln1_w": get(f"{p}attention.output.LayerNorm.weight").float(),
                        "ln1_b": get(f"{p}attention.output.LayerNorm.bias").float(),
                        "in_w": get(f"{p}intermediate.dense.weight").to(mm),
                        "in_b": get(f"{p}intermediate.dense.bias").float(),
                        "ff_w": get(f"{p}output.dense.weight").to(mm),
                        "ff_b": get(f"{p}output.dense.bias").float(),
                        "ln2_w": get(f"{p}output.LayerNorm.weight").float(),
                        "ln2_b": get(f"{p}output.LayerNorm.bias").float(),
                    }
                )

        def linear(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
            """x @ w.T + b: the product in the weights' dtype, the sum and result in float32."""
            if w.dtype == torch.float32:
                return F.linear(x, w, b)
            return F.linear(x.to(w.dtype), w).float() + b

        def forward(
            self,
            input_ids: torch.Tensor,
            token_type_ids: torch.Tensor,
            attention_mask: torch.Tensor,
        ) -> torch.Tensor:
            t, hidden, eps, linear = self.t, self.hidden, self.eps, self.linear
            batch, length = input_ids.shape
            x = (
                t["embeddings.word_embeddings.weight"][input_ids]
                + t["embeddings.position_embeddings.weight"][:length]
                + t["embeddings.token_type_embeddings.weight"][token_type_ids]
            )
            x = F.layer_norm(
                x, (hidden,), t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"], eps
            )
            # Padding keys are masked out; None when nothing is padded (the fast path).
            mask = None
            if not bool(attention_mask.all()):
                mask = attention_mask.bool()[:, None, None, :]
            head_dim = hidden // self.heads
            last = len(self.layers) - 1
            for i, w in enumerate(self.layers):
                qkv = linear(x, w["qkv_w"], w["qkv_b"])
                q, k, v = (
                    part.view(batch, length, self.heads, head_dim).transpose(1, 2)
                    for part in qkv.split(hidden, dim=-1)
                )
                if i == last:
                    # Only the CLS position feeds the pooler: the last layer's queries,
                    # residuals and feed-forward run for it alone (same numbers, ~15 % less work).
                    q, x = q[:, :, :1], x[:, :1]
                ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
                ctx = ctx.transpose(1, 2).reshape(batch, q.shape[2], hidden)
                x = F.layer_norm(
                    linear(ctx, w["out_w"], w["out_b"]) + x,
                    (hidden,),
                    w["ln1_w"],
                    w["ln1_b"],
                    eps,
                )
                inner = F.gelu(linear(x, w["in_w"], w["in_b"]))
                x = F.layer_norm(
                    linear(inner, w["ff_w"], w["ff_b"]) + x,
                    (hidden,),
                    w["ln2_w"],
                    w["ln2_b"],
                    eps,
                )
            pooled = torch.tanh(F.linear(x[:, 0], t["pooler.dense.weight"], t["pooler.dense.bias"]))
            return F.linear(pooled, t["classifier.weight"], t["classifier.bias"])

    return MiniBertClassifier


PRECISIONS: tuple[str, ...] = ("float32", "bfloat16", "auto")


def bf16_matmul_is_fast() -> bool:
    """True where the CPU multiplies bfloat16 natively (AVX512-BF16 or AMX)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def matmul_dtype(precision: str) -> torch.dtype:
    """The dtype of the encoder's matrix products for a `precision` setting."""
    import torch

    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    if precision == "bfloat16" or (precision == "auto" and bf16_matmul_is_fast()):
        return torch.bfloat16
    return torch.float32


def load_runtime(
    base_dir: Path, overlay: dict[str, torch.Tensor], num_labels: int, precision: str = "float32"
) -> torch.nn.Module:
    """The classifier from the base folder's weights with the overlay's tensors on top.

    `precision`: "float32" (default) computes exactly what the transformers
    model does, and a sentence's scores do not depend on its batch (to ~1e-6).
    "bfloat16" runs the encoder's matrix products in bfloat16 (embeddings,
    attention, LayerNorm, pooler and head stay float32): ~1.6x the sentences per
    CPU-second on CPUs with native bfloat16 and the same test-split labels, but
    products rounded to bfloat16 turn float noise from padding into score
    differences of up to ~3e-3 between batch sizes. "auto" = bfloat16 where the
    CPU has it natively, else float32.

    Overlay names are the transformers model's (`bert.encoder.layer.5...`,
    `classifier.weight`); base names lack the `bert.` prefix.
    """
    from safetensors import safe_open

    config = json.loads((base_dir / "config.json").read_text(encoding="utf-8"))
    state = {name.removeprefix("bert."): tensor for name, tensor in overlay.items()}
    with safe_open(str(base_dir / WEIGHTS_FILE), framework="pt") as handle:
        for name in handle.keys():  # noqa: SIM118  (safe_open has no __iter__)
            if name not in state and not name.endswith("position_ids"):
                state[name] = handle.get_tensor(name)
    module = _module()(config, state, num_labels, matmul_dtype(precision))
    return module.eval()
