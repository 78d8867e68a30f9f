"""`callscope evaluate`: score the sentence classifier on a labelled split (default: test)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kernel.domain import CallscopeInputError


def register(sub: Any) -> None:
    from models.classifier.examples import TEST_FILE
    from models.classifier.predict import DEFAULT_BATCH_SIZE

    parser = sub.add_parser(
        "evaluate",
        help="score the sentence classifier on the test split",
        description="Per-label precision, recall, F1, macro-F1 and the confusion matrix.",
    )
    parser.add_argument("--weights", type=Path, default=None, help="weights folder")
    parser.add_argument("--data", type=Path, default=TEST_FILE, help="labelled JSONL")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="also list N misclassified sentences"
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from models.classifier.evaluate import evaluate_examples, format_errors, format_report
    from models.classifier.examples import load_examples
    from models.classifier.predict import SentenceClassifier

    try:
        examples = load_examples(args.data)
        classifier = SentenceClassifier.load(args.weights)
        report, predicted = evaluate_examples(classifier, examples, args.batch_size)
    except CallscopeInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        data = {"version": classifier.version, "data": str(args.data), **report.to_dict()}
        if args.errors:
            data["errors"] = [
                {"text": e.text, "context": e.context, "label": e.label, "predicted": p}
                for e, p in zip(examples, predicted, strict=True)
                if e.label != p
            ][: args.errors]
        print(json.dumps(data, indent=2))
        return 0
    print(f"classifier {classifier.version} on {args.data} ({report.n} sentences)\n")
    print(format_report(report))
    if args.errors:
        print(f"\nmisclassified (first {args.errors}): true -> predicted | context | text")
        print(format_errors(examples, predicted, args.errors))
    return 0
