"""Transcripts written as dialogue, with word times, for the redaction tests."""

from __future__ import annotations

from kernel.domain import AGENT, CUSTOMER, Segment, Transcript, Word

WORD_S = 0.3


def dialogue(*turns: tuple[str, str], gap: float = 0.6, channels: bool = True) -> Transcript:
    """("agent"|"customer", text) turns -> a Transcript, one segment per turn."""
    segments = []
    clock = 0.5
    for speaker, text in turns:
        words = []
        start = clock
        for piece in text.split():
            words.append(Word(round(clock, 3), round(clock + WORD_S - 0.05, 3), " " + piece))
            clock += WORD_S
        channel = (0 if speaker == AGENT else 1) if channels else None
        segments.append(Segment(start, clock, speaker, " " + text, words, channel))
        clock += gap
    return Transcript(segments, "test", clock + 0.5)


A, C = AGENT, CUSTOMER
