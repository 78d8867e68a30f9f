"""PipelineClient and ImportQueue with a real spawn subprocess (a light stand-in worker)."""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.import_item import DONE, FAILED, QUEUED, RUNNING
from app.ui.import_queue import ImportQueue
from app.ui.pipeline_client import PipelineClient

DUMMY = ("tests.app.ui.dummy_worker", "run_worker")


def dummy_client(db_path: Path) -> PipelineClient:
    return PipelineClient(db_path, target=DUMMY)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped) counts as gone
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def make_files(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"not audio")
    return [folder / name for name in names]


def test_queue_runs_a_real_worker_process_to_the_end(qtbot: QtBot, tmp_path: Path) -> None:
    files = make_files(tmp_path / "in", ["a.wav", "bad.wav", "c.wav"])
    queue = ImportQueue(tmp_path / "library.db", client_factory=dummy_client)
    imported: list[int] = []
    queue.call_imported.connect(imported.append)
    with qtbot.waitSignal(queue.queue_finished, timeout=60000):
        queue.add_paths(files, "left", "tiny.en")
    assert [item.status for item in queue.items()] == [DONE, FAILED, DONE]
    assert queue.items()[1].message == "cannot decode"
    assert imported == [1000, 1002]
    assert not queue.is_running


def test_shutdown_terminates_worker_and_its_children(qtbot: QtBot, tmp_path: Path) -> None:
    files = make_files(tmp_path / "in", ["hang.wav", "later.wav"])
    db_path = tmp_path / "library.db"
    queue = ImportQueue(db_path, client_factory=dummy_client)
    queue.add_paths(files, "left", "tiny.en")
    grandchild_file = Path(str(db_path) + ".grandchild")
    qtbot.waitUntil(grandchild_file.exists, timeout=60000)
    qtbot.waitUntil(lambda: queue.items()[0].status == RUNNING, timeout=10000)
    worker_pid = queue._client._process.pid  # type: ignore[union-attr]
    grandchild = int(grandchild_file.read_text())
    started = time.monotonic()
    queue.shutdown()
    assert time.monotonic() - started < 10
    assert not pid_alive(worker_pid)
    qtbot.waitUntil(lambda: not pid_alive(grandchild), timeout=5000)
    assert [item.status for item in queue.items()] == [QUEUED, QUEUED]


def test_cancel_running_item_goes_on_with_the_next(qtbot: QtBot, tmp_path: Path) -> None:
    files = make_files(tmp_path / "in", ["hang.wav", "next.wav"])
    db_path = tmp_path / "library.db"
    queue = ImportQueue(db_path, client_factory=functools.partial(PipelineClient, target=DUMMY))
    queue.add_paths(files, "left", "tiny.en")
    qtbot.waitUntil(lambda: queue.items()[0].progress > 0, timeout=60000)
    with qtbot.waitSignal(queue.queue_finished, timeout=60000):
        queue.cancel_item(queue.items()[0].item_id)
    assert [item.status for item in queue.items()] == ["canceled", DONE]


def test_a_worker_that_cannot_start_fails_its_items_with_the_reason(
    qtbot: QtBot, tmp_path: Path
) -> None:
    files = make_files(tmp_path / "in", ["a.wav"])
    missing = functools.partial(PipelineClient, target=("tests.app.ui.no_such_worker", "run"))
    queue = ImportQueue(tmp_path / "library.db", client_factory=missing)
    with qtbot.waitSignal(queue.worker_failed, timeout=60000) as blocker:
        queue.add_paths(files, "left", "tiny.en")
    assert "no_such_worker" in blocker.args[0]
    qtbot.waitUntil(lambda: queue.items()[0].status == FAILED, timeout=10000)
    assert "no_such_worker" in queue.items()[0].message


QUIT_MID_IMPORT = """
import time
from pathlib import Path
from app.ui.import_item import ImportItem
from app.ui.pipeline_client import PipelineClient

def main():
    client = PipelineClient(Path({db!r}), target=("tests.app.ui.dummy_worker", "run_worker"))
    client.start([ImportItem(1, {path!r})])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(m.get("kind") == "progress" for m in client.poll()):
            break
        time.sleep(0.05)
    else:
        raise SystemExit("the worker never took its lock")
    client.terminate()  # what quitting the app mid-import does
    print("terminated", flush=True)

if __name__ == "__main__":
    main()
"""


def test_quitting_mid_import_leaks_no_semaphore(tmp_path: Path) -> None:
    """Found by a tester: quitting during an import printed "resource_tracker: There appear
    to be 1 leaked semaphore objects" (the worker's multiprocessing lock, tqdm's in Whisper)."""
    import subprocess
    import sys

    script = tmp_path / "quit_mid_import.py"
    script.write_text(
        QUIT_MID_IMPORT.format(db=str(tmp_path / "library.db"), path=str(tmp_path / "lock.wav"))
    )
    repo = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "terminated" in result.stdout
    assert "leaked semaphore" not in result.stderr, result.stderr
