"""Typed rows the library hands out (plain dataclasses, no database handles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kernel.statuses import RESUMABLE as RESUMABLE  # re-exported for the library
from kernel.statuses import CallStatus, ReviewStatus

# Call processing states (kernel/statuses.py). "interrupted": a run stopped
# mid-call (Ctrl-C, a crash, the app closed); the next run resumes it.
PENDING = CallStatus.PENDING
PROCESSING = CallStatus.PROCESSING
DONE = CallStatus.DONE
FAILED = CallStatus.FAILED
INTERRUPTED = CallStatus.INTERRUPTED

UNREVIEWED = ReviewStatus.UNREVIEWED
REVIEWED = ReviewStatus.REVIEWED


@dataclass
class CallRecord:
    id: int
    source: str
    sha256: str
    duration_s: float
    channels: int
    status: str
    agent_channel: str = "left"
    source_sample_rate: int | None = None
    codec: str = ""
    agent: str | None = None
    team: str | None = None
    call_date: str | None = None
    error: str = ""
    asr_model: str = ""
    diarization: dict[str, Any] | None = None
    timings: dict[str, float] = field(default_factory=dict)
    imported_at: str = ""
    updated_at: str = ""
    review_status: str = UNREVIEWED
    review_score: int | None = None
    review_notes: str = ""
    reviewed_at: str | None = None


@dataclass
class ClipRecord:
    id: int
    call_id: int | None
    start_s: float
    end_s: float
    title: str
    tags: list[str] = field(default_factory=list)
    note: str = ""
    created: str = ""
    source: str = ""


@dataclass
class SearchHit:
    call_id: int
    sentence_id: int
    start: float
    speaker: str
    snippet: str  # matched words between <mark> and </mark>
    source: str
    agent: str | None
    call_date: str | None


@dataclass
class SavedFilter:
    name: str
    query: str  # the UI's filter as JSON


@dataclass
class CallMetadata:
    """What is known about a call besides its audio (sidecar CSV, file name, the user)."""

    agent: str | None = None
    team: str | None = None
    call_date: str | None = None  # ISO YYYY-MM-DD

    def merged_over(self, other: CallMetadata) -> CallMetadata:
        """These values where set, `other`'s elsewhere."""
        return CallMetadata(
            agent=self.agent or other.agent,
            team=self.team or other.team,
            call_date=self.call_date or other.call_date,
        )
