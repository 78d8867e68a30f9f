"""The main window's own parts: Help > About, the quit prompt, the import line in the status bar."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow, about_text
from app.ui.settings import Settings
from tests.app.ui.stores import store_of


def test_about_names_the_version(qtbot: QtBot, monkeypatch, tmp_path: Path) -> None:
    assert version("callscope") in about_text()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    from app.ui.import_queue import ImportQueue
    from tests.app.ui.fakes import ScriptedClient

    queue = ImportQueue(tmp_path / "library.db", client_factory=ScriptedClient)
    window = MainWindow(
        Settings(tmp_path / "settings.ini"), store_of(tmp_path / "library.db"), queue
    )
    qtbot.addWidget(window)
    window.on_about_triggered()
    assert shown and version("callscope") in shown[0]
