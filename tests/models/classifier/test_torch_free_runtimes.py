"""The torch-free runtimes (onnxruntime, the default, and numpy) give the torch runtime's
labels on every frozen evaluation sentence, logits within 1e-4; onnxruntime at int8 keeps
the labels of nearly all and a sentence's scores do not depend on its batch; their pieces
(erf, GELU, padding, int8 weights, the hand-written ONNX bytes) behave."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from models.classifier.numpy_runtime import collate_numpy, erf, gelu
from models.classifier.ort_runtime import WEIGHT_LEVELS, quantize_columns
from models.classifier.predict import SentenceClassifier
from models.classifier.run_eval import FIRST_INDEPENDENT_DIR as EVAL_DIR
from models.classifier.run_eval import eval_files, in_context

LOGIT_TOLERANCE = 1e-4


def frozen_pairs(input_format: str) -> list[tuple[str, str | None]]:
    """Every sentence of models/data/eval_independent (standalone and in its call's context),
    as the model sees it."""
    calls, standalone = eval_files(EVAL_DIR)
    rows = standalone + in_context(calls)
    return [(text, context.render(input_format)) for text, context, _ in rows]


@pytest.fixture(scope="module")
def torch_classifier() -> SentenceClassifier:
    return SentenceClassifier.load(backend="torch", precision="float32")


@pytest.fixture(scope="module")
def numpy_classifier() -> SentenceClassifier:
    return SentenceClassifier.load(backend="numpy")


@pytest.fixture(scope="module")
def int8_classifier() -> SentenceClassifier:
    return SentenceClassifier.load(precision="int8")


@pytest.fixture(params=["onnxruntime", "numpy"])
def torch_free(
    request: pytest.FixtureRequest,
    classifier: SentenceClassifier,
    numpy_classifier: SentenceClassifier,
) -> SentenceClassifier:
    return classifier if request.param == "onnxruntime" else numpy_classifier


def test_default_backend_is_onnxruntime_at_float32(classifier: SentenceClassifier) -> None:
    assert (classifier.backend, classifier.precision) == ("onnxruntime", "float32")


def test_int8_is_told_apart_in_the_version(
    classifier: SentenceClassifier, int8_classifier: SentenceClassifier
) -> None:
    """A call labelled at int8 records it, and a later float32 `reanalyze` relabels it."""
    assert int8_classifier.version == classifier.version + "+int8"


@pytest.mark.slow
def test_int8_keeps_the_labels_of_the_frozen_sentences(
    int8_classifier: SentenceClassifier, torch_classifier: SentenceClassifier
) -> None:
    """Measured 98.5 % of 1,004 (the flips are borderline sentences); a broken int8 graph
    (wrong scales, saturated products) changes far more."""
    pairs = frozen_pairs(int8_classifier.input_format)
    fast = int8_classifier.probabilities(pairs)
    exact = torch_classifier.probabilities(pairs)
    assert (fast.argmax(axis=1) == exact.argmax(axis=1)).mean() >= 0.97
    assert np.abs(fast - exact).mean() < 0.01


def test_int8_scores_do_not_depend_on_the_batch(int8_classifier: SentenceClassifier) -> None:
    """int8 quantizes each input's activations over the input, so rows run one by one: the
    same sentence gets the same scores alone, batched, or beside a long one."""
    pairs = frozen_pairs(int8_classifier.input_format)[::25]
    alone = np.concatenate([int8_classifier.logits([pair]) for pair in pairs])
    for batch_size in (8, 32):
        np.testing.assert_array_equal(int8_classifier.logits(pairs, batch_size), alone)


def test_int8_weights_per_column() -> None:
    rng = np.random.default_rng(0)
    weight = rng.normal(size=(16, 5)).astype(np.float32)
    weight[:, 3] = 0.0  # an all-zero column keeps a usable scale
    weight[:, 4] *= 100.0  # a large column does not coarsen the others
    levels, scale = quantize_columns(weight)
    assert levels.dtype == np.int8 and scale.dtype == np.float32
    assert np.abs(levels).max() == WEIGHT_LEVELS  # 7 bits: no int16 saturation without VNNI
    assert (levels[:, 3] == 0).all() and scale[3] > 0
    assert (np.abs(levels * scale - weight) <= scale / 2 + 1e-6).all()


def test_int8_only_on_onnxruntime() -> None:
    with pytest.raises(ValueError, match="precision"):
        SentenceClassifier.load(backend="numpy", precision="int8")


@pytest.mark.slow
def test_same_labels_as_torch_on_every_frozen_sentence(
    torch_free: SentenceClassifier, torch_classifier: SentenceClassifier
) -> None:
    classifier = torch_free
    pairs = frozen_pairs(classifier.input_format)
    assert len(pairs) >= 1000
    ours = classifier.logits(pairs)
    reference = torch_classifier.logits(pairs)
    assert np.abs(ours - reference).max() < LOGIT_TOLERANCE
    assert (ours.argmax(axis=1) == reference.argmax(axis=1)).all()
    assert [p.label for p in classifier.predict(pairs)] == [
        p.label for p in torch_classifier.predict(pairs)
    ]


def test_same_logits_as_torch_one_by_one_and_batched(
    torch_free: SentenceClassifier, torch_classifier: SentenceClassifier
) -> None:
    classifier = torch_free
    pairs = frozen_pairs(classifier.input_format)[::50]
    reference = torch_classifier.logits(pairs)
    for batch_size in (1, 8, 32):
        np.testing.assert_allclose(
            classifier.logits(pairs, batch_size), reference, atol=LOGIT_TOLERANCE
        )


@pytest.mark.parametrize("backend", ["onnxruntime", "numpy"])
def test_retrained_weights_folder_is_what_runs(
    classifier: SentenceClassifier, tmp_path: Path, backend: str
) -> None:
    """A retrain writes a new overlay elsewhere (the user data folder); the graph is built
    from whatever weights load() reads, nothing cached to rebuild: a changed head changes
    the labels."""
    import shutil

    from safetensors.numpy import load_file, save_file

    from models.classifier.weights import DEFAULT_WEIGHTS_DIR, OVERLAY_FILE, member_dirs

    retrained = tmp_path / "weights"
    shutil.copytree(DEFAULT_WEIGHTS_DIR, retrained)
    for folder in member_dirs(retrained):  # every model of the ensemble
        arrays = load_file(str(folder / OVERLAY_FILE))
        arrays["classifier.bias"] = arrays["classifier.bias"].copy()
        arrays["classifier.bias"][0] += 100.0  # everything becomes impact_question
        save_file(arrays, str(folder / OVERLAY_FILE))
    changed = SentenceClassifier.load(retrained, backend=backend)
    pairs = [("I'll send a technician tomorrow.", None), ("Anything else?", None)]
    assert [p.label for p in changed.predict(pairs)] == ["impact_question"] * 2
    assert [p.label for p in classifier.predict(pairs)] != ["impact_question"] * 2


def test_erf_and_gelu_match_torch() -> None:
    x = np.linspace(-10, 10, 200_001, dtype=np.float32)
    reference = torch.from_numpy(x)
    np.testing.assert_allclose(erf(x), torch.erf(reference).numpy(), rtol=0, atol=1e-6)
    np.testing.assert_allclose(
        gelu(x), torch.nn.functional.gelu(reference).numpy(), rtol=1e-5, atol=2e-6
    )
    assert erf(x).dtype == np.float32


def test_padding_does_not_change_a_sentence(torch_free: SentenceClassifier) -> None:
    classifier = torch_free
    short = ("Anything else?", None)
    long = ("Can you tell me when the card reader first stopped taking payments?", "It broke.")
    alone = classifier.logits([short])
    padded = classifier.logits([short, long], batch_size=2)  # short is right-padded here
    np.testing.assert_allclose(padded[:1], alone, atol=1e-5)


def test_collate_numpy_pads_right_with_mask() -> None:
    from models.classifier.inputs import Encoded, collate

    batch = [Encoded([101, 7, 102], [0, 0, 0]), Encoded([101, 102], [0, 0])]
    ours = collate_numpy(batch)
    theirs = collate(batch)
    for name, array in ours.items():
        assert array.dtype == np.int64
        np.testing.assert_array_equal(array, theirs[name].numpy())


def test_onnx_bytes_round_trip_through_onnxruntime() -> None:
    """The protobuf writer: a tiny graph with every attribute kind used, run by onnxruntime."""
    import onnxruntime as ort

    from models.classifier.onnx_proto import FLOAT, Graph, value_info

    g = Graph("tiny")
    g.inputs = [value_info("x", FLOAT, ("batch", 3))]
    w = np.arange(6, dtype=np.float32).reshape(3, 2) - 2.5
    y = g.op("MatMul", "x", g.const("w", w))  # negative floats in raw data
    y = g.op("Transpose", g.op("Softmax", y, axis=-1), perm=[1, 0])  # int, ints
    y = g.op("LayerNormalization", y, g.const("s", np.ones(1, np.float32)),
             g.const("b", np.zeros(1, np.float32)), axis=-1, epsilon=1e-5)  # float  # fmt: skip
    g.outputs = [value_info(y, FLOAT, (2, "batch"))]
    session = ort.InferenceSession(g.model(17), providers=["CPUExecutionProvider"])
    x = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]], dtype=np.float32)
    logits = x @ w
    soft = np.exp(logits - logits.max(axis=1, keepdims=True))
    soft = (soft / soft.sum(axis=1, keepdims=True)).T
    centred = soft - soft.mean(axis=1, keepdims=True)
    expected = centred / np.sqrt((centred**2).mean(axis=1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(session.run(None, {"x": x})[0], expected, atol=1e-5)
