"""Reading labelled JSONL: fields, blank lines, errors with line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.domain import CallscopeInputError
from models.classifier.examples import load_examples


def test_reads_fields_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"text": " Hi. ", "context": null, "label": "statement", "industry": "telco"}\n'
        "\n"
        '{"text": "Did it go through?", "context": "I paid.", "label": "resolution_check"}\n'
    )
    first, second = load_examples(path)
    assert (first.text, first.context, first.industry, first.pair) == (
        "Hi.",
        "",
        "telco",
        ("Hi.", None),
    )
    assert second.pair == ("Did it go through?", "I paid.")
    assert second.line == 3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{bad", "bad JSON"),
        ('{"text": "x", "label": "nope"}', "unknown label"),
        ('{"label": "closing"}', "missing or empty 'text'"),
        ('{"text": "x", "context": 3, "label": "closing"}', "'context' must be a string"),
    ],
)
def test_bad_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "ok", "label": "closing"}\n' + line + "\n")
    with pytest.raises(CallscopeInputError, match=message) as info:
        load_examples(path)
    assert info.value.source == f"{path}:2"
