"""Importing real recordings through the GUI path: queue -> PipelineClient -> worker -> library.

Slow: the worker process loads Whisper (tiny.en) and the sentence classifier.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.storage.library import Library
from app.ui.application import Application
from app.ui.import_item import DONE, QUEUED, RUNNING
from app.ui.import_queue import queue_file_for
from app.ui.library.call_table_model import COL_RUSHED, COL_STATUS, ROW_ROLE
from app.ui.onboarding import demo_calls
from scripts.callsynth import SynthesizedCall

pytestmark = pytest.mark.slow
IMPORT_TIMEOUT_MS = 420_000  # a cold worker: torch, Whisper and the classifier load first


def process_tree(pid: int) -> list[int]:
    """pid and every descendant still running (Linux /proc)."""
    found = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in children:
        found += process_tree(int(child))
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def start_app(qtbot: QtBot, library_path: Path, settings_path: Path) -> Iterator[list[Application]]:
    """Builds Applications on one library; every one is shut down at the end."""
    started: list[Application] = []
    yield started
    for application in started:
        application.window.ask_quit_with_imports = lambda _pending: True
        application.window.close()
        application.shutdown()


def open_app(qtbot: QtBot, started: list[Application], db: Path, settings: Path) -> Application:
    application = Application(db, settings, offer_demo=False, resume_imports=True)
    started.append(application)
    qtbot.addWidget(application.window)
    application.show()
    return application


def test_a_recording_imported_in_the_gui_appears_in_the_library(
    qtbot: QtBot,
    start_app: list[Application],
    library_path: Path,
    settings_path: Path,
    short_stereo_call: SynthesizedCall,
) -> None:
    application = open_app(qtbot, start_app, library_path, settings_path)
    window = application.window
    assert window.import_view.add_paths([str(short_stereo_call.path)]) == 1
    item = application.import_queue.items()[0]
    qtbot.waitUntil(lambda: item.status == DONE, timeout=IMPORT_TIMEOUT_MS)
    assert item.call_id is not None
    view = window.library_view
    qtbot.waitUntil(lambda: view.model.row_for_call(item.call_id) is not None, timeout=10_000)
    row = view.model.row_for_call(item.call_id)
    assert view.model.index(row, COL_STATUS).data() == "Done"
    assert view.model.index(row, COL_RUSHED).data() in ("Rushed", "No")
    summary = view.model.index(row, 0).data(ROW_ROLE)
    assert summary.duration_s == pytest.approx(23.0, abs=0.5)
    with Library(library_path) as store:
        analysis = store.get_analysis(item.call_id)
        assert analysis is not None
        assert any("technician" in s.text.lower() for s in analysis.sentences)
    window.open_call(item.call_id)
    review = window.page_widget(2)
    assert review.call_id == item.call_id  # type: ignore[attr-defined]
    assert review.model.rowCount() == len(analysis.sentences)  # type: ignore[attr-defined]


def test_quitting_mid_import_leaves_no_process_and_resumes_next_start(
    qtbot: QtBot,
    start_app: list[Application],
    library_path: Path,
    settings_path: Path,
    short_stereo_call: SynthesizedCall,
) -> None:
    application = open_app(qtbot, start_app, library_path, settings_path)
    queue = application.import_queue
    window = application.window
    window.import_view.add_paths([str(short_stereo_call.path)])
    item = queue.items()[0]
    # wait until the worker has registered the call and is working on it
    qtbot.waitUntil(
        lambda: item.status == RUNNING and item.stage not in ("", "reading", "decoding"),
        timeout=IMPORT_TIMEOUT_MS,
    )
    client = queue._client
    assert client is not None and client.is_alive()
    worker_pids = process_tree(client._process.pid)
    asked: list[int] = []
    window.ask_quit_with_imports = lambda pending: asked.append(pending) or True
    window.close()
    application.shutdown()
    assert asked == [1]
    assert not [pid for pid in worker_pids if is_running(pid)], "orphan worker process"
    saved = json.loads(queue_file_for(library_path).read_text())
    assert [(i["path"], i["status"]) for i in saved["items"]] == [
        (str(short_stereo_call.path.resolve()), QUEUED)
    ]
    with Library(library_path) as store:
        unfinished = store.resumable_calls()
        assert [c.source for c in unfinished] == [str(short_stereo_call.path.resolve())]
        interrupted_id = unfinished[0].id

    again = open_app(qtbot, start_app, library_path, settings_path)
    resumed = again.import_queue.items()
    assert [i.path for i in resumed] == [str(short_stereo_call.path.resolve())]
    qtbot.waitUntil(lambda: resumed[0].status == DONE, timeout=IMPORT_TIMEOUT_MS)
    assert resumed[0].call_id == interrupted_id  # the same call, finished
    with Library(library_path) as store:
        assert store.resumable_calls() == []
        assert [(c.id, c.status) for c in store.list_calls()] == [(interrupted_id, "done")]
    view = again.window.library_view
    qtbot.waitUntil(lambda: view.model.row_for_call(interrupted_id) is not None, timeout=10_000)


def test_first_start_offers_the_demo_calls_and_imports_them_through_the_worker(
    qtbot: QtBot, start_app: list[Application], library_path: Path, settings_path: Path
) -> None:
    application = Application(library_path, settings_path, offer_demo=True, resume_imports=True)
    start_app.append(application)
    qtbot.addWidget(application.window)
    application.show()
    qtbot.waitUntil(lambda: application.onboarding is not None, timeout=10_000)
    dialog = application.onboarding
    assert dialog is not None and dialog.isVisible() and dialog.demo_button.isEnabled()
    dialog.demo_button.click()
    items = application.import_queue.items()
    assert len(items) == 4
    assert application.window.current_page() == 1  # the import queue, to watch them come in
    qtbot.waitUntil(lambda: all(i.status == DONE for i in items), timeout=2 * IMPORT_TIMEOUT_MS)
    view = application.window.library_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=10_000)
    rows = [view.model.index(r, 0).data(ROW_ROLE) for r in range(4)]
    assert {Path(s.source).name for s in rows} == {c.path.name for c in demo_calls()}
    assert {s.agent for s in rows} == {"Dana Whitfield", "Marco Ruiz", "Priya Nair", "Tom Becker"}
    assert all(s.status == "done" and s.rushed is not None and s.call_date for s in rows)
    assert application.settings.demo_offered  # offered once


def test_demo_calls_show_rushed_and_not_as_their_names_say(library_path: Path) -> None:
    """The verdicts the demo promises, through the same worker function the GUI spawns."""
    from app.pipeline.worker import run_worker

    class Pipe:
        def __init__(self) -> None:
            self.sent: list[dict] = []

        def send(self, message: dict) -> None:
            self.sent.append(message)

        def close(self) -> None:
            pass

    calls = demo_calls()
    jobs = [
        {"item_id": n, "path": str(c.path), "agent_channel": c.agent_channel,
         "asr_model": "tiny.en", "metadata": c.metadata()}
        for n, c in enumerate(calls)
    ]  # fmt: skip
    pipe = Pipe()
    run_worker(pipe, jobs, str(library_path))
    assert [m["kind"] for m in pipe.sent if m["kind"] in ("done", "failed")] == ["done"] * 4
    with Library(library_path) as store:
        rushed = {Path(s.source).name: s.rushed for s in store.call_summaries()}
    assert rushed == {c.path.name: "rushed" in c.path.name for c in calls}
