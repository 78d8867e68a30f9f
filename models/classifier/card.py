"""Record measured quality: `metrics.json` and the generated metrics section of MODEL_CARD.md.

`train` calls this after writing weights; the card's text outside the
`<!-- metrics:begin -->` / `<!-- metrics:end -->` markers is hand-written and
never touched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from models.classifier.evaluate import Report

PACKAGE_DIR = Path(__file__).resolve().parent
METRICS_FILE = PACKAGE_DIR / "metrics.json"
MODEL_CARD = PACKAGE_DIR / "MODEL_CARD.md"
BEGIN = "<!-- metrics:begin (written by `python main.py train`; edits here are overwritten) -->"
END = "<!-- metrics:end -->"


def write_metrics(path: Path, metrics: dict[str, Any]) -> None:
    path.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def metrics_markdown(metrics: dict[str, Any], report: Report) -> str:
    """The generated section: provenance line, per-label table, fp32 comparison, confusions."""
    test = metrics["test"]
    lines = [
        f"Version `{metrics['version']}`; test split `{test['path']}` "
        f"({report.n} sentences: whole industries and phrasings never seen in training, sha256 "
        f"`{test['sha256'][:12]}`); shipped weights in {metrics['dtype']}.",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for score in report.per_label:
        lines.append(
            f"| `{score.label}` | {score.precision:.3f} | {score.recall:.3f} | "
            f"{score.f1:.3f} | {score.support} |"
        )
    lines.append(f"| **macro-F1** | | | **{report.macro_f1:.3f}** | {report.n} |")
    lines.append(f"| accuracy | | | {report.accuracy:.3f} | |")
    lines.append("")
    fp32 = metrics.get("test_fp32")
    if fp32:
        lines.append(
            f"Same weights kept in float32: macro-F1 {fp32['macro_f1']:.4f}, accuracy "
            f"{fp32['accuracy']:.4f} (shipped {metrics['dtype']}: {report.macro_f1:.4f}, "
            f"{report.accuracy:.4f})."
        )
    val = metrics.get("validation", {})
    if val:
        lines.append(
            f"Validation (held out from train.jsonl, used to pick the epoch): macro-F1 "
            f"{val.get('macro_f1', 0.0):.4f} at epoch {val.get('best_epoch')}; "
            f"training took {metrics.get('train_seconds', 0):.0f} s."
        )
    confusions = top_confusions(report, 6)
    if confusions:
        lines.append("")
        lines.append(
            "Most frequent confusions (true -> predicted: count): " + "; ".join(confusions) + "."
        )
    return "\n".join(lines)


def top_confusions(report: Report, limit: int) -> list[str]:
    labels = [score.label for score in report.per_label]
    cells = [
        (count, labels[i], labels[j])
        for i, row in enumerate(report.confusion)
        for j, count in enumerate(row)
        if i != j and count
    ]
    cells.sort(key=lambda cell: (-cell[0], cell[1], cell[2]))
    return [f"{true} -> {guess}: {count}" for count, true, guess in cells[:limit]]


def update_model_card(card: Path, section: str) -> None:
    """Replace the text between the markers (appending the markers if the card lacks them)."""
    text = card.read_text(encoding="utf-8") if card.is_file() else "# Sentence classifier\n"
    block = f"{BEGIN}\n{section}\n{END}"
    start, end = text.find(BEGIN), text.find(END)
    if start != -1 and end > start:
        text = text[:start] + block + text[end + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n## Measured quality\n\n" + block + "\n"
    card.write_text(text, encoding="utf-8")
