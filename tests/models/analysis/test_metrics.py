"""compute_metrics on a hand-computed call, and each metric's edges."""

from __future__ import annotations

import pytest

from kernel.domain import AGENT, CUSTOMER, METRIC_KEYS, Segment, Sentence, Word
from models.analysis.call_analyzer import with_labels
from models.analysis.metrics import compute_metrics, longest_monologue
from models.analysis.sentences import split_sentences


def seg(speaker: str, *words: tuple[float, float, str]) -> Segment:
    ws = [Word(s, e, w) for s, e, w in words]
    return Segment(ws[0].start, ws[-1].end, speaker, " ".join(w for *_, w in words), ws)


# Agent:    [0,2] ........ [4,6] [7,8] ...... [9.5,10.5]
# Customer:       [2.5,4.5] ............ [9,10]
HAND_SEGMENTS = [
    seg(AGENT, (0.0, 1.0, "Hello."), (1.1, 2.0, "Help?")),  # 0.1 s gap: one interval
    seg(CUSTOMER, (2.5, 3.5, "My"), (3.5, 4.5, "card.")),
    seg(AGENT, (4.0, 5.0, "Okay."), (5.0, 6.0, "Sure?"), (7.0, 8.0, "Right?")),
    seg(CUSTOMER, (9.0, 10.0, "Thanks.")),
    seg(AGENT, (9.5, 10.5, "Fine?")),
]
HAND_LABELS = {
    "Hello.": "statement",
    "Help?": "problem_question",
    "Okay.": "statement",
    "Sure?": "impact_question",
    "Right?": "problem_question",
    "Fine?": "impact_question",
}


def labelled(segments: list[Segment], labels: dict[str, str]) -> list[Sentence]:
    sentences = split_sentences(segments)
    return with_labels(sentences, {s.id: labels[s.text] for s in sentences if s.speaker == AGENT})


def test_hand_computed_call() -> None:
    metrics = compute_metrics(labelled(HAND_SEGMENTS, HAND_LABELS), HAND_SEGMENTS, 12.0)
    assert tuple(metrics) == METRIC_KEYS
    assert metrics == {
        # agent 2 + 2 + 1 + 1 = 6 s, customer 2 + 1 = 3 s
        "agent_talk_ratio": pytest.approx(6 / 9, abs=1e-4),
        # speech union [0,2] [2.5,6] [7,8] [9,10.5] = 8 s of 12
        "silence_ratio": pytest.approx(4 / 12, abs=1e-4),
        # [4.5,6] + the agent's own pause + [7,8]; [0,2] is shorter, [10,10.5] too
        "longest_agent_monologue_s": pytest.approx(3.5),
        # agent turns starting at 4.0 (customer 2.5-4.5) and 9.5 (customer 9-10)
        "talk_over_count": 2,
        "problem_questions": 2,
        "impact_questions": 2,
        "impact_question_share": 0.5,
        "first_impact_question_s": 5.0,
    }


def test_talk_over_is_none_without_separate_channels() -> None:
    sentences = labelled(HAND_SEGMENTS, HAND_LABELS)
    metrics = compute_metrics(sentences, HAND_SEGMENTS, 12.0, has_separate_channels=False)
    assert metrics["talk_over_count"] is None


def test_empty_call() -> None:
    metrics = compute_metrics([], [], 30.0)
    assert metrics == {
        "agent_talk_ratio": 0.0,
        "silence_ratio": 1.0,
        "longest_agent_monologue_s": 0.0,
        "talk_over_count": 0,
        "problem_questions": 0,
        "impact_questions": 0,
        "impact_question_share": 0.0,
        "first_impact_question_s": None,
    }
    assert compute_metrics([], [], 0.0)["silence_ratio"] == 0.0


def test_share_counts_only_problem_and_impact_questions() -> None:
    segments = [seg(AGENT, (0, 1, "A?"), (1, 2, "B?"), (2, 3, "C?"), (3, 4, "D."))]
    labels = {
        "A?": "problem_question",
        "B?": "other_question",
        "C?": "problem_question",
        "D.": "resolution_offer",
    }
    metrics = compute_metrics(labelled(segments, labels), segments, 4.0)
    assert metrics["impact_question_share"] == 0.0
    assert metrics["problem_questions"] == 2 and metrics["impact_questions"] == 0
    labels["B?"] = "impact_question"
    metrics = compute_metrics(labelled(segments, labels), segments, 4.0)
    assert metrics["impact_question_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert metrics["first_impact_question_s"] == 1.0
    assert metrics["agent_talk_ratio"] == 1.0 and metrics["silence_ratio"] == 0.0


def test_segments_without_words_use_their_span() -> None:
    segments = [Segment(0, 4, AGENT, "Hello. How can I help?"), Segment(5, 7, CUSTOMER, "Hi.")]
    sentences = split_sentences(segments)
    metrics = compute_metrics(sentences, segments, 10.0)
    assert metrics["agent_talk_ratio"] == pytest.approx(4 / 6, abs=1e-4)
    assert metrics["silence_ratio"] == pytest.approx(0.4)


def test_sentences_stand_in_without_segments() -> None:
    sentences = [
        Sentence(0, 0.0, 3.0, AGENT, "Hello.", label="statement"),
        Sentence(1, 2.0, 4.0, CUSTOMER, "Hi."),
        Sentence(2, 3.5, 5.0, AGENT, "Right.", label="statement"),
    ]
    metrics = compute_metrics(sentences, [], 10.0)
    assert metrics["agent_talk_ratio"] == pytest.approx(4.5 / 6.5, abs=1e-4)
    assert metrics["silence_ratio"] == pytest.approx(0.5)
    assert metrics["talk_over_count"] == 1


def test_speech_past_the_stated_duration_never_gives_negative_silence() -> None:
    segments = [seg(AGENT, (0.0, 5.0, "Hello."))]
    assert compute_metrics(split_sentences(segments), segments, 3.0)["silence_ratio"] == 0.0


def test_longest_monologue_counts_agent_pauses_until_the_customer_speaks() -> None:
    assert longest_monologue([(0, 5), (6, 10)], []) == 10
    assert longest_monologue([(0, 5), (6, 10)], [(5.2, 5.8)]) == 5
    # Agent speech during customer speech is not monologue.
    assert longest_monologue([(0, 10)], [(2, 4)]) == 6
    assert longest_monologue([(0, 10)], [(0, 10)]) == 0
    assert longest_monologue([], [(0, 1)]) == 0
    # Customer speech before or after does not cut the stretch.
    assert longest_monologue([(2, 4), (5, 7)], [(0, 1), (8, 9)]) == 5
