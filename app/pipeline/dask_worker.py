"""What runs inside a Dask worker: one `AnalysisJob` through `compute`, with this process's models.

The job carries the recording's bytes (workers need not see the user's
disk); `compute` runs `analyze_file` with `shared_models()`, loaded once per
worker process (eagerly when the worker was started with `--preload
app.pipeline.dask_preload`, else on its first call), and returns the
`CallResult` or `AnalysisFailure`, which Dask pickles back to the
orchestrator's process, where the one writer stores it. Nothing here opens
the library.

A stop (Ctrl-C, a cancelled import) reaches a running call through the run's
`distributed.Event`, asked between pieces of Whisper's work.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from app.pipeline.executors import AnalysisJob, JobOutcome, compute
from app.pipeline.model_cache import shared_models
from app.pipeline.options import AnalyzeOptions
from kernel.results import AudioFacts

log = logging.getLogger(__name__)

# The run's stop flag (a distributed.Event: one round trip to the scheduler) is
# asked at most this often.
_CANCEL_POLL_S = 0.25
# Whisper and torch are not shared between threads: one call at a time per
# process (start workers with --nthreads 1 and as many --nworkers as cores).
_ONE_AT_A_TIME = threading.Lock()
_default_threads = [1]  # Whisper threads when the job does not say (the preload's)


def set_default_threads(threads: int) -> None:
    _default_threads[0] = max(1, threads)


def with_worker_threads(options: AnalyzeOptions) -> AnalyzeOptions:
    if options.threads is None:
        return replace(options, threads=_default_threads[0])
    return options


def warm_models(options: AnalyzeOptions) -> None:
    """Load what a call needs now (the preload does, before any task)."""
    models = shared_models()
    with _ONE_AT_A_TIME:
        models.transcriber(with_worker_threads(options))
        _ = models.classifier
        models.warm_diarizer()


def model_loads() -> int:
    """Whisper models and classifiers this worker process holds (run with client.run)."""
    models = shared_models()
    # AnalysisModels keeps them privately; read-only here, for the tests and the bench.
    return len(models._transcribers) + (models._classifier is not None)


def worker_id() -> str:
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def stop_flag(stop_event: str | None) -> Callable[[], bool]:
    """A should_cancel that asks the run's distributed.Event, at most every _CANCEL_POLL_S."""
    if not stop_event:
        return lambda: False
    try:
        from distributed import Event

        event = Event(stop_event)
    except Exception:  # not inside a worker (a test calls run_job directly)
        return lambda: False
    asked = [0.0, False]

    def should_cancel() -> bool:
        now = time.monotonic()
        if not asked[1] and now - asked[0] >= _CANCEL_POLL_S:
            asked[0] = now
            try:
                asked[1] = bool(event.is_set())
            except Exception:  # the scheduler is gone, and with it the run
                asked[1] = True
        return bool(asked[1])

    return should_cancel


class _WorkerEvents:
    """JobEvents on a worker: nobody to tell progress to; a stop comes from the Event."""

    def __init__(self, should_cancel: Callable[[], bool]) -> None:
        self._should_cancel = should_cancel

    def progress(self, job: AnalysisJob, fraction: float, stage: str) -> None:
        pass

    def decoded(self, job: AnalysisJob, audio: AudioFacts) -> bool:
        return not self._should_cancel()

    def should_cancel(self, job: AnalysisJob) -> bool:
        return self._should_cancel()

    def finished(self, job: AnalysisJob, outcome: JobOutcome) -> None:
        pass

    def lost(self, job: AnalysisJob, reason: str) -> bool:
        return False


def run_job(job: AnalysisJob, stop_event: str | None = None) -> tuple[JobOutcome, str]:
    """The task each call is on the cluster: (its outcome, the worker that computed it)."""
    job = replace(job, options=with_worker_threads(job.options))
    events = _WorkerEvents(stop_flag(stop_event))
    with _ONE_AT_A_TIME:
        outcome = compute(job, shared_models(), events)
    return outcome, worker_id()
