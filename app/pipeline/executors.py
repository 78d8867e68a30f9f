"""Where `analyze_file` runs: the executor interface, the job it runs, and the in-process one.

An executor computes `CallResult`s from jobs (a path or the audio's bytes,
plus options) and reports back through a `JobEvents` the orchestrator gives
it; it never opens the library. Executors: `InProcessExecutor` (here),
`job_pool.PoolExecutor` (spawned local processes); a cluster executor
implements the same four methods. Every executor runs `compute(job, ...)`,
which never raises for one file's trouble (KeyboardInterrupt aside).

Writing one: run `compute(job, models, events)` where the work goes (a
worker's events may just forward progress and "decoded" and answer False to
`should_cancel`), send back its `CallResult | AnalysisFailure` (both
pickle), and in `wait` call `events.finished`/`events.lost` on the caller's
thread. `Orchestrator(send_audio=True)` puts the file's bytes in the job.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.pipeline.analyze import AnalysisCanceled, analyze_file
from app.pipeline.failures import failure_reason
from app.pipeline.model_cache import AnalysisModels
from app.pipeline.options import AnalyzeOptions
from kernel.domain import CallscopeInputError
from kernel.results import AnalysisFailure, AudioFacts, CallResult
from kernel.statuses import FailureKind

log = logging.getLogger(__name__)

JobOutcome = CallResult | AnalysisFailure


@dataclass(frozen=True)
class AnalysisJob:
    """One recording to analyse: all a worker needs, nothing of the library (picklable)."""

    job_id: int
    path: str  # as the user gave it: messages name it
    options: AnalyzeOptions
    source: str = ""  # stored as the call's source (the resolved path); "" = path
    sha256: str = ""  # "" = the worker hashes the audio
    vocabulary: str = ""  # the call's own names (sidecar column), read by the orchestrator
    audio: bytes | None = None  # the recording itself, when workers cannot read `path`


class JobEvents(Protocol):
    """What an executor tells the orchestrator, always on the thread that called `wait`."""

    def progress(self, job: AnalysisJob, fraction: float, stage: str) -> None: ...

    def decoded(self, job: AnalysisJob, audio: AudioFacts) -> bool:
        """The audio is decoded (Whisper is next). False: stop this job (it ends canceled).
        Executors that cannot wait for the answer may ignore it."""
        ...

    def should_cancel(self, job: AnalysisJob) -> bool: ...

    def finished(self, job: AnalysisJob, outcome: JobOutcome) -> None: ...

    def lost(self, job: AnalysisJob, reason: str) -> bool:
        """The worker holding `job` died ("was killed by SIGKILL ..."). True: run it again."""
        ...


class Executor(Protocol):
    """Runs jobs somewhere; the orchestrator never has more than `slots` submitted."""

    slots: int

    def submit(self, job: AnalysisJob) -> None:
        """Queue `job`; it starts when a worker is free."""
        ...

    def wait(self, events: JobEvents) -> None:
        """Block until at least one submitted job finished or was lost (returns at once
        when none is submitted), reporting progress, decoded, finished and lost on the
        way; a lost job that `events.lost` retries stays submitted."""
        ...

    def cancel(self) -> None:
        """Stop the jobs in flight as soon as possible (they end canceled or lost)."""
        ...

    def close(self) -> None:
        """Give back every worker (killing any still busy); jobs not finished are dropped."""
        ...


def compute(job: AnalysisJob, models: AnalysisModels | None, events: JobEvents) -> JobOutcome:
    """Run `analyze_file` for `job`: its `CallResult`, or an `AnalysisFailure` saying why not."""
    decoded: list[AudioFacts] = []

    def on_decoded(audio: AudioFacts) -> bool:
        decoded.append(audio)
        return events.decoded(job, audio)

    try:
        return analyze_file(
            job.audio if job.audio is not None else Path(job.path),
            job.options,
            models,
            name=job.path,
            source=job.source or None,
            sha256=job.sha256 or None,
            vocabulary=job.vocabulary,
            progress=lambda fraction, stage: events.progress(job, fraction, stage),
            should_cancel=lambda: events.should_cancel(job),
            on_decoded=on_decoded,
        )
    except AnalysisCanceled:
        audio = decoded[0] if decoded else None
        return AnalysisFailure(
            FailureKind.CANCELED, f"{job.path}: stopped before it finished", audio=audio
        )
    except CallscopeInputError as exc:
        audio = decoded[0] if decoded else None
        doubts = "".join(f" ({w})" for w in audio.warnings) if audio else ""
        return AnalysisFailure(FailureKind.INPUT, str(exc) + doubts, exc.reason, audio)
    except Exception as exc:  # one line for the user; the traceback to the log
        log.exception("processing %s failed", job.path)
        audio = decoded[0] if decoded else None
        reason = failure_reason(exc)
        return AnalysisFailure(FailureKind.ERROR, f"{job.path}: {reason}", reason, audio)


class InProcessExecutor:
    """Runs each job in this process, on the caller's thread, one at a time."""

    slots = 1

    def __init__(self, models: AnalysisModels | None = None) -> None:
        self.models = models
        self._queue: deque[AnalysisJob] = deque()
        self._canceled = False

    def submit(self, job: AnalysisJob) -> None:
        self._queue.append(job)

    def wait(self, events: JobEvents) -> None:
        if not self._queue:
            return
        job = self._queue.popleft()
        self._canceled = False
        outcome = compute(job, self.models, _Cancelable(events, self))
        events.finished(job, outcome)

    def cancel(self) -> None:
        self._canceled = True

    def close(self) -> None:
        self._queue.clear()


class _Cancelable:
    """`events` with the executor's own cancel added to `should_cancel`."""

    def __init__(self, events: JobEvents, executor: InProcessExecutor) -> None:
        self._events = events
        self._executor = executor

    def progress(self, job: AnalysisJob, fraction: float, stage: str) -> None:
        self._events.progress(job, fraction, stage)

    def decoded(self, job: AnalysisJob, audio: AudioFacts) -> bool:
        return self._events.decoded(job, audio)

    def should_cancel(self, job: AnalysisJob) -> bool:
        return self._executor._canceled or self._events.should_cancel(job)

    def finished(self, job: AnalysisJob, outcome: JobOutcome) -> None:
        self._events.finished(job, outcome)

    def lost(self, job: AnalysisJob, reason: str) -> bool:
        return self._events.lost(job, reason)
