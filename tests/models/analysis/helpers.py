"""Builders for analysis tests: words, segments and labelled sentences with set times."""

from __future__ import annotations

from collections.abc import Sequence

from kernel.domain import AGENT, CUSTOMER, Segment, Sentence, Word
from models.analysis.sentences import annotate_customer


def words(text: str, start: float, per_word: float = 0.3) -> list[Word]:
    """Whisper-like words (leading spaces, punctuation attached), evenly paced."""
    return [
        Word(round(start + i * per_word, 3), round(start + (i + 1) * per_word, 3), f" {token}")
        for i, token in enumerate(text.split())
    ]


def segment(speaker: str, text: str, start: float, per_word: float = 0.3) -> Segment:
    ws = words(text, start, per_word)
    return Segment(ws[0].start, ws[-1].end, speaker, text, ws, channel=0 if speaker == AGENT else 1)


Line = tuple[str, str] | tuple[str, str, str]


def dialogue(
    lines: Sequence[Line], *, start: float = 0.0, length: float = 2.0, gap: float = 1.0
) -> list[Sentence]:
    """Sentences one after another: (speaker, text[, label]), each `length` s, `gap` apart.

    Speaker "a"/"c" are short for agent/customer. Customer sentences get their flags.
    """
    out: list[Sentence] = []
    t = start
    for index, line in enumerate(lines):
        speaker = {"a": AGENT, "c": CUSTOMER}.get(line[0], line[0])
        label = line[2] if len(line) > 2 else None
        sentence = Sentence(index, t, t + length, speaker, line[1], label=label)
        out.append(annotate_customer(sentence))
        t += length + gap
    return out


def retime(sentences: Sequence[Sentence], times: dict[int, tuple[float, float]]) -> list[Sentence]:
    """Copies with the given ids moved to (start, end)."""
    from dataclasses import replace

    return [
        replace(s, start=times[s.id][0], end=times[s.id][1]) if s.id in times else s
        for s in sentences
    ]
