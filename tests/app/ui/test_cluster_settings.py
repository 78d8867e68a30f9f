"""Issue 16: Settings > New imports > Analysis cluster, saved and handed to the import worker."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.import_queue import ImportQueue
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from tests.app.ui.fakes import ScriptedClient


def test_dialog_saves_and_shows_the_cluster(qtbot: QtBot, settings: Settings) -> None:
    assert settings.analysis_cluster == ""  # default: analyse on this computer
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.cluster_edit.setText("  tcp://qa-server:8786 ")
    dialog.accept()
    again = Settings(settings.file_path)
    assert again.analysis_cluster == "tcp://qa-server:8786"
    shown = SettingsDialog(again)
    qtbot.addWidget(shown)
    assert shown.cluster_edit.text() == "tcp://qa-server:8786"
    shown.cluster_edit.clear()
    shown.accept()
    assert Settings(settings.file_path).analysis_cluster == ""


class _ClusterClient(ScriptedClient):
    cluster = ""


def test_the_import_queue_hands_the_cluster_to_the_worker(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "a.wav").write_bytes(b"not audio")
    queue = ImportQueue(tmp_path / "lib.db", tmp_path / "queue.json", client_factory=_ClusterClient)
    queue.cluster = "tcp://10.0.0.5:8786"
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.add_paths([tmp_path / "a.wav"], "left", "tiny.en")
    assert ScriptedClient.started[-1].cluster == "tcp://10.0.0.5:8786"
