"""Supervisors' corrections as training rows, and the rule that decides a switch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.storage.library import Library
from kernel.domain import AGENT
from models.classifier.corrections import (
    CORRECTION_WEIGHT,
    Comparison,
    correction_rows,
    should_switch,
    switch_weights,
    write_training_file,
)
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call


def _corrected_library(library: Library) -> tuple[int, int]:
    scripts = {s["id"]: s for s in load_scripts()}
    call_id = add_scripted_call(library, scripts["airline_rebooking_p2"])
    model = library.get_model_analysis(call_id)
    assert model is not None
    agent = [s for s in model.sentences if s.speaker == AGENT]
    target = next(s for s in agent if s.label == "statement" and s.id > agent[3].id)
    library.correct_label(call_id, target.id, "resolution_check")
    return call_id, target.id


def test_corrections_become_rows_with_their_call_context(library: Library) -> None:
    call_id, sentence_id = _corrected_library(library)
    rows = correction_rows(library)
    assert [(r.call_id, r.sentence_id, r.label) for r in rows] == [
        (call_id, sentence_id, "resolution_check")
    ]
    row = rows[0]
    assert row.model_label == "statement"
    model = library.get_model_analysis(call_id)
    assert model is not None
    before = [s for s in model.sentences if s.id < sentence_id]
    customer = [s.text for s in before if s.speaker != AGENT][-1]
    assert row.context.customer == customer
    assert row.context.previous_agent == [s.text for s in before if s.speaker == AGENT][-1]
    offered = any(s.label == "resolution_offer" for s in before if s.speaker == AGENT)
    assert row.context.fix_made is offered
    # Retraining never touches the library: the correction is still there.
    assert library.label_corrections(call_id)[0]["label"] == "resolution_check"


def test_training_file_is_the_base_plus_weighted_corrections(
    library: Library, tmp_path: Path
) -> None:
    _corrected_library(library)
    base = tmp_path / "base.jsonl"
    base.write_text('{"text": "Hi.", "context": "", "label": "statement"}\n', encoding="utf-8")
    out = tmp_path / "out" / "train.jsonl"
    added = write_training_file(base, correction_rows(library), out, "call_context_v1")
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert added == CORRECTION_WEIGHT == len(lines) - 1
    assert lines[0]["text"] == "Hi."
    assert {x["label"] for x in lines[1:]} == {"resolution_check"}
    assert "fix made." in lines[1]["context"] or "no fix yet." in lines[1]["context"]


def _comparison(old_f: float, new_f: float, old_c: int, new_c: int) -> Comparison:
    return Comparison("old", "new", old_f, new_f, old_c, new_c, 5)


def test_switch_only_when_not_worse() -> None:
    assert should_switch(_comparison(0.90, 0.90, 2, 5))
    assert should_switch(_comparison(0.90, 0.897, 2, 2))  # within training noise
    assert not should_switch(_comparison(0.90, 0.88, 2, 5))  # worse on the frozen set
    assert not should_switch(_comparison(0.90, 0.95, 3, 2))  # worse on the corrected calls


def test_switch_keeps_the_previous_weights_and_never_writes_the_install(tmp_path: Path) -> None:
    shipped, candidate = tmp_path / "weights", tmp_path / "candidate"
    user = tmp_path / "data" / "classifier-weights"
    shipped.mkdir()
    candidate.mkdir()
    user.parent.mkdir()
    (shipped / "manifest.json").write_text("old", encoding="utf-8")
    (candidate / "manifest.json").write_text("new", encoding="utf-8")
    previous = switch_weights(candidate, shipped, user)
    assert (user / "manifest.json").read_text(encoding="utf-8") == "new"
    assert (previous / "manifest.json").read_text(encoding="utf-8") == "old"
    assert (shipped / "manifest.json").read_text(encoding="utf-8") == "old"
    (candidate / "manifest.json").write_text("newer", encoding="utf-8")
    previous = switch_weights(candidate, user, user)  # a second retrain
    assert (user / "manifest.json").read_text(encoding="utf-8") == "newer"
    assert (previous / "manifest.json").read_text(encoding="utf-8") == "new"


def test_the_loader_prefers_the_users_retrained_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.classifier.weights import DEFAULT_WEIGHTS_DIR, active_weights_dir

    monkeypatch.setenv("CALLSCOPE_HOME", str(tmp_path))
    assert active_weights_dir() == DEFAULT_WEIGHTS_DIR
    user = tmp_path / "data" / "classifier-weights"
    shutil.copytree(DEFAULT_WEIGHTS_DIR, user)
    assert active_weights_dir() == user


@pytest.mark.slow
def test_train_with_corrections_keeps_the_old_model_when_the_new_one_is_worse(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main
    from models.classifier.weights import DEFAULT_WEIGHTS_DIR

    call_id, _ = _corrected_library(library)
    shipped = (DEFAULT_WEIGHTS_DIR / "model.safetensors").read_bytes()
    # A smoke-sized candidate (64 examples, one epoch) is far worse on the frozen set.
    code = main(
        ["train", "--with-corrections", "--db", str(library.path), "--out", str(tmp_path),
         "--limit", "64", "--epochs", "1", "--quiet"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1, out
    assert "frozen independent sentences" in out and "kept" in out
    assert (DEFAULT_WEIGHTS_DIR / "model.safetensors").read_bytes() == shipped
    assert library.label_corrections(call_id)  # never lost
