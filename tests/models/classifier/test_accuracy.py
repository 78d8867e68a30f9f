"""Quality guards with bounds measured on the shipped weights (see MODEL_CARD.md).

fixtures/test_subset.jsonl: 200 rows of the held-out test split, 25 per label,
drawn once with random.Random(7) from models/data/test.jsonl. ood_check.jsonl:
hand-written sentences in industries the data set lacks. Each bound sits a few
points under the measured value, so a retrain that loses generalisation fails
here while ordinary seed noise does not.
"""

from __future__ import annotations

from pathlib import Path

from kernel.domain import LABELS
from models.classifier.evaluate import evaluate_examples
from models.classifier.examples import DATA_DIR, load_examples
from models.classifier.predict import SentenceClassifier

FIXTURES = Path(__file__).parent / "fixtures"

# Measured on minilm-l6-top2-8f7932bc: subset macro-F1 0.970, worst label F1 0.939
# (statement); ood_check.jsonl accuracy 0.932 (148 sentences). Bounds leave room
# for seed noise (retrains on earlier data rounds moved these by about 0.01).
SUBSET_MACRO_F1_BOUND = 0.92
SUBSET_LABEL_F1_BOUND = 0.82
OOD_ACCURACY_BOUND = 0.85


def test_fixed_subset_of_the_test_split(classifier: SentenceClassifier) -> None:
    examples = load_examples(FIXTURES / "test_subset.jsonl")
    assert len(examples) == 200
    report, _ = evaluate_examples(classifier, examples)
    assert report.macro_f1 >= SUBSET_MACRO_F1_BOUND, report.macro_f1
    worst = min(LABELS, key=report.f1_of)
    assert report.f1_of(worst) >= SUBSET_LABEL_F1_BOUND, (worst, report.f1_of(worst))


def test_hand_written_out_of_distribution_sentences(classifier: SentenceClassifier) -> None:
    examples = load_examples(DATA_DIR / "ood_check.jsonl")
    report, _ = evaluate_examples(classifier, examples)
    assert report.accuracy >= OOD_ACCURACY_BOUND, report.accuracy
