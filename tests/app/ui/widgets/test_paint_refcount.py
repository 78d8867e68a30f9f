"""Every custom painter, painted thousands of times, never drops a reference to None.

PySide6 6.12.0 on CPython 3.11 released one reference to None on nearly every
QPainter/QPainterPath call that returns nothing; a few thousand paint calls
later Python freed None ("Fatal Python error: none_dealloc"). A short pytest-qt
run never painted long enough to crash, so this test paints every custom widget,
delegate and chart screen many times and fails as soon as `sys.getrefcount(None)`
falls: on a leaking binding (or painting code that leaks) it falls by hundreds
after the first frame, long before the crash.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from pytestqt.qtbot import QtBot

from app.storage.library import Library
from app.ui.clips.clips_view import ClipsView
from app.ui.library.library_view import LibraryView
from app.ui.progress_delegate import ProgressDelegate
from app.ui.reports.reports_view import ReportsView
from app.ui.review.call_review_view import CallReviewView
from app.ui.style.theme import Theme
from app.ui.widgets.elided_label import ElidedLabel
from app.ui.widgets.empty_page import EmptyPage
from app.ui.widgets.label_chip import LabelChip
from app.ui.widgets.label_legend import LabelLegend
from app.ui.widgets.timeline_widget import TimelineMark, TimelineWidget
from app.waveform_peaks import WaveformPeaks
from tests.app.ui.review.fixtures import audio_library, review_library
from tests.app.ui.stores import store_of

__all__ = ["audio_library", "review_library"]

# A correct binding may still see None's count dip by a few when Python objects
# holding None are freed; a leaking one drops it by one per paint call, i.e.
# thousands over these loops (and crashes at ~5000).
SLACK = 32
ROLE = 0x0101  # a user role for the progress delegate


def none_refs() -> int:
    return sys.getrefcount(None)


def paint_many(widget: QWidget, times: int, between: Callable[[int], None] | None = None) -> int:
    """Render `widget` (and its children) `times` times; fail if None's count falls."""
    QApplication.processEvents()
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    widget.render(image)  # warm caches (fonts, glyphs, style) before measuring
    gc.collect()
    gc.disable()
    try:
        floor = none_refs()
        lowest = floor
        for frame in range(times):
            if between is not None:
                between(frame)
            image.fill(0)
            widget.render(image)
            lowest = min(lowest, none_refs())
            assert lowest >= floor - SLACK, (
                f"{type(widget).__name__}: sys.getrefcount(None) fell from {floor} to "
                f"{lowest} after {frame + 1} paints (the binding or a painter leaks None)"
            )
    finally:
        gc.enable()
    return lowest - floor


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    Theme.apply(qapp, request.param)
    yield request.param
    Theme.apply(qapp, "light")


def shown(qtbot: QtBot, widget: QWidget, width: int, height: int) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_timeline_quick(qtbot: QtBot) -> None:
    """The fast suite's version: a leaking binding fails it on the first frame."""
    timeline = TimelineWidget()
    shown(qtbot, timeline, 600, 104)
    timeline.set_call(60.0, [(0.0, 30.0)], [(30.0, 60.0)], [TimelineMark(5.0, "impact", 1)])
    timeline.set_peaks(WaveformPeaks(np.full((2, 6000), 0.4, dtype=np.float16), 100))
    paint_many(timeline, 200, lambda frame: timeline.set_position(frame % 60))


@pytest.mark.slow
def test_timeline_painted_thousands_of_times(qtbot: QtBot, theme: str) -> None:
    timeline = TimelineWidget()
    shown(qtbot, timeline, 800, 104)
    marks = [TimelineMark(float(t), kind, t, "tip") for t, kind in
             ((10, "question"), (30, "impact"), (50, "evidence"))]  # fmt: skip
    timeline.set_call(600.0, [(0.0, 100.0), (300.0, 400.0)], [(100.0, 300.0)], marks)
    rng = np.random.default_rng(7)
    timeline.set_peaks(WaveformPeaks(rng.random((2, 60_000)).astype(np.float16), 100))
    timeline.set_selection((20.0, 80.0))

    def vary(frame: int) -> None:  # playhead moves, zoom changes, a message comes and goes
        timeline.set_position(frame % 600)
        if frame % 100 == 50:
            timeline.zoom(0.5 if frame % 200 == 50 else 2.0, 300.0)
        timeline.set_message("Loading the waveform…" if frame % 300 < 10 else "")

    paint_many(timeline, 2000, vary)
    mono = TimelineWidget()  # one channel: the lanes are masked per speaker
    shown(qtbot, mono, 640, 104)
    mono.set_call(60.0, [(0.0, 20.0)], [(20.0, 60.0)], marks, agent_channel=None)
    mono.set_peaks(WaveformPeaks(rng.random((1, 6000)).astype(np.float16), 100))
    paint_many(mono, 1000)


@pytest.mark.slow
def test_label_chips_legend_and_empty_page(qtbot: QtBot, theme: str) -> None:
    paint_many(shown(qtbot, LabelChip("impact_question"), 160, 24), 3000)
    paint_many(shown(qtbot, LabelLegend(captions=True), 900, 80), 1000)
    paint_many(shown(qtbot, EmptyPage("No calls yet", "Import some."), 600, 300), 1000)
    elided = ElidedLabel("a long call title that does not fit " * 3)
    paint_many(shown(qtbot, elided, 120, 24), 2000)
    assert elided.elided


@pytest.mark.slow
def test_progress_delegate(qtbot: QtBot, theme: str) -> None:
    model = QStandardItemModel(20, 2)
    for row in range(20):
        item = QStandardItem(f"call {row}.wav")
        model.setItem(row, 0, item)
        progress = QStandardItem()
        progress.setData(row * 5, ROLE)
        model.setItem(row, 1, progress)
    table = QTableView()
    table.setModel(model)
    table.setItemDelegateForColumn(1, ProgressDelegate(ROLE, table))
    table.selectRow(3)
    paint_many(shown(qtbot, table, 500, 500), 400)


@pytest.mark.slow
def test_review_screen_timeline_and_transcript_delegate(
    qtbot: QtBot, audio_library: tuple[Library, int, Path]
) -> None:
    library, call_id, _path = audio_library
    view = CallReviewView(store_of(library))
    shown(qtbot, view, 1280, 760)
    assert view.show_call(call_id)
    # the waveform drawn too, and its pool thread done: objects it frees while the
    # loop measures lower None's count (the test failed now and then, on main too)
    qtbot.waitUntil(lambda: view.timeline.peaks is not None, timeout=30_000)
    view.peaks_loader.pool.waitForDone(5000)
    view.transcript.doItemsLayout()
    rows = view.transcript.model().rowCount()

    def select(frame: int) -> None:  # the selected row and playhead move
        view.transcript.setCurrentIndex(view.transcript.model().index(frame % rows, 0))

    paint_many(view, 300, select)


@pytest.mark.slow
def test_library_table_and_search_highlight_delegate(qtbot: QtBot, review_library: Library) -> None:
    view = LibraryView(store_of(review_library))
    shown(qtbot, view, 1280, 720)
    with qtbot.waitSignal(view.rows_loaded, timeout=10_000):
        view.reload()
    paint_many(view, 200)
    with qtbot.waitSignal(view.search_finished, timeout=10_000) as blocker:
        view.search("router")
    assert blocker.args[0] > 0  # the highlight delegate has hits to paint
    paint_many(view, 300)


@pytest.mark.slow
def test_clips_and_reports_screens(qtbot: QtBot, audio_library: tuple[Library, int, Path]) -> None:
    library, call_id, _path = audio_library
    library.add_clip(call_id, 9.0, 14.5, "Impact question", ["impact"], "Nice.")
    clips = ClipsView(store_of(library))
    shown(qtbot, clips, 1200, 700)
    clips.table.selectRow(0)
    paint_many(clips, 300)
    reports = ReportsView(store_of(library))
    shown(qtbot, reports, 1200, 700)
    paint_many(reports, 200)
