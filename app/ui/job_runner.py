"""The GUI's one job runner: short background jobs on a pool of one thread.

Database reads and writes, searches and other jobs that would stall the GUI
run here, one at a time, in submission order. The pool's single thread keeps
its own `Library` connection (SQLite: one connection per thread). Whisper
never runs here; imports go through the pipeline worker process
(`app/ui/import_queue.py`).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kernel.library_target import as_target

log = logging.getLogger(__name__)


def default_library_factory(db_path: Path | str) -> Any:
    """Open the store (imported late: storage has no Qt and is not needed to start)."""
    from app.storage.engine import open_library

    return open_library(db_path)  # for the reviewer named in Settings (see Application)


class JobCanceled(Exception):
    """Raised inside a job by `JobContext.check_canceled()`; ends it as canceled."""


class JobSignals(QObject):
    """Signals of one job, delivered on the GUI thread (queued connections)."""

    progress = Signal(float, str)  # fraction 0..1, message
    finished = Signal(object)  # the job function's return value
    failed = Signal(str)  # a message for the user
    canceled = Signal()


class JobContext:
    """What a job function gets: progress reporting, cancel checks, the library.

    Used on the runner's thread only.
    """

    def __init__(self, job: Job, library_factory: Callable[[], Any] | None) -> None:
        self._job = job
        self._library_factory = library_factory

    @property
    def library(self) -> Any:
        """This thread's `Library` (opened on first use, kept for the thread's life)."""
        if self._library_factory is None:
            raise RuntimeError("this job runner has no library")
        return self._library_factory()

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
        library_factory: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps a reference until it ends
        self.function = function
        self.name = name or getattr(function, "__name__", "job")
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self._library_factory = library_factory
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
            result = self.function(JobContext(self, self._library_factory))
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
    """Runs jobs one at a time on a single long-lived thread. Lives on the GUI thread.

    `db_path` gives the runner's thread its own `Library`; pass None for a
    runner that needs no database.
    """

    job_started = Signal(str)
    jobs_drained = Signal()

    def __init__(
        self,
        db_path: Path | str | None = None,
        parent: QObject | None = None,
        library_factory: Callable[[Path | str], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = as_target(db_path) if db_path else None
        self._library_factory = library_factory
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # one thread for the runner's life: one connection
        self._jobs: list[Job] = []
        # keyed by thread id, not threading.local: Qt's pool threads get a fresh
        # Python thread state for every job, which would drop thread-local data
        self._thread_libraries: dict[int, Any] = {}
        self._thread_libraries_lock = threading.Lock()

    def _thread_library(self) -> Any:
        if self.db_path is None:
            raise RuntimeError("this job runner has no library")
        thread_id = threading.get_ident()
        with self._thread_libraries_lock:
            library = self._thread_libraries.get(thread_id)
        if library is None:
            factory = self._library_factory or default_library_factory
            library = factory(self.db_path)
            with self._thread_libraries_lock:
                self._thread_libraries[thread_id] = library
        return library

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
        job = Job(function, name, self._thread_library if self.db_path else None)
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
        """Cancel what has not started, wait for the running job, close the connection.

        The connection is closed by a last job on the runner's own thread
        (SQLite connections may only be used by the thread that opened them).
        """
        self.cancel_all()
        self._pool.clear()
        if self.db_path is not None:
            self._pool.start(_CloseLibrary(self._thread_libraries, self._thread_libraries_lock))
        self._pool.waitForDone(timeout_ms)


class _CloseLibrary(QRunnable):
    """Closes the runner thread's library, on that thread."""

    def __init__(self, libraries: dict[int, Any], lock: threading.Lock) -> None:
        super().__init__()
        self._libraries = libraries
        self._lock = lock

    def run(self) -> None:  # QRunnable override
        with self._lock:
            library = self._libraries.pop(threading.get_ident(), None)
        close = getattr(library, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # shutting down; nothing to tell the user
                log.debug("closing the job-thread library failed", exc_info=True)
