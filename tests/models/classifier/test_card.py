"""The generated metrics section of MODEL_CARD.md replaces only its own block."""

from __future__ import annotations

from pathlib import Path

from kernel.domain import LABELS
from models.classifier.card import BEGIN, END, metrics_markdown, update_model_card
from models.classifier.evaluate import compute_report


def test_update_replaces_only_the_marked_block(tmp_path: Path) -> None:
    card = tmp_path / "MODEL_CARD.md"
    card.write_text(f"# Card\n\nhand-written\n\n{BEGIN}\nold numbers\n{END}\n\n## Licence\nMIT\n")
    update_model_card(card, "new numbers")
    text = card.read_text()
    assert "old numbers" not in text and "new numbers" in text
    assert text.startswith("# Card\n\nhand-written") and text.endswith("## Licence\nMIT\n")
    update_model_card(card, "newer")
    assert card.read_text().count(BEGIN) == 1


def test_section_has_every_label_and_the_comparison() -> None:
    report = compute_report(list(LABELS) * 2, list(LABELS) + ["statement"] * 8)
    metrics = {
        "version": "minilm-l6-top2-abcdef12",
        "dtype": "float16",
        "test": {"path": "test.jsonl", "sha256": "f" * 64},
        "test_fp32": {"macro_f1": 0.5, "accuracy": 0.5},
        "validation": {"macro_f1": 0.9, "best_epoch": 3},
        "train_seconds": 60,
    }
    text = metrics_markdown(metrics, report)
    for label in LABELS:
        assert f"`{label}`" in text
    assert "float32" in text and "epoch 3" in text and "-> statement" in text
