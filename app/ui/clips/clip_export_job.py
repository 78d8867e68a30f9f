"""Runs a clip export (audio cutting, encoding, files) on a pool thread.

The specs are built on the GUI thread beforehand (they need the library);
the job itself touches only audio files and the target folder. Signals
arrive on the GUI thread.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.clips.clip_export import export_clips
from app.clips.clip_spec import ClipSpec

log = logging.getLogger(__name__)


class _ExportSignals(QObject):
    progressed = Signal(float, str)
    finished = Signal(object)  # ExportResult
    failed = Signal(str)


class ClipExportJob(QRunnable):
    """Export `specs` to `folder`; runs on a QThreadPool thread."""

    def __init__(self, specs: list[ClipSpec], folder: Path, fmt: str, title: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.specs = specs
        self.folder = folder
        self.fmt = fmt
        self.title = title
        self.signals = _ExportSignals()

    def run(self) -> None:  # QRunnable override
        try:
            result = export_clips(
                self.specs, self.folder, self.fmt, self.title, self.signals.progressed.emit
            )
        except Exception as exc:  # told to the user, with the log for details
            log.error("clip export failed:\n%s", traceback.format_exc())
            self.signals.failed.emit(str(exc) or exc.__class__.__name__)
            return
        self.signals.finished.emit(result)

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(self)
