"""The app's import worker: a spawned process that analyses a batch of files.

`app/ui/pipeline_client.py` starts it with a pipe and a list of jobs; it
answers with messages the import queue understands: started, progress,
done, skipped, failed (each with the job's item_id). The GUI stops it by
terminating the process; the call in progress then stays "processing" in
the library and is resumed when the file is imported again.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from app.pipeline.failures import failure_reason
from app.pipeline.options import AnalyzeOptions
from app.pipeline.process import CANCELED, FAILED_OUTCOME, SKIPPED, CallProcessor
from app.storage.library import Library
from app.storage.records import CallMetadata

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.2  # at most five progress messages a second per file


def _options(job: dict[str, Any]) -> AnalyzeOptions:
    known = {"asr_model", "asr_engine", "agent_channel", "fast_fix_s", "redact"}
    values = {k: job[k] for k in known if job.get(k) not in (None, "")}
    values["vocabulary"] = tuple(str(term) for term in job.get("vocabulary") or ())
    return AnalyzeOptions(**values)


def run_worker(connection: Any, jobs: list[dict[str, Any]], db_path: str) -> None:
    import multiprocessing

    from app.logging_setup import setup_logging
    from app.pipeline.job_pool import die_with_parent

    setup_logging()  # tracebacks to the log file, never to a terminal
    if multiprocessing.parent_process() is not None:  # spawned by the app (not a test)
        die_with_parent(os.getppid())  # the app killed (kill -9, a crash) takes it along
    library = Library(db_path)
    models: dict[str, Any] = {}  # loaded once per batch, shared by every job
    transcribers: dict[tuple[str, str], Any] = {}
    try:
        if jobs and jobs[0].get("cluster"):  # Settings > Analysis cluster (issue 16)
            _run_on_cluster(connection, jobs, library)
            return
        for job in jobs:
            item_id = job.get("item_id")
            connection.send({"kind": "started", "item_id": item_id, "stage": "reading"})
            try:
                options = _options(job)
            except (TypeError, ValueError) as exc:
                connection.send({"kind": "failed", "item_id": item_id, "message": str(exc)})
                continue
            key = (options.asr_model, options.asr_engine)
            processor = CallProcessor(
                library,
                options,
                transcriber=transcribers.get(key),
                classifier=models.get("classifier"),
            )
            last = [0.0]

            def progress(
                fraction: float, stage: str, item_id: Any = item_id, last: list[float] = last
            ) -> None:
                now = time.monotonic()
                if now - last[0] >= PROGRESS_INTERVAL_S or fraction >= 1.0:
                    last[0] = now
                    connection.send(
                        {
                            "kind": "progress",
                            "item_id": item_id,
                            "fraction": fraction,
                            "stage": stage,
                        }
                    )

            try:
                metadata = CallMetadata(
                    **{
                        k: v
                        for k, v in (job.get("metadata") or {}).items()
                        if k in ("agent", "team", "call_date")
                    }
                )
                outcome = processor.process(Path(job["path"]), metadata=metadata, progress=progress)
            except Exception as exc:  # one job's trouble never ends the others
                log.exception("import job %s failed", job.get("path"))
                connection.send(
                    {
                        "kind": "failed",
                        "item_id": item_id,
                        "message": f"{job.get('path')}: {failure_reason(exc)}",
                    }
                )
                continue
            transcriber, classifier = processor.loaded_models
            if transcriber is not None:
                transcribers[key] = transcriber
            if classifier is not None:
                models["classifier"] = classifier
            if outcome.status == SKIPPED:
                kind = "skipped"
            elif outcome.status in (FAILED_OUTCOME, CANCELED):
                kind = "failed"
            else:
                kind = "done"
            connection.send(
                {
                    "kind": kind,
                    "item_id": item_id,
                    "call_id": outcome.call_id,
                    "message": outcome.message,
                }
            )
    finally:
        library.close()
        connection.close()


def _run_on_cluster(connection: Any, jobs: list[dict[str, Any]], library: Library) -> None:
    from app.pipeline.dask_import import run_cluster_jobs

    try:
        options = _options(jobs[0])  # one batch shares its options (the queue's options_key)
    except (TypeError, ValueError) as exc:
        for job in jobs:
            connection.send({"kind": "failed", "item_id": job.get("item_id"), "message": str(exc)})
        return
    run_cluster_jobs(connection, jobs, library, options)
