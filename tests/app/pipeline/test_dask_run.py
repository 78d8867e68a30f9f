"""Issue 16: `analyze --cluster`: the same library as a local run, Ctrl-C and resume, bad addresses.

The cluster is a real two-process LocalCluster with the worker preload
(tests/fixtures/dask_cluster.py); the calls are synthesized recordings, one
stereo phone call, one mono (speaker separation on the worker) and one file
that is not audio; the models are the real ones.
"""

from __future__ import annotations

import io
import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.export.call_json import export_json
from app.pipeline.batch import EXIT_INTERRUPTED, analyze_paths
from app.pipeline.options import AnalyzeOptions
from app.storage.library import Library
from app.storage.records import DONE, INTERRUPTED
from kernel.statuses import Outcome
from tests.fixtures.audio import SHORT_CALL_SCRIPT
from tests.fixtures.dask_cluster import when_a_worker_is_busy

_VOLATILE = {"id", "source"}  # ids differ by library, sources by folder


def _exported(db: Path) -> list[dict[str, Any]]:
    with Library(db) as library:
        calls = json.loads(export_json(library, library.call_ids()))
    for call in calls:
        for key in _VOLATILE:
            call.pop(key)
    return sorted(calls, key=lambda c: c["sha256"])


@pytest.fixture(scope="module")
def recordings(tmp_path_factory: pytest.TempPathFactory, synth: Any) -> Path:
    folder = tmp_path_factory.mktemp("recordings")
    stereo = synth(SHORT_CALL_SCRIPT, layout="stereo", sample_rate=8_000, encoding="ulaw")
    mono = synth(SHORT_CALL_SCRIPT, layout="mono", sample_rate=8_000, encoding="ulaw")
    shutil.copy(stereo.path, folder / "2025-03-12_agent-dana_team-broadband_0001.wav")
    shutil.copy(mono.path, folder / "mono_call.wav")
    (folder / "notes.wav").write_bytes(b"RIFF not really a wave file" * 20)
    return folder


@pytest.fixture(scope="module")
def long_call(tmp_path_factory: pytest.TempPathFactory, synth: Any) -> Path:
    """The short call's turns four times over (about 80 s): long enough to stop mid-way."""
    script = {**SHORT_CALL_SCRIPT, "id": "long_router_call"}
    script["turns"] = [dict(t) for t in SHORT_CALL_SCRIPT["turns"] * 4]
    call = synth(script, layout="mono", sample_rate=8_000, encoding="ulaw")
    target = tmp_path_factory.mktemp("long") / "long_call.wav"
    shutil.copy(call.path, target)
    return target


@pytest.mark.slow
def test_cluster_and_local_runs_export_the_same_json(
    dask_client: Any, recordings: Path, tmp_path: Path
) -> None:
    local_db, cluster_db = tmp_path / "local.db", tmp_path / "cluster.db"
    options = AnalyzeOptions()
    local = analyze_paths(
        [recordings], local_db, options, jobs=1, out=io.StringIO(), err=io.StringIO()
    )
    out, err = io.StringIO(), io.StringIO()
    remote = analyze_paths([recordings], cluster_db, options, out=out, err=err, cluster=dask_client)
    assert remote.exit_code == local.exit_code == 1  # notes.wav is not audio
    assert "analysing 3 files on 2 Dask worker(s)" in err.getvalue()
    bad = [line for line in err.getvalue().splitlines() if "notes.wav" in line]
    assert len(bad) == 1 and bad[0].startswith("error: ") and str(recordings) in bad[0]
    assert "2 analysed, 0 skipped, 1 failed" in err.getvalue()
    assert out.getvalue().count(": call ") == 2
    exported = _exported(cluster_db)
    assert [c["status"] for c in exported] == [DONE, DONE]
    assert exported == _exported(local_db)
    # The cluster's run stored each call's own timings, the writer's among them.
    with Library(cluster_db) as library:
        for call in library.list_calls():
            assert {"decode_s", "asr_s", "storage_s", "total_s"} <= set(call.timings)

    # A second run finds everything stored: nothing goes to the cluster.
    again = io.StringIO()
    analyze_paths([recordings], cluster_db, options, out=again, err=again, cluster=dask_client)
    assert again.getvalue().count("already in the library as call") == 2


@pytest.mark.slow
def test_ctrl_c_stops_the_cluster_work_and_the_next_run_resumes(
    dask_client: Any, long_call: Path, tmp_path: Path
) -> None:
    """A stop while calls are on the cluster: they end as interrupted, and are resumed."""
    import _thread

    db = tmp_path / "library.db"
    path = long_call
    executing: list[str] = []

    def interrupt(_address: str) -> None:
        executing.append("yes")
        _thread.interrupt_main()  # what Ctrl-C does: KeyboardInterrupt in the main thread

    watcher = threading.Thread(
        target=when_a_worker_is_busy, args=(dask_client, interrupt), daemon=True
    )
    err = io.StringIO()
    watcher.start()
    result = analyze_paths([path], db, AnalyzeOptions(), out=err, err=err, cluster=dask_client)
    watcher.join()
    assert executing, "the call never reached a worker"
    assert result.interrupted and result.exit_code == EXIT_INTERRUPTED
    # The worker gave the call up (the stop event) and said so.
    assert [o.status for o in result.outcomes] == [Outcome.CANCELED]
    assert "resumes on the next run" in err.getvalue()
    with Library(db) as library:
        [call] = library.list_calls()
        assert call.status == INTERRUPTED
    # The stop event reached the worker: it gave the call up instead of finishing it.
    deadline = time.monotonic() + 60
    while any(dask_client.run(lambda dask_worker: len(dask_worker.state.executing)).values()):
        assert time.monotonic() < deadline, "the worker kept analysing a stopped call"
        time.sleep(0.1)

    # The next run, given no paths of its own, resumes the interrupted call.
    err = io.StringIO()
    resumed = analyze_paths([], db, AnalyzeOptions(), out=err, err=err, cluster=dask_client)
    assert "resuming 1 call(s)" in err.getvalue()
    assert resumed.exit_code == 0
    with Library(db) as library:
        [call] = library.list_calls()
        assert call.status == DONE


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("tcp://127.0.0.1:1", "Connection refused"),
        ("tcp://no-such-host.invalid:8786", ""),
        ("tcp://127.0.0.1", "is not a cluster address"),
    ],
)
def test_an_unreachable_cluster_is_one_clear_line(
    address: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audio = tmp_path / "call.wav"
    audio.write_bytes(b"x")
    code = main(["analyze", str(audio), "--db", str(tmp_path / "l.db"), "--cluster", address])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error: ") and address.removeprefix("tcp://") in lines[0]
    assert reason in lines[0]
    assert "Traceback" not in captured.err and not (tmp_path / "l.db").exists()


@pytest.mark.slow
def test_a_worker_killed_mid_call_costs_the_batch_one_retry(
    dask_client: Any, recordings: Path, tmp_path: Path
) -> None:
    """The orchestrator hears of the lost worker, says so once, and the call is stored."""
    from tests.fixtures.dask_cluster import kill_a_busy_worker, wait_for_workers

    wait_for_workers(dask_client, 2)
    db = tmp_path / "library.db"
    path = recordings / "mono_call.wav"
    killed: list[int] = []
    watcher = threading.Thread(target=kill_a_busy_worker, args=(dask_client, killed), daemon=True)
    err = io.StringIO()
    watcher.start()
    result = analyze_paths([path], db, AnalyzeOptions(), out=err, err=err, cluster=dask_client)
    watcher.join()
    assert killed, "the call never reached a worker"
    assert result.exit_code == 0, err.getvalue()
    retries = [line for line in err.getvalue().splitlines() if line.startswith("warning: ")]
    assert retries == [
        f"warning: {path}: the analysing process was lost (its Dask worker died); trying once more"
    ]
    with Library(db) as library:
        [call] = library.list_calls()
        assert call.status == DONE
    wait_for_workers(dask_client, 2)


@pytest.mark.slow
def test_a_scheduler_without_workers_says_the_calls_wait_and_ctrl_c_stops(
    recordings: Path, tmp_path: Path
) -> None:
    """`analyze --cluster` started before any `dask worker` joined: one line says what to do."""
    import _thread

    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=0, dashboard_address=":0", host="127.0.0.1") as cluster,
        Client(cluster) as client,
    ):
        err = io.StringIO()

        def ctrl_c_once_told() -> None:
            deadline = time.monotonic() + 60
            while "no Dask worker has joined" not in err.getvalue():
                if time.monotonic() > deadline:
                    return
                time.sleep(0.05)
            _thread.interrupt_main()

        watcher = threading.Thread(target=ctrl_c_once_told, daemon=True)
        watcher.start()
        path = recordings / "mono_call.wav"
        result = analyze_paths(
            [path], tmp_path / "l.db", AnalyzeOptions(), out=err, err=err, cluster=client
        )
        watcher.join()
    lines = err.getvalue().splitlines()
    assert lines[0] == "analysing 1 files on 0 Dask worker(s)"
    address = cluster.scheduler_address
    assert lines[1] == (
        f"no Dask worker has joined {address} yet: the calls wait for one (start it with "
        f"`dask worker {address} --preload app.pipeline.dask_preload`; Ctrl-C stops)"
    )
    assert result.interrupted and result.exit_code == EXIT_INTERRUPTED
