"""Plays one call's audio (QMediaPlayer + QAudioOutput) in seconds, on the GUI thread.

A thin layer so the screens never deal with milliseconds, media status codes
or a missing file: `load(path)` says whether there is anything to play,
`seek(seconds)` remembers the requested position (a player without audio, or
one still loading, shows where it will start), and `stop_at` ends a clip's
playback at its end.

Without a sound output (no device, a server that does not answer) `play`
says so through `failed` instead of showing "Pause" forever: it checks for an
output before starting, and a playback whose position does not move for
`STALL_S` is stopped with a message. `set_rate` plays at 0.75x-2x;
`set_speech` + `skip_silence` jump over gaps between sentences.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

RATES = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
MIN_RATE, MAX_RATE = RATES[0], RATES[-1]
STALL_S = 3.0  # playing, yet the position has not moved for this long: no sound output
SILENCE_GAP_S = 0.8  # skip-silence jumps over gaps between sentences longer than this
SILENCE_LEAD_S = 0.15  # and lands this much before the next sentence
NO_OUTPUT = (
    "No sound output device: this computer has no speaker or headphones Callscope can "
    "play to. The transcript, timeline and clips still work."
)


def _noop() -> None:
    pass


def warm_override_cache(obj: QObject) -> None:
    """Let Qt's media threads call this object's virtuals without taking the GIL.

    The freeze (Clips -> Play -> Pause -> Reports): the FFmpeg audio-renderer
    thread deletes an internal object connected to our QAudioOutput; ~QObject
    calls the sender's virtual disconnectNotify while holding Qt's signal-slot
    lock, and shiboken's wrapper takes the GIL to look for a Python override.
    Meanwhile the GUI thread, holding the GIL, lays out the Reports charts and
    waits for that same lock in QObject::connect: a deadlock (gdb shows both
    stacks). Shiboken caches "no Python override" per object and method, and
    with the cache set it returns without the GIL; one connect/disconnect here,
    on the GUI thread, fills it for connectNotify and disconnectNotify.
    """
    obj.destroyed.connect(_noop)
    obj.destroyed.disconnect(_noop)


def has_audio_output() -> bool:
    return bool(QMediaDevices.audioOutputs())


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
        self.rate = 1.0
        self.skip_silence = False
        self._speech: list[tuple[float, float]] = []
        self._speech_starts: list[float] = []
        # replaced by tests: is there a sound output to play to?
        self.output_available: Callable[[], bool] = has_audio_output
        self._stall_timer = QTimer(self)
        self._stall_timer.setInterval(round(STALL_S * 1000))
        self._stall_timer.timeout.connect(self.on_stall_timer_timeout)
        self._last_moved_ms = -1

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
            for media_object in (self._player, self._output):
                warm_override_cache(media_object)
            self._player.setAudioOutput(self._output)
            self._player.setPlaybackRate(self.rate)
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

    def play(self) -> bool:
        """Start playing; False (and `failed` emitted) when there is nothing to play to."""
        if not self.has_audio:
            return False
        if not self.output_available():
            self._fail(NO_OUTPUT)
            return False
        player = self._ensure_player()
        start = self._skip_target(self.requested_position_s) or self.requested_position_s
        if abs(player.position() / 1000.0 - start) > 0.05:
            player.setPosition(round(start * 1000))
        self._apply_mute(start)
        self._last_moved_ms = -1
        player.play()
        self._stall_timer.start()
        return True

    def pause(self) -> None:
        self._stall_timer.stop()
        if self._player is not None and self.is_playing():
            self._player.pause()

    def stop(self) -> None:
        self._stall_timer.stop()
        if (
            self._player is not None
            and self._player.playbackState() != QMediaPlayer.PlaybackState.StoppedState
        ):
            self._player.stop()

    def _fail(self, message: str) -> None:
        self._stall_timer.stop()
        if self._player is not None and self.is_playing():
            self._player.pause()
        self.error = message
        self.playing_changed.emit(False)
        self.failed.emit(message)

    # -- speed and silence -------------------------------------------------

    def set_rate(self, rate: float) -> float:
        """Playback speed, clamped to 0.75x-2x (the pitch is kept by the backend)."""
        self.rate = max(MIN_RATE, min(MAX_RATE, float(rate)))
        if self._player is not None:
            self._player.setPlaybackRate(self.rate)
        return self.rate

    def set_speech(self, spans: list[tuple[float, float]]) -> None:
        """Where someone speaks (sentence start, end); the rest is silence to skip."""
        merged: list[tuple[float, float]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1] + SILENCE_GAP_S:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self._speech = merged
        self._speech_starts = [start for start, _end in merged]

    def set_skip_silence(self, on: bool) -> None:
        self.skip_silence = on

    def _skip_target(self, seconds: float) -> float | None:
        """Where to jump from `seconds` when it is in a silence to skip, else None."""
        if not self.skip_silence or not self._speech:
            return None
        index = bisect.bisect_right(self._speech_starts, seconds) - 1
        if index >= 0 and seconds <= self._speech[index][1]:
            return None  # inside speech
        if index + 1 >= len(self._speech):
            return None  # after the last sentence: play out the end
        target = self._speech[index + 1][0] - SILENCE_LEAD_S
        return target if target - seconds > SILENCE_GAP_S / 2 else None

    def toggle(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()  # says why through `failed` when it cannot

    def seek(self, seconds: float) -> None:
        """Move to `seconds` (clamped); playing continues from there."""
        upper = self._duration_s if self._duration_s > 0 else None
        seconds = max(0.0, seconds if upper is None else min(seconds, upper))
        self.requested_position_s = seconds
        if self._player is not None and self.has_audio:
            self._player.setPosition(round(seconds * 1000))
        self.position_changed.emit(seconds)

    def play_range(self, start_s: float, end_s: float) -> bool:
        """Play [start_s, end_s] and stop there (clip preview); False when it cannot play."""
        self.seek(start_s)
        self.stop_at_s = end_s
        return self.play()

    # -- player slots ----------------------------------------------------

    def on_player_position_changed(self, position_ms: int) -> None:
        seconds = position_ms / 1000.0
        self._apply_mute(seconds)
        if self.is_playing():
            if position_ms != self._last_moved_ms:
                self._last_moved_ms = position_ms
                self._stall_timer.start()  # it moves: sound is going out
            self.requested_position_s = seconds
            if self.stop_at_s is not None and seconds >= self.stop_at_s:
                self.stop_at_s = None
                self.pause()
            else:
                target = self._skip_target(seconds)
                if target is not None and (self.stop_at_s is None or target < self.stop_at_s):
                    self.seek(target)
                    return
        self.position_changed.emit(seconds)

    def on_stall_timer_timeout(self) -> None:
        """Playing for STALL_S without the position moving: nothing is playing the sound."""
        self._stall_timer.stop()
        if not self.is_playing():
            return
        self._fail(
            "The audio does not play: the sound output did not answer. "
            "Check the speakers or headphones; the transcript and clips still work."
        )

    def on_player_duration_changed(self, duration_ms: int) -> None:
        self._duration_s = duration_ms / 1000.0
        self.duration_changed.emit(self._duration_s)

    def on_player_state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        if not playing:
            self._stall_timer.stop()
        self.playing_changed.emit(playing)

    def on_player_error_occurred(self, _error: QMediaPlayer.Error, message: str) -> None:
        self._fail(message or "The audio could not be played.")
