"""Writers' labels carried over to what Whisper heard (models/data/asr_rows.py)."""

from __future__ import annotations

import json

from kernel.domain import AGENT, CUSTOMER, UNKNOWN, Transcript
from models.classifier.callsets import parse_call
from models.data.asr_rows import asr_rows, heard_sentences
from models.data.build_asr_rows import OUT_FILE, renderings
from models.data.build_call_data import ASR_FILE, dev_ids
from tests.models.analysis.helpers import segment

CALL = parse_call(
    {
        "id": "t_01",
        "industry": "broadband",
        "turns": [
            {
                "speaker": "agent",
                "sentences": [
                    ["Thanks for calling Fibrenet, this is Gwen.", "statement"],
                    ["What can I help you with?", "problem_question"],
                ],
            },
            {"speaker": "customer", "text": "The engineer never came and I took the day off."},
            {
                "speaker": "agent",
                "sentences": [
                    ["I'm so sorry you sat in all morning for nothing.", "statement"],
                    ["Did that cost you a day's pay?", "impact_question"],
                ],
            },
            {"speaker": "customer", "text": "Yes, a full day unpaid."},
            {
                "speaker": "agent",
                "sentences": [
                    [
                        "I've booked the first slot on Thursday and raised a claim for your "
                        "lost day.",
                        "resolution_offer",
                    ],
                    ["Does Thursday work for you?", "resolution_check"],
                ],
            },
        ],
    },
    "test",
)


def _heard(speaker_agent: str, speaker_customer: str) -> Transcript:
    # Whisper's kinds of error: a misheard name, a "?" heard as ".", two sentences
    # merged into one run-on, sentences cut in two.
    return Transcript(
        [
            segment(speaker_agent, "Thanks for calling Fiber net. This is Gwen.", 0.0),
            segment(speaker_agent, "What can I help you with?", 3.0),
            segment(speaker_customer, "The engineer never came and I took the day off.", 5.0),
            segment(
                speaker_agent,
                "I'm so sorry you sat in all morning for nothing did that cost you a day's pay.",
                9.0,
            ),
            segment(speaker_customer, "Yes, a full day unpaid.", 14.0),
            segment(speaker_agent, "I've booked the first slot on Thursday.", 16.0),
            segment(
                speaker_agent,
                "And raised a claim for your lost day. Does Thursday work for you?",
                18.5,
            ),
        ],
        "tiny.en",
        25.0,
    )


def test_labels_follow_the_written_sentence_that_ends_in_each_heard_one() -> None:
    sentences = heard_sentences(CALL, _heard(AGENT, CUSTOMER))
    agent = [(s.text, s.label) for s in sentences if s.speaker == AGENT]
    assert agent == [
        # a piece of a statement is a statement
        ("Thanks for calling Fiber net.", "statement"),
        ("This is Gwen.", "statement"),
        ("What can I help you with?", "problem_question"),
        # merged: the impact question outranks the statement (TAXONOMY's order)
        (
            "I'm so sorry you sat in all morning for nothing did that cost you a day's pay.",
            "impact_question",
        ),
        # cut in two: the first piece has no written sentence ending in it
        ("I've booked the first slot on Thursday.", None),
        ("And raised a claim for your lost day.", "resolution_offer"),
        ("Does Thursday work for you?", "resolution_check"),
    ]
    assert all(s.label is None for s in sentences if s.speaker == CUSTOMER)


def test_mono_words_take_the_speaker_of_the_written_words() -> None:
    mono = heard_sentences(CALL, _heard(UNKNOWN, UNKNOWN))
    stereo = heard_sentences(CALL, _heard(AGENT, CUSTOMER))
    assert [(s.speaker, s.text, s.label) for s in mono] == [
        (s.speaker, s.text, s.label) for s in stereo
    ]


def test_rows_carry_the_app_context_and_skip_unlabelled_pieces() -> None:
    rows = asr_rows(CALL, _heard(AGENT, CUSTOMER), "writer_t", "stereo")
    assert [r["label"] for r in rows] == [
        "statement",
        "statement",
        "problem_question",
        "impact_question",
        "resolution_offer",
        "resolution_check",
    ]
    assert rows[0]["context"].startswith("call start.")
    check = rows[-1]
    assert check["context"].startswith("fix made.")
    assert "agent before: And raised a claim" in check["context"]
    assert {r["source"] for r in rows} == {"asr:stereo:writer_t:t_01"}


def test_badly_heard_sentences_give_no_row() -> None:
    garbled = _heard(AGENT, CUSTOMER)
    garbled.segments[1] = segment(AGENT, "Whatever cannot hear pew wit?", 3.0)
    labels = [r["label"] for r in asr_rows(CALL, garbled, "w", "stereo")]
    assert "problem_question" not in labels


def test_committed_heard_rows_cover_both_layouts_and_no_dev_call() -> None:
    assert ASR_FILE == OUT_FILE
    rows = [json.loads(line) for line in OUT_FILE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 1000
    assert {r["source"].split(":")[1] for r in rows} == {"stereo", "mono8k"}
    held = dev_ids()
    assert not any(r["source"].split(":")[-1] in held for r in rows)


def test_each_call_is_heard_in_both_layouts_with_voices_of_its_own() -> None:
    ids = [f"x_{n:02d}" for n in range(40)]
    for call_id in ids:
        (first, one), (second, two) = renderings(call_id)
        assert {first, second} == {"stereo", "mono8k"} and one % 4 != two % 4
        assert renderings(call_id) == [(first, one), (second, two)]  # not the call's place
    # Both layouts come first for some calls, and every voice pair is used.
    assert len({renderings(i)[0][0] for i in ids}) == 2
    assert len({renderings(i)[0][1] % 4 for i in ids}) == 4


def test_make_eval_scores_the_heard_sentences_with_the_real_classifier() -> None:
    from models.classifier.eval_calls import AudioPath, heard_labels
    from models.classifier.predict import SentenceClassifier

    class Heard(AudioPath):  # what Whisper gave for the call (the transcript above)
        def transcript(self, call, layout, index):  # type: ignore[no-untyped-def]
            return _heard(UNKNOWN, UNKNOWN), None

    gold, predicted = heard_labels([CALL], SentenceClassifier.load(), "mono8k", Heard())
    assert gold == [
        "statement",
        "statement",
        "problem_question",
        "impact_question",
        "resolution_offer",
        "resolution_check",
    ]
    assert len(predicted) == len(gold)
    assert predicted[1:3] == ["statement", "problem_question"]


def test_recognizer_style_ends_some_questions_with_a_dot_only_when_asked() -> None:
    import random

    from models.data.styles import asr

    question = "Did that cost you a day's pay?"
    dotted = [asr(question, random.Random(seed), question_dots=True) for seed in range(200)]
    plain = [asr(question, random.Random(seed)) for seed in range(200)]
    assert 20 < sum(t.endswith(".") for t in dotted) < 120
    assert not any(t.endswith(".") for t in plain)
