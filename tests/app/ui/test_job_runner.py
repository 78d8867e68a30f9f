"""JobRunner: results, failures, cancel, progress, one thread with its own library."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import ClassVar

from pytestqt.qtbot import QtBot

from app.ui.job_runner import JobContext, JobRunner


class Recorder:
    def __init__(self, db_path: Path) -> None:
        self.thread = threading.get_ident()
        self.closed = False
        Recorder.made.append(self)

    made: ClassVar[list[Recorder]] = []

    def close(self) -> None:
        self.closed = True


def test_finished_carries_the_result(qtbot: QtBot) -> None:
    runner = JobRunner()
    results: list[object] = []
    # Callbacks are connected before the job starts: a signal connected after
    # submit() can be emitted before the connection exists (seen under load).
    with qtbot.waitSignal(runner.jobs_drained, timeout=30_000):
        runner.submit(lambda ctx: 6 * 7, on_finished=results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=30_000)
    runner.shutdown()


def test_failed_carries_the_message(qtbot: QtBot) -> None:
    runner = JobRunner()
    messages: list[str] = []

    def broken(ctx: JobContext) -> None:
        raise ValueError("no such call")

    with qtbot.waitSignal(runner.jobs_drained, timeout=30_000):
        runner.submit(broken, on_failed=messages.append)
    qtbot.waitUntil(lambda: messages == ["no such call"], timeout=30_000)
    runner.shutdown()


def test_progress_and_cancel(qtbot: QtBot) -> None:
    runner = JobRunner()
    started = threading.Event()

    def long_job(ctx: JobContext) -> str:
        for step in range(200):
            ctx.report_progress(step / 200, "working")
            started.set()
            ctx.check_canceled()
            time.sleep(0.01)
        return "not canceled"

    progress: list[float] = []
    job = runner.submit(long_job, on_progress=lambda f, _m: progress.append(f))
    qtbot.waitUntil(lambda: bool(progress))
    assert started.wait(5)
    with qtbot.waitSignal(job.signals.canceled):
        job.cancel()
    assert progress and 0.0 <= progress[0] <= 1.0
    runner.shutdown()


def test_jobs_run_one_at_a_time_in_order_on_one_thread(qtbot: QtBot, tmp_path: Path) -> None:
    Recorder.made = []
    runner = JobRunner(tmp_path / "lib.db", library_factory=Recorder)
    order: list[int] = []
    threads: set[int] = set()
    libraries: set[int] = set()

    def job(n: int):
        def run(ctx: JobContext) -> int:
            order.append(n)
            threads.add(threading.get_ident())
            libraries.add(id(ctx.library))
            time.sleep(0.005)
            return n

        return run

    with qtbot.waitSignal(runner.jobs_drained, timeout=10000):
        for n in range(8):
            runner.submit(job(n))
    assert order == list(range(8))
    assert len(threads) == 1 and len(libraries) == 1
    assert threads == {Recorder.made[0].thread}
    runner.shutdown()
    assert Recorder.made[0].closed
