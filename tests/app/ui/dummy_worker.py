"""A light stand-in for the pipeline worker, run in a real spawn subprocess by UI tests.

Speaks the normalized message vocabulary: per job "started", "progress",
then "done" (or "failed" for names containing "bad"). Names containing
"hang" start a grandchild process and then block forever, so tests can check
that cancel and quit terminate the whole tree. The grandchild's pid is
written to `<db_path>.grandchild`. Names containing "lock" take a
multiprocessing lock first (as tqdm does inside Whisper), then block.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def run_worker(connection: Any, jobs: list[dict[str, Any]], db_path: str) -> None:
    for number, job in enumerate(jobs):
        item_id = job["item_id"]
        name = Path(job["path"]).name
        connection.send({"kind": "started", "item_id": item_id, "stage": "loading model"})
        if "lock" in name:
            import multiprocessing

            lock = multiprocessing.RLock()  # a named semaphore the resource tracker watches
            connection.send(
                {"kind": "progress", "item_id": item_id, "fraction": 0.1, "stage": str(lock)}
            )
            while True:
                time.sleep(0.05)
        if "hang" in name:
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
            Path(db_path + ".grandchild").write_text(str(child.pid))
            connection.send(
                {"kind": "progress", "item_id": item_id, "fraction": 0.2, "stage": "transcribing"}
            )
            while True:
                time.sleep(1)
        for step in (0.25, 0.5, 0.75):
            time.sleep(0.05)
            connection.send(
                {"kind": "progress", "item_id": item_id, "fraction": step, "stage": "transcribing"}
            )
        if "bad" in name:
            connection.send({"kind": "failed", "item_id": item_id, "message": "cannot decode"})
        else:
            connection.send({"kind": "done", "item_id": item_id, "call_id": 1000 + number})
    connection.close()
