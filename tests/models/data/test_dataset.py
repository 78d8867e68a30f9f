"""The labelled data set: size, balance, splits, determinism, hand-checked boundary cases."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from kernel.domain import LABELS
from models.data import build_dataset
from models.data.build_dataset import TEST_INDUSTRIES, text_key
from models.data.seeds import SEEDS

DATA = Path(build_dataset.__file__).resolve().parent

# The hand-written boundary cases (TAXONOMY.md), (text, context, label): each must be in
# the generated data with exactly this label, and never with another after this context.
GOLD = SEEDS

CONTEXT_DECIDED = {"problem_question", "resolution_check"}


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def train() -> list[dict[str, str]]:
    return _read("train.jsonl")


@pytest.fixture(scope="module")
def test_rows() -> list[dict[str, str]]:
    return _read("test.jsonl")


@pytest.fixture(scope="module")
def every(train: list[dict[str, str]], test_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return train + test_rows


def test_fields_and_labels_are_valid(every: list[dict[str, str]]) -> None:
    for row in every:
        assert set(row) == {"text", "context", "label", "industry", "source"}
        assert row["label"] in LABELS
        assert row["text"].strip() and isinstance(row["context"], str)
        assert row["industry"] and row["source"]


def test_size_balance_and_industries(every: list[dict[str, str]]) -> None:
    assert len(every) >= 4000
    counts = Counter(row["label"] for row in every)
    assert min(counts[label] for label in LABELS) >= 300, counts
    assert len({row["industry"] for row in every}) >= 12


def test_style_mix_has_a_speech_recognizer_share(every: list[dict[str, str]]) -> None:
    asr = sum("variation:asr" in row["source"] for row in every)
    assert 0.2 <= asr / len(every) <= 0.45


def test_no_duplicate_text_and_context(every: list[dict[str, str]]) -> None:
    pairs = Counter((row["text"], row["context"]) for row in every)
    assert [pair for pair, n in pairs.items() if n > 1] == []


def test_splits_share_no_text_and_test_holds_out_industries(
    train: list[dict[str, str]], test_rows: list[dict[str, str]]
) -> None:
    assert {text_key(r["text"]) for r in train}.isdisjoint({text_key(r["text"]) for r in test_rows})
    train_industries = {row["industry"] for row in train}
    assert train_industries.isdisjoint(TEST_INDUSTRIES)
    assert set(TEST_INDUSTRIES) <= {row["industry"] for row in test_rows}
    share = len(test_rows) / (len(train) + len(test_rows))
    assert 0.15 <= share <= 0.3
    assert min(Counter(row["label"] for row in test_rows).values()) >= 80


def test_a_text_has_one_label_unless_the_context_decides(every: list[dict[str, str]]) -> None:
    labels: dict[str, set[str]] = defaultdict(set)
    for row in every:
        labels[text_key(row["text"])].add(row["label"])
    conflicts = {text: found for text, found in labels.items() if len(found) > 1}
    assert all(found <= CONTEXT_DECIDED for found in conflicts.values()), conflicts


@pytest.mark.parametrize(("text", "context", "label"), GOLD, ids=[g[0][:40] for g in GOLD])
def test_gold_boundary_case_is_in_the_data_with_its_label(
    every: list[dict[str, str]], text: str, context: str, label: str
) -> None:
    found = {row["label"] for row in every if row["text"] == text and row["context"] == context}
    assert found == {label}


def test_gold_list_covers_every_label() -> None:
    assert {label for _, _, label in GOLD} == set(LABELS)
    assert len(GOLD) >= 60


def test_generation_is_deterministic_and_matches_the_files(
    train: list[dict[str, str]], test_rows: list[dict[str, str]]
) -> None:
    built_train, built_test = build_dataset.build()
    assert [r.__dict__ for r in built_train] == train
    assert [r.__dict__ for r in built_test] == test_rows
