"""What one coaching clip is, as the exporter sees it (plain data, no storage, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kernel.domain import Sentence


@dataclass
class ClipSpec:
    """A stretch of one call to export: its range (padding included) and its story.

    `sentences` are the call's sentences overlapping the range (absolute call
    times); `source` is the call's audio file, which may be missing on disk.
    """

    title: str
    source: str
    start_s: float
    end_s: float
    tags: list[str] = field(default_factory=list)
    note: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    call_id: int | None = None
    clip_id: int | None = None
    agent: str | None = None
    team: str | None = None
    call_date: str | None = None
    created: str | None = None
    # Call times to silence in the clip's audio (redacted words, padded; issue 15).
    muted: list[tuple[float, float]] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return max(0.0, self.end_s - self.start_s)


def sentences_in_range(sentences: list[Sentence], start_s: float, end_s: float) -> list[Sentence]:
    """The sentences that overlap [start_s, end_s], in time order."""
    inside = [s for s in sentences if s.end > start_s and s.start < end_s]
    return sorted(inside, key=lambda s: (s.start, s.id))
