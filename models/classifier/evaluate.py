"""Score a classifier on labelled sentences: per-label precision/recall/F1, macro-F1, confusions.

Backs `python main.py evaluate` and the metrics that `train` writes. Plain
Python arithmetic (no scikit-learn); rows of the confusion matrix are the
true labels, columns the predicted ones, both in LABELS order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from kernel.domain import LABELS
from models.classifier.examples import Example

if TYPE_CHECKING:
    from models.classifier.predict import SentenceClassifier

# Column headers for the confusion matrix: short enough for an 80-column terminal.
SHORT_NAMES: dict[str, str] = {
    "impact_question": "impQ",
    "problem_question": "probQ",
    "resolution_check": "check",
    "closing": "close",
    "other_question": "othQ",
    "resolution_offer": "offer",
    "rush_cue": "rush",
    "statement": "stmt",
}


@dataclass
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Report:
    """Quality of predictions against gold labels."""

    per_label: list[LabelScore]
    macro_f1: float
    accuracy: float
    confusion: list[list[int]]  # [true][predicted], LABELS order
    n: int

    def f1_of(self, label: str) -> float:
        return next(score.f1 for score in self.per_label if score.label == label)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["labels"] = list(LABELS)
        return data


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def compute_report(gold: Sequence[str], predicted: Sequence[str]) -> Report:
    """Report for paired gold and predicted labels (labels outside LABELS raise KeyError)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    index = {label: i for i, label in enumerate(LABELS)}
    confusion = [[0] * len(LABELS) for _ in LABELS]
    for true, guess in zip(gold, predicted, strict=True):
        confusion[index[true]][index[guess]] += 1
    per_label = []
    for i, label in enumerate(LABELS):
        tp = confusion[i][i]
        support = sum(confusion[i])
        predicted_n = sum(row[i] for row in confusion)
        precision, recall = _ratio(tp, predicted_n), _ratio(tp, support)
        f1 = _ratio(2 * tp, support + predicted_n)
        per_label.append(LabelScore(label, precision, recall, f1, support))
    present = [
        score
        for score in per_label
        if score.support or any(r[LABELS.index(score.label)] for r in confusion)
    ]
    macro = sum(score.f1 for score in present) / len(present) if present else 0.0
    correct = sum(confusion[i][i] for i in range(len(LABELS)))
    return Report(per_label, macro, _ratio(correct, len(gold)), confusion, len(gold))


def evaluate_examples(
    classifier: SentenceClassifier, examples: Sequence[Example], batch_size: int = 64
) -> tuple[Report, list[str]]:
    """(report, predicted labels in example order)."""
    predictions = classifier.predict([example.pair for example in examples], batch_size)
    predicted = [prediction.label for prediction in predictions]
    return compute_report([example.label for example in examples], predicted), predicted


def format_report(report: Report) -> str:
    """Plain-text tables: per-label scores, then the confusion matrix."""
    width = max(len(label) for label in LABELS)
    lines = [f"{'label':<{width}}  precision  recall     f1  support"]
    for score in report.per_label:
        lines.append(
            f"{score.label:<{width}}  {score.precision:9.3f}  {score.recall:6.3f}  "
            f"{score.f1:5.3f}  {score.support:7d}"
        )
    lines.append(f"{'macro-F1':<{width}}  {'':9}  {'':6}  {report.macro_f1:5.3f}  {report.n:7d}")
    lines.append(f"{'accuracy':<{width}}  {'':9}  {'':6}  {report.accuracy:5.3f}")
    lines.append("")
    lines.append("confusion matrix (rows: true label, columns: predicted)")
    header = " " * width + "".join(f"{SHORT_NAMES[label]:>7}" for label in LABELS)
    lines.append(header)
    for label, row in zip(LABELS, report.confusion, strict=True):
        lines.append(f"{label:<{width}}" + "".join(f"{count:7d}" for count in row))
    return "\n".join(lines)


def format_errors(examples: Sequence[Example], predicted: Sequence[str], limit: int) -> str:
    """Up to `limit` misclassified examples, one per line: true -> predicted | context | text."""
    lines: list[str] = []
    for example, guess in zip(examples, predicted, strict=True):
        if example.label != guess and len(lines) < limit:
            lines.append(
                f"{example.label} -> {guess} | {example.context[:60]!r} | {example.text!r}"
            )
    return "\n".join(lines)
