"""Training pieces (validation split, batching) and a smoke run of the train command."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from app.cli import main
from kernel.domain import LABELS
from models.classifier.examples import CORRECTIONS_INDUSTRY, Example
from models.classifier.predict import SentenceClassifier
from models.classifier.train import (
    TrainConfig,
    length_bucketed_batches,
    model_version,
    split_validation,
)
from models.classifier.weights import Manifest

FIXTURES = Path(__file__).parent / "fixtures"


def _examples(industries: int, per_industry: int) -> list[Example]:
    return [
        Example(f"s{i}-{j}", "", LABELS[j % len(LABELS)], industry=f"ind{i}")
        for i in range(industries)
        for j in range(per_industry)
    ]


def test_validation_holds_out_whole_industries() -> None:
    examples = _examples(10, 20)
    train, validation, held = split_validation(examples, 0.12, seed=1)
    assert held and len(validation) >= 0.12 * len(examples)
    assert {e.industry for e in validation} == set(held)
    assert not {e.industry for e in train} & set(held)
    assert len(train) + len(validation) == len(examples)
    assert split_validation(examples, 0.12, seed=1)[2] == held  # fixed seed, same split


def test_corrections_are_never_held_out_for_validation() -> None:
    # With seeds 13 and 15 (two of the shipped ensemble's three) the corrections' industry
    # used to be drawn into validation: those models never learnt the supervisors' labels.
    examples = _examples(40, 20)
    corrections = [
        Example(f"c{k}", "", "rush_cue", industry=CORRECTIONS_INDUSTRY) for k in range(8)
    ]
    for seed in range(30):
        train, validation, held = split_validation(examples + corrections, 0.12, seed)
        assert CORRECTIONS_INDUSTRY not in held
        assert all(c in train for c in corrections) and not set(corrections) & set(validation)
        # the rest is split exactly as without corrections
        assert held == split_validation(examples, 0.12, seed)[2]


def test_few_industries_fall_back_to_stratified_slice() -> None:
    train, validation, held = split_validation(_examples(2, 80), 0.1, seed=1)
    assert held == []
    assert {e.label for e in validation} == set(LABELS)
    assert len(train) + len(validation) == 160


def test_batches_cover_each_index_once_with_similar_lengths() -> None:
    lengths = [random.Random(i).randint(3, 60) for i in range(500)]
    batches = length_bucketed_batches(lengths, 16, random.Random(0))
    assert sorted(i for batch in batches for i in batch) == list(range(500))
    assert all(len(batch) <= 16 for batch in batches)
    spread = sum(max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches)
    assert spread / len(batches) < 10  # sorted within pools: little padding


@pytest.mark.slow
def test_train_smoke_run_writes_loadable_weights(tmp_path: Path) -> None:
    out = tmp_path / "weights"
    data = FIXTURES / "test_subset.jsonl"
    args = ["train", "--data", str(data), "--limit", "64", "--epochs", "1", "--out", str(out)]
    assert main([*args, "--test", str(data), "--quiet", "--threads", "1"]) == 0
    manifest = Manifest.read(out)
    assert manifest.training_data["examples"] == 64
    assert manifest.hyperparameters["epochs"] == 1
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["version"] == manifest.version
    assert metrics["test"]["n"] == 200
    classifier = SentenceClassifier.load(out)
    (prediction,) = classifier.predict([("Does that solve it for you?", "I restarted it.")])
    assert prediction.label in LABELS
    assert sum(prediction.scores.values()) == pytest.approx(1.0)


def test_two_seeds_of_the_same_data_get_two_names() -> None:
    digest = "136ad023" + "0" * 56
    assert model_version(TrainConfig(), digest) == "minilm-l6-top2-136ad023"
    assert model_version(TrainConfig(seed=14), digest) == "minilm-l6-top2-136ad023-s14"
    assert model_version(TrainConfig(seed=14, top_layers=3), digest).startswith("minilm-l6-top3-")
