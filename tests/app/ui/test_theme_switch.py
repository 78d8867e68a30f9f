"""A theme switch recolours every built screen at once (issue 12: charts and status chips
kept their old colours until the screen was shown again)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.storage.library import Library
from app.ui.application import Application
from app.ui.main_window import PAGE_CLIPS, PAGE_LIBRARY, PAGE_REPORTS, PAGE_REVIEW
from app.ui.style.theme import DARK, LIGHT
from tests.fixtures.library import scripted_call_id


def test_switching_the_theme_recolours_charts_badges_and_chips(
    qtbot: QtBot, populated_library: Library, tmp_path: Path
) -> None:
    call_id = scripted_call_id(populated_library, "isp_line_reset_p1_p2_p6")
    populated_library.add_clip(call_id, 1.0, 6.0, "Opening", ["good"], "")
    application = Application(
        populated_library.path, tmp_path / "settings.ini", offer_demo=False, resume_imports=False
    )
    window = application.window
    try:
        with qtbot.waitSignal(window.library_view.rows_loaded, timeout=10_000):
            window.library_view.reload()
        application.settings.theme = "light"
        window.open_call(call_id)
        review = window.page_widget(PAGE_REVIEW)
        clips = window.page_widget(PAGE_CLIPS)
        window.show_page(PAGE_CLIPS)
        reports = window.page_widget(PAGE_REPORTS)
        window.show_page(PAGE_REPORTS)
        chart = next(iter(reports.charts.values())).chart()
        assert chart.backgroundBrush().color().name() == LIGHT.base
        assert LIGHT.rushed in review.header.rushed_badge.styleSheet()
        assert LIGHT.button in clips.detail.tags.text()

        window.show_page(PAGE_LIBRARY)  # the other screens are hidden while the theme changes
        application.settings.theme = "dark"

        assert chart.backgroundBrush().color().name() == DARK.base
        assert DARK.rushed in review.header.rushed_badge.styleSheet()
        assert DARK.button in clips.detail.tags.text()
    finally:
        application.job_runner.wait_for_done(10_000)
        qtbot.wait(20)
        window.close()
        application.shutdown()
