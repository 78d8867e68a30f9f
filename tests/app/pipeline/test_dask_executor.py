"""Issue 16: what `analyze --cluster` says when the cluster, not the file, fails a call."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from distributed import KilledWorker
from distributed.client import FutureCancelledError

from app.pipeline.dask_executor import _failure_reason


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            KilledWorker("run_job-1", SimpleNamespace(address="tcp://10.0.0.7:40001"), 3),
            "the Dask workers analysing it died each time it was tried; skipped",
        ),
        (
            FutureCancelledError("run_job-1", reason="scheduler-connection-lost"),
            "the connection to the cluster's scheduler was lost (is it still running?)",
        ),
        (
            FutureCancelledError("run_job-1", reason="unknown"),
            "the cluster dropped the call (its scheduler restarted?)",
        ),
        (
            RuntimeError("Error during deserialization of the task graph. This frequently\noccurs"),
            "the cluster cannot load Callscope's code: start its scheduler and workers from the "
            "same Callscope install as this one (README: analysis on a Dask cluster)",
        ),
        (
            OSError("Timed out during handshake\nmore"),
            "the cluster could not analyse it (Timed out during handshake)",
        ),
    ],
)
def test_cluster_failures_are_one_plain_line(exc: BaseException, expected: str) -> None:
    assert _failure_reason(exc) == expected
