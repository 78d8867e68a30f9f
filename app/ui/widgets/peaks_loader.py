"""Computes a call's waveform peaks on a pool thread; the newest request wins.

Decoding an hour of audio takes seconds, so the Review screen shows the
transcript at once and draws the waveform when `peaks_loaded` arrives.
Uses Qt's global thread pool (not the database job runner: this touches no
database and must not queue behind imports). Results for a call that is no
longer shown are dropped.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.waveform_peaks import PeaksCanceled, WaveformPeaks, cached_peaks
from kernel import paths
from kernel.domain import CallscopeInputError

log = logging.getLogger(__name__)


class _PeaksSignals(QObject):
    done = Signal(int, object)  # generation, WaveformPeaks | None
    failed = Signal(int, str)


class _PeaksTask(QRunnable):
    """Runs on a pool thread."""

    def __init__(self, generation: int, path: Path, cache: Path | None, cancel: threading.Event):
        super().__init__()
        self.generation = generation
        self.path = path
        self.cache = cache
        self.cancel = cancel
        self.signals = _PeaksSignals()

    def run(self) -> None:  # QRunnable override
        try:
            peaks = cached_peaks(self.path, self.cache, is_canceled=self.cancel.is_set)
        except PeaksCanceled:
            self.signals.done.emit(self.generation, None)  # lets the loader forget it
            return
        except (CallscopeInputError, OSError, ValueError) as exc:
            self.signals.failed.emit(self.generation, str(exc))
            return
        except Exception as exc:  # a waveform must never take the screen down
            log.exception("waveform peaks failed for %s", self.path)
            self.signals.failed.emit(self.generation, str(exc))
            return
        self.signals.done.emit(self.generation, peaks)


class PeaksLoader(QObject):
    """Asks for peaks; emits `peaks_loaded` (GUI thread) for the latest request only."""

    peaks_loaded = Signal(object)  # WaveformPeaks
    peaks_failed = Signal(str)

    def __init__(self, parent: QObject | None = None, cache_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.cache_dir = cache_dir if cache_dir is not None else paths.cache_dir() / "peaks"
        self._generation = 0
        self._cancel = threading.Event()
        self._tasks: list[_PeaksTask] = []
        self.pool = QThreadPool.globalInstance()

    def request(self, path: Path | str) -> None:
        self.cancel()
        self._generation += 1
        self._cancel = threading.Event()
        task = _PeaksTask(self._generation, Path(path), self.cache_dir, self._cancel)
        task.setAutoDelete(False)
        task.signals.done.connect(self.on_task_done)
        task.signals.failed.connect(self.on_task_failed)
        self._tasks.append(task)
        self.pool.start(task)

    def cancel(self) -> None:
        """Drop the pending request (its result is ignored)."""
        self._cancel.set()
        self._generation += 1

    def on_task_done(self, generation: int, peaks: WaveformPeaks | None) -> None:
        self._forget(generation)
        if generation == self._generation and peaks is not None:
            self.peaks_loaded.emit(peaks)

    def on_task_failed(self, generation: int, message: str) -> None:
        self._forget(generation)
        if generation == self._generation:
            self.peaks_failed.emit(message)

    def _forget(self, generation: int) -> None:
        self._tasks = [t for t in self._tasks if t.generation != generation]
