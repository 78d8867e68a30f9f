"""The plain-torch runtime (and the default numpy one) compute what the transformers model
computes; so does the cached-bottom training path."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest
import torch

from models.classifier.frozen import frozen_states, top_logits
from models.classifier.inputs import collate
from models.classifier.predict import SentenceClassifier

if TYPE_CHECKING:
    from transformers import PreTrainedModel

    from models.classifier.weights import Manifest

PAIRS: list[tuple[str, str | None]] = [
    ("Did it go through?", "I've resubmitted the payment."),
    ("How is this affecting your business?", None),
    ("Thanks for calling, have a great day.", ""),
    ("word " * 90, "and a long customer sentence " * 10),  # truncated to max_length
    ("Can I have your account number?", "Hi, my card was declined."),
]


def test_float32_runtime_matches_transformers() -> None:
    # The shipped weights are an ensemble: every member runs through transformers too.
    reference = SentenceClassifier.load(backend="transformers")
    ours = SentenceClassifier.load(backend="torch", precision="float32")
    assert reference.version == ours.version and reference.members == ours.members
    np.testing.assert_allclose(ours.probabilities(PAIRS), reference.probabilities(PAIRS), atol=1e-5)


@pytest.mark.parametrize("backend", ["onnxruntime", "numpy"])
def test_torch_free_runtimes_match_transformers(backend: str) -> None:
    reference = SentenceClassifier.load(backend="transformers")
    classifier = SentenceClassifier.load(backend=backend)
    assert classifier.version == reference.version and classifier.members == reference.members
    np.testing.assert_allclose(classifier.logits(PAIRS), reference.logits(PAIRS), atol=1e-4)
    np.testing.assert_allclose(
        classifier.probabilities(PAIRS), reference.probabilities(PAIRS), atol=1e-5
    )


def test_bfloat16_products_keep_the_labels() -> None:
    exact = SentenceClassifier.load(backend="torch", precision="float32").probabilities(PAIRS)
    fast = SentenceClassifier.load(backend="torch", precision="bfloat16")
    assert (fast.probabilities(PAIRS).argmax(axis=1) == exact.argmax(axis=1)).all()
    np.testing.assert_allclose(fast.probabilities(PAIRS), exact, atol=0.05)
    # Batch size may move bfloat16 scores a little, never the label.
    one_by_one = np.stack([fast.probabilities([pair])[0] for pair in PAIRS])
    assert (one_by_one.argmax(axis=1) == exact.argmax(axis=1)).all()


def test_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="precision"):
        SentenceClassifier.load(backend="torch", precision="int4")
    with pytest.raises(ValueError, match="precision"):
        SentenceClassifier.load(precision="bfloat16")  # numpy: float32 only
    with pytest.raises(ValueError, match="backend"):
        SentenceClassifier.load(backend="onnx")


def test_cached_bottom_plus_top_equals_full_forward(
    classifier: SentenceClassifier, hf_model: tuple[PreTrainedModel, Manifest]
) -> None:
    model, manifest = hf_model
    encoded = classifier.tokenizer.encode(PAIRS)
    with torch.inference_mode():
        full = model(**collate(encoded)).logits
        split = top_logits(
            model, frozen_states(model, encoded, manifest.top_layers), manifest.top_layers
        )
    torch.testing.assert_close(split, full, atol=1e-5, rtol=1e-5)
    assert len(model.bert.encoder.layer) == 6  # the slice is undone
    assert type(model.bert.embeddings).__name__ == "BertEmbeddings"
