"""Test doubles for the UI tests: a scripted pipeline client and sample call rows."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar

from app.ui.import_item import ImportItem
from kernel.domain import CallSummary


class ScriptedClient:
    """Stands in for PipelineClient: each poll() advances every item by one step.

    Files whose name contains "bad" fail; "slow" files never finish on their own.
    Instances are recorded in `ScriptedClient.started` so tests can inspect them.
    """

    started: ClassVar[list[ScriptedClient]] = []

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.items: list[ImportItem] = []
        self.alive = False
        self.terminated = False
        self._queue: list[dict[str, Any]] = []
        self._position = 0
        self._step = 0
        self.next_call_id = 100 + 10 * len(ScriptedClient.started)

    def start(self, items: list[ImportItem]) -> None:
        self.items = list(items)
        self.alive = True
        ScriptedClient.started.append(self)

    def poll(self) -> list[dict[str, Any]]:
        if not self.alive or self._position >= len(self.items):
            self.alive = False
            return []
        item = self.items[self._position]
        self._step += 1
        if self._step == 1:
            return [{"kind": "started", "item_id": item.item_id, "stage": "decoding"}]
        if "slow" in item.name:
            return [
                {
                    "kind": "progress",
                    "item_id": item.item_id,
                    "fraction": 0.3,
                    "stage": "transcribing",
                }
            ]
        if self._step == 2:
            return [
                {
                    "kind": "progress",
                    "item_id": item.item_id,
                    "fraction": 0.5,
                    "stage": "transcribing",
                }
            ]
        self._step = 0
        self._position += 1
        if "bad" in item.name:
            return [{"kind": "failed", "item_id": item.item_id, "message": "could not decode"}]
        self.next_call_id += 1
        return [{"kind": "done", "item_id": item.item_id, "call_id": self.next_call_id}]

    def has_messages(self) -> bool:
        return False

    def is_alive(self) -> bool:
        return self.alive

    def exit_code(self) -> int | None:
        return None if self.alive else 0

    def terminate(self, timeout_s: float = 5.0) -> None:
        self.alive = False
        self.terminated = True


def sample_rows(count: int = 6, today: date | None = None) -> list[CallSummary]:
    """Hand-made summaries covering rushed/good/unanalysed, reviewed/unreviewed, dates."""
    today = today or date(2025, 3, 12)  # a Wednesday
    agents = ["Dana", "Marco", "Priya"]
    teams = ["Broadband", "Billing"]
    rows = []
    for i in range(count):
        rushed = None if i == count - 1 else i % 2 == 0
        rows.append(
            CallSummary(
                call_id=i + 1,
                source=f"/calls/call_{i + 1:02d}.wav",
                duration_s=60.0 * (i + 1),
                status="done" if rushed is not None else "failed",
                agent=agents[i % 3],
                team=teams[i % 2],
                call_date=(today - timedelta(days=3 * i)).isoformat(),
                rushed=rushed,
                patterns=["P1", "P2"] if rushed else [],
                metrics={"impact_question_share": i / 10, "agent_talk_ratio": 0.5 + i / 20},
                review_status="reviewed" if i % 3 == 2 else "unreviewed",
            )
        )
    return rows
