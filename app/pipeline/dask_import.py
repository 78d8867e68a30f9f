"""The app's imports on a Dask cluster (Settings > New imports > Analysis cluster).

The import worker (app/pipeline/worker.py) runs its batch through the one
orchestrator as always; when its jobs name a cluster, the executor is a
`DaskExecutor` on it (the audio travels with each job, results are stored by
the import worker: the one writer). The messages are a local import's
(started, progress, done, skipped, failed). An unreachable cluster fails every
job with one line saying so. Cancelling the import ends the worker process:
its client goes, the scheduler drops its calls, and the calls it had begun
stay "processing" until they are imported again (as a local import's do).
"""

from __future__ import annotations

from typing import Any

from app.pipeline.dask_executor import DaskExecutor
from app.pipeline.dask_run import ClusterUnreachable, connect
from kernel.statuses import WorkerMessage


def cluster_executor(connection: Any, jobs: list[dict[str, Any]]) -> DaskExecutor | None:
    """An executor on the cluster the first job names, or None (each job told why)."""
    address = str(jobs[0].get("cluster") or "")
    try:
        return DaskExecutor(connect(address), closes_client=True)
    except ClusterUnreachable as exc:
        for job in jobs:
            connection.send(
                {"kind": WorkerMessage.FAILED, "item_id": job.get("item_id"), "message": str(exc)}
            )
        return None
