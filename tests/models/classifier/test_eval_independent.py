"""The frozen independent evaluation set: unchanged, readable, gold verdicts from the rules."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kernel.domain import LABELS, Prediction
from models.classifier.callsets import gold_patterns
from models.classifier.eval_calls import intended_disagreements, summarise, text_outcomes
from models.classifier.run_eval import FIRST_INDEPENDENT_DIR as EVAL_DIR
from models.classifier.run_eval import dev_files, eval_files, in_context
from tests.fixtures.calls import normalize_text


class PieceClassifier:
    """Gold labels by text; a clause cut from a run-on gets its whole sentence's label."""

    version = "gold-stub"

    def __init__(self, labels: list[tuple[str, str]]) -> None:
        self.labels = [(normalize_text(text), label) for text, label in labels]

    def predict(self, pairs: list[tuple[str, str]]) -> list[Prediction]:
        out = []
        for text, _ in pairs:
            piece = normalize_text(text)
            label = next(lab for whole, lab in self.labels if piece and piece in whole)
            out.append(Prediction(label, 1.0, {n: float(n == label) for n in LABELS}))
        return out


def test_files_match_the_sha256_frozen_in_the_readme() -> None:
    listed = re.findall(r"^([0-9a-f]{64})  (\S+)$", (EVAL_DIR / "README.md").read_text(), re.M)
    assert len(listed) == 4
    for digest, name in listed:
        assert hashlib.sha256((EVAL_DIR / name).read_bytes()).hexdigest() == digest, name


def test_set_is_large_enough_and_gold_verdicts_follow_the_writers() -> None:
    calls, standalone = eval_files(EVAL_DIR)
    assert len(calls) >= 40
    assert len(standalone) + len(in_context(calls)) >= 800
    assert intended_disagreements(calls) == []
    assert {bool(gold_patterns(c)) for c in calls} == {True, False}


def test_text_path_with_gold_labels_scores_every_dev_verdict_right() -> None:
    calls, _ = dev_files()  # the team's scripted calls: the same path, not the frozen set
    labels = [pair for c in calls for t in c.turns for pair in t.sentences]
    stub = PieceClassifier([(text, str(label)) for text, label in labels])
    summary = summarise(text_outcomes(calls, stub))
    assert summary["calls"] == len(calls) >= 12
    assert summary["verdict_right"] == summary["calls"]
    assert all(summary[f"P{i}_right"] == summary["calls"] for i in range(1, 5))


def test_sentence_rows_carry_context(tmp_path: Path) -> None:
    _, standalone = eval_files(EVAL_DIR)
    assert sum(bool(context.customer) for _, context, _ in standalone) > 150
    assert {context.fix_made for _, context, _ in standalone} == {True, False}
