"""AudioPlayer: speed limits, skip-silence targets, no sound output."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.ui.widgets.audio_player import MAX_RATE, MIN_RATE, NO_OUTPUT, AudioPlayer
from app.ui.widgets.player_bar import PlayerBar


def test_rate_is_kept_between_three_quarters_and_double(qtbot: QtBot) -> None:
    player = AudioPlayer()
    assert player.set_rate(0.5) == MIN_RATE == 0.75
    assert player.set_rate(3.0) == MAX_RATE == 2.0
    assert player.set_rate(1.25) == 1.25
    bar = PlayerBar(player)
    qtbot.addWidget(bar)
    bar.speed_combo.setCurrentIndex(bar.speed_combo.findData(1.5))
    assert player.rate == 1.5
    bar.skip_silence_box.setChecked(True)
    assert player.skip_silence


def test_skip_silence_jumps_over_long_gaps_only(qtbot: QtBot) -> None:
    player = AudioPlayer()
    player.set_speech([(0.0, 4.0), (4.3, 8.0), (12.0, 15.0), (30.0, 31.0)])
    assert player._skip_target(9.0) is None  # off by default
    player.set_skip_silence(True)
    assert player._skip_target(2.0) is None  # speaking
    assert player._skip_target(4.1) is None  # a 0.3 s gap is merged into speech
    assert player._skip_target(8.5) == 12.0 - 0.15  # a 4 s pause: jump
    assert player._skip_target(16.0) == 30.0 - 0.15
    assert player._skip_target(31.5) is None  # after the last sentence: play out
    assert player._skip_target(11.95) is None  # already at the next sentence


def test_no_sound_output_fails_with_a_message(qtbot: QtBot, tmp_path) -> None:
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF")
    player = AudioPlayer()
    player.output_available = lambda: False
    assert player.load(audio)
    states: list[bool] = []
    player.playing_changed.connect(states.append)
    with qtbot.waitSignal(player.failed) as blocker:
        assert not player.play()
    assert blocker.args == [NO_OUTPUT]
    assert states == [False] and not player.is_playing()
