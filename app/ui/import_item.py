"""One file waiting in, or gone through, the import queue (plain data, JSON round-trip)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from app.pipeline.discover import AUDIO_SUFFIXES

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
CANCELED = "canceled"
SKIPPED = "skipped"  # already in the library (same audio)

FINISHED_STATUSES = frozenset({DONE, FAILED, CANCELED, SKIPPED})
STATUS_LABELS = {
    QUEUED: "Waiting",
    RUNNING: "Working",
    DONE: "Done",
    FAILED: "Failed",
    CANCELED: "Canceled",
    SKIPPED: "Already in library",
}


def is_audio_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in AUDIO_SUFFIXES


@dataclass
class ImportItem:
    """A queued file with the options it is imported with and how far it got."""

    item_id: int
    path: str
    agent_channel: str = "left"
    asr_model: str = "tiny.en"
    agent: str | None = None
    team: str | None = None
    call_date: str | None = None
    status: str = QUEUED
    progress: float = 0.0  # 0..1 within this file
    stage: str = ""  # what the worker is doing now ("transcribing")
    message: str = ""  # error text for failed items
    call_id: int | None = None

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def options_key(self) -> tuple[str, str]:
        """Items with the same key can share one worker run (same model, same channel)."""
        return (self.asr_model, self.agent_channel)

    def metadata(self) -> dict[str, str]:
        data = {"agent": self.agent, "team": self.team, "call_date": self.call_date}
        return {key: value for key, value in data.items() if value}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportItem:
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})
