"""Settings > Speech models (issue 14): installed models with size and speed, the
default, adding a CTranslate2 folder, a bad folder refused with its reason."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.model_manager_dialog import COLUMNS, ModelManagerDialog
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog


def _cell(dialog: ModelManagerDialog, row: int, column: str) -> str:
    item = dialog.table.item(row, COLUMNS.index(column))
    assert item is not None
    return item.text()


def _row(dialog: ModelManagerDialog, name: str) -> int:
    names = [_cell(dialog, r, "Model").split(" (")[0] for r in range(dialog.table.rowCount())]
    return names.index(name)


def _ct2_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (folder / name).write_bytes(b"{}" * 1000)
    return folder


def test_lists_installed_models_and_says_the_language_is_english(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    dialog = ModelManagerDialog(settings, cache=tmp_path)
    qtbot.addWidget(dialog)
    row = _row(dialog, "tiny.en")
    assert _cell(dialog, row, "Model") == "tiny.en (default)"
    assert _cell(dialog, row, "Size on disk") == "78 MB"
    assert _cell(dialog, row, "Speed").startswith("1x")
    assert _cell(dialog, row, "Language") == "English only"
    assert "English" in dialog.language_label.text()


def test_adding_a_folder_and_making_it_the_default(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    dialog = ModelManagerDialog(settings, cache=tmp_path / "cache")
    qtbot.addWidget(dialog)
    added = dialog.add_from(_ct2_folder(tmp_path / "whisper-custom"))
    assert added is not None
    row = _row(dialog, "whisper-custom")
    assert _cell(dialog, row, "From") == "added"
    assert _cell(dialog, row, "Language") == "multilingual, run as English"
    with qtbot.waitSignal(dialog.default_changed) as signal:
        dialog.make_selected_default()  # add_from selected the new row
    assert signal.args == [added.ref]
    assert Settings(settings.file_path).asr_model == added.ref
    assert _cell(dialog, _row(dialog, "whisper-custom"), "Model").endswith("(default)")


def test_a_folder_that_is_no_model_is_refused_with_its_reason(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    dialog = ModelManagerDialog(settings, cache=tmp_path / "cache")
    qtbot.addWidget(dialog)
    before = dialog.table.rowCount()
    empty = tmp_path / "holiday photos"
    empty.mkdir()
    assert dialog.add_from(empty) is None
    assert str(empty) in dialog.status_label.text()
    assert "model.bin" in dialog.status_label.text()
    assert dialog.table.rowCount() == before


def test_settings_opens_the_manager_and_follows_its_default(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("CALLSCOPE_MODEL_CACHE", str(tmp_path / "cache"))
    settings.asr_model = "base.en"
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.vocabulary_box.models_button.click()
    manager = dialog.vocabulary_box.manager
    assert manager.isVisible()
    assert dialog.model_combo.currentText() == "base.en"
    manager.table.selectRow(_row(manager, "tiny.en"))
    manager.make_selected_default()
    assert dialog.model_combo.currentText() == "tiny.en"
    dialog.accept()
    assert Settings(settings.file_path).asr_model == "tiny.en"
