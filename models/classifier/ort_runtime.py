"""Inference runtime on onnxruntime: the forward pass of runtime.py as an ONNX graph built
in memory from the numpy weights (no torch, no `onnx` package, no model file).

Same function as `numpy_runtime.NumpyBertClassifier` (which prepares the
weights: QKV fused, matrices transposed to (in, out)) and as the torch
runtime: embeddings, post-LayerNorm encoder layers with exact GELU (Div, Erf,
Add, Mul, Mul: the pattern onnxruntime fuses into its Gelu kernel), the last
layer for the CLS position only, tanh pooler, linear head. Padded keys get
float32's minimum added to their scores, as in transformers. onnxruntime is
already loaded on the analysis path (faster-whisper's silero VAD runs on it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.classifier.numpy_runtime import F32, NumpyBertClassifier, load_numpy_runtime
from models.classifier.onnx_proto import FLOAT, INT64, Graph, value_info

OPSET = 17  # LayerNormalization
PRECISIONS: tuple[str, ...] = ("float32", "int8")
# int8 weights use 7 bits (+-63), as onnxruntime's reduce_range: x86 CPUs without VNNI
# multiply uint8 x int8 pairs into int16 sums that saturate with the full +-127.
WEIGHT_LEVELS = 63


def _i64(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def quantize_columns(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(int8 weight, float32 scale per output column): symmetric, zero point 0, values
    in [-WEIGHT_LEVELS, WEIGHT_LEVELS]; weight is (in, out) and weight ~ q * scale."""
    scale = np.abs(weight).max(axis=0) / WEIGHT_LEVELS
    scale = np.where(scale > 0, scale, 1.0).astype(F32)
    levels = np.clip(np.rint(weight / scale), -WEIGHT_LEVELS, WEIGHT_LEVELS)
    return levels.astype(np.int8), scale


def shared_layers(models: Sequence[NumpyBertClassifier]) -> int:
    """How many bottom encoder layers every model has the same: an ensemble's members
    fine-tune only their top layers over one frozen base (whose embeddings they must
    share: ValueError otherwise)."""
    first, *others = models
    same_embeddings = all(
        np.array_equal(a, b)
        for other in others
        for a, b in zip(
            (first.word, first.position, first.token_type, *first.emb_ln),
            (other.word, other.position, other.token_type, *other.emb_ln),
            strict=True,
        )
    )
    if not same_embeddings:
        raise ValueError("ensemble members must share their embeddings (one base model)")
    count = 0
    for index, layer in enumerate(first.layers[:-1]):  # the last layer is never shared
        if not all(
            np.array_equal(layer[key], other.layers[index][key])
            for other in others
            for key in layer
        ):
            break
        count += 1
    return count


def build_graph(
    model: NumpyBertClassifier,
    precision: str = "float32",
    members: Sequence[NumpyBertClassifier] = (),
) -> bytes:
    """ModelProto bytes computing `model`'s logits from input_ids, token_type_ids and
    attention_mask (int64, batch x length).

    `precision` "int8": every weight matrix (not the attention products) as int8 per
    output column, the activations quantized per input as it runs (DynamicQuantizeLinear,
    MatMulInteger, Cast, Mul: the pattern onnxruntime fuses into its int8 kernel, as
    its own `quantize_dynamic` writes it); "float32": exact.

    `members`: further models of an ensemble. The embeddings and bottom layers they
    all share (`shared_layers`) run once, each model's own top layers, pooler and head
    on that; the output is then log(mean of the models' softmax), so that its softmax
    is the ensemble's scores (predict.py averages separate members the same way).
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    g = Graph("callscope_sentence_classifier")
    names = ("input_ids", "token_type_ids", "attention_mask")
    g.inputs = [value_info(name, INT64, ("batch", "length")) for name in names]
    hidden, heads, eps = model.hidden, model.heads, model.eps
    head_dim = hidden // heads
    zero, one = g.const("i_zero", _i64(0)), g.const("i_one", _i64(1))
    axis2 = g.const("i_axis2", _i64(2))

    def linear(x: str, weight: np.ndarray, bias: np.ndarray, name: str) -> str:
        if precision == "float32":
            product = g.op("MatMul", x, g.const(f"{name}.w", weight))
        else:
            levels, column_scale = quantize_columns(weight)
            x_levels, x_scale, x_zero = g.node("DynamicQuantizeLinear", [x], 3)
            product = g.op("MatMulInteger", x_levels, g.const(f"{name}.wq", levels), x_zero)
            scale = g.op("Mul", x_scale, g.const(f"{name}.ws", column_scale))
            product = g.op("Mul", g.op("Cast", product, to=FLOAT), scale)
        return g.op("Add", product, g.const(f"{name}.b", bias))

    def layer_norm(x: str, weight: np.ndarray, bias: np.ndarray, name: str) -> str:
        scale, shift = g.const(f"{name}.g", weight), g.const(f"{name}.beta", bias)
        return g.op("LayerNormalization", x, scale, shift, axis=-1, epsilon=eps)

    length = g.op("Shape", "input_ids", start=1, end=2)
    positions = g.op("Slice", g.const("emb.position", model.position), zero, length, zero)
    x = g.op("Add", g.op("Gather", g.const("emb.word", model.word), "input_ids"), positions)
    types = g.op("Gather", g.const("emb.type", model.token_type), "token_type_ids")
    x = layer_norm(g.op("Add", x, types), *model.emb_ln, "emb.ln")
    # (mask - 1) * -min: 0 for real tokens, float32's minimum for padding; (batch, 1, 1, length)
    mask = g.op("Cast", "attention_mask", to=FLOAT)
    mask = g.op("Sub", mask, g.const("f_one", np.array(1.0, F32)))
    mask = g.op("Mul", mask, g.const("f_big", np.array(-np.finfo(F32).min, F32)))
    mask = g.op("Unsqueeze", mask, g.const("i_axes12", _i64(1, 2)))
    split_shape = g.const("qkv_shape", _i64(0, 0, 3, heads, head_dim))
    merge_shape = g.const("ctx_shape", _i64(0, 0, hidden))
    scale = g.const("f_scale", np.array(1.0 / math.sqrt(head_dim), F32))
    sqrt2 = g.const("f_sqrt2", np.array(math.sqrt(2.0), F32))
    half, f_one = g.const("f_half", np.array(0.5, F32)), "f_one"
    cls_index = g.const("i_scalar0", np.array(0))
    last = len(model.layers) - 1

    def encoder_layer(x: str, w: Mapping[str, np.ndarray], p: str, cls_only: bool) -> str:
        qkv = g.op("Reshape", linear(x, w["qkv_w"], w["qkv_b"], f"{p}.qkv"), split_shape)
        qkv = g.op("Transpose", qkv, perm=[2, 0, 3, 1, 4])  # (3, batch, heads, length, dim)
        q, k, v = (g.op("Gather", qkv, g.const(f"{p}.i{j}", np.array(j)), axis=0) for j in range(3))
        if cls_only:  # only the CLS position feeds the pooler
            q = g.op("Slice", q, zero, one, axis2)
            x = g.op("Slice", x, zero, one, one)
        scores = g.op("MatMul", g.op("Mul", q, scale), g.op("Transpose", k, perm=[0, 1, 3, 2]))
        attn = g.op("Softmax", g.op("Add", scores, mask), axis=-1)
        ctx = g.op("Transpose", g.op("MatMul", attn, v), perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", ctx, merge_shape)
        out = g.op("Add", linear(ctx, w["out_w"], w["out_b"], f"{p}.out"), x)
        x = layer_norm(out, w["ln1_w"], w["ln1_b"], f"{p}.ln1")
        inner = linear(x, w["in_w"], w["in_b"], f"{p}.in")
        erf = g.op("Erf", g.op("Div", inner, sqrt2))
        gelu = g.op("Mul", g.op("Mul", inner, g.op("Add", erf, f_one)), half)
        out = g.op("Add", linear(gelu, w["ff_w"], w["ff_b"], f"{p}.ff"), x)
        return layer_norm(out, w["ln2_w"], w["ln2_b"], f"{p}.ln2")

    def top(x: str, member: NumpyBertClassifier, first: int, prefix: str) -> str:
        """The member's layers from `first` on, its pooler and head: its logits."""
        for i in range(first, last + 1):
            x = encoder_layer(x, member.layers[i], f"{prefix}layer{i}", i == last)
        cls = g.op("Gather", x, cls_index, axis=1)
        pooled = g.op("Tanh", linear(cls, *member.pooler, f"{prefix}pooler"))
        return linear(pooled, *member.head, f"{prefix}head")

    everyone = [model, *members]
    shared = shared_layers(everyone) if members else 0
    for i in range(shared):
        x = encoder_layer(x, model.layers[i], f"layer{i}", False)
    if not members:
        logits = top(x, model, 0, "")
    else:
        probabilities = [
            g.op("Softmax", top(x, m, shared, f"m{j}." if j else ""), axis=-1)
            for j, m in enumerate(everyone)
        ]
        total = probabilities[0]
        for other in probabilities[1:]:
            total = g.op("Add", total, other)
        mean = g.op("Div", total, g.const("f_members", np.array(len(everyone), F32)))
        # softmax(log p) = p: the classifier's usual softmax; the floor keeps log finite
        tiny = g.const("f_tiny", np.array(np.finfo(F32).tiny, F32))
        logits = g.op("Log", g.op("Max", mean, tiny))
    g.outputs = [value_info(logits, FLOAT, ("batch", model.head[1].shape[0]))]
    return g.model(OPSET)


class OrtBertClassifier:
    """An onnxruntime session over `build_graph`'s bytes; called like NumpyBertClassifier."""

    backend = "onnxruntime"

    def __init__(
        self, graph: bytes, num_threads: int | None = None, one_by_one: bool = False
    ) -> None:
        """`one_by_one`: run each row alone without its padding (int8: the activations'
        quantization range is taken over the whole input, so a sentence would otherwise
        depend on what shares its batch)."""
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = max(0, num_threads or 0)  # 0: one per physical core
        options.inter_op_num_threads = 1
        # No busy-waiting worker threads: the machine is shared with Whisper and the UI.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        self.output = self.session.get_outputs()[0].name
        self.one_by_one = one_by_one

    def __call__(self, **arrays: Any) -> np.ndarray:
        if not self.one_by_one:
            return np.asarray(self.session.run([self.output], arrays)[0])
        rows = []
        for row, length in enumerate(np.asarray(arrays["attention_mask"]).sum(axis=1)):
            alone = {
                k: np.asarray(v)[row : row + 1, : max(1, int(length))] for k, v in arrays.items()
            }
            rows.append(np.asarray(self.session.run([self.output], alone)[0]))
        return np.concatenate(rows)


def load_ort_runtime(
    base_dir: Path,
    overlay: Mapping[str, np.ndarray],
    num_labels: int,
    num_threads: int | None = None,
    precision: str = "float32",
    member_overlays: Sequence[Mapping[str, np.ndarray]] = (),
) -> OrtBertClassifier:
    """The classifier on onnxruntime from the base folder's weights plus the overlay
    (and an ensemble's further members' overlays: one graph, see build_graph).

    `num_threads`: the session's intra-op threads (None: one per physical core).
    `precision`: "float32" or "int8" (build_graph).
    The numpy weights are dropped once the graph bytes exist, before the
    session copies them (peak memory).
    """
    members = [load_numpy_runtime(base_dir, arrays, num_labels) for arrays in member_overlays]
    graph = build_graph(load_numpy_runtime(base_dir, overlay, num_labels), precision, members)
    del members
    return OrtBertClassifier(graph, num_threads, one_by_one=precision == "int8")
