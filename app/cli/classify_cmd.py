"""`callscope classify`: label sentences given as JSONL, one output line per input line.

Input lines: `{"text": "...", "context": "..."}` (`context`, the customer's
preceding sentence, may be missing, null or ""). Output, in input order:
`{"label": ..., "confidence": ..., "scores": {all eight labels}}`. Every
input line gets exactly one output line, so line N of the output always
answers line N of the input: a line that cannot be classified (bad JSON, not
an object, missing, empty or non-string `text`, non-string `context`, or a blank
line) becomes `{"error": "..."}` in place and is reported on stderr with its
line number; the rest are still classified, in batches. Exit status 1 when
any line was rejected, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kernel.domain import CallscopeInputError

if TYPE_CHECKING:
    from models.classifier.predict import SentenceClassifier

CHUNK_LINES = 1024  # lines read before classifying and writing (streams large inputs)


def register(sub: Any) -> None:
    from models.classifier.predict import DEFAULT_BATCH_SIZE

    parser = sub.add_parser(
        "classify",
        help="label agent sentences read as JSONL",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--in", dest="input", type=Path, default=None, help="JSONL (default: stdin)"
    )
    parser.add_argument("--weights", type=Path, default=None, help="weights folder")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.set_defaults(func=_run)


def parse_line(raw: str) -> tuple[str, str | None]:
    """(text, context) of one input line; ValueError says what is wrong with it."""
    if not raw.strip():
        raise ValueError("blank line")
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"bad JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(row, dict):
        raise ValueError(f"expected a JSON object, got {type(row).__name__}")
    text, context = row.get("text"), row.get("context")
    if "text" not in row:
        raise ValueError("missing 'text'")
    if not isinstance(text, str):
        raise ValueError(f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise ValueError("empty 'text'")
    if context is not None and not isinstance(context, str):
        raise ValueError(f"'context' must be a string or null, got {type(context).__name__}")
    return text, context


def classify_lines(
    lines: Iterable[str], classifier: SentenceClassifier, batch_size: int, errors: IO[str]
) -> Iterator[dict[str, Any]]:
    """One output object per input line, in order; bad lines reported on `errors`."""
    chunk: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, start=1):
        chunk.append((number, raw))
        if len(chunk) >= CHUNK_LINES:
            yield from _classify_chunk(chunk, classifier, batch_size, errors)
            chunk = []
    if chunk:
        yield from _classify_chunk(chunk, classifier, batch_size, errors)


def _classify_chunk(
    chunk: list[tuple[int, str]],
    classifier: SentenceClassifier,
    batch_size: int,
    errors: IO[str],
) -> Iterator[dict[str, Any]]:
    results: list[dict[str, Any] | None] = [None] * len(chunk)
    pairs, slots = [], []
    for slot, (number, raw) in enumerate(chunk):
        try:
            pairs.append(parse_line(raw))
            slots.append(slot)
        except ValueError as exc:
            print(f"line {number}: {exc}", file=errors)
            results[slot] = {"error": f"line {number}: {exc}"}
    for slot, prediction in zip(slots, classifier.predict(pairs, batch_size), strict=True):
        results[slot] = {
            "label": prediction.label,
            "confidence": prediction.confidence,
            "scores": prediction.scores,
        }
    for result in results:
        assert result is not None
        yield result


def _run(args: argparse.Namespace) -> int:
    from models.classifier.predict import SentenceClassifier

    if args.batch_size < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return 2
    try:
        classifier = SentenceClassifier.load(args.weights)
        handle = args.input.open(encoding="utf-8") if args.input else sys.stdin
    except (CallscopeInputError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    failed = 0
    with handle:
        for result in classify_lines(handle, classifier, args.batch_size, sys.stderr):
            failed += "error" in result
            sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 1 if failed else 0
