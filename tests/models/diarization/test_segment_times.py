"""Segment times follow the diarization turns; word times never move (segment_times.py)."""

from __future__ import annotations

import itertools

import numpy as np

from kernel.domain import Segment, Word
from models.diarization.segment_times import (
    TurnIndex,
    fit_segments_to_turns,
    pick_turn,
    turn_breaks,
)


def _seg(speaker: str, *words: tuple[float, float]) -> Segment:
    ws = [Word(s, e, f"w{s:g}") for s, e in words]
    return Segment(ws[0].start, ws[-1].end, speaker, " ".join(w.word for w in ws), ws, 0, 0.9)


TURNS = [[0.5, 6.0, "agent"], [6.4, 9.0, "customer"], [9.0, 12.0, "agent"]]


def test_segments_reach_their_turn_edges_and_meet_inside_a_turn() -> None:
    segments = [
        _seg("agent", (1.0, 1.5), (1.6, 2.0)),
        _seg("agent", (3.2, 3.6), (3.7, 5.4)),
        _seg("customer", (6.6, 7.0), (7.2, 8.5)),
        _seg("agent", (9.3, 10.0), (10.1, 11.2)),
    ]
    fitted = fit_segments_to_turns(segments, TURNS)
    assert [(s.start, s.end) for s in fitted] == [
        (0.5, 3.2),  # turn start; runs on to the next segment of its turn
        (3.2, 6.0),  # meets the previous one, ends where the turn ends
        (6.4, 9.0),
        (9.0, 12.0),
    ]
    for before, after in zip(segments, fitted, strict=True):
        assert after.words == before.words  # word times exactly as given
        assert (after.speaker, after.text, after.speaker_confidence) == (
            before.speaker,
            before.text,
            before.speaker_confidence,
        )
    # The input is not changed.
    assert (segments[0].start, segments[0].end) == (1.0, 2.0)


def test_segments_only_widen_never_overlap_and_leave_the_rest_alone() -> None:
    segments = [
        _seg("agent", (0.2, 0.8), (1.0, 2.0)),  # first word before the turn: start stays
        _seg("unknown", (2.5, 2.9)),  # unknown: untouched, and a wall for its neighbours
        _seg("agent", (3.0, 5.0), (5.2, 6.3)),  # last word past the turn end: end stays
        _seg("customer", (6.5, 8.0)),
        Segment(8.2, 8.6, "customer", "wordless", [], 0, 0.9),  # no words: untouched
        _seg("customer", (12.5, 13.0)),  # in no customer turn: untouched
    ]
    fitted = fit_segments_to_turns(segments, TURNS)
    assert [(s.start, s.end) for s in fitted] == [
        (0.2, 2.5),
        (2.5, 2.9),
        (2.9, 6.3),
        (6.4, 8.2),
        (8.2, 8.6),
        (12.5, 13.0),
    ]
    for previous, following in itertools.pairwise(fitted):
        assert previous.end <= following.start
    for before, after in zip(segments, fitted, strict=True):
        assert after.start <= before.start and after.end >= before.end


def test_segments_run_on_under_a_laid_over_back_channel() -> None:
    """A back-channel laid over a turn (the turns overlap): the surrounding segments run on
    under it and meet, as the turns do and as a stereo call's segments do at talk-over."""
    turns = [[0.0, 8.0, "agent"], [3.0, 3.6, "customer"]]
    segments = [
        _seg("agent", (0.3, 2.8)),
        _seg("customer", (3.1, 3.5)),
        _seg("agent", (3.8, 7.5)),
    ]
    fitted = fit_segments_to_turns(segments, turns)
    assert [(s.start, s.end) for s in fitted] == [(0.0, 3.8), (3.0, 3.6), (3.8, 8.0)]


def test_no_turns_no_change() -> None:
    segments = [_seg("agent", (1.0, 2.0))]
    assert fit_segments_to_turns(segments, []) == segments


def test_words_in_two_turns_of_one_speaker_are_cut_between_them() -> None:
    words = [Word(9.2, 9.8, "a"), Word(10.0, 10.5, "b"), Word(12.5, 13.0, "c")]
    words.append(Word(13.1, 13.5, "d"))
    turns = [[9.0, 10.6, "agent"], [12.4, 14.0, "agent"], [10.8, 12.2, "customer"]]
    assert turn_breaks(words, ["agent"] * 4, TurnIndex(turns)) == {2}
    # a speaker change is cut anyway; unknown words and words in no turn never cut
    assert (
        turn_breaks(words, ["agent", "agent", "customer", "agent"], TurnIndex(turns)) == frozenset()
    )
    assert (
        turn_breaks(words, ["agent", "unknown", "agent", "agent"], TurnIndex(turns)) == frozenset()
    )
    # a word just outside a turn (Whisper's times vs 10 ms frames) still belongs to it
    near = [Word(8.8, 8.95, "x"), Word(9.2, 9.8, "y")]
    assert turn_breaks(near, ["agent", "agent"], TurnIndex(turns)) == frozenset()
    # two turns of one speaker under 0.3 s apart: no cut (it would often fall mid-sentence)
    close = [[9.0, 10.6, "agent"], [10.8, 14.0, "agent"]]
    assert turn_breaks(words, ["agent"] * 4, TurnIndex(close)) == frozenset()


def _turn_of_brute_force(turns: list, speaker: str, start: float, end: float) -> int | None:
    """The same choice over every turn of the speaker, no index."""
    mine = ((i, t_start, t_end) for i, (t_start, t_end, who) in enumerate(turns) if who == speaker)
    return pick_turn(mine, start, end)


def test_turn_index_finds_what_a_scan_of_every_turn_finds() -> None:
    rng = np.random.default_rng(7)
    starts = np.sort(rng.uniform(0, 300, 120))
    turns = [
        [
            round(float(s), 2),
            round(float(s + rng.uniform(0.1, 6)), 2),
            ("agent", "customer")[i % 3 == 0],
        ]
        for i, s in enumerate(starts)
    ]
    index = TurnIndex(turns)
    for _ in range(2000):
        start = float(rng.uniform(-1, 310))
        end = start + float(rng.choice([0.0, rng.uniform(0.02, 0.8)]))
        for speaker in ("agent", "customer", "unknown"):
            assert index.turn_of(speaker, start, end) == _turn_of_brute_force(
                turns, speaker, start, end
            )
