"""Scores computed by hand, the text table and the error listing."""

from __future__ import annotations

import pytest

from kernel.domain import LABELS
from models.classifier.evaluate import compute_report, format_errors, format_report
from models.classifier.examples import Example


def test_scores_match_a_hand_computed_case() -> None:
    gold = ["closing", "closing", "statement", "statement", "rush_cue"]
    pred = ["closing", "statement", "statement", "statement", "closing"]
    report = compute_report(gold, pred)
    closing = report.per_label[LABELS.index("closing")]
    assert (closing.precision, closing.recall, closing.support) == (0.5, 0.5, 2)
    statement = report.per_label[LABELS.index("statement")]
    assert statement.precision == pytest.approx(2 / 3)
    assert statement.f1 == pytest.approx(0.8)
    assert report.f1_of("rush_cue") == 0.0
    # Labels absent from both gold and predictions do not count toward macro-F1.
    assert report.macro_f1 == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert report.accuracy == pytest.approx(3 / 5)
    assert report.confusion[LABELS.index("rush_cue")][LABELS.index("closing")] == 1
    assert sum(map(sum, report.confusion)) == 5


def test_text_report_lists_every_label_and_the_matrix() -> None:
    text = format_report(compute_report(list(LABELS), list(LABELS)))
    for label in LABELS:
        assert label in text
    assert "macro-F1" in text and "1.000" in text
    assert "confusion matrix" in text


def test_error_listing_shows_only_mistakes() -> None:
    examples = [
        Example("Bye now.", "", "closing"),
        Example("When did it start?", "It's broken.", "problem_question"),
    ]
    text = format_errors(examples, ["closing", "statement"], limit=5)
    assert text.splitlines() == [
        "problem_question -> statement | \"It's broken.\" | 'When did it start?'"
    ]


def test_length_mismatch_is_refused() -> None:
    with pytest.raises(ValueError):
        compute_report(["closing"], [])
