"""The speech model: only installed models offered, a bad one refused on OK, Retry uses the new one.

Found by a tester: the list offered base.en/small.en/medium.en (all "not
available offline"), any typed name was accepted, and Retry reused the model
a file had failed with after the user had changed it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.ui.import_item import FAILED, QUEUED
from app.ui.import_queue import ImportQueue
from app.ui.import_view import ImportView
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from app.ui.speech_models import installed_speech_models, speech_model_problem
from models.asr.whisper_models import installed_ct2_models
from tests.app.ui.fakes import ScriptedClient


@pytest.fixture
def model_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A model cache holding an openai-whisper `base` checkpoint and a converted CT2 copy."""
    cache = tmp_path / "model-cache"
    cache.mkdir()
    (cache / "base.pt").write_bytes(b"weights")
    (cache / "ct2-0123456789.pt").write_bytes(b"converted from a folder given by path")
    monkeypatch.setenv("CALLSCOPE_MODEL_CACHE", str(cache))
    return cache


def test_only_installed_models_are_offered(
    qtbot: QtBot, settings: Settings, model_cache: Path
) -> None:
    expected = sorted({*installed_ct2_models(), "base"}, key=lambda n: (n != "tiny.en", n))
    assert installed_speech_models() == expected
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    offered = [dialog.model_combo.itemText(i) for i in range(dialog.model_combo.count())]
    assert offered == expected
    assert not {"base.en", "small.en", "medium.en"} & set(offered)


def test_a_model_that_is_not_installed_is_refused_on_ok(
    qtbot: QtBot, settings: Settings, model_cache: Path
) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.model_combo.setCurrentText("medium.en")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.model_error.isVisible()
    assert "“medium.en” is not installed" in dialog.model_error.text()
    assert "base" in dialog.model_error.text()
    assert Settings(settings.file_path).asr_model == "tiny.en"  # nothing written
    dialog.model_combo.setCurrentText("base")
    assert not dialog.model_error.isVisible()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Settings(settings.file_path).asr_model == "base"


def test_a_checkpoint_path_is_accepted_and_a_missing_one_refused(
    tmp_path: Path, model_cache: Path
) -> None:
    assert speech_model_problem(str(model_cache / "base.pt")) is None
    problem = speech_model_problem(str(tmp_path / "nowhere.pt"))
    assert problem is not None and "not a .pt checkpoint" in problem


def test_retry_uses_the_model_chosen_now(
    qtbot: QtBot, tmp_path: Path, settings: Settings, model_cache: Path
) -> None:
    ScriptedClient.started = []
    queue = ImportQueue(tmp_path / "library.db", client_factory=ScriptedClient)
    view = ImportView(queue, settings)
    qtbot.addWidget(view)
    view.show()
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....WAVE")
    with qtbot.waitSignal(queue.queue_finished, timeout=10000):
        queue.add_paths([bad], "left", "tiny.en")
    assert queue.items()[0].status == FAILED
    settings.asr_model = "base"  # the user picks another model in Settings
    assert view.model_combo.currentText() == "base"
    view.table.selectRow(0)
    ScriptedClient.started = []
    view.retry_button.click()
    item = queue.items()[0]
    assert item.asr_model == "base"
    assert ScriptedClient.started and ScriptedClient.started[0].items[0].asr_model == "base"
    qtbot.waitUntil(lambda: item.status not in (QUEUED,), timeout=5000)


def test_importing_with_a_model_that_is_not_installed_says_so_once(
    qtbot: QtBot, tmp_path: Path, settings: Settings, model_cache: Path
) -> None:
    queue = ImportQueue(tmp_path / "library.db", client_factory=ScriptedClient)
    view = ImportView(queue, settings)
    qtbot.addWidget(view)
    view.show()
    view.model_combo.setCurrentText("small.en")
    call = tmp_path / "a.wav"
    call.write_bytes(b"RIFF....WAVE")
    assert view.add_paths([str(call)]) == 0
    assert view.error_label.isVisible() and "“small.en” is not installed" in view.error_label.text()
    assert queue.items() == []


def test_a_model_added_in_the_model_manager_is_offered(model_cache: Path, tmp_path: Path) -> None:
    from models.asr.model_manager import add_model

    folder = tmp_path / "my model"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"\0" * 2000)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    added = add_model(folder)
    offered = installed_speech_models()
    assert added.ref in offered
    assert speech_model_problem(added.ref, offered) is None
