"""Pair encoding: segment order, empty context, truncation, padding."""

from __future__ import annotations

import pytest

from models.classifier.inputs import Encoded, PairTokenizer, clean_context, collate
from models.classifier.weights import pair_tokenizer


@pytest.fixture(scope="module")
def tokenizer() -> PairTokenizer:
    return pair_tokenizer()


def test_text_is_segment_a_and_context_segment_b(tokenizer: PairTokenizer) -> None:
    (pair,) = tokenizer.encode([("Did it go through?", "I've resubmitted the payment.")])
    (alone,) = tokenizer.encode([("Did it go through?", None)])
    n = len(alone.input_ids)
    assert pair.input_ids[:n] == alone.input_ids  # [CLS] text [SEP] unchanged by the context
    assert set(pair.token_type_ids[:n]) == {0}
    assert set(pair.token_type_ids[n:]) == {1}
    assert pair.input_ids[-1] == alone.input_ids[-1]  # ends with [SEP]


@pytest.mark.parametrize("context", [None, "", "   "])
def test_missing_context_is_the_sentence_alone(
    tokenizer: PairTokenizer, context: str | None
) -> None:
    (encoded,) = tokenizer.encode([("When did it start?", context)])
    (reference,) = tokenizer.encode([("When did it start?", None)])
    assert encoded == reference
    assert set(encoded.token_type_ids) == {0}
    assert clean_context(context) is None


def test_long_context_is_cut_before_the_sentence(tokenizer: PairTokenizer) -> None:
    text = "Is the light on the router green now?"
    (alone,) = tokenizer.encode([(text, None)])
    (pair,) = tokenizer.encode([(text, "blah " * 200)])
    assert len(pair.input_ids) == tokenizer.max_length
    assert pair.input_ids[: len(alone.input_ids)] == alone.input_ids


def test_mixed_batch_keeps_order(tokenizer: PairTokenizer) -> None:
    pairs = [("Hello.", None), ("Does that work?", "I restarted it."), ("Bye.", "")]
    batch = tokenizer.encode(pairs)
    assert batch == [tokenizer.encode([pair])[0] for pair in pairs]


def test_collate_pads_right_with_mask() -> None:
    batch = collate([Encoded([101, 7, 102], [0, 0, 0]), Encoded([101, 102], [0, 0])])
    assert batch["input_ids"].tolist() == [[101, 7, 102], [101, 102, 0]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1], [1, 1, 0]]
    assert batch["token_type_ids"].tolist() == [[0, 0, 0], [0, 0, 0]]
