"""The app's imports on a Dask cluster (Settings > New imports > Analysis cluster).

`app/pipeline/worker.py` hands a batch here when its jobs name a cluster: the
same messages as a local import (started, progress, done, skipped, failed,
each with the job's item_id), the calls analysed by the cluster's workers and
stored by this process (the one writer). An unreachable cluster fails every
job with one line saying so. Cancelling the import ends this process: its
client goes, the scheduler drops its calls, and the calls it had begun stay
"processing" until they are imported again (as a local import's do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.pipeline.dask_run import ClusterRun, ClusterUnreachable, connect
from app.pipeline.metadata import metadata_for
from app.pipeline.options import AnalyzeOptions
from app.pipeline.process import CANCELED, FAILED_OUTCOME, SKIPPED, FileOutcome
from app.storage.library import Library
from app.storage.records import CallMetadata


class _ImportEvents:
    """Cluster events as the import queue's messages."""

    def __init__(self, connection: Any, item_of_path: dict[str, Any]) -> None:
        self.connection = connection
        self.item_of_path = item_of_path

    def starting(self, files: int, workers: int) -> None:
        pass

    def submitted(self, path: Path) -> None:
        item_id = self.item_of_path.get(str(path))
        stage = "analysing on the cluster"
        self.connection.send({"kind": "started", "item_id": item_id, "stage": stage})
        self.connection.send(
            {"kind": "progress", "item_id": item_id, "fraction": 0.05, "stage": stage}
        )

    def outcome(self, outcome: FileOutcome, analysed: bool) -> None:
        if outcome.status == SKIPPED:
            kind = "skipped"
        elif outcome.status in (FAILED_OUTCOME, CANCELED):
            kind = "failed"
        else:
            kind = "done"
        self.connection.send(
            {
                "kind": kind,
                "item_id": self.item_of_path.get(outcome.path),
                "call_id": outcome.call_id,
                "message": outcome.message,
            }
        )

    def stopped(self) -> None:
        pass


def run_cluster_jobs(
    connection: Any, jobs: list[dict[str, Any]], library: Library, options: AnalyzeOptions
) -> None:
    """Analyse the import jobs on the cluster their first job names."""
    address = str(jobs[0].get("cluster") or "")
    try:
        client = connect(address)
    except ClusterUnreachable as exc:
        for job in jobs:
            connection.send({"kind": "failed", "item_id": job.get("item_id"), "message": str(exc)})
        return
    given: dict[str, CallMetadata] = {}
    item_of_path: dict[str, Any] = {}
    for job in jobs:
        path = str(job["path"])
        item_of_path[path] = job.get("item_id")
        fields = {
            k: v
            for k, v in (job.get("metadata") or {}).items()
            if k in ("agent", "team", "call_date")
        }
        given[path] = CallMetadata(**fields)
    try:
        run = ClusterRun(
            client,
            library,
            options,
            [Path(job["path"]) for job in jobs],
            _ImportEvents(connection, item_of_path),
            metadata=lambda path: metadata_for(path, given.get(str(path))),
        )
        run.run()
    finally:
        client.close()
