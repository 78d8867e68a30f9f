"""The timeline: click seeks, drag selects, marks jump, wheel zooms, both palettes paint."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.ui.widgets.timeline_widget import TimelineMark, TimelineWidget, clock
from app.waveform_peaks import WaveformPeaks


@pytest.fixture
def timeline(qtbot: QtBot) -> TimelineWidget:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 104)
    widget.set_call(
        60.0,
        [(0.0, 10.0), (30.0, 40.0)],
        [(12.0, 28.0)],
        [TimelineMark(30.0, "evidence", 7, "P1 fix before impact")],
    )
    widget.set_peaks(WaveformPeaks(np.full((2, 3000), 0.3, dtype=np.float16), 50))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_click_seeks_and_drag_selects(qtbot: QtBot, timeline: TimelineWidget) -> None:
    with qtbot.waitSignal(timeline.seek_requested) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(150, 60))
    assert blocker.args[0] == pytest.approx(15.0, abs=0.2)
    with qtbot.waitSignal(timeline.range_selected) as blocker:
        qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(100, 60))
        qtbot.mouseMove(timeline, QPoint(200, 60))
        qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(200, 60))
    start, end = blocker.args
    assert (start, end) == (pytest.approx(10.0, abs=0.2), pytest.approx(20.0, abs=0.2))


def test_mark_click_and_zoom(qtbot: QtBot, timeline: TimelineWidget) -> None:
    with qtbot.waitSignal(timeline.mark_clicked) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(300, 6))
    assert blocker.args == [7]
    timeline.zoom(0.25, 30.0)
    assert timeline.view_end_s - timeline.view_start_s == pytest.approx(15.0)
    assert timeline.view_start_s <= 30.0 <= timeline.view_end_s
    timeline.set_position(55.0)  # playback leaves the window: it follows
    assert timeline.view_start_s <= 55.0 <= timeline.view_end_s
    timeline.zoom(1e9)
    assert (timeline.view_start_s, timeline.view_end_s) == (0.0, 60.0)


def test_paints_without_audio_and_in_both_themes(qtbot: QtBot, timeline: TimelineWidget) -> None:
    timeline.set_peaks(None)
    timeline.set_message("No audio")
    assert not timeline.grab().isNull()
    assert clock(3725) == "1:02:05"
    assert clock(65.9) == "1:06"  # nearest second, like the pattern texts (test_time_format)
