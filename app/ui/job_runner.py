"""The GUI's one job runner: short background jobs on a pool of one thread.

Database reads and writes, searches and other jobs that would stall the GUI
run here, one at a time, in submission order. The library itself is reached
through `app/ui/store.py`, which keeps its one connection on this pool's
single thread. Whisper never runs here; imports go through the pipeline
worker process (`app/ui/import_queue.py`).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar, cast

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")


class JobCanceled(Exception):
    """Raised inside a job by `JobContext.check_canceled()`; ends it as canceled."""


class JobSignals(QObject):
    """Signals of one job, delivered on the GUI thread (queued connections)."""

    progress = Signal(float, str)  # fraction 0..1, message
    finished = Signal(object)  # the job function's return value
    failed = Signal(str)  # a message for the user
    canceled = Signal()


class JobContext:
    """What a job function gets: progress reporting and cancel checks.

    Used on the runner's thread only.
    """

    def __init__(self, job: Job) -> None:
        self._job = job

    def report_progress(self, fraction: float, message: str = "") -> None:
        self._job.signals.progress.emit(max(0.0, min(1.0, float(fraction))), message)

    def is_canceled(self) -> bool:
        return self._job.is_canceled()

    def check_canceled(self) -> None:
        if self._job.is_canceled():
            raise JobCanceled


JobFunction = Callable[[JobContext], Any]


class Job(QRunnable):
    """One unit of background work; runs `function(context)` on the pool thread."""

    def __init__(
        self,
        function: JobFunction,
        name: str = "",
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps a reference until it ends
        self.function = function
        self.name = name or getattr(function, "__name__", "job")
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop; it ends with `canceled` at its next check (or unstarted)."""
        self._cancel.set()

    def is_canceled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:  # QRunnable override, runs on the pool thread
        try:
            if self.is_canceled():
                self.signals.canceled.emit()
                return
            result = self.function(JobContext(self))
            if self.is_canceled():
                self.signals.canceled.emit()
            else:
                self.signals.finished.emit(result)
        except JobCanceled:
            self.signals.canceled.emit()
        except Exception as exc:  # reported to the user, not swallowed
            log.error("job %s failed:\n%s", self.name, traceback.format_exc())
            self.signals.failed.emit(str(exc) or exc.__class__.__name__)
        finally:
            self.done.set()


class JobRunner(QObject):
    """Runs jobs one at a time on a single long-lived thread. Lives on the GUI thread."""

    job_started = Signal(str)
    jobs_drained = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # one thread for the runner's life: one connection
        self._jobs: list[Job] = []
        self._thread_ident: int | None = None  # the pool's one thread, once it ran something

    def _on_thread(self, function: Callable[..., T]) -> Callable[..., T]:
        def run(*args: Any) -> T:
            self._thread_ident = threading.get_ident()
            return function(*args)

        return run

    def submit(
        self,
        function: JobFunction,
        *,
        name: str = "",
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        on_canceled: Callable[[], None] | None = None,
    ) -> Job:
        """Queue `function(context)`; callbacks run on the GUI thread."""
        job = Job(self._on_thread(function), name or getattr(function, "__name__", "job"))
        if on_finished:
            job.signals.finished.connect(on_finished)
        if on_failed:
            job.signals.failed.connect(on_failed)
        if on_progress:
            job.signals.progress.connect(on_progress)
        if on_canceled:
            job.signals.canceled.connect(on_canceled)
        for signal in (job.signals.finished, job.signals.failed, job.signals.canceled):
            signal.connect(lambda *_args, j=job: self._on_job_ended(j))
        self._jobs.append(job)
        self.job_started.emit(job.name)
        self._pool.start(job)
        return job

    def call(self, function: Callable[[], T]) -> T:
        """Run `function()` on the runner's thread after the queued jobs, and wait for it.

        Its return value comes back, its exception is raised here. The wait
        releases the GIL, so the runner's thread (and any other) goes on.
        """
        if threading.get_ident() == self._thread_ident:  # from a job: waiting would deadlock
            return function()
        task = _Call(self._on_thread(function))
        self._pool.start(task)
        task.done.wait()
        if task.error is not None:
            raise task.error
        return cast(T, task.result)

    def _on_job_ended(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        if not self._jobs:
            self.jobs_drained.emit()

    @property
    def pending_count(self) -> int:
        return len(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def wait_for_done(self, timeout_ms: int = -1) -> bool:
        """Block until every queued job has run (tests, shutdown)."""
        return bool(self._pool.waitForDone(timeout_ms))

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel what has not started and wait for the running job."""
        self.cancel_all()
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)


class _Call(QRunnable):
    """One function run on the pool's thread for a caller that waits (`JobRunner.call`)."""

    def __init__(self, function: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the caller reads the result after it ran
        self.function = function
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self) -> None:  # QRunnable override
        try:
            self.result = self.function()
        except BaseException as exc:  # handed to the waiting caller
            self.error = exc
        finally:
            self.done.set()
