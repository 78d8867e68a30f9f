"""Label agent sentences: `SentenceClassifier.load().predict([(text, context), ...])`.

Owns the arrow sentences -> labels. Inference is deterministic (no dropout,
no gradients) and batching does not change results beyond float noise:
inputs are sorted by length, padded with an attention mask and put back in
order. The default runtime is onnxruntime on a graph built in memory from the
weights (ort_runtime.py); `backend="numpy"` is the same function in numpy
(numpy_runtime.py). Neither imports torch (issue 14: torch alone costs
seconds of start-up per process), and both match the plain-torch runtime
(runtime.py, `backend="torch"`) to ~1e-5 in logits with the same labels on
every frozen evaluation sentence (MODEL_CARD.md "Runtime").
`backend="transformers"` runs the same weights through
AutoModelForSequenceClassification. A weights folder whose manifest lists
`members` (weights.member_dirs) is an ensemble: every member is loaded on the
same backend and the scores are the mean of their softmax scores; on onnxruntime
(the default) the members are one graph whose shared frozen bottom layers run
once (ort_runtime.build_graph). torch is
needed only for training, the "torch"/"transformers" backends and the parity
tests. Lives in whatever process loads it (the pipeline worker); one instance
serves many calls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel.domain import LABELS, CallscopeInputError, Prediction
from models.classifier.inputs import Pair, PairTokenizer, collate
from models.classifier.weights import Manifest, pair_tokenizer

if TYPE_CHECKING:
    import numpy as np
    import torch
    from transformers import PreTrainedModel

# 32 is as fast as 64 on CPU and keeps peak memory ~200 MB lower (allocator caching).
DEFAULT_BATCH_SIZE = 32
DEFAULT_BACKEND = "onnxruntime"
BACKENDS: tuple[str, ...] = ("onnxruntime", "numpy", "torch", "transformers")
TORCH_BACKENDS: tuple[str, ...] = ("torch", "transformers")
# What SentenceClassifier.version gets after the weights' version at int8: a call labelled
# at int8 is told apart from one labelled at float32 (and `reanalyze` relabels it).
INT8_VERSION_SUFFIX = "+int8"
# (input_ids, token_type_ids, attention_mask) -> logits: numpy arrays in and out for the
# numpy backend, torch tensors for the torch ones.
Forward = Callable[..., Any]


class SentenceClassifier:
    """A loaded classifier; `predict` maps (text, context) pairs to Predictions."""

    def __init__(
        self,
        forward: Forward,
        tokenizer: PairTokenizer,
        manifest: Manifest,
        backend: str,
        precision: str = "float32",
        members: Sequence[Forward] = (),
        models: int | None = None,
    ) -> None:
        """`members`: further forwards of an ensemble (weights.member_dirs), same
        tokenizer; their softmax scores are averaged with `forward`'s. `models`: how many
        models `forward` and `members` hold together (default: one each)."""
        self.forward = forward
        self.forwards: tuple[Forward, ...] = (forward, *members)
        # How many models' scores are averaged: an onnxruntime ensemble is one forward.
        self._models = models or len(self.forwards)
        self.tokenizer = tokenizer
        self.manifest = manifest
        self.backend = backend
        self.precision = precision
        self.labels: tuple[str, ...] = LABELS

    @classmethod
    def load(
        cls,
        weights_dir: Path | None = None,
        *,
        num_threads: int | None = None,
        backend: str = DEFAULT_BACKEND,
        precision: str = "float32",
    ) -> SentenceClassifier:
        """Base encoder from its package plus the weights in `weights_dir` (default: the
        active ones: the user's retrained weights if any, else the shipped ones).

        `backend`: "onnxruntime" (default) or "numpy" (neither imports torch),
        "torch" (runtime.py) or "transformers". `num_threads`: the
        onnxruntime session's threads (None: one per physical core); for
        "numpy" it caps the BLAS threads and for "torch" sets torch's intra-op
        threads, both for the whole process (None keeps the process setting).
        `precision`: "float32" (the default) matches the transformers model
        exactly and is batch-invariant; on onnxruntime "int8" is about 2.7x
        faster on one core and a little less accurate (MODEL_CARD "Labelling
        at int8"); on torch "bfloat16"/"auto" trade exactness for speed (see
        runtime.load_runtime); numpy and transformers are float32 only.
        An ensemble folder loads each member the same way (`members`).
        Raises ModelUnavailableError (a CallscopeInputError) saying what to
        install or where weights are expected.
        """
        from models.classifier.weights import member_dirs, read_overlay

        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        models: list[Any] = []  # one forward per member (weights.member_dirs)
        manifests: list[Manifest] = []
        if backend not in TORCH_BACKENDS:
            from models.classifier.numpy_runtime import load_numpy_runtime, set_blas_threads

            allowed = ("float32", "int8") if backend == "onnxruntime" else ("float32",)
            if precision not in allowed:
                raise ValueError(
                    f"precision {precision!r}: the {backend} backend computes in "
                    f'{" or ".join(allowed)} only (bfloat16 needs backend="torch")'
                )
            if backend == "numpy" and num_threads is not None:
                set_blas_threads(num_threads)
            overlays: list[Any] = []
            for folder in member_dirs(weights_dir):
                base_dir, manifest, arrays = read_overlay(folder, framework="np")
                manifests.append(manifest)
                if backend == "onnxruntime":
                    overlays.append(arrays)
                else:
                    models.append(load_numpy_runtime(base_dir, arrays, len(LABELS)))
            if overlays:  # one graph: the members' shared bottom layers run once
                from models.classifier.ort_runtime import load_ort_runtime

                models.append(
                    load_ort_runtime(
                        base_dir, overlays[0], len(LABELS), num_threads, precision, overlays[1:]
                    )
                )
        else:
            import torch

            if num_threads is not None:
                torch.set_num_threads(max(1, num_threads))
            for folder in member_dirs(weights_dir):
                if backend == "transformers":
                    from models.classifier.weights import load_overlay_model

                    model, manifest = load_overlay_model(folder)
                    models.append(_transformers_forward(model))
                else:
                    from models.classifier.runtime import load_runtime

                    base_dir, manifest, overlay = read_overlay(folder)
                    models.append(load_runtime(base_dir, overlay, len(LABELS), precision))
                manifests.append(manifest)
        _check_members(weights_dir, manifests)
        tokenizer = pair_tokenizer(None, manifests[0].max_length)
        return cls(
            models[0], tokenizer, manifests[0], backend, precision, models[1:], len(manifests)
        )

    @classmethod
    def from_transformers(cls, model: PreTrainedModel, manifest: Manifest) -> SentenceClassifier:
        """Wrap an in-memory transformers model (training scores its own result this way)."""
        forward = _transformers_forward(model)
        return cls(forward, pair_tokenizer(None, manifest.max_length), manifest, "transformers")

    @property
    def members(self) -> int:
        """How many models' scores are averaged (1: a single model)."""
        return self._models

    @property
    def version(self) -> str:
        """The weights' version (recorded per call), "+int8" after it when run at int8."""
        suffix = INT8_VERSION_SUFFIX if self.precision == "int8" else ""
        return self.manifest.version + suffix

    @property
    def input_format(self) -> str:
        """How the context text is built (models.analysis.context): plain or call context."""
        return self.manifest.input_format

    def predict(
        self, pairs: Sequence[Pair], batch_size: int = DEFAULT_BATCH_SIZE
    ) -> list[Prediction]:
        """One Prediction per (text, context) pair, in input order; context may be None or ""."""
        predictions = []
        for row in self.probabilities(pairs, batch_size).tolist():
            best = max(range(len(row)), key=row.__getitem__)
            scores = dict(zip(self.labels, row, strict=True))
            predictions.append(Prediction(self.labels[best], row[best], scores))
        return predictions

    def probabilities(
        self, pairs: Sequence[Pair], batch_size: int = DEFAULT_BATCH_SIZE
    ) -> np.ndarray:
        """Softmax scores, shape (len(pairs), 8), columns in LABELS order (float64)."""
        import numpy as np

        logits = self.logits(pairs, batch_size)
        logits -= logits.max(axis=1, keepdims=True)
        scores = np.exp(logits)
        return scores / scores.sum(axis=1, keepdims=True)

    def logits(self, pairs: Sequence[Pair], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """The head's raw scores, shape (len(pairs), 8), LABELS order (float64 copy of float32)."""
        import numpy as np

        _check_pairs(pairs)
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        encoded = self.tokenizer.encode(pairs)
        # Similar lengths share a batch: less padding, same numbers.
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].input_ids))
        out = np.zeros((len(encoded), len(self.labels)), dtype=np.float64)
        batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
        if self.backend not in TORCH_BACKENDS:
            from models.classifier.numpy_runtime import collate_numpy

            for rows in batches:
                arrays = collate_numpy([encoded[i] for i in rows])
                out[rows] = _mean_of_softmax([np.asarray(f(**arrays)) for f in self.forwards])
            return out
        import torch

        with torch.inference_mode():
            for rows in batches:
                tensors = collate([encoded[i] for i in rows])
                out[rows] = _mean_of_softmax([f(**tensors).double().numpy() for f in self.forwards])
        return out


def _mean_of_softmax(outputs: list[np.ndarray]) -> np.ndarray:
    """One model's logits as they are; an ensemble's as the log of its members' mean
    softmax, so that the softmax of the result is that mean (float64)."""
    import numpy as np

    if len(outputs) == 1:
        return outputs[0]
    mean = np.zeros(outputs[0].shape, dtype=np.float64)
    for logits in outputs:
        shifted = np.asarray(logits, dtype=np.float64)
        shifted = np.exp(shifted - shifted.max(axis=1, keepdims=True))
        mean += shifted / shifted.sum(axis=1, keepdims=True)
    return np.log(np.maximum(mean / len(outputs), np.finfo(np.float64).tiny))


def _transformers_forward(model: PreTrainedModel) -> Forward:
    """The logits of an in-memory transformers model (set to eval mode)."""
    model.eval()

    def forward(**batch: Any) -> torch.Tensor:
        return model(**batch).logits

    return forward


def _check_members(weights_dir: Path | None, manifests: Sequence[Manifest]) -> None:
    """An ensemble's members must read their input the same way."""
    from models.classifier.encoder import ModelUnavailableError
    from models.classifier.weights import RETRAIN_HINT

    first = manifests[0]
    for other in manifests[1:]:
        if (other.input_format, other.max_length) != (first.input_format, first.max_length):
            raise ModelUnavailableError(
                str(weights_dir or "classifier weights"),
                f"ensemble member {other.version} reads {other.input_format}/{other.max_length}, "
                f"the first {first.input_format}/{first.max_length}; run `{RETRAIN_HINT}`",
            )


def _check_pairs(pairs: Sequence[Pair]) -> None:
    for index, pair in enumerate(pairs):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise CallscopeInputError(f"pair {index}", "expected (text, context)")
        text, context = pair
        if not isinstance(text, str):
            raise CallscopeInputError(
                f"pair {index}", f"text must be a string, got {type(text).__name__}"
            )
        if context is not None and not isinstance(context, str):
            raise CallscopeInputError(
                f"pair {index}", f"context must be a string or None, got {type(context).__name__}"
            )
