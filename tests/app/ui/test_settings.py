"""Settings wrapper and dialog: defaults, validation, persistence in a temp file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from kernel import paths


def test_defaults(settings: Settings) -> None:
    assert settings.asr_model == "tiny.en"
    assert settings.agent_channel == "left"
    assert settings.fast_fix_seconds == 30.0
    assert 0 < settings.talk_ratio_warning < 1
    assert settings.theme == "system"
    assert settings.library_path == paths.default_db_path()
    assert not settings.demo_offered


def test_values_persist_across_instances(settings_path: Path, tmp_path: Path) -> None:
    first = Settings(settings_path)
    first.asr_model = "base.en"
    first.agent_channel = "right"
    first.fast_fix_seconds = 45
    first.talk_ratio_warning = 0.7
    first.theme = "dark"
    first.library_path = tmp_path / "other.db"
    again = Settings(settings_path)
    assert again.asr_model == "base.en"
    assert again.agent_channel == "right"
    assert again.fast_fix_seconds == 45.0
    assert again.talk_ratio_warning == pytest.approx(0.7)
    assert again.theme == "dark"
    assert again.library_path == tmp_path / "other.db"
    assert settings_path.exists()


def test_invalid_values_are_refused_or_ignored(settings: Settings, settings_path: Path) -> None:
    with pytest.raises(ValueError):
        settings.agent_channel = "middle"
    with pytest.raises(ValueError):
        settings.fast_fix_seconds = 0
    settings._qsettings.setValue("analysis/fast_fix_seconds", "soon")
    settings._qsettings.setValue("ui/theme", "purple")
    assert settings.fast_fix_seconds == 30.0
    assert settings.theme == "system"


def test_changed_is_emitted_once_per_real_change(qtbot: QtBot, settings: Settings) -> None:
    with qtbot.waitSignal(settings.changed) as blocker:
        settings.theme = "dark"
    assert blocker.args == ["ui/theme"]
    with qtbot.assertNotEmitted(settings.changed):
        settings.theme = "dark"


def test_dialog_shows_and_saves_values(qtbot: QtBot, settings: Settings, tmp_path: Path) -> None:
    settings.agent_channel = "right"
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.channel_combo.currentData() == "right"
    assert dialog.fast_fix_spin.value() == 30
    dialog.model_combo.setCurrentText("tiny.en")
    dialog.fast_fix_spin.setValue(20)
    dialog.talk_ratio_spin.setValue(70)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
    dialog.library_edit.setText(str(tmp_path / "lib.db"))
    dialog.accept()
    again = Settings(settings.file_path)
    assert again.asr_model == "tiny.en"
    assert again.fast_fix_seconds == 20
    assert again.talk_ratio_warning == pytest.approx(0.70)
    assert again.theme == "light"
    assert again.library_path == tmp_path / "lib.db"


def test_dialog_cancel_writes_nothing(qtbot: QtBot, settings: Settings) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.fast_fix_spin.setValue(99)
    dialog.reject()
    assert Settings(settings.file_path).fast_fix_seconds == 30.0
