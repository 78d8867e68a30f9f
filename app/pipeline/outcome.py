"""What processing one file ended in: the orchestrator's answer to the CLI and the app."""

from __future__ import annotations

from dataclasses import dataclass, field

from kernel.statuses import Outcome


@dataclass
class FileOutcome:
    path: str
    status: Outcome
    call_id: int | None = None
    message: str = ""
    rushed: bool | None = None
    patterns: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # stored anyway, but doubtful
