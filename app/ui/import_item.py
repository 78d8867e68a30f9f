"""One file waiting in, or gone through, the import queue (plain data, JSON round-trip)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from app.pipeline.discover import AUDIO_SUFFIXES
from kernel.statuses import FINISHED_JOBS, JobStatus

QUEUED = JobStatus.QUEUED
RUNNING = JobStatus.RUNNING
DONE = JobStatus.DONE
FAILED = JobStatus.FAILED
CANCELED = JobStatus.CANCELED
SKIPPED = JobStatus.SKIPPED  # already in the library (same audio)

FINISHED_STATUSES = FINISHED_JOBS
STATUS_LABELS: dict[str, str] = {  # keyed by status (a str enum), looked up by str
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


def queue_summary(items: list[ImportItem]) -> str:
    """What finished, told apart: "Imported 7 of 9 · 1 failed · 1 canceled"."""
    if not items:
        return ""
    counts: dict[str, int] = {status: 0 for status in STATUS_LABELS}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    parts = [f"Imported {counts[DONE]} of {len(items)}"]
    if counts[SKIPPED]:
        parts.append(f"{counts[SKIPPED]} already in the library")
    if counts[FAILED]:
        parts.append(f"{counts[FAILED]} failed")
    if counts[CANCELED]:
        parts.append(f"{counts[CANCELED]} canceled")
    return " · ".join(parts)


def nothing_added_reason(paths: list[str], waiting: set[str]) -> str:
    """Why adding `paths` queued no file: one line naming the folder or file."""
    reasons = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            reasons.append(
                f"No audio files in {path} (looked for {', '.join(sorted(AUDIO_SUFFIXES))})."
            )
        elif not path.exists():
            reasons.append(f"{path}: no such file.")
        elif str(path.resolve()) in waiting:
            reasons.append(f"{path.name} is already waiting to be imported.")
        elif not is_audio_file(path):
            reasons.append(f"{path.name} is not an audio file Callscope reads.")
    return " ".join(reasons) or "No new files to import."
