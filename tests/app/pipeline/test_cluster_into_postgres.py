"""Issue 16, Deliver 4: locally into SQLite and on a two-worker cluster into PostgreSQL, one export.

Two short synthesized phone calls (one stereo, one mono) are analysed twice
with the real models: in this process into a SQLite file, and on the real
two-process LocalCluster (tests/fixtures/dask_cluster.py) into a database on
a real PostgreSQL server (tests/fixtures/postgres.py), with one worker killed
while it analyses a call. The killed call costs one retry and nothing more:
both libraries export the same JSON apart from ids and times.
"""

from __future__ import annotations

import io
import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.pipeline.batch import analyze_paths
from app.pipeline.options import AnalyzeOptions
from app.storage.engine import open_library
from tests.app.storage.pg.test_pg_library import normalized
from tests.fixtures.audio import SHORT_CALL_SCRIPT
from tests.fixtures.dask_cluster import kill_a_busy_worker, wait_for_workers

pytestmark = pytest.mark.slow


def _export(target: str, capsys: pytest.CaptureFixture[str]) -> Any:
    capsys.readouterr()
    assert main(["export", "--format", "json", "--db", target]) == 0
    calls = normalized(json.loads(capsys.readouterr().out))
    for call in calls:  # each run measures its own timings
        call.pop("timings", None)
    return sorted(calls, key=lambda c: c["sha256"])


def test_local_sqlite_and_cluster_postgres_export_the_same_json(
    dask_client: Any,
    pg_url: str,
    synth: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    stereo = synth(SHORT_CALL_SCRIPT, layout="stereo", sample_rate=8_000, encoding="ulaw")
    mono = synth(SHORT_CALL_SCRIPT, layout="mono", sample_rate=8_000, encoding="ulaw")
    shutil.copy(stereo.path, folder / "2025-03-12_agent-dana_team-broadband_0001.wav")
    shutil.copy(mono.path, folder / "2025-03-12_agent-omar_team-billing_0002.wav")
    options = AnalyzeOptions()

    local_db = str(tmp_path / "local.db")
    local = analyze_paths([folder], Path(local_db), options, jobs=1, out=io.StringIO(),
                          err=io.StringIO())  # fmt: skip
    assert local.exit_code == 0

    wait_for_workers(dask_client, 2)
    killed: list[int] = []
    watcher = threading.Thread(target=kill_a_busy_worker, args=(dask_client, killed), daemon=True)
    err = io.StringIO()
    watcher.start()
    remote = analyze_paths([folder], pg_url, options, out=err, err=err,  # type: ignore[arg-type]
                           cluster=dask_client)  # fmt: skip
    watcher.join()
    assert killed, "no call ever reached a worker"
    assert remote.exit_code == 0, err.getvalue()
    warnings = [line for line in err.getvalue().splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1, err.getvalue()
    assert warnings[0].endswith(
        ": the analysing process was lost (its Dask worker died); trying once more"
    )
    assert "2 analysed, 0 skipped, 0 failed" in err.getvalue()

    team = _export(pg_url, capsys)
    assert [c["status"] for c in team] == ["done", "done"]
    assert sorted(c["agent"] for c in team) == ["Dana", "Omar"]
    assert team == _export(local_db, capsys)
    with open_library(pg_url) as library:
        assert library.count_calls() == 2
    wait_for_workers(dask_client, 2)  # the nanny's fresh worker, for the tests after this one
