"""Out-of-distribution check of the sentence classifier: sentences the data set never saw.

Run `python -m benchmarks.ood_classifier`. Sets written apart from the
generator: the agent sentences of the scripted calls (tests/data/calls/*.json,
labels from each script's `expect.labels`, context = the last customer sentence
before) and models/data/ood_check.jsonl (hand-written sentences in industries
the data set does not have; source `ood_check` = the first batch, whose misses
steered later data rounds, `ood_check_fresh` = written after the last round) and
models/data/ood_check_round4.jsonl (163 sentences in 20 further industries, written
before the fourth hand-written data pass and never trained on).
Prints accuracy per set and each miss; writes bench_results/classifier_ood.json.
A check, not a gate: the held-out test split is what the targets apply to.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
CALLS_DIR = REPO_ROOT / "tests" / "data" / "calls"
OOD_FILE = REPO_ROOT / "models" / "data" / "ood_check.jsonl"
ROUND4_FILE = REPO_ROOT / "models" / "data" / "ood_check_round4.jsonl"
RESULTS = REPO_ROOT / "bench_results" / "classifier_ood.json"

Row = tuple[str, str, str, str]  # text, context, label, where


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.?!])\s+", text.strip()) if part]


def scripted_call_rows(calls_dir: Path = CALLS_DIR) -> list[Row]:
    """(agent sentence, last customer sentence before it, script label, call id)."""
    rows: list[Row] = []
    for path in sorted(calls_dir.glob("*.json")):
        call = json.loads(path.read_text(encoding="utf-8"))
        labels = {text: label for text, label in call["expect"]["labels"]}
        context = ""
        for turn in call["turns"]:
            sentences = _sentences(turn["text"])
            if turn["speaker"] != "agent":
                context = sentences[-1] if sentences else context
                continue
            for sentence in sentences:
                if sentence in labels:
                    rows.append((sentence, context, labels[sentence], call["id"]))
    return rows


def ood_file_rows(source: str, path: Path = OOD_FILE) -> list[Row]:
    """Rows of ood_check.jsonl with this `source` (each batch was written at another time)."""
    rows: list[Row] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                if item["source"] == source:
                    rows.append((item["text"], item["context"], item["label"], item["industry"]))
    return rows


def score(classifier: Any, rows: list[Row]) -> dict[str, Any]:
    predictions = classifier.predict([(text, context or None) for text, context, _, _ in rows])
    misses = [
        {"text": t, "context": c, "label": label, "predicted": p.label, "where": w}
        for (t, c, label, w), p in zip(rows, predictions, strict=True)
        if p.label != label
    ]
    return {
        "n": len(rows),
        "accuracy": round(1 - len(misses) / max(len(rows), 1), 4),
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    from models.classifier.predict import SentenceClassifier

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=None)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)

    classifier = SentenceClassifier.load(args.weights)
    results: dict[str, Any] = {"version": classifier.version}
    sets = {
        "scripted_calls": scripted_call_rows(),
        "ood_check": ood_file_rows("ood_check"),
        "ood_check_fresh": ood_file_rows("ood_check_fresh"),
        "ood_check_round4": ood_file_rows("ood_round4", ROUND4_FILE),
    }
    for name, rows in sets.items():
        results[name] = score(classifier, rows)
        found = results[name]
        print(f"{name}: accuracy {found['accuracy']:.3f} on {found['n']} sentences")
        for miss in found["misses"]:
            print(
                f"  {miss['label']} -> {miss['predicted']} | {miss['context']!r} | {miss['text']!r}"
            )
    if not args.no_write:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
