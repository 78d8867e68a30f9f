"""The local process pool executor: spawned workers that each compute one file at a time.

Workers load the models once (`shared_models`), run `compute(job)` and send
back progress, "decoded" and the `CallResult` (or why not); they never open
the library. Unlike multiprocessing.Pool, which waits forever for a result
from a worker that was killed (kill -9, the out-of-memory killer), this pool
watches each worker's process sentinel next to its pipe: a worker that dies
is noticed at once, replaced, and the job it held is given back through
`JobEvents.lost`, which decides on a retry. Workers die with the main
process (Linux: a parent-death signal; elsewhere a watchdog on the parent's
pid), so a killed run leaves no worker behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import Connection, wait
from typing import Any

from app.pipeline.executors import AnalysisJob, JobEvents, JobOutcome
from app.pipeline.progress_throttle import ProgressThrottle
from kernel.results import AudioFacts

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


class PoolMessage(StrEnum):
    """What a pool worker sends: (kind, job_id, payload)."""

    PROGRESS = "progress"  # (fraction, stage)
    DECODED = "decoded"  # AudioFacts
    FINISHED = "finished"  # CallResult or AnalysisFailure


class _PipeEvents:
    """The worker's side of `JobEvents`: everything goes down the pipe, nothing waits."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._throttle = ProgressThrottle()

    def progress(self, job: AnalysisJob, fraction: float, stage: str) -> None:
        if self._throttle.admit(job.job_id, fraction, stage):
            self.connection.send((PoolMessage.PROGRESS, job.job_id, (fraction, stage)))

    def decoded(self, job: AnalysisJob, audio: AudioFacts) -> bool:
        self.connection.send((PoolMessage.DECODED, job.job_id, audio))
        return True  # the main process's answer would cost a round trip; it drops the result

    def should_cancel(self, job: AnalysisJob) -> bool:
        return False  # a stop kills the workers

    def finished(self, job: AnalysisJob, outcome: JobOutcome) -> None:
        self.connection.send((PoolMessage.FINISHED, job.job_id, outcome))

    def lost(self, job: AnalysisJob, reason: str) -> bool:
        return False


def _worker_main(connection: Connection, parent: int, models_factory: str | None) -> None:
    """Runs in the spawned worker: compute each job received, send back what happens."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    import importlib

    from app.logging_setup import setup_logging
    from app.pipeline.executors import compute
    from app.pipeline.model_cache import shared_models

    setup_logging()  # tracebacks to the log file, never to a terminal
    if models_factory:  # "module:function" returning an AnalysisModels (tests, tools)
        module, function = models_factory.split(":")
        models = getattr(importlib.import_module(module), function)()
    else:
        models = shared_models()
    events = _PipeEvents(connection)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        events.finished(job, compute(job, models, events))


@dataclass
class _Worker:
    process: Any
    connection: Connection
    job: AnalysisJob | None = None

    @property
    def path(self) -> str | None:
        return None if self.job is None else self.job.path


class PoolExecutor:
    """`jobs` spawned workers, started when first needed; see `executors.Executor`."""

    def __init__(self, jobs: int, *, models_factory: str | None = None) -> None:
        """`models_factory`: "module:function" each worker calls for its `AnalysisModels`
        (default: the worker's `shared_models()`, loading Whisper and the classifier)."""
        self.slots = max(1, jobs)
        self.models_factory = models_factory
        self._context = multiprocessing.get_context("spawn")
        # A killed worker leaves its semaphores (tqdm's lock) to the resource
        # tracker, which cleans them up and warns on the user's terminal; the
        # tracker takes its -W flags from this process's.
        if _QUIET_TRACKER not in sys.warnoptions:
            sys.warnoptions.append(_QUIET_TRACKER)
        self._workers: list[_Worker] = []
        self._queue: deque[AnalysisJob] = deque()

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(theirs, os.getpid(), self.models_factory),
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

    def submit(self, job: AnalysisJob) -> None:
        self._queue.append(job)

    def in_flight(self) -> list[AnalysisJob]:
        return [w.job for w in self._workers if w.job is not None] + list(self._queue)

    def wait(self, events: JobEvents) -> None:
        settled = False
        while not settled:
            self._assign_queued()
            busy = [w for w in self._workers if w.job is not None]
            if not busy:
                return
            waitables: list[Any] = [w.connection for w in busy]
            waitables += [w.process.sentinel for w in busy]
            ready = wait(waitables)
            for index, worker in enumerate(list(self._workers)):
                if worker.job is None:
                    continue
                if worker.connection in ready or worker.process.sentinel in ready:
                    settled |= self._collect(index, worker, events)

    def _assign_queued(self) -> None:
        while self._queue:
            idle = [i for i, w in enumerate(self._workers) if w.job is None]
            if not idle and len(self._workers) < self.slots:
                self._workers.append(self._start())
                idle = [len(self._workers) - 1]
            if not idle:
                return
            self._assign(idle[0], self._queue.popleft())

    def _assign(self, index: int, job: AnalysisJob) -> None:
        worker = self._workers[index]
        try:
            worker.connection.send(job)
        except OSError:  # it died while idle: nothing of this job was done yet
            worker.process.join(1.0)
            worker.connection.close()
            worker = self._workers[index] = self._start()
            worker.connection.send(job)
        worker.job = job

    def _collect(self, index: int, worker: _Worker, events: JobEvents) -> bool:
        """Read what `worker` sent; True when its job finished or was lost."""
        job = worker.job
        assert job is not None
        try:
            while worker.connection.poll():
                kind, _job_id, payload = worker.connection.recv()
                if kind == PoolMessage.PROGRESS:
                    events.progress(job, *payload)
                elif kind == PoolMessage.DECODED:
                    events.decoded(job, payload)
                elif kind == PoolMessage.FINISHED:
                    worker.job = None
                    events.finished(job, payload)
                    return True
        except (EOFError, OSError):
            pass
        if worker.process.is_alive():
            return False  # woken by the pipe closing first: the sentinel follows
        worker.process.join(1.0)
        reason = death_reason(worker.process.exitcode)
        worker.connection.close()
        self._workers[index] = self._start()
        if events.lost(job, reason):
            self._queue.appendleft(job)
        return True

    def cancel(self) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker (politely, then by force) and reap them."""
        self._queue.clear()
        for worker in self._workers:
            try:
                if worker.process.is_alive() and worker.job is None:
                    worker.connection.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2.0
        for worker in self._workers:
            if worker.job is not None:
                worker.process.kill()
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._workers = []
