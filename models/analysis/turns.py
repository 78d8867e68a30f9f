"""Who speaks when: turns from sentences, speech intervals from word times.

A turn is a maximal run of consecutive sentences (in time order) by one
speaker. A speaker's speech intervals are their word times (a segment's span
where it has no words) with gaps shorter than SPEECH_MERGE_GAP_S merged, so
the short breath between two words is still speech. Used by P3, P5 and the
metrics.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kernel.domain import AGENT, CUSTOMER, Segment, Sentence

SPEECH_MERGE_GAP_S = 0.3  # gaps shorter than this inside one speaker's speech are speech

Interval = tuple[float, float]


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted run of sentences."""

    speaker: str
    start: float  # first sentence's start (its first word)
    end: float  # latest end of its sentences
    sentence_ids: tuple[int, ...]


def build_turns(sentences: Sequence[Sentence]) -> list[Turn]:
    """Turns in time order; sentences are taken in id order (their time order)."""
    turns: list[Turn] = []
    for sentence in sorted(sentences, key=lambda s: s.id):
        if turns and turns[-1].speaker == sentence.speaker:
            last = turns[-1]
            turns[-1] = Turn(
                last.speaker,
                last.start,
                max(last.end, sentence.end),
                (*last.sentence_ids, sentence.id),
            )
        else:
            turns.append(Turn(sentence.speaker, sentence.start, sentence.end, (sentence.id,)))
    return turns


def merge_intervals(
    intervals: Iterable[Interval], max_gap_s: float = SPEECH_MERGE_GAP_S
) -> list[Interval]:
    """Sorted union of the intervals, joining ones less than `max_gap_s` apart."""
    merged: list[Interval] = []
    for start, end in sorted((s, max(s, e)) for s, e in intervals):
        if merged and start - merged[-1][1] < max_gap_s:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def speech_intervals(
    segments: Sequence[Segment],
    speaker: str,
    *,
    sentences: Sequence[Sentence] = (),
    max_gap_s: float = SPEECH_MERGE_GAP_S,
) -> list[Interval]:
    """When `speaker` is speaking, from word times.

    Without segments (stored sentences re-analysed on their own) the
    speaker's sentence spans stand in for the words.
    """
    raw: list[Interval] = []
    if segments:
        for segment in segments:
            if segment.speaker != speaker:
                continue
            if segment.words:
                raw.extend((w.start, w.end) for w in segment.words if w.word.strip())
            elif segment.text.strip():
                raw.append((segment.start, segment.end))
    else:
        raw.extend((s.start, s.end) for s in sentences if s.speaker == speaker)
    return merge_intervals(raw, max_gap_s)


def total_length(intervals: Iterable[Interval]) -> float:
    """Summed length of disjoint intervals."""
    return sum(end - start for start, end in intervals)


def inside_any(moment: float, intervals: Sequence[Interval], margin_s: float = 0.0) -> bool:
    """Whether `moment` lies strictly inside an interval, at least `margin_s` before its end."""
    return any(start < moment < end - margin_s for start, end in intervals)


def talk_over_turns(
    turns: Sequence[Turn],
    customer_speech: Sequence[Interval],
    *,
    margin_s: float = 0.0,
) -> list[Turn]:
    """Agent turns whose first word starts while the customer's speech is still running."""
    return [
        turn
        for turn in turns
        if turn.speaker == AGENT and inside_any(turn.start, customer_speech, margin_s)
    ]


def customer_and_agent_speech(
    segments: Sequence[Segment], sentences: Sequence[Sentence]
) -> tuple[list[Interval], list[Interval]]:
    """(customer, agent) speech intervals."""
    return (
        speech_intervals(segments, CUSTOMER, sentences=sentences),
        speech_intervals(segments, AGENT, sentences=sentences),
    )
