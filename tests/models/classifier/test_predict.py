"""SentenceClassifier: loading, output shape, batching, determinism, the context effect."""

from __future__ import annotations

import numpy as np
import pytest

from kernel.domain import LABELS, CallscopeInputError
from models.classifier.predict import SentenceClassifier

# Canonical TAXONOMY.md cases: the same question reads differently after a fix.
FIX_CONTEXTS = [
    ("Did it go through?", "I've resubmitted the payment."),
    ("Is the light green now?", "Okay, I've restarted the router like you said."),
    ("Does the page load now?", "Right, I've cleared the cache and restarted the browser."),
]
SYMPTOM_CONTEXTS = [
    ("Is the light green now?", "My internet keeps dropping every few minutes."),
    ("Does the page load now?", "The website has been broken since this morning."),
]
CANONICAL = [
    ("How is this affecting your business?", "impact_question"),
    ("What seems to be the problem?", "problem_question"),
    ("Is there anything else I can help you with?", "closing"),
    ("Can I have your account number?", "other_question"),
    ("I'll send a technician tomorrow morning.", "resolution_offer"),
    ("I need to keep this quick.", "rush_cue"),
    ("I'm sorry to hear that.", "statement"),
]
MIXED: list[tuple[str, str | None]] = [
    *FIX_CONTEXTS,
    *SYMPTOM_CONTEXTS,
    *((text, None) for text, _ in CANONICAL),
    ("Let me pull up your account.", ""),
    ("So this is costing you customers.", "We've had no card payments all weekend."),
]


def test_loads_base_from_package_plus_shipped_weights(classifier: SentenceClassifier) -> None:
    assert classifier.version == classifier.manifest.version
    assert classifier.version.startswith("minilm-l6-top")
    assert classifier.labels == LABELS


def test_scores_cover_all_labels_and_sum_to_one(classifier: SentenceClassifier) -> None:
    for prediction in classifier.predict(MIXED):
        assert list(prediction.scores) == list(LABELS)
        assert sum(prediction.scores.values()) == pytest.approx(1.0, abs=1e-9)
        assert prediction.confidence == max(prediction.scores.values())
        assert prediction.scores[prediction.label] == prediction.confidence


def test_batching_equals_one_by_one(classifier: SentenceClassifier) -> None:
    batched = classifier.probabilities(MIXED, batch_size=64)
    small = classifier.probabilities(MIXED, batch_size=3)
    single = np.stack([classifier.probabilities([pair])[0] for pair in MIXED])
    np.testing.assert_allclose(batched, single, atol=1e-4, rtol=0)
    np.testing.assert_allclose(small, single, atol=1e-4, rtol=0)


def test_deterministic_across_calls_and_loads(classifier: SentenceClassifier) -> None:
    first = classifier.probabilities(MIXED)
    assert np.array_equal(first, classifier.probabilities(MIXED))
    reloaded = SentenceClassifier.load()
    np.testing.assert_allclose(reloaded.probabilities(MIXED), first, atol=1e-6)


def test_canonical_examples(classifier: SentenceClassifier) -> None:
    predictions = classifier.predict([(text, None) for text, _ in CANONICAL])
    assert [p.label for p in predictions] == [label for _, label in CANONICAL]


def test_context_turns_a_symptom_question_into_a_check(classifier: SentenceClassifier) -> None:
    after_fix = classifier.predict(FIX_CONTEXTS)
    after_symptom = classifier.predict(SYMPTOM_CONTEXTS)
    assert [p.label for p in after_fix] == ["resolution_check"] * len(FIX_CONTEXTS)
    assert [p.label for p in after_symptom] == ["problem_question"] * len(SYMPTOM_CONTEXTS)


def test_empty_input_and_bad_pairs(classifier: SentenceClassifier) -> None:
    assert classifier.predict([]) == []
    with pytest.raises(CallscopeInputError, match="pair 1"):
        classifier.predict([("fine", None), (3, None)])  # type: ignore[list-item]
    with pytest.raises(CallscopeInputError, match="context"):
        classifier.predict([("fine", 5)])  # type: ignore[list-item]
