"""The status vocabularies, one enum each (StrEnum: stored and sent as the same strings).

CallStatus: a call in the library. JobStatus: a file in the app's import
queue. Outcome: what processing one file ended in (the orchestrator's
answer to the CLI and the app). The values are the strings the library and
the import-queue file have always held, so nothing stored changes.
"""

from __future__ import annotations

from enum import StrEnum


class CallStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # a run stopped mid-call; the next run resumes it


RESUMABLE = (CallStatus.PENDING, CallStatus.PROCESSING, CallStatus.INTERRUPTED)


class ReviewStatus(StrEnum):
    UNREVIEWED = "unreviewed"
    REVIEWED = "reviewed"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELED = "canceled"
    SKIPPED = "skipped"  # already in the library (same audio)


FINISHED_JOBS = frozenset({JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELED, JobStatus.SKIPPED})


class Outcome(StrEnum):
    STORED = "stored"
    SKIPPED = "skipped"
    FAILED = "failed"
    CANCELED = "canceled"


class WorkerMessage(StrEnum):
    """Kinds of message the app's import worker sends the import queue (with item_id)."""

    STARTED = "started"
    PROGRESS = "progress"
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"
    CRASHED = "crashed"  # the process itself failed (no item_id)


class FailureKind(StrEnum):
    """Why analysing one recording gave no result (kernel.results.AnalysisFailure)."""

    INPUT = "input"  # bad file, no speech: the reason names it
    CANCELED = "canceled"  # asked to stop
    ERROR = "error"  # anything else (the traceback is in the log)
