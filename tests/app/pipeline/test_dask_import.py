"""Issue 16: the app's import worker analysing on a Dask cluster (Settings > Analysis cluster).

`run_worker` gets the jobs the app's PipelineClient sends (with "cluster"),
and answers with the import queue's messages.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from app.pipeline.worker import run_worker
from app.storage.library import Library
from app.storage.records import DONE


class _Pipe:
    """The worker's end of the pipe: keeps what it was sent."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)

    def close(self) -> None:
        pass


def _job(item_id: int, path: Path, cluster: str, **extra: Any) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "path": str(path),
        "agent_channel": "left",
        "asr_model": "tiny.en",
        "redact": True,
        "vocabulary": [],
        "cluster": cluster,
        **extra,
    }


def test_an_unreachable_cluster_fails_each_import_with_one_line(tmp_path: Path) -> None:
    pipe = _Pipe()
    jobs = [
        _job(1, tmp_path / "a.wav", "tcp://127.0.0.1:1"),
        _job(2, tmp_path / "b.wav", "tcp://127.0.0.1:1"),
    ]
    run_worker(pipe, jobs, str(tmp_path / "lib.db"))
    assert [(m["kind"], m["item_id"]) for m in pipe.sent] == [("failed", 1), ("failed", 2)]
    for message in pipe.sent:
        assert message["message"] == (
            "cannot reach the Dask cluster at tcp://127.0.0.1:1 (Connection refused)"
        )


@pytest.mark.slow
def test_imports_are_analysed_on_the_cluster_and_stored_here(
    dask_client: Any, short_phone_call: Any, tmp_path: Path
) -> None:
    address = dask_client.scheduler.address
    good = tmp_path / "call.wav"
    shutil.copy(short_phone_call.path, good)
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF garbage" * 30)
    db = tmp_path / "lib.db"
    pipe = _Pipe()
    jobs = [
        _job(7, good, address, metadata={"agent": "Dana", "team": "Broadband"}),
        _job(8, bad, address),
    ]
    run_worker(pipe, jobs, str(db))
    kinds = {(m["kind"], m["item_id"]) for m in pipe.sent}
    assert {("started", 7), ("progress", 7), ("done", 7), ("failed", 8)} <= kinds
    stages = [m["stage"] for m in pipe.sent if m["kind"] == "progress" and m["item_id"] == 7]
    assert "analysing on the cluster" in stages
    [failed] = [m for m in pipe.sent if m["kind"] == "failed"]
    assert failed["message"].startswith(f"{bad}: ") and "\n" not in failed["message"]
    [done] = [m for m in pipe.sent if m["kind"] == "done"]
    with Library(db) as library:
        call = library.get_call(done["call_id"])
        assert call is not None and call.status == DONE
        assert (call.agent, call.team) == ("Dana", "Broadband")
        transcript = library.get_transcript(call.id)
        assert transcript is not None and "technician" in " ".join(
            s.text.lower() for s in transcript.segments
        )
        assert library.count_calls() == 1  # the bad file left nothing behind
