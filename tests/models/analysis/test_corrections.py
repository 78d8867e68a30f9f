"""effective_analysis: a supervisor's corrections applied to the model's analysis, no database."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from kernel.domain import CallAnalysis
from models.analysis.call_analyzer import analyze_transcript
from models.analysis.corrections import REVIEWER_DETAIL, Corrections, effective_analysis
from tests.fixtures.calls import ScriptClassifier
from tests.models.analysis.test_call_analyzer import LABELS, _transcript

TRANSCRIPT = _transcript()


@pytest.fixture
def model() -> CallAnalysis:
    # agent sentences 0 problem_question, 3 resolution_offer, 5 closing: P1, P2, P6, rushed
    return analyze_transcript(TRANSCRIPT, ScriptClassifier(LABELS))


def _apply(model: CallAnalysis, corrections: Corrections) -> CallAnalysis:
    return effective_analysis(
        model,
        TRANSCRIPT.segments,
        TRANSCRIPT.duration_s,
        corrections,
        fast_fix_s=30.0,
        separate_channels=True,
    )


def test_no_corrections_is_the_model_itself(model: CallAnalysis) -> None:
    assert not Corrections()
    assert _apply(model, Corrections()) is model


def test_a_corrected_label_reruns_the_rules(model: CallAnalysis) -> None:
    before = copy.deepcopy(model)
    effective = _apply(model, Corrections(labels={0: "impact_question"}))
    assert [h.id for h in effective.patterns] == ["P2", "P6"]  # P1 gone: impact was asked
    assert effective.rushed
    assert effective.metrics["impact_questions"] == 1
    corrected = next(s for s in effective.sentences if s.id == 0)
    assert (corrected.label, corrected.confidence, corrected.scores) == (
        "impact_question",
        1.0,
        None,
    )
    assert effective.classifier_version == model.classifier_version
    assert model == before  # the model's own analysis is never changed


def test_correcting_the_fix_away_clears_the_verdict(model: CallAnalysis) -> None:
    effective = _apply(model, Corrections(labels={3: "statement"}))
    assert effective.patterns == [] and not effective.rushed


def test_labels_on_customer_sentences_are_ignored(model: CallAnalysis) -> None:
    effective = _apply(model, Corrections(labels={1: "closing"}))
    assert [h.id for h in effective.patterns] == ["P1", "P2", "P6"]
    assert next(s for s in effective.sentences if s.id == 1).label is None


def test_pattern_marks_force_patterns_in_and_out(model: CallAnalysis) -> None:
    effective = _apply(model, Corrections(patterns={"P1": False, "P2": False, "P4": True}))
    assert [h.id for h in effective.patterns] == ["P4", "P6"]
    added = effective.patterns[0]
    assert (added.name, added.evidence, added.detail) == ("rush_language", [], REVIEWER_DETAIL)
    assert effective.rushed  # P4 decides rushed
    cleared = _apply(model, Corrections(patterns={"P1": False, "P2": False}))
    assert [h.id for h in cleared.patterns] == ["P6"] and not cleared.rushed


def test_marks_apply_after_the_relabelled_rules(model: CallAnalysis) -> None:
    # The label fix removes P1; marking P1 present brings it back, as the reviewer's.
    effective = _apply(model, Corrections(labels={0: "impact_question"}, patterns={"P1": True}))
    assert [h.id for h in effective.patterns] == ["P1", "P2", "P6"]
    assert effective.patterns[0].detail == REVIEWER_DETAIL


def test_unknown_label_is_refused(model: CallAnalysis) -> None:
    with pytest.raises(ValueError, match="unknown label"):
        _apply(model, Corrections(labels={0: "greeting"}))


def test_a_found_but_unsure_pattern_confirmed_by_the_reviewer_is_sure(
    model: CallAnalysis,
) -> None:
    unsure = replace(
        model,
        patterns=[replace(h, confidence=0.5) for h in model.patterns],
        rushed=False,
    )
    assert not _apply(unsure, Corrections(patterns={"P6": True})).rushed  # P6 does not decide
    confirmed = _apply(unsure, Corrections(patterns={"P2": True}))
    p2 = next(h for h in confirmed.patterns if h.id == "P2")
    assert p2.confidence == 1.0 and p2.evidence  # the model's evidence is kept
    assert confirmed.rushed
    assert next(h for h in confirmed.patterns if h.id == "P1").confidence == 0.5
