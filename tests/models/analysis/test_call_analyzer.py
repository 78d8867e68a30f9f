"""analyze_transcript / analyze_sentences: one batched classifier call, context, relabelling."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kernel.domain import AGENT, CUSTOMER, METRIC_KEYS, UNKNOWN, Prediction, Segment, Transcript
from models.analysis.call_analyzer import (
    analyze_sentences,
    analyze_transcript,
    classifier_pairs,
    has_separate_channels,
    with_labels,
)
from tests.conftest import REPO_ROOT
from tests.fixtures.calls import ScriptClassifier
from tests.models.analysis.helpers import segment

LABELS = [
    ("Thanks for calling, how can I help?", "problem_question"),
    ("I'll reset your line now.", "resolution_offer"),
    ("Is there anything else?", "closing"),
]


def _transcript() -> Transcript:
    return Transcript(
        segments=[
            segment(AGENT, "Thanks for calling, how can I help?", 0.0),
            segment(CUSTOMER, "My internet is down. It drops all the time.", 3.0),
            segment(AGENT, "I'll reset your line now.", 7.0),
            segment(CUSTOMER, "Okay.", 9.0),
            segment(AGENT, "Is there anything else?", 10.0),
        ],
        asr_model="test",
        duration_s=12.0,
    )


def test_analyze_transcript_end_to_end_with_one_batch() -> None:
    classifier = ScriptClassifier(LABELS)
    analysis = analyze_transcript(_transcript(), classifier)
    assert len(classifier.calls) == 1
    assert classifier.calls[0] == [
        ("Thanks for calling, how can I help?", ""),
        ("I'll reset your line now.", "It drops all the time."),
        ("Is there anything else?", "Okay."),
    ]
    agent = [s for s in analysis.sentences if s.speaker == AGENT]
    assert [s.label for s in agent] == ["problem_question", "resolution_offer", "closing"]
    assert all(s.confidence == 0.99 and s.scores for s in agent)
    assert all(s.label is None for s in analysis.sentences if s.speaker == CUSTOMER)
    assert [h.id for h in analysis.patterns] == ["P1", "P2", "P6"]
    assert analysis.rushed
    assert tuple(analysis.metrics) == METRIC_KEYS
    assert analysis.metrics["talk_over_count"] == 0
    assert analysis.classifier_version == "script-stub-1"


def test_classifier_context_is_the_last_customer_sentence_before() -> None:
    analysis = analyze_transcript(_transcript(), ScriptClassifier(LABELS))
    pairs = classifier_pairs(analysis.sentences)
    assert [p[2] for p in pairs] == ["", "It drops all the time.", "Okay."]


def test_no_classifier_call_without_agent_sentences() -> None:
    classifier = ScriptClassifier([])
    transcript = Transcript([segment(CUSTOMER, "Hello?", 0.0)], "test", 2.0)
    analysis = analyze_transcript(transcript, classifier)
    assert classifier.calls == [] and analysis.patterns == [] and not analysis.rushed


class _BadClassifier:
    version = "bad"

    def __init__(self, predictions: list[Prediction]) -> None:
        self.predictions = predictions

    def predict(self, pairs: list[tuple[str, str]]) -> list[Prediction]:
        return self.predictions


def test_classifier_mistakes_are_errors() -> None:
    with pytest.raises(ValueError, match="predictions for 3"):
        analyze_transcript(_transcript(), _BadClassifier([]))
    wrong = [Prediction("nonsense", 1.0, {})] * 3
    with pytest.raises(ValueError, match="unknown label"):
        analyze_transcript(_transcript(), _BadClassifier(wrong))


def test_relabel_with_a_new_classifier_without_transcribing() -> None:
    first = analyze_transcript(_transcript(), ScriptClassifier(LABELS))
    relabelled = [(text, label) for text, label in LABELS]
    relabelled[1] = ("I'll reset your line now.", "statement")
    new = ScriptClassifier(relabelled)
    new.version = "v2"
    second = analyze_sentences(first.sentences, _transcript().segments, 12.0, new)
    assert second.classifier_version == "v2"
    assert [h.id for h in second.patterns] == []
    assert first.sentences[3].label == "resolution_offer"  # inputs are not changed


def test_supervisor_corrections_recompute_without_a_classifier() -> None:
    first = analyze_transcript(_transcript(), ScriptClassifier(LABELS))
    offer = next(s for s in first.sentences if s.label == "resolution_offer")
    corrected = with_labels(first.sentences, {offer.id: "statement"})
    assert corrected[offer.id].confidence == 1.0 and corrected[offer.id].scores is None
    again = analyze_sentences(corrected, [], 12.0, classifier_version="script-stub-1")
    assert again.patterns == [] and not again.rushed
    assert again.classifier_version == "script-stub-1"
    assert again.metrics["problem_questions"] == 1


def test_with_labels_rejects_bad_corrections() -> None:
    sentences = analyze_transcript(_transcript(), ScriptClassifier(LABELS)).sentences
    customer = next(s for s in sentences if s.speaker == CUSTOMER)
    with pytest.raises(ValueError, match="unknown label"):
        with_labels(sentences, {0: "greeting"})
    with pytest.raises(ValueError, match="no sentence"):
        with_labels(sentences, {99: "closing"})
    with pytest.raises(ValueError, match="not the agent"):
        with_labels(sentences, {customer.id: "closing"})


def test_analyze_sentences_recomputes_customer_flags() -> None:
    sentences = analyze_transcript(_transcript(), ScriptClassifier(LABELS)).sentences
    stale = [
        s if s.speaker == AGENT else s.__class__(**{**s.__dict__, "is_question": True})
        for s in sentences
    ]
    again = analyze_sentences(stale, [], 12.0)
    assert not any(s.is_question for s in again.sentences)


def test_separate_channels_detection() -> None:
    stereo = _transcript().segments
    assert has_separate_channels(stereo)
    mono = [Segment(s.start, s.end, s.speaker, s.text, s.words, channel=0) for s in stereo]
    assert not has_separate_channels(mono)
    assert not has_separate_channels(stereo, diarization={"confidence": 0.9})
    unknown = [Segment(0, 1, UNKNOWN, "Hello.", channel=0)]
    assert not has_separate_channels(unknown)
    no_channels = [Segment(s.start, s.end, s.speaker, s.text, s.words) for s in stereo]
    assert has_separate_channels(no_channels)


def test_mono_diarized_call_has_no_p5_and_no_talk_over_count() -> None:
    segments = [
        segment(AGENT, "How can I help?", 0.0),
        segment(CUSTOMER, "My internet is down since this morning.", 1.0),
        segment(AGENT, "Okay.", 2.0),
        segment(CUSTOMER, "And it is slow all day long.", 2.5),
        segment(AGENT, "I'll reset your line now.", 3.0),
    ]
    for s in segments:
        s.channel = 0
    classifier = ScriptClassifier(
        [
            ("How can I help?", "problem_question"),
            ("Okay.", "statement"),
            ("I'll reset your line now.", "resolution_offer"),
        ]
    )
    transcript = Transcript(segments, "test", 6.0, diarization={"method": "test"})
    analysis = analyze_transcript(transcript, classifier)
    assert "P5" not in [h.id for h in analysis.patterns]
    assert analysis.metrics["talk_over_count"] is None
    for s in segments:
        s.channel = 0 if s.speaker == AGENT else 1
    stereo = analyze_transcript(Transcript(segments, "test", 6.0), classifier)
    assert "P5" in [h.id for h in stereo.patterns]
    assert stereo.metrics["talk_over_count"] == 2


def test_analysis_imports_no_qt_or_torch() -> None:
    code = (
        "import sys, models.analysis, models.analysis.call_analyzer, models.analysis.metrics;"
        "bad = [m for m in ('PySide6', 'torch', 'whisper', 'transformers') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
