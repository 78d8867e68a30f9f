"""The import queue: files waiting to be transcribed and analysed, driven from the GUI.

Lives on the GUI thread. The work itself runs in the pipeline worker process
(`PipelineClient`); a QTimer polls its pipe and turns messages into signals.
The queue is written to a JSON file next to the library after every change,
so closing the app mid-run loses nothing: unfinished items are queued again
at the next start and the run resumes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.export.atomic import write_text_atomic
from app.ui.import_item import (
    CANCELED,
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    SKIPPED,
    ImportItem,
    is_audio_file,
)
from app.ui.pipeline_client import PipelineClient
from kernel.library_target import as_target
from kernel.paths import private_dir

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 100


def queue_file_for(db_path: Path | str) -> Path:
    """Where the queue of the library at `db_path` is kept (a team library's: in the data
    folder, named after its URL)."""
    if isinstance(db_path, str):
        import hashlib

        from kernel.paths import data_dir

        key = hashlib.sha256(db_path.encode("utf-8")).hexdigest()[:16]
        return data_dir() / f"team-{key}.import-queue.json"
    return db_path.with_name(db_path.stem + ".import-queue.json")


class ImportQueue(QObject):
    """Ordered import items plus the worker process that works through them."""

    item_added = Signal(object)  # ImportItem
    item_changed = Signal(object)  # ImportItem
    item_removed = Signal(int)  # item_id
    call_imported = Signal(int)  # call_id, as soon as a call is stored
    progressed = Signal(float, int, int)  # overall fraction, finished items, all items
    running_changed = Signal(bool)
    queue_finished = Signal()  # nothing left to do
    worker_failed = Signal(str)  # the process could not start or died

    def __init__(
        self,
        db_path: Path | str,
        queue_file: Path | None = None,
        client_factory: Any = PipelineClient,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = as_target(db_path)
        self.queue_file = queue_file or queue_file_for(self.db_path)
        self._client_factory = client_factory
        self.redact = True  # passed to each worker run (Settings > Privacy)
        self.vocabulary: tuple[str, ...] = ()  # names for Whisper (Settings > Import)
        self.cluster = ""  # a Dask scheduler to analyse on (Settings > Import); "" = here
        self._client: PipelineClient | None = None
        self._batch: list[int] = []  # item ids the current worker run was given
        self._items: list[ImportItem] = []
        self._next_id = 1
        self._paused = False
        self._crash_message = ""
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self.on_poll_timer_timeout)

    # -- state -----------------------------------------------------------

    def items(self) -> list[ImportItem]:
        return list(self._items)

    def item(self, item_id: int) -> ImportItem | None:
        return next((item for item in self._items if item.item_id == item_id), None)

    @property
    def is_running(self) -> bool:
        return self._client is not None

    def pending_count(self) -> int:
        return sum(1 for item in self._items if item.status in (QUEUED, RUNNING))

    def overall_progress(self) -> tuple[float, int, int]:
        """(fraction done, files finished, files to import): a cancelled file counts in neither."""
        items = [item for item in self._items if item.status != CANCELED]
        total = len(items)
        if not total:
            return (1.0 if self._items else 0.0), 0, 0
        finished = sum(1 for item in items if item.is_finished)
        running = sum(item.progress for item in items if item.status == RUNNING)
        return (finished + running) / total, finished, total

    # -- adding ----------------------------------------------------------

    def add_paths(
        self,
        paths: Iterable[str | Path],
        agent_channel: str,
        asr_model: str,
        metadata: dict[str, dict[str, str]] | None = None,
        start: bool = True,
    ) -> list[ImportItem]:
        """Queue audio files (folders are searched recursively); returns what was added.

        `metadata` maps a file path to {"agent", "team", "call_date"} (demo calls).
        Files already waiting or running are not queued twice.
        """
        waiting = {item.path for item in self._items if not item.is_finished}
        added: list[ImportItem] = []
        for path in self._expand(paths):
            key = str(path)
            if key in waiting:
                continue
            waiting.add(key)
            extra = (metadata or {}).get(key, {})
            item = ImportItem(
                item_id=self._next_id,
                path=key,
                agent_channel=agent_channel,
                asr_model=asr_model,
                agent=extra.get("agent"),
                team=extra.get("team"),
                call_date=extra.get("call_date"),
            )
            self._next_id += 1
            self._items.append(item)
            added.append(item)
            self.item_added.emit(item)
        if added:
            self._save()
            self._emit_progress()
            if start:
                self.start()
        return added

    @staticmethod
    def _expand(paths: Iterable[str | Path]) -> list[Path]:
        found: list[Path] = []
        for raw in paths:
            path = Path(raw).expanduser().resolve()
            if path.is_dir():
                found.extend(sorted(p for p in path.rglob("*") if is_audio_file(p)))
            elif path.is_file():
                found.append(path)
        return found

    # -- running ---------------------------------------------------------

    def start(self) -> None:
        """Start the worker on the next run of waiting items (no-op when busy)."""
        self._paused = False
        if self._client is not None:
            return
        waiting = [item for item in self._items if item.status == QUEUED]
        if not waiting:
            return
        key = waiting[0].options_key
        batch = [item for item in waiting if item.options_key == key]
        client = self._client_factory(self.db_path)
        if hasattr(client, "redact"):
            client.redact = self.redact
        if hasattr(client, "vocabulary"):
            client.vocabulary = self.vocabulary
        if hasattr(client, "cluster"):
            client.cluster = self.cluster
        try:
            client.start(batch)
        except Exception as exc:  # the process could not be spawned: say so, keep the queue
            log.exception("could not start the pipeline worker")
            self.worker_failed.emit(f"Could not start the import worker: {exc}")
            return
        self._client = client
        self._batch = [item.item_id for item in batch]
        self._timer.start()
        self.running_changed.emit(True)

    def cancel_item(self, item_id: int) -> None:
        """Cancel one file: dropped if waiting; if running, the worker is stopped and restarted."""
        item = self.item(item_id)
        if item is None or item.is_finished:
            return
        was_running = item.status == RUNNING or (
            self._client is not None and item_id in self._batch
        )
        done = round(item.progress * 100)
        # the pipeline keeps no partial transcript: a retry starts the file again
        note = (
            f"Canceled at {done} %; Retry starts it again from the beginning"
            if was_running and done
            else ""
        )
        self._set_status(item, CANCELED, progress=0.0, stage="", message=note)
        if was_running and self._client is not None:
            self._stop_worker(requeue=True)
            self.start()
        self._save()
        self._after_change()

    def cancel_all(self) -> None:
        """Cancel everything waiting or running; the worker is terminated."""
        self._stop_worker(requeue=False)
        for item in self._items:
            if not item.is_finished:
                self._set_status(item, CANCELED, progress=0.0, stage="")
        self._save()
        self._after_change()

    def retry_item(self, item_id: int, asr_model: str | None = None) -> None:
        """Queue a failed or cancelled file again (with `asr_model` when given)."""
        item = self.item(item_id)
        if item is None or item.status not in (FAILED, CANCELED):
            return
        if asr_model:
            item.asr_model = asr_model
        self._set_status(item, QUEUED, progress=0.0, stage="", message="")
        self._save()
        self._emit_progress()
        self.start()

    def clear_finished(self) -> None:
        for item in [item for item in self._items if item.is_finished]:
            self._items.remove(item)
            self.item_removed.emit(item.item_id)
        self._save()
        self._emit_progress()

    def shutdown(self) -> None:
        """Stop the worker and keep unfinished items for the next start (app closing)."""
        self._paused = True
        self._stop_worker(requeue=True)
        self._save()

    def _stop_worker(self, requeue: bool) -> None:
        self._timer.stop()
        client, self._client = self._client, None
        batch, self._batch = self._batch, []
        if client is None:
            return
        # messages already in the pipe still count (a call may have been stored)
        try:
            for message in client.poll():
                self._handle(message)
        except Exception:  # the pipe may already be broken; the messages are lost, not the calls
            log.debug("reading the last worker messages failed", exc_info=True)
        client.terminate()
        for item_id in batch:
            item = self.item(item_id)
            if item is not None and item.status == RUNNING:
                status = QUEUED if requeue else CANCELED
                self._set_status(item, status, progress=0.0, stage="")
        self.running_changed.emit(False)

    # -- worker messages -------------------------------------------------

    def on_poll_timer_timeout(self) -> None:
        client = self._client
        if client is None:
            self._timer.stop()
            return
        try:
            messages = client.poll()
        except Exception as exc:
            log.exception("reading from the pipeline worker failed")
            messages = [{"kind": "crashed", "message": str(exc)}]
        for message in messages:
            self._handle(message)
        if self._client is client and not client.is_alive() and not client.has_messages():
            self._on_worker_exited(client)

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("kind")
        item = self.item(int(message["item_id"])) if message.get("item_id") is not None else None
        if kind == "crashed":
            self._crash_message = str(message.get("message") or "the import worker stopped")
            self.worker_failed.emit(f"The import worker stopped: {self._crash_message}")
            return
        if item is None or item.status == CANCELED:
            return
        if kind == "started":
            self._set_status(item, RUNNING, progress=0.0, stage=str(message.get("stage", "")))
        elif kind == "progress":
            if item.status != RUNNING:
                item.status = RUNNING
            item.progress = max(item.progress, float(message.get("fraction", 0.0)))
            item.stage = str(message.get("stage", item.stage))
            self.item_changed.emit(item)
        elif kind == "done":
            call_id = message.get("call_id")
            item.call_id = int(call_id) if call_id is not None else None
            self._set_status(item, DONE, progress=1.0, stage="")
            if item.call_id is not None:
                self.call_imported.emit(item.call_id)
        elif kind == "skipped":
            call_id = message.get("call_id")
            item.call_id = int(call_id) if call_id is not None else None
            self._set_status(item, SKIPPED, progress=1.0, stage="", message="")
        elif kind == "failed":
            self._set_status(
                item, FAILED, progress=0.0, stage="", message=str(message.get("message", ""))
            )
            call_id = message.get("call_id")
            if call_id is not None:  # stored as a failed call: the library shows it too
                item.call_id = int(call_id)
                self.call_imported.emit(item.call_id)
        else:
            return
        if kind != "progress":
            self._save()
        self._emit_progress()

    def _on_worker_exited(self, client: PipelineClient) -> None:
        self._timer.stop()
        self._client = None
        exit_code = client.exit_code()
        if self._crash_message:
            reason = f"The import worker stopped: {self._crash_message}"
        elif exit_code == 0:
            reason = "The import worker finished without a result for this file."
        else:
            reason = f"The import worker stopped unexpectedly (exit code {exit_code})."
        self._crash_message = ""
        for item_id in self._batch:
            item = self.item(item_id)
            if item is not None and item.status in (QUEUED, RUNNING):
                self._set_status(item, FAILED, progress=0.0, stage="", message=reason)
        self._batch = []
        self._save()
        self.running_changed.emit(False)
        self._after_change()

    def _after_change(self) -> None:
        self._emit_progress()
        if self._client is None and not self._paused:
            if any(item.status == QUEUED for item in self._items):
                self.start()
            else:
                self.queue_finished.emit()

    def _set_status(self, item: ImportItem, status: str, **changes: Any) -> None:
        item.status = status
        for key, value in changes.items():
            setattr(item, key, value)
        self.item_changed.emit(item)

    def _emit_progress(self) -> None:
        self.progressed.emit(*self.overall_progress())

    # -- persistence -----------------------------------------------------

    def _save(self) -> None:
        """Write the queue atomically; finished items are kept until cleared."""
        data = {"next_id": self._next_id, "items": [item.to_dict() for item in self._items]}
        private_dir(self.queue_file.parent)  # it names every call's file: private (issue 12)
        write_text_atomic(self.queue_file, json.dumps(data, indent=1))  # 0600

    def restore(self) -> list[ImportItem]:
        """Load the saved queue; items that were running are queued again. Returns unfinished."""
        if not self.queue_file.exists():
            return []
        try:
            data = json.loads(self.queue_file.read_text(encoding="utf-8"))
            items = [ImportItem.from_dict(raw) for raw in data.get("items", [])]
        except (OSError, ValueError, TypeError) as exc:
            log.warning("ignoring an unreadable import queue %s: %s", self.queue_file, exc)
            return []
        for item in items:
            if item.status == RUNNING:
                item.status, item.progress, item.stage = QUEUED, 0.0, ""
        known = {item.item_id for item in self._items}
        for item in items:
            if item.item_id not in known:
                self._items.append(item)
                self.item_added.emit(item)
        self._next_id = max([int(data.get("next_id", 1))] + [i.item_id + 1 for i in self._items])
        self._emit_progress()
        return [item for item in self._items if not item.is_finished]
