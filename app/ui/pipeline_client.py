"""The GUI's handle on one pipeline worker process (`app/pipeline/worker.py`).

Lives on the GUI thread. Starts a `spawn` subprocess for a batch of import
items, reads its messages without blocking, translates them into the import
queue's vocabulary, and terminates it (with its children) on cancel. Never
imports the pipeline itself: the models load in the child only.
"""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path
from typing import Any

from app.ui.import_item import ImportItem
from kernel.library_target import as_target

log = logging.getLogger(__name__)

# (module, function) the child runs; tests pass a light stand-in
WORKER_TARGET: tuple[str, str] = ("app.pipeline.worker", "run_worker")


def _worker_entry(
    target: tuple[str, str], connection: Any, jobs: list[dict[str, Any]], db_path: str
) -> None:
    """Child-process entry: import the pipeline there, never in the GUI process.

    SIGTERM (cancel, quit) becomes SystemExit, so the child ends through
    Python's exit path: multiprocessing finalizers release the named
    semaphores it made (tqdm's lock inside Whisper), and the app's resource
    tracker has no "leaked semaphore" to report.
    """
    import importlib
    import signal
    import sys

    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(128 + signal.SIGTERM))
    try:
        module = importlib.import_module(target[0])
        getattr(module, target[1])(connection, jobs, db_path)
    except SystemExit:
        raise
    except BaseException as exc:  # tell the GUI why before dying; it shows the reason
        try:
            connection.send({"kind": "crashed", "message": f"{type(exc).__name__}: {exc}"})
        finally:
            raise


class PipelineClient:
    """One worker run over a batch of items; `poll()` returns normalized messages.

    Normalized message kinds: started, progress, done, skipped, failed (each
    with item_id) and crashed (the process itself failed).
    """

    def __init__(self, db_path: Path | str, target: tuple[str, str] = WORKER_TARGET) -> None:
        self.db_path = as_target(db_path)  # a file, or a team library's URL
        self.target = target
        self.redact = True  # issue 15: placeholders before storing (Settings > Privacy)
        self.vocabulary: tuple[str, ...] = ()  # issue 14: names for Whisper (Settings)
        self.cluster = ""  # issue 16: a Dask scheduler's address, "" = this computer
        self._process: Any = None
        self._connection: Any = None
        self._item_of_path: dict[str, int] = {}
        self._eof = False  # the child closed its end (poll() then stays "readable")

    def start(self, items: list[ImportItem]) -> None:
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe(duplex=False)
        jobs = [
            {
                "item_id": item.item_id,
                "path": item.path,
                "agent_channel": item.agent_channel,
                "asr_model": item.asr_model,
                "redact": self.redact,
                "vocabulary": list(self.vocabulary),
                "cluster": self.cluster,
                "metadata": item.metadata(),
            }
            for item in items
        ]
        self._item_of_path = {item.path: item.item_id for item in items}
        process = context.Process(
            target=_worker_entry,
            args=(self.target, child_end, jobs, str(self.db_path)),
            name="callscope-pipeline",
            daemon=True,
        )
        process.start()
        child_end.close()
        self._process, self._connection = process, parent_end

    def has_messages(self) -> bool:
        if self._eof or self._connection is None:
            return False
        try:
            return bool(self._connection.poll())
        except (OSError, EOFError):
            return False

    def poll(self) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        connection = self._connection
        if connection is None:
            return messages
        if self._eof:
            return messages
        try:
            while connection.poll():
                raw = connection.recv()
                message = self._translate(raw)
                if message is not None:
                    messages.append(message)
        except (EOFError, OSError):
            self._eof = True  # the child closed its end; its exit is seen through is_alive()
        return messages

    def _translate(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            return None
        message = dict(raw)
        if "item_id" not in message and "path" in message:
            message["item_id"] = self._item_of_path.get(str(message["path"]))
        return message if message.get("kind") else None

    def is_alive(self) -> bool:
        return bool(self._process is not None and self._process.is_alive())

    def exit_code(self) -> int | None:
        return None if self._process is None else self._process.exitcode

    def terminate(self, timeout_s: float = 5.0) -> None:
        """Stop the worker and anything it started; waits for it to be gone."""
        process, self._process = self._process, None
        if process is not None and process.is_alive():
            _terminate_tree(process.pid)
            process.terminate()
            process.join(timeout_s)
            if process.is_alive():
                process.kill()
                process.join(timeout_s)
        elif process is not None:
            process.join(0.1)
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _terminate_tree(pid: int) -> None:
    """Terminate the worker's own children first (model loaders, decoders)."""
    children_file = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        child_pids = [int(p) for p in children_file.read_text().split()]
    except (OSError, ValueError):
        return
    import os
    import signal

    for child in child_pids:
        _terminate_tree(child)
        try:
            os.kill(child, signal.SIGTERM)
        except OSError:
            log.debug("child %s already gone", child)
