"""Bundled demo calls and the first-run dialog."""

from __future__ import annotations

from datetime import date

import av
from pytestqt.qtbot import QtBot

from app.ui.onboarding import DEMO_DIR, OnboardingDialog, demo_calls


def test_four_demo_calls_two_rushed_two_good_under_3_mb() -> None:
    calls = demo_calls(today=date(2025, 3, 31))
    assert len(calls) == 4
    titles = [call.path.name for call in calls]
    assert sum("rushed" in name for name in titles) == 2
    assert sum("good" in name for name in titles) == 2
    assert len({call.agent for call in calls}) == 4
    assert len({call.call_date for call in calls}) == 4  # spread over weeks
    assert min(call.call_date for call in calls) >= "2025-03-01"
    assert max(call.call_date for call in calls) == "2025-03-31"
    total = sum(path.stat().st_size for path in DEMO_DIR.iterdir())
    assert total < 3 * 1024 * 1024


def test_demo_calls_are_two_voice_stereo_of_45_to_90_seconds() -> None:
    for call in demo_calls():
        with av.open(str(call.path)) as container:
            stream = container.streams.audio[0]
            assert stream.codec_context.channels == 2
            seconds = float(container.duration or 0) / av.time_base
        assert 45 <= seconds <= 90, (call.path.name, seconds)


def test_dialog_emits_the_choice(qtbot: QtBot) -> None:
    dialog = OnboardingDialog(4)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.demo_chosen):
        dialog.demo_button.click()
    dialog = OnboardingDialog(0)
    qtbot.addWidget(dialog)
    assert not dialog.demo_button.isEnabled()
    with qtbot.waitSignal(dialog.import_chosen):
        dialog.import_button.click()


def test_nothing_of_the_empty_library_page_peeks_out_beside_the_welcome(
    qtbot: QtBot, library_path: object, settings_path: object
) -> None:
    """Found by a tester: a stray "outer," right of the welcome panel: the end of the empty
    library's own centred line ("...on this computer,") lying under the dialog."""
    from PySide6.QtWidgets import QLabel

    from app.ui.application import Application

    app = Application(db_path=library_path, settings_path=settings_path, offer_demo=True)  # type: ignore[arg-type]
    app.window.resize(1280, 760)
    app.show()
    try:
        qtbot.waitUntil(
            lambda: app.onboarding is not None and app.onboarding.isVisible(), timeout=10_000
        )
        page = app.window.library_view.empty_page
        assert not any(label.isVisible() for label in page.findChildren(QLabel))
        assert app.onboarding is not None
        app.onboarding.reject()
        qtbot.waitUntil(lambda: any(label.isVisible() for label in page.findChildren(QLabel)))
    finally:
        app.window.close()
        app.shutdown()
