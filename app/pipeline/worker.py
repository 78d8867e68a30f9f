"""The app's import worker: a spawned process that analyses a batch of files.

`app/ui/pipeline_client.py` starts it with a pipe and a list of jobs. It
hosts the orchestrator and its writer (the in-process executor here; the
GUI process never writes an analysis) and answers with messages the import
queue understands (`kernel.statuses.WorkerMessage`): started, progress,
done, skipped, failed (each with the job's item_id). The GUI stops it by
terminating the process; the call in progress then stays "processing" in
the library and is resumed when the file is imported again.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.pipeline.executors import Executor, InProcessExecutor
from app.pipeline.options import AnalyzeOptions
from app.pipeline.orchestrator import FileRequest, Orchestrator
from app.pipeline.outcome import FileOutcome
from app.pipeline.progress_throttle import ProgressThrottle
from app.pipeline.writer import CallWriter
from app.storage.engine import open_library
from app.storage.records import CallMetadata
from kernel.statuses import Outcome, WorkerMessage

log = logging.getLogger(__name__)


_KIND_OF: dict[Outcome, WorkerMessage] = {
    Outcome.STORED: WorkerMessage.DONE,
    Outcome.SKIPPED: WorkerMessage.SKIPPED,
    Outcome.FAILED: WorkerMessage.FAILED,
    Outcome.CANCELED: WorkerMessage.FAILED,
}


def _options(job: dict[str, Any]) -> AnalyzeOptions:
    known = {"asr_model", "asr_engine", "agent_channel", "fast_fix_s", "redact"}
    values = {k: job[k] for k in known if job.get(k) not in (None, "")}
    values["vocabulary"] = tuple(str(term) for term in job.get("vocabulary") or ())
    return AnalyzeOptions(**values)


def _metadata(job: dict[str, Any]) -> CallMetadata:
    given = job.get("metadata") or {}
    return CallMetadata(**{k: v for k, v in given.items() if k in ("agent", "team", "call_date")})


def _requests(connection: Any, jobs: list[dict[str, Any]]) -> Iterator[FileRequest]:
    """Each job as the orchestrator takes it: "started" first, a bad job failed here."""
    for job in jobs:
        item_id = job.get("item_id")
        connection.send({"kind": WorkerMessage.STARTED, "item_id": item_id, "stage": "reading"})
        try:
            request = FileRequest(Path(job["path"]), _options(job), _metadata(job), key=item_id)
        except (KeyError, TypeError, ValueError) as exc:
            connection.send({"kind": WorkerMessage.FAILED, "item_id": item_id, "message": str(exc)})
            continue
        yield request


def run_worker(
    connection: Any,
    jobs: list[dict[str, Any]],
    db_path: str,
    executor: Executor | None = None,
) -> None:
    import multiprocessing

    from app.logging_setup import setup_logging
    from app.pipeline.job_pool import die_with_parent

    setup_logging()  # tracebacks to the log file, never to a terminal
    if multiprocessing.parent_process() is not None:  # spawned by the app (not a test)
        die_with_parent(os.getppid())  # the app killed (kill -9, a crash) takes it along
    library = open_library(db_path)  # a file or a team library's URL, for Settings' reviewer
    throttle = ProgressThrottle()  # a few lines a second per file; new stages always

    def progress(request: FileRequest, fraction: float, stage: str) -> None:
        if throttle.admit(request.key, fraction, stage):
            connection.send(
                {
                    "kind": WorkerMessage.PROGRESS,
                    "item_id": request.key,
                    "fraction": fraction,
                    "stage": stage,
                }
            )

    def finished(request: FileRequest, outcome: FileOutcome) -> None:
        connection.send(
            {
                "kind": _KIND_OF[outcome.status],
                "item_id": request.key,
                "call_id": outcome.call_id,
                "message": outcome.message,
            }
        )

    if executor is None and jobs and jobs[0].get("cluster"):  # Settings > Analysis cluster
        from app.pipeline.dask_import import cluster_executor

        executor = cluster_executor(connection, jobs)
        if executor is None:  # unreachable: every job failed with the one line why
            library.close()
            connection.close()
            return
    # The models load once per process (shared_models), shared by every job.
    orchestrator = Orchestrator(
        CallWriter(library),
        executor or InProcessExecutor(),
        send_audio=getattr(executor, "needs_audio", False),
    )
    try:
        orchestrator.run(_requests(connection, jobs), on_outcome=finished, on_progress=progress)
    finally:
        orchestrator.executor.close()
        library.close()
        connection.close()
