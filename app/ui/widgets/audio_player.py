"""Plays one call's audio (QMediaPlayer + QAudioOutput) in seconds, on the GUI thread.

A thin layer so the screens never deal with milliseconds, media status codes
or a missing file: `load(path)` says whether there is anything to play,
`seek(seconds)` remembers the requested position (a player without audio, or
one still loading, shows where it will start), and `stop_at` ends a clip's
playback at its end.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer


class AudioPlayer(QObject):
    """One media player; positions in seconds. Lives on the GUI thread."""

    position_changed = Signal(float)  # seconds
    duration_changed = Signal(float)  # seconds
    playing_changed = Signal(bool)
    failed = Signal(str)  # a message for the user

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        self.path: Path | None = None
        self.requested_position_s = 0.0
        self.stop_at_s: float | None = None
        self._duration_s = 0.0
        self.error = ""
        # Issue 15: call times of redacted words (padded); silent while inside one.
        self.muted_spans: list[tuple[float, float]] = []
        self.mute_redacted = True

    def set_muted_spans(self, spans: list[tuple[float, float]]) -> None:
        self.muted_spans = sorted(spans)
        self._apply_mute(self.requested_position_s)

    def muted_at(self, seconds: float) -> bool:
        """Whether playback at `seconds` is silenced (a redacted word, muting on)."""
        return self.mute_redacted and any(a <= seconds < b for a, b in self.muted_spans)

    def _apply_mute(self, seconds: float) -> None:
        if self._output is not None:
            muted = self.muted_at(seconds)
            if self._output.isMuted() != muted:
                self._output.setMuted(muted)

    # -- lazily built: creating QMediaPlayer costs ~50 ms and not every view plays

    def _ensure_player(self) -> QMediaPlayer:
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self._player.setAudioOutput(self._output)
            self._player.positionChanged.connect(self.on_player_position_changed)
            self._player.durationChanged.connect(self.on_player_duration_changed)
            self._player.playbackStateChanged.connect(self.on_player_state_changed)
            self._player.errorOccurred.connect(self.on_player_error_occurred)
        return self._player

    @property
    def media_player(self) -> QMediaPlayer | None:
        return self._player

    def load(self, path: Path | str | None) -> bool:
        """Open a file for playback; False (and `error` set) when it is missing."""
        self.stop()
        self.requested_position_s = 0.0
        self.stop_at_s = None
        self._duration_s = 0.0
        self.error = ""
        self.muted_spans = []
        self.path = Path(path) if path else None
        if self.path is None or not self.path.is_file():
            self.error = (
                f"The audio file is not on this computer any more: {self.path}"
                if self.path
                else "This call has no audio file."
            )
            if self._player is not None:
                self._player.setSource(QUrl())
            self.path = None
            return False
        self._ensure_player().setSource(QUrl.fromLocalFile(str(self.path.resolve())))
        return True

    def unload(self) -> None:
        self.stop()
        if self._player is not None:
            self._player.setSource(QUrl())
        self.path = None

    @property
    def has_audio(self) -> bool:
        return self.path is not None

    @property
    def duration_s(self) -> float:
        return self._duration_s

    @property
    def position_s(self) -> float:
        """Where playback is (or will start)."""
        if self._player is not None and self.has_audio and self.is_playing():
            return self._player.position() / 1000.0
        return self.requested_position_s

    def is_playing(self) -> bool:
        return (
            self._player is not None
            and self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        )

    def play(self) -> None:
        if not self.has_audio:
            return
        player = self._ensure_player()
        if abs(player.position() / 1000.0 - self.requested_position_s) > 0.05:
            player.setPosition(round(self.requested_position_s * 1000))
        self._apply_mute(self.requested_position_s)
        player.play()

    def pause(self) -> None:
        if self._player is not None:
            self._player.pause()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def toggle(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def seek(self, seconds: float) -> None:
        """Move to `seconds` (clamped); playing continues from there."""
        upper = self._duration_s if self._duration_s > 0 else None
        seconds = max(0.0, seconds if upper is None else min(seconds, upper))
        self.requested_position_s = seconds
        if self._player is not None and self.has_audio:
            self._player.setPosition(round(seconds * 1000))
        self.position_changed.emit(seconds)

    def play_range(self, start_s: float, end_s: float) -> None:
        """Play [start_s, end_s] and stop there (clip preview)."""
        self.seek(start_s)
        self.stop_at_s = end_s
        self.play()

    # -- player slots ----------------------------------------------------

    def on_player_position_changed(self, position_ms: int) -> None:
        seconds = position_ms / 1000.0
        self._apply_mute(seconds)
        if self.is_playing():
            self.requested_position_s = seconds
            if self.stop_at_s is not None and seconds >= self.stop_at_s:
                self.stop_at_s = None
                self.pause()
        self.position_changed.emit(seconds)

    def on_player_duration_changed(self, duration_ms: int) -> None:
        self._duration_s = duration_ms / 1000.0
        self.duration_changed.emit(self._duration_s)

    def on_player_state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        self.playing_changed.emit(state == QMediaPlayer.PlaybackState.PlayingState)

    def on_player_error_occurred(self, _error: QMediaPlayer.Error, message: str) -> None:
        self.error = message or "The audio could not be played."
        self.failed.emit(self.error)
