"""The batch goes on whatever one file does: storage errors, leases held by other runs.

No models are loaded here: every file fails or is skipped before Whisper.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sqlite3
import struct
import sys
import time
from pathlib import Path

import pytest

from app.pipeline.batch import analyze_paths, one_line, orphaned_calls
from app.pipeline.failures import failure_reason
from app.pipeline.job_pool import death_reason
from app.pipeline.lease import CallLeases
from app.pipeline.options import AnalyzeOptions
from app.storage.library import Library
from app.storage.records import PROCESSING
from models.audio.decode import file_sha256


def _wav(path: Path, seconds: float = 1.0, rate: int = 8_000, tone: int = 0) -> Path:
    data = bytes((i * (tone + 1)) % 256 for i in range(round(seconds * rate) * 2))
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    body = b"WAVEfmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data))
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body) + len(data)) + body + data)
    return path


def _run(paths: list[Path], db: Path, jobs: int = 1) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    result = analyze_paths(paths, db, AnalyzeOptions(), jobs=jobs, out=out, err=err)
    return result.exit_code, out.getvalue(), err.getvalue()


def test_a_storage_error_fails_that_file_with_one_line_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [_wav(tmp_path / f"call{i}.wav", tone=i) for i in range(3)]
    calls: list[str] = []

    def read_only(self: Library, source: str, *_a: object, **_k: object) -> int:
        calls.append(source)
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Library, "begin_call", read_only)
    code, out, err = _run(files, tmp_path / "library.db")
    assert code == 1
    assert len(calls) == 3  # every file was tried
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    for path, line in zip(files, errors, strict=True):
        assert str(path) in line and "the library is read-only" in line
    assert "Traceback" not in err + out


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (sqlite3.OperationalError("database is locked"), "busy"),
        (sqlite3.OperationalError("database or disk is full"), "disk is full"),
        (sqlite3.DatabaseError("database disk image is malformed"), "damaged"),
        (OSError(28, "No space left on device"), "disk is full"),
        (MemoryError(), "out of memory"),
        (RuntimeError("boom\nsecond line"), "analysis failed (RuntimeError: boom)"),
    ],
)
def test_failure_reasons_are_one_plain_line(exc: BaseException, words: str) -> None:
    reason = failure_reason(exc)
    assert words in reason and "\n" not in reason


def test_control_characters_in_names_stay_on_one_line() -> None:
    assert one_line("error: /x/odd\nname.wav: no speech") == "error: /x/odd\\nname.wav: no speech"
    assert one_line("plain é line") == "plain é line"


def test_death_reasons() -> None:
    assert "SIGKILL" in death_reason(-signal.SIGKILL) and "memory" in death_reason(-9)
    assert death_reason(3) == "exited with code 3"


def _hold_lease(db: str, sha: str, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    lease = CallLeases(Path(db)).acquire(sha)
    assert lease is not None
    ready.set()
    time.sleep(60)


def test_a_call_another_live_run_holds_is_skipped_and_resumed_once_that_run_is_dead(
    tmp_path: Path,
) -> None:
    db = tmp_path / "library.db"
    wav = _wav(tmp_path / "held.wav")
    sha = file_sha256(wav)
    with Library(db) as library:  # the other run registered the call and is working on it
        library.begin_call(str(wav), sha, duration_s=1.0, channels=1)
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    holder = context.Process(target=_hold_lease, args=(str(db), sha, ready))
    holder.start()
    try:
        assert ready.wait(60)
        assert CallLeases(db).acquire(sha) is None
        assert f"pid {holder.pid}" in (CallLeases(db).holder(sha) or "")
        with Library(db) as library:
            assert orphaned_calls(library) == []  # live: not ours to resume
        code, out, err = _run([wav], db)
        assert "resuming" not in err
        assert f"skipped, another Callscope run is analysing it (pid {holder.pid}" in out
        assert code == 0
        with Library(db) as library:
            (call,) = library.list_calls()
            assert call.status == PROCESSING
    finally:
        os.kill(holder.pid or 0, signal.SIGKILL)  # as kill -9 or the OOM killer would
        holder.join(10)
    with Library(db) as library:
        assert [c.sha256 for c in orphaned_calls(library)] == [sha]
    lease = CallLeases(db).acquire(sha)
    assert lease is not None
    lease.release()
    assert not (CallLeases(db).folder / f"{sha}.lock").exists()


def test_leases_in_one_process_exclude_each_other(tmp_path: Path) -> None:
    leases = CallLeases(tmp_path / "library.db")
    first = leases.acquire("abc")
    assert first is not None
    assert leases.acquire("abc") is None
    assert leases.acquire("def") is not None
    first.release()
    assert leases.acquire("abc") is not None


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes")
def test_parallel_jobs_name_every_bad_file(tmp_path: Path) -> None:
    pipe = tmp_path / "x.wav"
    os.mkfifo(pipe)
    loop = tmp_path / "loop.wav"
    loop.symlink_to("loop.wav")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    code, _out, err = _run([pipe, loop, empty], tmp_path / "library.db", jobs=2)
    assert code == 1
    assert f"error: {pipe}: is a named pipe" in err
    assert f"error: {loop}: symlink loop" in err
    assert f"error: {empty}: empty file" in err
    assert "Traceback" not in err


def test_a_worker_killed_mid_file_is_noticed_and_its_file_given_back(tmp_path: Path) -> None:
    import threading

    from app.pipeline.executors import AnalysisJob
    from app.pipeline.job_pool import PoolExecutor

    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    pool = PoolExecutor(1)
    outcomes: list[str] = []
    deaths: list[tuple[str, str]] = []

    class Events:
        def progress(self, job: AnalysisJob, fraction: float, stage: str) -> None:
            pass

        def decoded(self, job: AnalysisJob, audio: object) -> bool:
            return True

        def should_cancel(self, job: AnalysisJob) -> bool:
            return False

        def finished(self, job: AnalysisJob, outcome: object) -> None:
            outcomes.append(outcome.message)  # type: ignore[attr-defined]

        def lost(self, job: AnalysisJob, reason: str) -> bool:
            deaths.append((job.path, reason))
            return len(deaths) == 1  # retry once

    def run() -> None:
        pool.submit(AnalysisJob(1, str(empty), AnalyzeOptions()))
        while not outcomes and len(deaths) < 2:
            pool.wait(Events())
        pool.close()

    runner = threading.Thread(target=run)
    runner.start()
    deadline = time.monotonic() + 60
    busy: list = []
    while time.monotonic() < deadline:
        busy = [w for w in list(pool._workers) if w.path is not None and w.process.pid]
        if busy:
            break
        time.sleep(0.001)
    victim = busy[0].process
    os.kill(victim.pid, signal.SIGSTOP)  # frozen before it can answer...
    os.kill(victim.pid, signal.SIGKILL)  # ...then killed, as the OOM killer would
    runner.join(120)
    assert not runner.is_alive()  # multiprocessing.Pool would wait here forever
    assert deaths == [(str(empty), death_reason(-signal.SIGKILL))]
    assert len(outcomes) == 1 and "empty file" in outcomes[0]  # the retry ran it
    assert victim.exitcode == -signal.SIGKILL and pool._workers == []
