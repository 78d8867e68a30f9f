"""Issue 12: kill -9 the main process and a worker at random (seeded) points, then rerun.

Afterwards every call is stored exactly once, complete, the library passes
`PRAGMA integrity_check`, and no process of any run is left behind.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from app.storage.library import Library
from app.storage.records import DONE
from models.audio.decode import decode_audio
from tests.conftest import REPO_ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]

SEED = 12
CLIP_S = 20.0
DEMOS = (
    "01_broadband_rushed.opus",
    "02_bank_card_rushed.opus",
    "03_software_login_good.opus",
    "04_energy_bill_good.opus",
)
RUN_TIMEOUT_S = 400


def _session_processes(session: int) -> list[int]:
    """Pids (alive, not zombies) in the session a run was started in."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, sid = fields[0], int(fields[3])
        if sid == session and state != "Z":
            found.append(int(entry.name))
    return found


def _workers(main_pid: int) -> list[int]:
    return [
        pid
        for pid in _session_processes(main_pid)
        if pid != main_pid
        and b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    ]


def _wait_gone(session: int, timeout_s: float = 20.0) -> list[int]:
    deadline = time.monotonic() + timeout_s
    while (left := _session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


class _Runs:
    def __init__(self, folder: Path, db: Path, logs: Path) -> None:
        self.folder, self.db, self.logs = folder, db, logs
        self.sessions: list[int] = []
        self.count = 0

    def start(self, jobs: int) -> subprocess.Popen[bytes]:
        self.count += 1
        log = open(self.logs / f"run{self.count}.txt", "wb")  # noqa: SIM115 - the child owns it
        command = [sys.executable, str(REPO_ROOT / "main.py"), "analyze", str(self.folder)]
        process = subprocess.Popen(
            [*command, "--db", str(self.db), "--jobs", str(jobs)],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own session: every process it starts is findable
        )
        log.close()
        self.sessions.append(process.pid)
        return process

    def output(self) -> str:
        return (self.logs / f"run{self.count}.txt").read_text(errors="replace")


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("calls")
    for name in DEMOS:
        samples = decode_audio(REPO_ROOT / "resources" / "demo" / name).samples
        clip = samples[:, : round(CLIP_S * 16_000)]
        with wave.open(str(folder / (Path(name).stem + ".wav")), "wb") as handle:
            handle.setnchannels(clip.shape[0])
            handle.setsampwidth(2)
            handle.setframerate(16_000)
            handle.writeframes((np.clip(clip.T, -1, 1) * 32767).astype("<i2").tobytes())
    return folder


def test_kill_9_of_the_main_process_and_of_a_worker_then_rerun(calls: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db = tmp_path / "library.db"
    runs = _Runs(calls, db, tmp_path)

    # 1. The main process of a two-job run dies at a random moment: its workers follow.
    for jobs in (2, 1):
        process = runs.start(jobs)
        time.sleep(rng.uniform(3.0, 20.0))
        process.kill()
        process.wait(30)
        assert _wait_gone(process.pid) == [], runs.output()

    # 2. A worker dies at a random moment: noticed, its file retried, the run finishes.
    process = runs.start(2)
    deadline = time.monotonic() + 120
    while not _workers(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(rng.uniform(1.0, 12.0))
    workers = _workers(process.pid)
    if workers:
        os.kill(rng.choice(sorted(workers)), signal.SIGKILL)
    assert process.wait(RUN_TIMEOUT_S) in (0, 1), runs.output()  # never hangs
    assert "Traceback" not in runs.output()
    assert _wait_gone(process.pid) == []

    # 3. A clean rerun finishes whatever is left.
    process = runs.start(2)
    assert process.wait(RUN_TIMEOUT_S) == 0, runs.output()
    assert "Traceback" not in runs.output()
    for session in runs.sessions:
        assert _wait_gone(session) == [], session

    with Library(db) as library:
        stored = library.list_calls()
        assert sorted(Path(c.source).name for c in stored) == sorted(
            Path(n).stem + ".wav" for n in DEMOS
        )  # none lost, none twice
        for call in stored:
            assert call.status == DONE, call
            assert library.get_model_analysis(call.id) is not None
            transcript = library.get_transcript(call.id)
            assert transcript is not None and transcript.segments
            keys = [(s.start, s.speaker, s.text) for s in transcript.segments]
            assert len(keys) == len(set(keys)), "segments stored twice"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
