"""ImportQueue with a scripted worker: progress, errors, cancel, persistence and resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.import_item import CANCELED, DONE, FAILED, QUEUED, RUNNING
from app.ui.import_queue import ImportQueue, queue_file_for
from tests.app.ui.fakes import ScriptedClient


@pytest.fixture(autouse=True)
def _reset_clients() -> None:
    ScriptedClient.started = []


def make_files(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        path.write_bytes(b"RIFF....WAVE")  # never decoded: the client is scripted
        paths.append(path)
    return paths


def make_queue(tmp_path: Path) -> ImportQueue:
    return ImportQueue(tmp_path / "library.db", client_factory=ScriptedClient)


def test_folder_is_expanded_and_every_file_finishes(qtbot: QtBot, tmp_path: Path) -> None:
    make_files(tmp_path / "calls", ["a.wav", "b.mp3", "notes.txt"])
    make_files(tmp_path / "calls" / "sub", ["c.ogg"])
    queue = make_queue(tmp_path)
    imported: list[int] = []
    queue.call_imported.connect(imported.append)
    progress: list[tuple[float, int, int]] = []
    queue.progressed.connect(lambda f, d, t: progress.append((f, d, t)))
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        added = queue.add_paths([tmp_path / "calls"], "left", "tiny.en")
    assert [item.name for item in added] == ["a.wav", "b.mp3", "c.ogg"]
    assert [item.status for item in queue.items()] == [DONE, DONE, DONE]
    assert len(imported) == 3
    assert progress[-1] == (1.0, 3, 3)
    assert any(0 < fraction < 1 for fraction, _, _ in progress)
    assert not queue.is_running


def test_a_failing_file_shows_its_error_and_the_rest_goes_on(qtbot: QtBot, tmp_path: Path) -> None:
    files = make_files(tmp_path, ["one.wav", "bad.wav", "three.wav"])
    queue = make_queue(tmp_path)
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.add_paths(files, "left", "tiny.en")
    statuses = {item.name: (item.status, item.message) for item in queue.items()}
    assert statuses["bad.wav"] == (FAILED, "could not decode")
    assert statuses["one.wav"][0] == statuses["three.wav"][0] == DONE


def test_same_file_is_not_queued_twice(tmp_path: Path) -> None:
    files = make_files(tmp_path, ["one.wav"])
    queue = make_queue(tmp_path)
    assert len(queue.add_paths(files, "left", "tiny.en", start=False)) == 1
    assert queue.add_paths(files, "left", "tiny.en", start=False) == []


def test_items_with_other_options_get_their_own_worker_run(qtbot: QtBot, tmp_path: Path) -> None:
    first = make_files(tmp_path, ["l1.wav", "l2.wav"])
    second = make_files(tmp_path, ["r1.wav"])
    queue = make_queue(tmp_path)
    queue.add_paths(first, "left", "tiny.en", start=False)
    queue.add_paths(second, "right", "tiny.en", start=False)
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.start()
    assert [len(client.items) for client in ScriptedClient.started] == [2, 1]
    assert ScriptedClient.started[1].items[0].agent_channel == "right"


def test_cancel_running_item_restarts_worker_on_the_rest(qtbot: QtBot, tmp_path: Path) -> None:
    files = make_files(tmp_path, ["slow.wav", "next.wav"])
    queue = make_queue(tmp_path)
    queue.add_paths(files, "left", "tiny.en")
    slow = queue.items()[0]
    qtbot.waitUntil(lambda: slow.status == RUNNING and slow.progress > 0)
    first_client = ScriptedClient.started[0]
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.cancel_item(slow.item_id)
    assert first_client.terminated
    assert slow.status == CANCELED
    # the pipeline keeps no partial work: the queue says so instead of a silent restart
    assert slow.message.startswith("Canceled at ") and "from the beginning" in slow.message
    assert queue.items()[1].status == DONE
    assert len(ScriptedClient.started) == 2
    queue.retry_item(slow.item_id)
    assert slow.status in (QUEUED, RUNNING) and slow.message == ""


def test_cancel_all_terminates_the_worker(qtbot: QtBot, tmp_path: Path) -> None:
    files = make_files(tmp_path, ["slow.wav", "b.wav", "c.wav"])
    queue = make_queue(tmp_path)
    queue.add_paths(files, "left", "tiny.en")
    qtbot.waitUntil(lambda: queue.items()[0].status == RUNNING)
    with qtbot.waitSignal(queue.running_changed) as blocker:
        queue.cancel_all()
    assert blocker.args == [False]
    assert ScriptedClient.started[0].terminated
    assert {item.status for item in queue.items()} == {CANCELED}
    assert queue.pending_count() == 0
    queue.retry_item(queue.items()[1].item_id)
    qtbot.waitUntil(lambda: queue.items()[1].status == DONE, timeout=10000)


def test_shutdown_mid_run_keeps_the_queue_and_resumes(qtbot: QtBot, tmp_path: Path) -> None:
    files = make_files(tmp_path, ["done-first.wav", "slow.wav", "later.wav"])
    queue = make_queue(tmp_path)
    queue.add_paths(files, "right", "base.en", metadata={str(files[2]): {"agent": "Dana"}})
    qtbot.waitUntil(lambda: queue.items()[1].status == RUNNING, timeout=10000)
    queue.shutdown()
    assert ScriptedClient.started[0].terminated
    saved = json.loads(queue_file_for(tmp_path / "library.db").read_text())
    assert [item["status"] for item in saved["items"]] == [DONE, QUEUED, QUEUED]

    # next start: a new queue object restores and resumes where it stopped
    again = make_queue(tmp_path)
    unfinished = again.restore()
    assert [item.name for item in unfinished] == ["slow.wav", "later.wav"]
    assert unfinished[1].agent == "Dana" and unfinished[1].agent_channel == "right"
    again.start()
    qtbot.waitUntil(lambda: again.items()[1].status == RUNNING, timeout=10000)
    assert [i.name for i in ScriptedClient.started[-1].items] == ["slow.wav", "later.wav"]
    again.shutdown()


def test_clear_finished_and_unreadable_queue_file(qtbot: QtBot, tmp_path: Path) -> None:
    files = make_files(tmp_path, ["a.wav"])
    queue = make_queue(tmp_path)
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.add_paths(files, "left", "tiny.en")
    with qtbot.waitSignal(queue.item_removed):
        queue.clear_finished()
    assert queue.items() == []
    queue.queue_file.write_text("{not json")
    assert make_queue(tmp_path).restore() == []


def test_a_waiting_queue_can_be_started_from_the_import_screen(
    qtbot: QtBot, tmp_path: Path, settings: object
) -> None:
    from app.ui.import_view import ImportView

    queue = make_queue(tmp_path)
    view = ImportView(queue, settings)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.show()
    queue.add_paths(make_files(tmp_path / "in", ["a.wav", "b.wav"]), "left", "tiny.en", start=False)
    assert view.start_button.isVisible()
    view.start_button.click()
    assert queue.is_running and not view.start_button.isVisible()
    qtbot.waitUntil(lambda: all(item.status == DONE for item in queue.items()), timeout=5000)
    assert not view.start_button.isVisible()


def test_status_bar_tells_failed_and_canceled_from_imported(
    qtbot: QtBot, tmp_path: Path, settings: object
) -> None:
    from app.ui.import_item import queue_summary
    from app.ui.main_window import MainWindow
    from app.ui.store import Store

    queue = make_queue(tmp_path)
    files = make_files(tmp_path, ["one.wav", "bad.wav", "three.wav", "four.wav"])
    queue.add_paths(files, "left", "tiny.en", start=False)
    queue.cancel_item(queue.items()[3].item_id)
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.start()
    assert queue_summary(queue.items()) == "Imported 2 of 4 · 1 failed · 1 canceled"
    store = Store(tmp_path / "library.db")
    try:
        window = MainWindow(settings, store, queue)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        assert window.job_label.text() == "Imported 2 of 4 · 1 failed · 1 canceled"
    finally:
        store.close()


def test_adding_a_folder_without_audio_says_so(
    qtbot: QtBot, tmp_path: Path, settings: object
) -> None:
    from app.ui.import_view import ImportView

    queue = make_queue(tmp_path)
    view = ImportView(queue, settings)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.show()
    make_files(tmp_path / "notes", ["readme.txt"])
    assert view.add_paths([str(tmp_path / "notes")]) == 0
    assert view.error_label.isVisible()
    assert view.error_label.text().startswith(f"No audio files in {tmp_path / 'notes'}")
    files = make_files(tmp_path / "in", ["a.wav"])
    queue.add_paths(files, "left", "tiny.en", start=False)
    assert view.add_paths([str(files[0])]) == 0
    assert view.error_label.text() == "a.wav is already waiting to be imported."


def test_a_cancelled_file_is_not_counted_as_finished(
    qtbot: QtBot, tmp_path: Path, settings: object
) -> None:
    """Found by a tester: one of 6 cancelled read "5 of 6 finished" with the bar at 83 %."""
    from app.ui.import_view import ImportView

    queue = make_queue(tmp_path)
    view = ImportView(queue, settings)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    queue.add_paths(make_files(tmp_path / "in", ["a.wav", "b.wav", "c.wav"]), "left", "tiny.en",
                    start=False)  # fmt: skip
    queue.cancel_item(queue.items()[2].item_id)
    assert queue.overall_progress() == (0.0, 0, 2)
    assert view.overall_label.text() == "0 of 2 finished, 1 canceled"
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.start()
    assert queue.overall_progress() == (1.0, 2, 2)
    # all ended: the status bar's words (issue 12), the cancelled file still not imported
    assert view.overall_label.text() == "Imported 2 of 3 · 1 canceled"
    assert view.overall_bar.value() == view.overall_bar.maximum()


def test_after_cancel_all_the_import_screen_and_the_status_bar_agree(
    qtbot: QtBot, tmp_path: Path, settings: object
) -> None:
    """Issue 12: after "Cancel all" the queue's counts and the status bar's disagreed."""
    from app.ui.import_view import ImportView
    from app.ui.main_window import MainWindow
    from tests.app.ui.stores import store_of

    queue = make_queue(tmp_path)
    files = make_files(tmp_path / "in", ["a.wav", "bad.wav", "c.wav", "d.wav", "e.wav"])
    queue.add_paths(files[:2], "left", "tiny.en", start=False)
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.start()
    queue.add_paths(files[2:], "left", "tiny.en", start=False)
    window = MainWindow(settings, store_of(tmp_path / "library.db"), queue)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    view = window.import_view
    assert isinstance(view, ImportView)
    view.on_cancel_all_clicked()
    assert window.job_label.text() == "Imported 1 of 5 · 1 failed · 3 canceled"
    assert view.overall_label.text() == window.job_label.text()

    only_canceled = make_queue(tmp_path / "other")
    only_canceled.add_paths(make_files(tmp_path / "in2", ["x.wav"]), "left", "tiny.en", start=False)
    window2 = MainWindow(settings, store_of(tmp_path / "other" / "library.db"), only_canceled)  # type: ignore[arg-type]
    qtbot.addWidget(window2)
    window2.import_view.on_cancel_all_clicked()
    assert window2.job_label.text() == "Imported 0 of 1 · 1 canceled"
    assert window2.import_view.overall_label.text() == window2.job_label.text()


def test_the_quit_prompt_count_follows_the_queue(
    qtbot: QtBot, tmp_path: Path, settings: object
) -> None:
    """Issue 12: the quit question kept the count it opened with while imports went on."""
    from app.ui.main_window import MainWindow
    from tests.app.ui.stores import store_of

    queue = make_queue(tmp_path)
    queue.add_paths(make_files(tmp_path / "in", ["a.wav", "b.wav", "c.wav"]), "left", "tiny.en",
                    start=False)  # fmt: skip
    window = MainWindow(settings, store_of(tmp_path / "library.db"), queue)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    box = window.quit_prompt(queue.pending_count())
    assert box.text() == "3 calls are still waiting to be imported."
    queue.cancel_item(queue.items()[0].item_id)
    assert box.text() == "2 calls are still waiting to be imported."
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.start()
    assert box.text() == "Every import has finished."
