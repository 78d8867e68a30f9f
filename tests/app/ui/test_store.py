"""The GUI's one way to the library: one connection, on the runner's thread, for every screen."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pytestqt.qtbot import QtBot

from app.storage.library import Library
from app.ui.store import Store, fts_syntax_error


class Recorder:
    def __init__(self, db_path: Path) -> None:
        self.thread = threading.get_ident()
        self.closed = False
        Recorder.made.append(self)

    made: ClassVar[list[Recorder]] = []

    def close(self) -> None:
        self.closed = True


class RecordingLibrary:
    """A real library that notes the thread of every method called on it."""

    made: ClassVar[list[RecordingLibrary]] = []

    def __init__(self, db_path: Path) -> None:
        self._library = Library(db_path)
        self.threads: set[int] = {threading.get_ident()}
        self.methods: set[str] = set()
        RecordingLibrary.made.append(self)

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._library, name)
        if not callable(attribute):
            return attribute

        def recorded(*args: Any, **kwargs: Any) -> Any:
            self.threads.add(threading.get_ident())
            self.methods.add(name)
            return attribute(*args, **kwargs)

        return recorded


def test_jobs_run_one_at_a_time_in_order_on_one_thread_with_one_library(
    qtbot: QtBot, tmp_path: Path
) -> None:
    Recorder.made = []
    store = Store(tmp_path / "lib.db", library_factory=Recorder)
    order: list[int] = []
    threads: set[int] = set()
    libraries: set[int] = set()

    def job(n: int):
        def run(library: Any) -> int:
            order.append(n)
            threads.add(threading.get_ident())
            libraries.add(id(library))
            time.sleep(0.005)
            return n

        return run

    with qtbot.waitSignal(store.runner.jobs_drained, timeout=10000):
        for n in range(8):
            store.submit(job(n))
    assert store.call(job(8)) == 8  # a waiting call goes the same way, after the queue
    assert order == list(range(9))
    assert len(threads) == 1 and len(libraries) == 1
    assert threads == {Recorder.made[0].thread} != {threading.get_ident()}
    assert len(Recorder.made) == 1
    store.close()
    assert Recorder.made[0].closed
    with pytest.raises(RuntimeError):
        store.call(job(9))


def test_a_gateway_runs_every_method_on_the_store_thread(qtbot: QtBot, tmp_path: Path) -> None:
    class Probe:
        def __init__(self, library: Any) -> None:
            self.library = library
            self.made_on = threading.get_ident()

        def where(self) -> tuple[int, int]:
            return self.made_on, threading.get_ident()

        def fail(self) -> None:
            raise LookupError("no such call")

    store = Store(tmp_path / "lib.db", library_factory=Recorder)
    probe = store.gateway(Probe)
    made_on, ran_on = probe.where()
    assert made_on == ran_on != threading.get_ident()
    with pytest.raises(LookupError):
        probe.fail()
    store.close()


def test_the_whole_app_reaches_the_library_on_one_thread_that_is_not_the_gui(
    qtbot: QtBot, populated_library: Library, tmp_path: Path
) -> None:
    """Library, Review (a correction), Clips and Reports: one connection, one thread."""
    from app.ui.application import Application
    from app.ui.main_window import PAGE_CLIPS, PAGE_LIBRARY, PAGE_REPORTS, PAGE_REVIEW

    RecordingLibrary.made = []
    application = Application(
        populated_library.path,
        tmp_path / "settings.ini",
        offer_demo=False,
        resume_imports=False,
        library_factory=RecordingLibrary,
    )
    window = application.window
    try:
        with qtbot.waitSignal(window.library_view.rows_loaded, timeout=10_000):
            window.library_view.reload()
        call_id = populated_library.call_summaries()[0].call_id
        window.open_call(call_id)
        review = window.page_widget(PAGE_REVIEW)
        assert review.call_id == call_id
        agent_row = next(r for r in review.model.rows() if r.sentence.speaker == "agent")
        new_label = "statement" if agent_row.label != "statement" else "closing"
        review.correct_label(agent_row.sentence.id, new_label)
        for page in (PAGE_CLIPS, PAGE_REPORTS, PAGE_LIBRARY):
            window.show_page(page)
        application.job_runner.wait_for_done(10_000)
        qtbot.wait(50)
    finally:
        window.close()
        application.shutdown()
    assert populated_library.label_corrections(call_id)  # the correction was stored
    assert len(RecordingLibrary.made) == 1  # one connection for every screen
    recorded = RecordingLibrary.made[0]
    assert {"call_summaries", "get_call", "correct_label", "list_clips"} <= recorded.methods
    assert len(recorded.threads) == 1
    assert threading.get_ident() not in recorded.threads


def test_the_full_text_parser_is_asked_without_a_library() -> None:
    assert fts_syntax_error("refund* NOT rent") is None
    assert fts_syntax_error('"card blocked') is not None
