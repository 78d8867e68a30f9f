"""Play/pause, position and the call timeline in one strip (Review screen).

Owns no player: it shows an `AudioPlayer`'s state and forwards the user's
clicks; the screen decides what a seek means (select the sentence, etc.).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets.audio_player import RATES, AudioPlayer
from app.ui.widgets.timeline_widget import TimelineWidget, clock
from app.ui.widgets.wheel_guard import guard_wheel

PLAY_TEXT = "▶  Play"
PAUSE_TEXT = "❚❚  Pause"


class PlayerBar(QWidget):
    """Transport buttons over a `TimelineWidget`; lives on the GUI thread."""

    play_toggled = Signal()
    skip_requested = Signal(float)  # seconds, negative = back

    def __init__(self, player: AudioPlayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.timeline = TimelineWidget(self)
        self.play_button = QPushButton(PLAY_TEXT)
        self.play_button.setToolTip("Play or pause (Space)")
        self.play_button.setMinimumWidth(92)
        self.back_button = QPushButton("−5 s")
        self.back_button.setToolTip("Back 5 seconds (Left)")
        self.forward_button = QPushButton("+5 s")
        self.forward_button.setToolTip("Forward 5 seconds (Right)")
        for button in (self.play_button, self.back_button, self.forward_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed_combo = QComboBox()
        for rate in RATES:
            self.speed_combo.addItem(f"{rate:g}×", rate)
        self.speed_combo.setCurrentIndex(RATES.index(1.0))
        self.speed_combo.setToolTip("Playback speed")
        self.speed_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        guard_wheel(self.speed_combo)
        self.skip_silence_box = QCheckBox("Skip silence")
        self.skip_silence_box.setToolTip("Jump over pauses between sentences while playing")
        self.skip_silence_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.time_label = QLabel("0:00 / 0:00")
        self.time_label.setMinimumWidth(120)
        self.hint_label = QLabel("Click to seek · drag to select a stretch · wheel to zoom")
        self.hint_label.setProperty("muted", True)
        self.zoom_out_button = QPushButton("Whole call")
        self.zoom_out_button.setToolTip("Show the whole call on the timeline")
        self.zoom_out_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.forward_button)
        buttons.addWidget(self.time_label)
        buttons.addWidget(self.speed_combo)
        buttons.addWidget(self.skip_silence_box)
        buttons.addStretch(1)
        buttons.addWidget(self.hint_label)
        buttons.addWidget(self.zoom_out_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(buttons)
        layout.addWidget(self.timeline)

        self.play_button.clicked.connect(self.play_toggled)
        self.back_button.clicked.connect(lambda: self.skip_requested.emit(-5.0))
        self.forward_button.clicked.connect(lambda: self.skip_requested.emit(5.0))
        self.zoom_out_button.clicked.connect(self.on_zoom_out_clicked)
        self.speed_combo.currentIndexChanged.connect(self.on_speed_combo_changed)
        self.skip_silence_box.toggled.connect(player.set_skip_silence)
        player.playing_changed.connect(self.on_player_playing_changed)
        player.position_changed.connect(self.on_player_position_changed)
        player.duration_changed.connect(self.on_player_duration_changed)

    def set_audio_available(self, available: bool) -> None:
        for button in (self.play_button, self.back_button, self.forward_button):
            button.setEnabled(available)
        self.on_player_playing_changed(False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        # the hint is the first thing to go on a narrow window (1024 px): never cut text
        self.hint_label.setVisible(event.size().width() >= 1000)
        super().resizeEvent(event)

    def on_speed_combo_changed(self, _index: int) -> None:
        self.player.set_rate(float(self.speed_combo.currentData()))

    def on_zoom_out_clicked(self) -> None:
        self.timeline.zoom(1e9)

    def on_player_playing_changed(self, playing: bool) -> None:
        self.play_button.setText(PAUSE_TEXT if playing else PLAY_TEXT)

    def on_player_position_changed(self, seconds: float) -> None:
        self.timeline.set_position(seconds)
        self._show_time(seconds)

    def on_player_duration_changed(self, _seconds: float) -> None:
        self._show_time(self.player.position_s)

    def _show_time(self, seconds: float) -> None:
        total = self.timeline.duration_s or self.player.duration_s
        self.time_label.setText(f"{clock(seconds)} / {clock(total)}")
