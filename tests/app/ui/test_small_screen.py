"""At 1024x600 no screen cuts a line of text: labels fit, wrap, or end in "…" with a tooltip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.storage.library import Library
from app.ui.application import Application
from app.ui.main_window import PAGE_CLIPS, PAGE_IMPORT, PAGE_LIBRARY, PAGE_REPORTS, PAGE_REVIEW
from app.ui.widgets.elided_label import ElidedLabel
from tests.fixtures.library import fill_library


@pytest.fixture
def small_app(qtbot: QtBot, library_path: Path, settings_path: Path) -> Iterator[Application]:
    library = Library(library_path)
    ids = fill_library(library)
    library.add_clip(ids[0], 1.0, 6.0, "A clip with a rather long title to show", ["P1"], "")
    library.close()
    app = Application(db_path=library_path, settings_path=settings_path, offer_demo=False)
    app.window.resize(1024, 600)
    app.show()
    qtbot.waitExposed(app.window)
    yield app
    app.window.close()
    app.shutdown()


def cut_texts(root: QWidget) -> list[str]:
    cut = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget, ElidedLabel):
            continue
        label = isinstance(widget, QLabel) and not widget.wordWrap()
        if not (label or isinstance(widget, QAbstractButton)) or not widget.text():
            continue
        if widget.sizeHint().width() > widget.width() + 1:
            cut.append(f"{widget.text()[:60]!r}: {widget.sizeHint().width()} > {widget.width()}")
    return cut


def test_every_screen_fits_1024x600(qtbot: QtBot, small_app: Application) -> None:
    window = small_app.window
    with qtbot.waitSignal(window.library_view.rows_loaded, timeout=10_000):
        window.library_view.reload()
    problems: dict[int, list[str]] = {}
    for page in (PAGE_LIBRARY, PAGE_IMPORT, PAGE_REVIEW, PAGE_CLIPS, PAGE_REPORTS):
        if page == PAGE_REVIEW:
            window.open_call(small_app.library.call_summaries(None, None)[0].call_id)
        window.show_page(page)
        qtbot.wait(50)
        assert window.width() <= 1024 and window.height() <= 600
        cut = cut_texts(window.pages.currentWidget())
        if cut:
            problems[page] = cut
    assert not problems, problems
