"""Issue 15 in the app: the Privacy settings, the import worker told to redact or
not, and the player silent over redacted words unless the user turns it off."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.import_queue import ImportQueue
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from app.ui.widgets.audio_player import AudioPlayer
from tests.app.ui.fakes import ScriptedClient


def test_privacy_settings_default_on_and_persist(qtbot: QtBot, settings: Settings) -> None:
    assert settings.redact_new_calls and settings.mute_redacted_audio
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.redact_check.isChecked() and dialog.mute_check.isChecked()
    dialog.redact_check.setChecked(False)
    dialog.mute_check.setChecked(False)
    dialog.accept()
    again = Settings(settings.file_path)
    assert not again.redact_new_calls and not again.mute_redacted_audio


def test_import_queue_tells_the_worker_whether_to_redact(qtbot: QtBot, tmp_path: Path) -> None:
    made: list[ScriptedClient] = []

    def factory(db_path: Path) -> ScriptedClient:
        client = ScriptedClient(db_path)
        client.redact = True  # type: ignore[attr-defined]
        made.append(client)
        return client

    queue = ImportQueue(tmp_path / "library.db", client_factory=factory)
    queue.redact = False
    audio = tmp_path / "call.wav"
    audio.write_bytes(b"RIFF")
    queue.add_paths([audio], "left", "tiny.en")
    qtbot.waitUntil(lambda: bool(made))
    assert made[0].redact is False  # type: ignore[attr-defined]


def test_worker_options_follow_the_job(tmp_path: Path) -> None:
    from app.pipeline.worker import _options
    from app.ui.pipeline_client import PipelineClient

    assert PipelineClient(tmp_path / "library.db").redact is True
    assert _options({"redact": False}).redact is False
    assert _options({}).redact is True


def test_player_is_muted_over_redacted_words_unless_turned_off(
    qtbot: QtBot, tmp_path: Path
) -> None:
    player = AudioPlayer()
    player.set_muted_spans([(4.0, 6.5), (1.0, 2.0)])
    assert player.muted_at(1.5) and player.muted_at(6.0)
    assert not player.muted_at(3.0) and not player.muted_at(6.5)
    player.mute_redacted = False
    assert not player.muted_at(1.5)
    player.mute_redacted = True
    player.load(tmp_path / "missing.wav")
    assert player.muted_spans == []  # another call: its own spans come with it


def test_review_screen_data_shows_placeholders_and_mutes_them(tmp_path: Path) -> None:
    from app.ui.review.review_gateway import ReviewGateway
    from tests.app.redaction.leaks import leaks
    from tests.app.redaction.test_no_leak import _analyse

    library, call_id = _analyse(tmp_path, redact=True)
    gateway = ReviewGateway(library)
    data = gateway.load(call_id)
    text = " ".join(s.text for s in data.sentences)
    assert leaks(text) == [] and "[card number]" in text
    spans = gateway.muted_spans(call_id)
    card = [r for r in library.redactions(call_id) if r.kind == "card_number"]
    assert any(a <= card[0].start and card[0].end <= b for a, b in spans)
