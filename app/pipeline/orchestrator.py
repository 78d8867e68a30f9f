"""One orchestrator for the CLI batch and the app's import: files in, stored calls out.

For each file it decides (in this process): its content hash, its lease
(no two runs analyse one recording), whether the library has it already,
its metadata and sidecar names. The executor computes the `CallResult`
wherever it runs (this process, a local pool, a cluster); the writer, here,
registers the call when its audio is decoded and stores the result in one
transaction. Per-file trouble of any kind becomes one `FileOutcome`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.pipeline.executors import AnalysisJob, Executor, JobOutcome
from app.pipeline.failures import failure_reason
from app.pipeline.lease import CallLeases, Lease
from app.pipeline.metadata import metadata_for, vocabulary_for
from app.pipeline.options import AnalyzeOptions
from app.pipeline.outcome import FileOutcome
from app.pipeline.writer import CallWriter
from app.storage.records import CallMetadata
from kernel.domain import CallscopeInputError
from kernel.results import AnalysisFailure, AudioFacts, CallResult
from kernel.statuses import CallStatus, FailureKind, Outcome
from models.audio.decode import file_sha256

log = logging.getLogger(__name__)

STORING_AT = 0.97  # the share of a file's progress bar done when its result is being stored


@dataclass
class FileRequest:
    """One file to analyse, as the CLI or the app asks for it."""

    path: Path
    options: AnalyzeOptions
    metadata: CallMetadata | None = None  # None: from a sidecar sheet or the file name
    key: Any = None  # the caller's handle (the app's queue item id)
    sha256: str | None = None  # when the caller hashed it already


@dataclass
class _Active:
    request: FileRequest
    job: AnalysisJob
    lease: Lease
    metadata: CallMetadata
    was_new: bool
    call_id: int | None = None
    abort: str = ""  # the failure to report when the call could not be registered
    deaths: int = 0


@dataclass
class _Callbacks:
    on_outcome: Callable[[FileRequest, FileOutcome], None]
    on_progress: Callable[[FileRequest, float, str], None] | None = None
    on_retry: Callable[[FileRequest, str], None] | None = None
    should_cancel: Callable[[], bool] = field(default=lambda: False)


class Orchestrator:
    """Feeds an executor, stores what it computes. Lives on one thread of the writer's process.

    `send_audio`: jobs carry the recording's bytes (workers that cannot see
    this disk). `retries`: how often a file whose worker died is tried again.
    """

    def __init__(
        self,
        writer: CallWriter,
        executor: Executor,
        *,
        leases: CallLeases | None = None,
        send_audio: bool = False,
        retries: int = 1,
    ) -> None:
        self.writer = writer
        self.executor = executor
        self.leases = leases or CallLeases(writer.library.path)
        self.send_audio = send_audio
        self.retries = retries
        self._active: dict[int, _Active] = {}
        self._next_id = 0
        self._calls = _Callbacks(on_outcome=lambda _r, _o: None)

    def run(
        self,
        requests: Iterable[FileRequest],
        *,
        on_outcome: Callable[[FileRequest, FileOutcome], None],
        on_progress: Callable[[FileRequest, float, str], None] | None = None,
        on_retry: Callable[[FileRequest, str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> None:
        """Analyse and store every request; `on_outcome` hears of each once.

        Requests are taken one at a time, as the executor has room. A
        KeyboardInterrupt stops the executor, marks the calls in flight
        interrupted (the next run resumes them) and is raised again.
        """
        stop = should_cancel or (lambda: False)
        self._calls = _Callbacks(on_outcome, on_progress, on_retry, stop)
        pending: Iterator[FileRequest] = iter(requests)
        exhausted = False
        try:
            while True:
                while not exhausted and len(self._active) < self.executor.slots:
                    request = next(pending, None)
                    if request is None:
                        exhausted = True
                        break
                    self._start(request)
                if not self._active:
                    if exhausted:
                        return
                    continue
                self.executor.wait(self)
        except KeyboardInterrupt:
            self.executor.close()
            self._stop_all("stopped by the user (Ctrl-C)")
            raise
        finally:
            for active in self._active.values():
                active.lease.release()
            self._active.clear()

    # -- before the executor ----------------------------------------------

    def _start(self, request: FileRequest) -> None:
        if self._calls.on_progress is not None:
            self._calls.on_progress(request, 0.0, "reading")
        prepared = self._prepare(request)
        if isinstance(prepared, FileOutcome):
            self._calls.on_outcome(request, prepared)
            return
        self._active[prepared.job.job_id] = prepared
        self.executor.submit(prepared.job)

    def _prepare(self, request: FileRequest) -> _Active | FileOutcome:
        path = request.path
        failed = Outcome.FAILED
        try:
            sha256 = request.sha256 or file_sha256(path)
        except CallscopeInputError as exc:
            return FileOutcome(str(path), failed, message=str(exc))
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return FileOutcome(str(path), failed, message=f"{path}: cannot read ({reason})")
        try:
            lease = self.leases.acquire(sha256)
        except OSError as exc:
            reason = f"cannot write in the library's folder ({exc.strerror or exc})"
            return FileOutcome(str(path), failed, message=f"{path}: {reason}")
        if lease is None:
            holder = self.leases.holder(sha256) or "another process"
            message = f"{path}: skipped, another Callscope run is analysing it ({holder})"
            return FileOutcome(str(path), Outcome.SKIPPED, message=message)
        try:
            existing = self.writer.find(sha256)
            if existing is not None and existing.status == CallStatus.DONE:
                lease.release()
                return FileOutcome(
                    str(path),
                    Outcome.SKIPPED,
                    existing.id,
                    f"{path}: already in the library as call {existing.id}",
                    duration_s=existing.duration_s,
                )
            self._next_id += 1
            job = AnalysisJob(
                job_id=self._next_id,
                path=str(path),
                options=request.options,
                source=str(path.resolve()) if path.exists() else str(path),
                sha256=sha256,
                vocabulary=vocabulary_for(path),
                audio=path.read_bytes() if self.send_audio else None,
            )
            metadata = metadata_for(path, request.metadata)
        except Exception as exc:  # the library or the disk failing: one line, details in the log
            lease.release()
            log.exception("processing %s failed", path)
            return FileOutcome(str(path), failed, message=f"{path}: {failure_reason(exc)}")
        return _Active(request, job, lease, metadata, was_new=existing is None)

    # -- JobEvents: what the executor reports ------------------------------

    def progress(self, job: AnalysisJob, fraction: float, stage: str) -> None:
        active = self._active.get(job.job_id)
        if active is not None and self._calls.on_progress is not None:
            self._calls.on_progress(active.request, fraction, stage)

    def decoded(self, job: AnalysisJob, audio: AudioFacts) -> bool:
        """Register the call ("processing") before Whisper: a stop or crash leaves it resumable."""
        active = self._active.get(job.job_id)
        if active is None:
            return False
        try:
            active.call_id = self.writer.begin(
                audio, agent_channel=job.options.agent_channel, metadata=active.metadata
            )
        except Exception as exc:
            log.exception("processing %s failed", job.path)
            active.abort = f"{job.path}: {failure_reason(exc)}"
            return False
        return True

    def should_cancel(self, job: AnalysisJob) -> bool:
        active = self._active.get(job.job_id)
        return bool(active is not None and active.abort) or self._calls.should_cancel()

    def finished(self, job: AnalysisJob, outcome: JobOutcome) -> None:
        active = self._active.pop(job.job_id, None)
        if active is None:
            return
        try:
            if active.abort:
                result = FileOutcome(job.path, Outcome.FAILED, message=active.abort)
            elif isinstance(outcome, CallResult):
                result = self._store(active, outcome)
            else:
                result = self._settle_failure(active, outcome)
        finally:
            active.lease.release()
        self._calls.on_outcome(active.request, result)

    def lost(self, job: AnalysisJob, reason: str) -> bool:
        active = self._active.get(job.job_id)
        if active is None:
            return False
        active.deaths += 1
        retry = active.deaths <= self.retries
        try:
            self.writer.interrupt_if_processing(
                job.sha256, f"the analysing process {reason}", final=not retry
            )
        except Exception:
            log.exception("could not mark the call of a dead worker")
        if active.call_id is not None:
            active.was_new = False  # registered: a failed retry keeps it, as failed
        if retry:
            if self._calls.on_retry is not None:
                self._calls.on_retry(active.request, reason)
            return True
        del self._active[job.job_id]
        active.lease.release()
        times = "twice" if self.retries == 1 else f"{active.deaths} times"
        message = f"{job.path}: the analysing process {reason} {times} on this file; skipped"
        outcome = FileOutcome(job.path, Outcome.FAILED, message=message)
        self._calls.on_outcome(active.request, outcome)
        return False

    # -- after the executor -----------------------------------------------

    def _store(self, active: _Active, result: CallResult) -> FileOutcome:
        path = active.job.path
        self.progress(active.job, STORING_AT, "storing")
        try:
            call_id, timings = self.writer.store(
                result, call_id=active.call_id, metadata=active.metadata
            )
        except Exception as exc:
            log.exception("processing %s failed", path)
            reason = failure_reason(exc)
            self._record_failure(active, reason)
            kept = None if active.was_new else active.call_id
            return FileOutcome(path, Outcome.FAILED, kept, f"{path}: {reason}")
        self.progress(active.job, 1.0, "done")
        return FileOutcome(
            path,
            Outcome.STORED,
            call_id,
            f"{path}: stored as call {call_id}",
            rushed=result.analysis.rushed,
            patterns=[p.id for p in result.analysis.patterns],
            duration_s=result.transcript.duration_s,
            timings=timings,
            warnings=list(result.warnings),
        )

    def _settle_failure(self, active: _Active, failure: AnalysisFailure) -> FileOutcome:
        path, call_id = active.job.path, active.call_id
        if failure.kind == FailureKind.CANCELED:
            if call_id is not None:
                self._safely(lambda: self.writer.interrupted(call_id, "stopped before it finished"))
            return FileOutcome(path, Outcome.CANCELED, call_id, failure.message)
        if call_id is not None:
            self._record_failure(active, failure.reason)
        kept = None if active.was_new else call_id
        return FileOutcome(path, Outcome.FAILED, kept, failure.message)

    def _record_failure(self, active: _Active, reason: str) -> None:
        call_id = active.call_id
        if call_id is not None:
            self._safely(lambda: self.writer.drop_or_fail(call_id, active.was_new, reason))

    @staticmethod
    def _safely(write: Callable[[], None]) -> None:
        try:
            write()
        except Exception:  # the library itself is failing: the outcome's reason says why
            log.exception("could not record how a call ended")

    def _stop_all(self, reason: str) -> None:
        for active in self._active.values():
            try:
                self.writer.interrupt_if_processing(active.job.sha256, reason)
            except Exception:  # the next run resumes it all the same (nobody holds its lease)
                log.exception("could not mark %s interrupted", active.job.path)
