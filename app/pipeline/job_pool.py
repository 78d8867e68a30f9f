"""Parallel `analyze` jobs: spawned worker processes that each analyse one file at a time.

Unlike multiprocessing.Pool, which waits forever for a result from a worker
that was killed (kill -9, the out-of-memory killer), this pool watches each
worker's process sentinel next to its pipe: a worker that dies is noticed at
once, replaced, and the file it held is given back to the caller, who
decides on a retry. Workers die with the main process (Linux: a parent-death
signal; elsewhere a watchdog on the parent's pid), so a killed run leaves no
worker behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from app.pipeline.options import AnalyzeOptions
from app.pipeline.process import FAILED_OUTCOME, FileOutcome

_SIGNAL_NAMES: dict[int, str] = {
    signal.SIGKILL: "SIGKILL",
    signal.SIGTERM: "SIGTERM",
    signal.SIGSEGV: "SIGSEGV",
}


_QUIET_TRACKER = "ignore:resource_tracker:UserWarning"


def death_reason(exitcode: int | None) -> str:
    if exitcode is None:
        return "stopped answering"
    if exitcode < 0:
        name = _SIGNAL_NAMES.get(-exitcode, f"signal {-exitcode}")
        hint = " (killed, or out of memory)" if exitcode == -signal.SIGKILL else ""
        return f"was killed by {name}{hint}"
    return f"exited with code {exitcode}"


def die_with_parent(parent: int) -> None:
    """Make this worker end when the process that started it ends."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:  # other systems (and belt and braces here)
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_main(
    connection: Connection, parent: int, db_path: str, options: AnalyzeOptions
) -> None:
    """Runs in the spawned worker: analyse each path received, send back its outcome."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    from app.logging_setup import setup_logging
    from app.pipeline.failures import failure_reason
    from app.pipeline.process import CallProcessor
    from app.storage.engine import open_library

    setup_logging()  # tracebacks to the log file, never to a terminal

    processor: CallProcessor | None = None
    open_error = ""
    try:
        processor = CallProcessor(open_library(db_path), options)
    except Exception as exc:  # each file then fails with this reason
        open_error = failure_reason(exc)
    while True:
        try:
            path = connection.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        if processor is None:
            outcome = FileOutcome(path, FAILED_OUTCOME, message=f"{path}: {open_error}")
        else:
            outcome = processor.process(Path(path))
        connection.send(outcome)


@dataclass
class _Worker:
    process: Any
    connection: Connection
    path: str | None = None


class JobPool:
    """`jobs` workers; `run(paths, on_outcome, on_death)` until every path is done."""

    def __init__(self, jobs: int, db_path: Path, options: AnalyzeOptions) -> None:
        self.jobs = jobs
        self.db_path = str(db_path)
        self.options = options
        self._context = multiprocessing.get_context("spawn")
        # A killed worker leaves its semaphores (tqdm's lock) to the resource
        # tracker, which cleans them up and warns on the user's terminal; the
        # tracker takes its -W flags from this process's.
        if _QUIET_TRACKER not in sys.warnoptions:
            sys.warnoptions.append(_QUIET_TRACKER)
        self._workers: list[_Worker] = []
        self.in_flight_when_stopped: list[str] = []  # paths a stop (Ctrl-C) cut short

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(theirs, os.getpid(), self.db_path, self.options),
            name="callscope-analyze-job",
            daemon=True,
        )
        # Started with Ctrl-C ignored (inherited through exec): a Ctrl-C while it
        # boots must not print a traceback from the worker; the main process handles it.
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            process.start()
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)
        theirs.close()
        return _Worker(process, mine)

    def run(
        self,
        paths: list[str],
        on_outcome: Callable[[FileOutcome], None],
        on_death: Callable[[str, str], bool],
    ) -> None:
        """Analyse `paths`. When a worker dies holding a path, `on_death(path,
        reason)` says whether to try that path again (in a fresh worker)."""
        queue = list(paths)
        self._workers = [self._start() for _ in range(min(self.jobs, len(queue)))]
        try:
            while queue or any(w.path is not None for w in self._workers):
                for index, worker in enumerate(self._workers):
                    if worker.path is None and queue:
                        self._assign(index, queue.pop(0))
                busy = [w for w in self._workers if w.path is not None]
                waitables: list[Any] = [w.connection for w in busy]
                waitables += [w.process.sentinel for w in busy]
                ready = wait(waitables)
                for index, worker in enumerate(list(self._workers)):
                    if worker.path is None:
                        continue
                    if worker.connection in ready or worker.process.sentinel in ready:
                        self._collect(index, worker, queue, on_outcome, on_death)
        finally:
            self.in_flight_when_stopped = [w.path for w in self._workers if w.path is not None]
            self.close()

    def _assign(self, index: int, path: str) -> None:
        worker = self._workers[index]
        try:
            worker.connection.send(path)
        except OSError:  # it died while idle: nothing of this file was done yet
            worker.process.join(1.0)
            worker.connection.close()
            worker = self._workers[index] = self._start()
            worker.connection.send(path)
        worker.path = path

    def _collect(
        self,
        index: int,
        worker: _Worker,
        queue: list[str],
        on_outcome: Callable[[FileOutcome], None],
        on_death: Callable[[str, str], bool],
    ) -> None:
        path = worker.path
        assert path is not None
        try:
            if worker.connection.poll():
                outcome = worker.connection.recv()
                worker.path = None
                on_outcome(outcome)
                return
        except (EOFError, OSError):
            pass
        if worker.process.is_alive():
            return  # woken by the pipe closing first: the sentinel follows
        worker.process.join(1.0)
        reason = death_reason(worker.process.exitcode)
        worker.connection.close()
        self._workers[index] = self._start()
        if on_death(path, reason):
            queue.insert(0, path)

    def close(self) -> None:
        """Stop every worker (politely, then by force) and reap them."""
        for worker in self._workers:
            try:
                if worker.process.is_alive() and worker.path is None:
                    worker.connection.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2.0
        for worker in self._workers:
            if worker.path is not None:
                worker.process.kill()
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._workers = []
