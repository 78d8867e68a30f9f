"""What the app writes beside the library is private too: settings, the import queue, peaks.

Issue 12: settings.ini, the import-queue JSON and the waveform peaks cache
were written 0644 in a 0755 folder; they name (and trace) every call, so
like the library they are 0600 in a 0700 folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.ui.import_queue import ImportQueue
from app.ui.settings import Settings
from app.waveform_peaks import cached_peaks
from tests.app.test_waveform_peaks import _write
from tests.app.ui.fakes import ScriptedClient

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _open_umask() -> object:
    """The usual desktop umask (022), which made these files world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_settings_file_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    settings = Settings(folder / "settings.ini")
    settings.theme = "dark"
    settings.sync()
    assert mode(folder / "settings.ini") == 0o600
    assert mode(folder) == 0o700
    assert Settings(folder / "settings.ini").theme == "dark"


def test_an_old_world_readable_settings_file_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[ui]\ntheme=dark\n")
    os.chmod(path, 0o644)
    Settings(path)
    assert mode(path) == 0o600


def test_import_queue_file_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    queue = ImportQueue(folder / "library.db", client_factory=ScriptedClient)
    audio = tmp_path / "in" / "a.wav"
    audio.parent.mkdir()
    audio.write_bytes(b"RIFF....WAVE")
    queue.add_paths([audio], "left", "tiny.en", start=False)
    assert mode(queue.queue_file) == 0o600
    assert mode(folder) == 0o700


def test_waveform_peaks_cache_is_private(tmp_path: Path) -> None:
    audio = tmp_path / "call.wav"
    _write(audio)
    cache = tmp_path / "cache" / "peaks"
    cached_peaks(audio, cache)
    files = list(cache.iterdir())
    assert len(files) == 1 and files[0].suffix == ".npy"
    assert mode(files[0]) == 0o600
    assert mode(cache) == 0o700
    assert cached_peaks(audio, cache).peaks.shape[0] == 2  # read back from the cache
