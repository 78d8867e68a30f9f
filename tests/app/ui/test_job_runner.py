"""JobRunner: results, failures, cancel, progress, waiting calls on its thread."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from app.ui.job_runner import JobContext, JobRunner


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


def test_call_runs_on_the_runner_thread_and_hands_back_result_and_error(qtbot: QtBot) -> None:
    runner = JobRunner()
    gui_thread = threading.get_ident()
    assert runner.call(threading.get_ident) != gui_thread

    def fail() -> None:
        raise LookupError("call 7 is not in the library")

    try:
        runner.call(fail)
    except LookupError as exc:  # the job's own exception, not a message
        assert "call 7" in str(exc)
    else:
        raise AssertionError("call() swallowed the error")
    runner.shutdown()


def test_call_from_a_job_runs_inline_instead_of_waiting_on_itself(qtbot: QtBot) -> None:
    runner = JobRunner()
    results: list[object] = []
    job_name = runner.submit(
        lambda ctx: runner.call(threading.get_ident) == threading.get_ident(),
        on_finished=results.append,
    ).name
    qtbot.waitUntil(lambda: results == [True], timeout=10_000)
    assert job_name == "<lambda>"
    runner.shutdown()
