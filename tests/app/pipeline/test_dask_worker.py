"""Issue 16: the Dask worker side (models once per worker, audio as bytes, a killed worker).

Each task is `dask_worker.run_job(job)`: an `AnalysisJob` with the recording's
bytes in, `(CallResult | AnalysisFailure, worker)` out.

Runs on a real two-process LocalCluster (tests/fixtures/dask_cluster.py) with
the worker preload, and the real models on a synthesized phone call.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from app.pipeline.dask_worker import model_loads, run_job
from app.pipeline.executors import AnalysisJob
from app.pipeline.options import AnalyzeOptions
from kernel.results import AnalysisFailure, CallResult
from kernel.statuses import FailureKind
from tests.fixtures.dask_cluster import wait_for_workers, worker_pids

TIMEOUT_S = 300


def _job(data: bytes, name: str, job_id: int = 1) -> AnalysisJob:
    return AnalysisJob(job_id, name, AnalyzeOptions(), audio=data)


def test_unreadable_bytes_fail_with_one_line_naming_the_file() -> None:
    """Bad input is the file's fault: one line with the user's file name, no models loaded."""
    loaded = model_loads()  # an earlier test in this process may have loaded them
    outcome, worker = run_job(_job(b"this is not audio at all" * 10, "/calls/monday/call 7.wav"))
    assert isinstance(outcome, AnalysisFailure)
    assert outcome.kind == FailureKind.INPUT
    assert outcome.message.startswith("/calls/monday/call 7.wav: ")
    assert "\n" not in outcome.message
    assert "callscope-" not in outcome.message  # the worker's temporary name never shows
    assert worker.endswith(f":{os.getpid()}")
    assert model_loads() == loaded  # this job loaded none


def _executing(dask_worker: Any) -> list[str]:
    return [str(ts.key) for ts in dask_worker.state.executing]


def _summary(done: tuple[Any, str]) -> dict[str, Any]:
    """What the writer stores, without timings and the worker's name."""
    result = done[0]
    assert isinstance(result, CallResult), result
    return {
        "segments": [(s.speaker, s.text, len(s.words)) for s in result.transcript.segments],
        "sentences": [(s.text, s.label) for s in result.analysis.sentences],
        "patterns": sorted(p.id for p in result.analysis.patterns),
        "rushed": result.analysis.rushed,
        "redactions": len(result.redactions or []),
        "audio": result.audio,
    }


@pytest.mark.slow
def test_models_load_once_per_worker(dask_client: Any, short_phone_call: Any) -> None:
    data = Path(short_phone_call.path).read_bytes()
    futures = [
        dask_client.submit(run_job, _job(data, "/elsewhere/call.wav", i), pure=False)
        for i in range(4)
    ]
    results = dask_client.gather(futures)
    assert len({str(_summary(r)) for r in results}) == 1  # same audio, same analysis
    # Whisper + the classifier, loaded once in each worker process, never per call.
    assert set(dask_client.run(model_loads).values()) == {2}


@pytest.mark.slow
def test_a_worker_killed_mid_call_costs_that_call_one_retry(
    dask_client: Any, short_phone_call: Any
) -> None:
    wait_for_workers(dask_client, 2)
    data = Path(short_phone_call.path).read_bytes()
    name = "/home/agent/calls/router.wav"
    undisturbed = dask_client.submit(run_job, _job(data, name), pure=False)
    expected = _summary(undisturbed.result(timeout=TIMEOUT_S))

    future = dask_client.submit(run_job, _job(data, name), pure=False)
    key = str(future.key)
    deadline = time.monotonic() + TIMEOUT_S
    victim = None
    while victim is None:
        assert time.monotonic() < deadline, "the call never started on a worker"
        for address, keys in dask_client.run(_executing).items():
            if key in keys:
                victim = address
        if victim is None:
            if future.done():
                pytest.fail("the call finished before the test could kill its worker")
            time.sleep(0.05)
    pid = worker_pids(dask_client)[victim]
    os.kill(pid, signal.SIGKILL)

    result = future.result(timeout=TIMEOUT_S)
    assert _summary(result) == expected  # the retry's result is the undisturbed one
    assert not result[1].endswith(f":{pid}")
    # The scheduler saw the call's worker die once: one retry, not a failure.
    suspicious = dask_client.run_on_scheduler(
        lambda dask_scheduler: dask_scheduler.tasks[key].suspicious
    )
    assert suspicious == 1
    wait_for_workers(dask_client, 2)  # the nanny replaced the killed worker


@pytest.mark.slow
def test_a_set_stop_event_cancels_the_running_call(dask_client: Any, short_phone_call: Any) -> None:
    from distributed import Event

    data = Path(short_phone_call.path).read_bytes()
    stop = Event("callscope-test-stop", client=dask_client)
    stop.set()
    outcome, _worker = dask_client.submit(
        run_job, _job(data, "/x/call.wav"), stop.name, pure=False
    ).result(timeout=TIMEOUT_S)
    assert isinstance(outcome, AnalysisFailure)
    assert outcome.kind == FailureKind.CANCELED
    assert outcome.message == "/x/call.wav: stopped before it finished"
