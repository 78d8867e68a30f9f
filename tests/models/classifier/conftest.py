"""Shared fixtures: the shipped classifier (loaded once per session) and its transformers twin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from transformers import PreTrainedModel

    from models.classifier.predict import SentenceClassifier
    from models.classifier.weights import Manifest


@pytest.fixture(scope="session")
def classifier() -> SentenceClassifier:
    from models.classifier.predict import SentenceClassifier

    return SentenceClassifier.load()


@pytest.fixture(scope="session")
def hf_model() -> tuple[PreTrainedModel, Manifest]:
    """The shipped weights in AutoModelForSequenceClassification (the training model)."""
    from models.classifier.weights import load_overlay_model

    return load_overlay_model()
