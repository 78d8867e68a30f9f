"""Issue 14: the custom vocabulary in Settings, saved and handed to the import worker."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.import_queue import ImportQueue
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from tests.app.ui.fakes import ScriptedClient


def test_dialog_saves_and_shows_the_names(qtbot: QtBot, settings: Settings) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.vocabulary_box.terms() == ()
    dialog.vocabulary_box.edit.setPlainText("Zentrabyte\n Quillofax Pro , Siobhan\nzentrabyte")
    dialog.accept()
    again = Settings(settings.file_path)
    assert again.vocabulary == ("Zentrabyte", "Quillofax Pro", "Siobhan")
    shown = SettingsDialog(again)
    qtbot.addWidget(shown)
    assert shown.vocabulary_box.edit.toPlainText() == "Zentrabyte\nQuillofax Pro\nSiobhan"


def test_cancel_keeps_the_old_names(qtbot: QtBot, settings: Settings) -> None:
    settings.vocabulary = ["Nuvexa"]
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.vocabulary_box.edit.setPlainText("Other")
    dialog.reject()
    assert Settings(settings.file_path).vocabulary == ("Nuvexa",)


class _NamesClient(ScriptedClient):
    vocabulary: tuple[str, ...] = ()


def test_the_import_queue_hands_the_names_to_the_worker(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "a.wav").write_bytes(b"not audio")
    queue = ImportQueue(tmp_path / "lib.db", tmp_path / "queue.json", client_factory=_NamesClient)
    queue.vocabulary = ("Nuvexa", "Oisin")
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.add_paths([tmp_path / "a.wav"], "left", "tiny.en")
    assert ScriptedClient.started[-1].vocabulary == ("Nuvexa", "Oisin")
