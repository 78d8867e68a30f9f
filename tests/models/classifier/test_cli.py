"""The classify, evaluate and train commands as a user runs them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import main
from kernel.domain import LABELS

FIXTURES = Path(__file__).parent / "fixtures"


def test_classify_keeps_one_output_line_per_input_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        '{"text": "Did it go through?", "context": "I\'ve resubmitted the payment."}',
        "not json at all",
        '{"text": "Is there anything else I can help you with?"}',
        "",
        '{"context": "no text here"}',
        '{"text": 42}',
        '["text", "a list"]',
        '{"text": "How is this affecting your business?", "context": null}',
        '{"text": "Fine.", "context": 7}',
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n")
    assert main(["classify", "--in", str(source), "--batch-size", "2"]) == 1
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert len(out) == len(lines)
    good = {0: "resolution_check", 2: "closing", 7: "impact_question"}
    for index, row in enumerate(out):
        if index in good:
            assert row["label"] == good[index]
            assert list(row["scores"]) == list(LABELS)
            assert row["confidence"] == max(row["scores"].values())
        else:
            assert set(row) == {"error"}
            assert row["error"].startswith(f"line {index + 1}: ")
    errors = captured.err.splitlines()
    assert [e.split(":")[0] for e in errors] == [
        "line 2",
        "line 4",
        "line 5",
        "line 6",
        "line 7",
        "line 9",
    ]
    assert "bad JSON" in errors[0] and "blank line" in errors[1] and "missing 'text'" in errors[2]


def test_classify_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"text": "I\'ve reset your password."}\n'))
    assert main(["classify"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["label"] == "resolution_offer"


def test_classify_names_missing_weights(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "--weights", str(tmp_path), "--in", str(tmp_path / "x")]) == 2
    assert "python main.py train" in capsys.readouterr().err


def test_evaluate_json_on_the_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--data", str(FIXTURES / "test_subset.jsonl"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["labels"] == list(LABELS)
    assert len(report["confusion"]) == len(LABELS)
    assert sum(map(sum, report["confusion"])) == report["n"] == 200


def test_evaluate_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["evaluate", "--data", str(FIXTURES / "test_subset.jsonl"), "--errors", "3"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "confusion matrix" in out
    for label in LABELS:
        assert label in out
