"""DER, word attribution and role scoring on hand-made timelines."""

from __future__ import annotations

import pytest

from kernel.domain import Segment, Transcript, Word
from models.diarization.scoring import diarization_error_rate, roles_correct, word_attribution

REF = [
    {"voice": "slt", "role": "agent", "start": 0.0, "end": 4.0},
    {"voice": "rms", "role": "customer", "start": 5.0, "end": 9.0},
]


def test_perfect_and_relabelled_hypotheses_score_zero() -> None:
    assert diarization_error_rate(REF, [[0, 4, "a"], [5, 9, "b"]], 10)["der"] == 0.0
    assert diarization_error_rate(REF, [[0, 4, "x"], [5, 9, "y"]], 10)["der"] == 0.0


def test_missed_false_alarm_and_confusion() -> None:
    missed = diarization_error_rate(REF, [[0, 4, "a"]], 10, collar_s=0)
    assert missed["missed"] == pytest.approx(0.5, abs=0.01)
    alarm = diarization_error_rate(REF, [[0, 4, "a"], [4, 9, "b"]], 10, collar_s=0)
    assert alarm["false_alarm"] == pytest.approx(1 / 8, abs=0.01)
    confused = diarization_error_rate(REF, [[0, 2, "a"], [2, 4, "b"], [5, 9, "b"]], 10, collar_s=0)
    assert confused["confusion"] == pytest.approx(2 / 8, abs=0.01)


def test_collar_forgives_boundaries() -> None:
    late = [[0.2, 4.2, "a"], [5.2, 9.0, "b"]]
    assert diarization_error_rate(REF, late, 10, collar_s=0)["der"] > 0.05
    assert diarization_error_rate(REF, late, 10, collar_s=0.25)["der"] == 0.0


def _transcript(speakers: list[str]) -> Transcript:
    words = [Word(1.0, 1.5, "hello"), Word(6.0, 6.5, "hi"), Word(7.0, 7.5, "there")]
    segments = [
        Segment(w.start, w.end, s, w.word, [w]) for w, s in zip(words, speakers, strict=True)
    ]
    return Transcript(segments, "test", 10.0)


def test_word_attribution_and_roles() -> None:
    right = _transcript(["agent", "customer", "customer"])
    assert word_attribution(right, REF)["accuracy"] == 1.0 and roles_correct(right, REF)
    unsure = word_attribution(_transcript(["agent", "unknown", "customer"]), REF)
    assert unsure["accuracy"] == pytest.approx(2 / 3) and unsure["accuracy_known"] == 1.0
    assert not roles_correct(_transcript(["customer", "agent", "agent"]), REF)


def test_words_under_overlap_are_set_apart() -> None:
    ref = [*REF, {"voice": "slt", "role": "agent", "start": 6.8, "end": 7.8}]
    words = word_attribution(_transcript(["agent", "customer", "agent"]), ref)
    assert words["accuracy"] == pytest.approx(2 / 3)  # "there" (7.0-7.5) is the customer's
    assert words["accuracy_outside_overlap"] == 1.0  # ...but both speak there
