"""Turns from sentences, speech intervals from word times, talk-over turns."""

from __future__ import annotations

from kernel.domain import AGENT, CUSTOMER, Segment, Sentence, Word
from models.analysis.turns import (
    Turn,
    build_turns,
    inside_any,
    merge_intervals,
    speech_intervals,
    talk_over_turns,
    total_length,
)
from tests.models.analysis.helpers import dialogue


def test_turns_are_runs_of_one_speaker() -> None:
    sentences = dialogue([("a", "Hi."), ("a", "How can I help?"), ("c", "My card."), ("a", "Ok.")])
    assert build_turns(sentences) == [
        Turn(AGENT, 0.0, 5.0, (0, 1)),
        Turn(CUSTOMER, 6.0, 8.0, (2,)),
        Turn(AGENT, 9.0, 11.0, (3,)),
    ]
    assert build_turns([]) == []


def test_turn_end_is_the_latest_sentence_end() -> None:
    sentences = [
        Sentence(0, 0.0, 9.0, AGENT, "A long one."),
        Sentence(1, 1.0, 2.0, AGENT, "Short."),
    ]
    assert build_turns(sentences)[0].end == 9.0


def test_merge_intervals_joins_small_gaps_only() -> None:
    assert merge_intervals([(3, 4), (0, 1), (1.2, 2)]) == [(0, 2), (3, 4)]
    assert merge_intervals([(0, 1), (1.3, 2)]) == [(0, 1), (1.3, 2)]
    assert merge_intervals([(0, 5), (1, 2)]) == [(0, 5)]
    assert merge_intervals([(0, 1), (1, 2)], max_gap_s=0.0) == [(0, 1), (1, 2)]
    assert total_length([(0, 2), (3, 4)]) == 3


def test_speech_intervals_from_words_then_segment_spans_then_sentences() -> None:
    words = [Word(0.0, 0.5, " Hi."), Word(0.6, 1.0, " there"), Word(2.0, 2.5, " again.")]
    segments = [
        Segment(0.0, 2.5, CUSTOMER, "Hi. there again.", words),
        Segment(5.0, 6.0, CUSTOMER, "No words here."),
        Segment(0.0, 3.0, AGENT, "Other speaker."),
        Segment(7.0, 8.0, CUSTOMER, "   "),
    ]
    assert speech_intervals(segments, CUSTOMER) == [(0.0, 1.0), (2.0, 2.5), (5.0, 6.0)]
    sentences = [Sentence(0, 1.0, 2.0, CUSTOMER, "x"), Sentence(1, 0.0, 9.0, AGENT, "y")]
    assert speech_intervals([], CUSTOMER, sentences=sentences) == [(1.0, 2.0)]


def test_inside_any_is_strict() -> None:
    assert inside_any(1.0, [(0.0, 2.0)])
    assert not inside_any(0.0, [(0.0, 2.0)])
    assert not inside_any(2.0, [(0.0, 2.0)])
    assert not inside_any(1.9, [(0.0, 2.0)], margin_s=0.2)


def test_talk_over_turns_are_agent_turns_starting_in_customer_speech() -> None:
    turns = [
        Turn(CUSTOMER, 0.0, 4.0, (0,)),
        Turn(AGENT, 3.0, 6.0, (1,)),
        Turn(CUSTOMER, 6.5, 8.0, (2,)),
        Turn(AGENT, 8.5, 9.0, (3,)),
    ]
    customer = [(0.0, 4.0), (6.5, 8.0)]
    assert talk_over_turns(turns, customer) == [turns[1]]
    # A customer pause longer than the merge gap is not "still speaking".
    assert talk_over_turns(turns, [(0.0, 2.5), (3.5, 4.0)]) == []
