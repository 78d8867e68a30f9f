"""`DaskExecutor`: the orchestrator's executor on an existing Dask cluster.

Each `AnalysisJob` (with the recording's bytes: run the orchestrator with
`send_audio=True`) becomes one task, `dask_worker.run_job`, whose
`CallResult | AnalysisFailure` comes back to `wait`, on the orchestrator's
thread, where the one writer stores it. At most `slots` jobs are on the
cluster at once (twice its worker threads): the scheduler holds each waiting
task's audio, and a stop loses no more than that.

- Registered as "processing" when submitted, from the file's header (the
  worker cannot call back before Whisper as a local job does), so a stop or
  a crash leaves the call for the next run to resume; the decoded facts
  replace the header's when the result arrives.
- A worker lost mid-call: the scheduler runs the task again elsewhere; `wait`
  sees the task's `suspicious` count rise and tells `events.lost`, which
  allows one retry; on the second loss the task is cancelled and the call
  fails. (`distributed.scheduler.allowed-failures`, 3 by default, must stay
  at least 1 for the scheduler to retry at all.)
- `cancel()` sets the run's stop event: running calls end "canceled" at their
  next check (between pieces of Whisper's work), within a second or so.
"""

from __future__ import annotations

import logging
import time
import uuid
from pathlib import Path
from typing import Any

from app.pipeline.dask_worker import run_job
from app.pipeline.executors import AnalysisJob, JobEvents
from kernel.domain import CallscopeInputError
from kernel.results import AnalysisFailure, AudioFacts
from kernel.statuses import FailureKind

log = logging.getLogger(__name__)

_POLL_S = 0.1  # how often `wait` looks at its tasks
_DEATHS_EVERY_S = 0.5  # how often it asks the scheduler whether a task's worker died
STOP_GRACE_S = 10.0  # after a stop, how long running calls get to say they stopped
_PROGRESS_EVERY_S = 1.0  # how often each call in flight gets a progress event
LOST = "was lost (its Dask worker died)"
STAGE = "analysing on the cluster"


def _suspicious(dask_scheduler: Any, keys: list[str]) -> dict[str, int]:
    """Runs on the scheduler: how many workers died while running each task."""
    found = {}
    for key in keys:
        task = dask_scheduler.tasks.get(key)
        if task is not None:
            found[key] = int(task.suspicious)
    return found


class DaskExecutor:
    """Runs jobs on the cluster `client` is connected to."""

    needs_audio = True  # the orchestrator must put the file's bytes in each job

    def __init__(
        self, client: Any, *, slots: int | None = None, closes_client: bool = False
    ) -> None:
        from distributed import Event

        self.client = client
        self.closes_client = closes_client  # close() closes the client too (it made it)
        threads = sum(client.nthreads().values()) or 1
        self.slots = slots or max(2, 2 * threads)
        self.workers = len(client.nthreads())
        self._stop = Event(f"callscope-stop-{uuid.uuid4().hex}", client=client)
        self._futures: dict[Any, AnalysisJob] = {}
        self._fresh: list[Any] = []  # submitted, not yet registered
        self._deaths: dict[str, int] = {}
        self._deaths_asked = 0.0
        self._progress_told = 0.0
        self._stopping_since: float | None = None
        self.computed_by: dict[int, str] = {}  # job id -> worker (host:pid)

    def submit(self, job: AnalysisJob) -> None:
        future = self.client.submit(run_job, job, self._stop.name, pure=False, retries=1)
        self._futures[future] = job
        self._fresh.append(future)

    def wait(self, events: JobEvents) -> None:
        if not self._futures:
            return
        self._register(events)
        while True:
            done = [f for f in self._futures if f.done()]
            if done:
                for future in done:
                    self._finish(future, events)
                return
            if self._check_deaths(events):
                return
            self._still_running(events)
            if self._stopping_since is None and any(
                events.should_cancel(job) for job in self._futures.values()
            ):
                self.cancel()
            if (
                self._stopping_since is not None
                and time.monotonic() - self._stopping_since > STOP_GRACE_S
            ):
                raise KeyboardInterrupt  # the orchestrator marks what is left interrupted
            time.sleep(_POLL_S)

    def cancel(self) -> None:
        if self._stopping_since is None:
            self._stopping_since = time.monotonic()
            try:
                self._stop.set()
            except Exception:  # the scheduler is gone: its tasks are too
                log.exception("could not ask the cluster's calls to stop")

    def close(self) -> None:
        futures = list(self._futures)
        self._futures.clear()
        self._fresh.clear()
        try:
            if futures:
                self._stop.set()
                self.client.cancel(futures, force=True)
        except Exception:
            log.exception("could not cancel the cluster's calls")
        if self.closes_client:
            self.client.close()

    # -- inside wait ----------------------------------------------------------

    def _register(self, events: JobEvents) -> None:
        """Tell the orchestrator each new job's call from the file's header."""
        fresh, self._fresh = self._fresh, []
        for future in fresh:
            job = self._futures.get(future)
            if job is None:
                continue
            facts = _header_facts(job)
            if facts is not None and not events.decoded(job, facts):
                future.cancel()
                del self._futures[future]
                message = f"{job.path}: stopped before it finished"
                events.finished(job, AnalysisFailure(FailureKind.CANCELED, message))

    def _finish(self, future: Any, events: JobEvents) -> None:
        job = self._futures.pop(future)
        try:
            outcome, worker = future.result()
            self.computed_by[job.job_id] = worker
        except Exception as exc:  # KilledWorker, a scheduler that cannot load the code...
            reason = _failure_reason(exc)
            outcome = AnalysisFailure(FailureKind.ERROR, f"{job.path}: {reason}", reason)
        audio = getattr(outcome, "audio", None)
        if audio is not None and not isinstance(outcome, AnalysisFailure):
            events.decoded(job, audio)  # what the whole decode found, not the header's guess
        events.finished(job, outcome)

    def _still_running(self, events: JobEvents) -> None:
        """A progress line for each call in flight, once a second (the app shows it)."""
        now = time.monotonic()
        if now - self._progress_told < _PROGRESS_EVERY_S:
            return
        self._progress_told = now
        for job in list(self._futures.values()):
            events.progress(job, 0.05, STAGE)

    def _check_deaths(self, events: JobEvents) -> bool:
        """Report tasks whose worker died since the last look; True when one was dropped."""
        now = time.monotonic()
        if now - self._deaths_asked < _DEATHS_EVERY_S:
            return False
        self._deaths_asked = now
        keys = {str(f.key): f for f in self._futures}
        try:
            counts = self.client.run_on_scheduler(_suspicious, keys=list(keys))
        except Exception:
            log.exception("could not ask the scheduler about lost workers")
            return False
        dropped = False
        for key, count in counts.items():
            seen = self._deaths.get(key, 0)
            for _ in range(count - seen):
                future = keys[key]
                job = self._futures.get(future)
                if job is None:
                    break
                if not events.lost(job, LOST):
                    future.cancel()
                    self._futures.pop(future, None)
                    dropped = True
            self._deaths[key] = count
        return dropped


def _header_facts(job: AnalysisJob) -> AudioFacts | None:
    """The call's facts from the file's header (no decode); None when it cannot be read."""
    from models.audio.decode import probe_audio

    try:
        info = probe_audio(Path(job.path))
    except (CallscopeInputError, OSError):
        return None  # the worker's decode says why, naming the file
    return AudioFacts(
        source=job.source or job.path,
        sha256=job.sha256,
        duration_s=info.duration_s,
        channels=info.channels,
        source_sample_rate=info.sample_rate,
        codec=info.codec,
    )


def _failure_reason(exc: BaseException) -> str:
    name = type(exc).__name__
    text = str(exc)
    if "deserializ" in text.lower():
        return (
            "the cluster cannot load Callscope's code: start its scheduler and workers from "
            "the same Callscope install as this one (README: analysis on a Dask cluster)"
        )
    if name == "KilledWorker":
        return "the Dask workers analysing it died each time it was tried; skipped"
    if "scheduler-connection-lost" in text:
        return "the connection to the cluster's scheduler was lost (is it still running?)"
    if "Cancelled" in name or "cancelled" in text:
        return "the cluster dropped the call (its scheduler restarted?)"
    detail = text.splitlines()[0][:120] if text else name
    return f"the cluster could not analyse it ({detail})"
