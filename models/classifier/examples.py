"""Read labelled agent sentences from JSONL (`text`, `context`, `label`, `industry`, `source`).

The data set itself lives in `data/` (train.jsonl, test.jsonl; the test split
holds out whole industries). Bad lines fail loudly with their line number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kernel.domain import LABELS, CallscopeInputError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TRAIN_FILE = DATA_DIR / "train.jsonl"
TEST_FILE = DATA_DIR / "test.jsonl"
# What `train` reads by default: the template set and the writers' whole calls, contexts
# rendered in the call-context format (models/data/build_call_data.py).
CALL_TRAIN_FILE = DATA_DIR / "train_calls.jsonl"
# The `industry` of supervisors' corrections (models/classifier/corrections.py): always
# trained on, never held out for validation (else a retrain would not learn them).
CORRECTIONS_INDUSTRY = "supervisor_corrections"


@dataclass(frozen=True)
class Example:
    """One labelled agent sentence and the customer sentence before it ("" when none)."""

    text: str
    context: str
    label: str
    industry: str = ""
    source: str = ""
    line: int = 0

    @property
    def pair(self) -> tuple[str, str | None]:
        return (self.text, self.context or None)


def load_examples(path: Path) -> list[Example]:
    """Every example in a JSONL file; blank lines are skipped, anything else bad raises."""
    if not path.is_file():
        raise CallscopeInputError(
            str(path), "no such data file (the data set lives in models/data/)"
        )
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise CallscopeInputError(f"{path}:{number}", f"bad JSON: {exc.msg}") from exc
            if not isinstance(row, dict):
                raise CallscopeInputError(f"{path}:{number}", "expected a JSON object")
            text, context, label = row.get("text"), row.get("context") or "", row.get("label")
            if not isinstance(text, str) or not text.strip():
                raise CallscopeInputError(f"{path}:{number}", "missing or empty 'text'")
            if not isinstance(context, str):
                raise CallscopeInputError(f"{path}:{number}", "'context' must be a string")
            if label not in LABELS:
                raise CallscopeInputError(f"{path}:{number}", f"unknown label {label!r}")
            examples.append(
                Example(
                    text=text.strip(),
                    context=context.strip(),
                    label=label,
                    industry=str(row.get("industry") or ""),
                    source=str(row.get("source") or ""),
                    line=number,
                )
            )
    if not examples:
        raise CallscopeInputError(str(path), "no examples")
    return examples
