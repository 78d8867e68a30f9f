"""Segment times that follow the diarization turns (mono calls, issue 14).

A diarized segment first spans its words only (first word's start to last
word's end), so the pauses a speaker's turn holds (between words, before the
first word, after the last) belong to no segment: read as a speaker timeline,
the segments miss them. Here each labelled segment with words is widened, never
narrowed, inside the turn of its own speaker under its first and last words:

- the first segment of a turn starts at the turn's start, the last one ends at
  the turn's end;
- consecutive segments of one speaker inside one turn meet: the earlier one
  runs on to where the next one starts;
- a segment whose words lie in two turns of its speaker is cut between them
  (turn_breaks, used where the diarizer splits segments at speaker changes),
  so the silence or wordless turn between them is in no segment;
- a segment never reaches into a neighbour (unknown, the same speaker, or the
  other speaker in a turn of its own), so these stay in time order with no
  overlap. The one exception is a back-channel whose turn is laid over this
  turn (timeline.py: the two turns overlap): the surrounding segments run on
  under it, as the turns do, and as a stereo call's segments do when both
  talk at once.

Word times are not touched, so talk time, sentences, redaction and playback
highlight (all read word times) are unchanged. Segments without words,
`unknown` segments, and segments whose words lie in no turn of their speaker
keep their times.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from kernel.domain import UNKNOWN, Segment, Word

# A word belongs to a turn of its speaker that overlaps at least this share of it,
# else to one that starts or ends within WORD_REACH_S of it (word times and the
# 10 ms turn frames disagree by a frame or two; a word in silence took its voice
# from up to 0.2 s away, diarizer._span_votes).
_MIN_SHARE = 0.5
WORD_REACH_S = 0.25

# Two turns of one speaker closer than this stay in one segment when its words run
# across: the silence left in costs little, and a cut there often falls mid-sentence.
MIN_CUT_GAP_S = 0.3

Turns = Sequence[Sequence[Any]]


class TurnIndex:
    """The turns by speaker, for finding the turn under a word in O(log n)."""

    def __init__(self, turns: Turns) -> None:
        self.turns = turns
        self._by_speaker: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for speaker in {str(t[2]) for t in turns}:
            mine = [i for i, t in enumerate(turns) if t[2] == speaker]
            order = sorted(mine, key=lambda i: float(turns[i][0]))
            starts = np.array([float(turns[i][0]) for i in order])
            ends = np.array([float(turns[i][1]) for i in order])
            self._by_speaker[speaker] = (np.array(order), starts, np.maximum.accumulate(ends))

    def turn_of(self, speaker: str, start: float, end: float) -> int | None:
        """Index (in `turns`) of the `speaker` turn under the word [start, end]: the one
        overlapping most, if by at least _MIN_SHARE of the word; else the nearest within
        WORD_REACH_S; None if neither."""
        found = self._by_speaker.get(speaker)
        if found is None:
            return None
        order, starts, reach_ends = found
        lo = int(np.searchsorted(reach_ends, start - WORD_REACH_S, side="left"))
        hi = int(np.searchsorted(starts, end + WORD_REACH_S, side="right"))
        window = order[lo:hi].tolist()
        return pick_turn(((i, self.turns[i][0], self.turns[i][1]) for i in window), start, end)


def pick_turn(
    candidates: Iterable[tuple[int, float, float]], start: float, end: float
) -> int | None:
    """Of the candidate turns (index, start, end), the one under the word [start, end]:
    the one overlapping most, if by at least _MIN_SHARE of the word; else the nearest
    within WORD_REACH_S (the later one on a tie); None if neither."""
    length = max(end - start, 0.01)
    best, best_overlap, nearest, nearest_gap = None, 0.0, None, WORD_REACH_S
    for index, turn_start, turn_end in candidates:
        t_start, t_end = float(turn_start), float(turn_end)
        overlap = min(end, t_end) - max(start, t_start)
        if end <= start and t_start <= start <= t_end:
            overlap = length
        if overlap > best_overlap:
            best, best_overlap = index, overlap
        gap = max(t_start - end, start - t_end, 0.0)
        if gap <= nearest_gap:
            nearest, nearest_gap = index, gap
    if best is not None and best_overlap >= _MIN_SHARE * length:
        return best
    return nearest


def turn_breaks(words: Sequence[Word], speakers: Sequence[str], turns: TurnIndex) -> frozenset[int]:
    """Word indices where a segment is cut although the speaker stays: the word lies in
    another turn of that speaker than the word before it, at least MIN_CUT_GAP_S after
    that one ends (a silence or the other voice's wordless turn between them), so each
    piece can follow its own turn."""
    cuts: set[int] = set()
    previous: int | None = None
    for index, (word, speaker) in enumerate(zip(words, speakers, strict=True)):
        turn = None if speaker == UNKNOWN else turns.turn_of(speaker, word.start, word.end)
        if index and turn is not None and previous is not None and turn != previous:
            gap = float(turns.turns[turn][0]) - float(turns.turns[previous][1])
            if speakers[index - 1] == speaker and gap >= MIN_CUT_GAP_S:
                cuts.add(index)
        previous = turn
    return frozenset(cuts)


def _overlaps(turns: Turns, a: set[int], b: set[int]) -> bool:
    return any(
        min(float(turns[i][1]), float(turns[j][1])) > max(float(turns[i][0]), float(turns[j][0]))
        for i in a
        for j in b
    )


def fit_segments_to_turns(segments: Sequence[Segment], turns: Turns) -> list[Segment]:
    """`segments` (time order) with their start/end widened to their speakers' turns."""
    if not turns:
        return list(segments)
    index_of = TurnIndex(turns)
    owned: list[tuple[int | None, int | None]] = []
    for segment in segments:
        if segment.speaker == UNKNOWN or not segment.words:
            owned.append((None, None))
            continue
        first, last = segment.words[0], segment.words[-1]
        owned.append(
            (
                index_of.turn_of(segment.speaker, first.start, first.end),
                index_of.turn_of(segment.speaker, last.start, last.end),
            )
        )

    def wall(index: int, other: int) -> bool:
        """Whether segment `other` bounds segment `index` (not a laid-over neighbour)."""
        if segments[other].speaker in (segments[index].speaker, UNKNOWN):
            return True
        mine = {t for t in owned[index] if t is not None}
        theirs = {t for t in owned[other] if t is not None}
        return not (mine and theirs and _overlaps(turns, mine, theirs))

    out: list[Segment] = []
    for index, segment in enumerate(segments):
        opening, closing = owned[index]
        start, end = segment.start, segment.end
        if opening is not None:
            before = (out[k].end for k in range(index - 1, -1, -1) if wall(index, k))
            start = min(segment.start, max(float(turns[opening][0]), next(before, 0.0)))
        if closing is not None:
            after = (segments[k].start for k in range(index + 1, len(segments)) if wall(index, k))
            end = max(segment.end, min(float(turns[closing][1]), next(after, float("inf"))))
        out.append(replace(segment, start=round(start, 3), end=round(end, 3)))
    return out
