"""Typed access to the user's preferences, stored with QSettings.

Every preference the app reads goes through `Settings`; nothing else touches
QSettings keys. The file lives in the data folder (`kernel.paths`), so
CALLSCOPE_HOME moves it together with the library; tests pass their own path.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from kernel import paths
from kernel.paths import private_dir

AGENT_CHANNELS: tuple[str, ...] = ("left", "right")
THEMES: tuple[str, ...] = ("system", "light", "dark")
# Whisper checkpoints the app offers; tiny.en ships offline, the others are
# used when the user has them in the model cache.
ASR_MODELS: tuple[str, ...] = ("tiny.en", "base.en", "small.en", "medium.en")

DEFAULT_ASR_MODEL = "tiny.en"
DEFAULT_AGENT_CHANNEL = "left"
DEFAULT_FAST_FIX_SECONDS = 30.0  # TAXONOMY.md P6
DEFAULT_TALK_RATIO_WARNING = 0.65
DEFAULT_THEME = "system"


class Settings(QObject):
    """Preferences with defaults and validation; emits `changed(key)` on writes.

    Lives on the GUI thread. Values are read from QSettings on every access so
    two windows never disagree.
    """

    changed = Signal(str)

    def __init__(self, file_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file_path = Path(file_path) if file_path else self.default_path()
        make_private_file(self.file_path)  # QSettings' saves keep the file's mode: 0600
        self._qsettings = QSettings(str(self.file_path), QSettings.Format.IniFormat)

    @staticmethod
    def default_path() -> Path:
        return paths.data_dir() / "settings.ini"

    # -- generic helpers -------------------------------------------------

    def _get_str(self, key: str, default: str, allowed: tuple[str, ...] | None = None) -> str:
        value = self._qsettings.value(key, default)
        text = str(value) if value is not None else default
        if allowed is not None and text not in allowed:
            return default
        return text

    def _get_float(self, key: str, default: float, low: float, high: float) -> float:
        value = self._qsettings.value(key, default)
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default
        return number if low <= number <= high else default

    def _get_bool(self, key: str, default: bool) -> bool:
        value = self._qsettings.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        return bool(value)

    def _set(self, key: str, value: object) -> None:
        if self._qsettings.value(key) == value:
            return
        self._qsettings.setValue(key, value)
        self.sync()
        self.changed.emit(key)

    def sync(self) -> None:
        self._qsettings.sync()
        make_private_file(self.file_path)  # in case a save replaced it with a new file

    # -- preferences -----------------------------------------------------

    @property
    def asr_model(self) -> str:
        """Default Whisper model for new imports (a name or a checkpoint path)."""
        value = self._get_str("import/asr_model", DEFAULT_ASR_MODEL)
        return value.strip() or DEFAULT_ASR_MODEL

    @asr_model.setter
    def asr_model(self, value: str) -> None:
        self._set("import/asr_model", value.strip() or DEFAULT_ASR_MODEL)

    @property
    def agent_channel(self) -> str:
        """Which stereo channel carries the agent: "left" or "right"."""
        return self._get_str("import/agent_channel", DEFAULT_AGENT_CHANNEL, AGENT_CHANNELS)

    @agent_channel.setter
    def agent_channel(self, value: str) -> None:
        if value not in AGENT_CHANNELS:
            raise ValueError(f"agent channel must be one of {AGENT_CHANNELS}, not {value!r}")
        self._set("import/agent_channel", value)

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """Company, product and agent names for Whisper (issue 14), in the order typed."""
        from models.asr.vocabulary import parse_terms

        return parse_terms(self._get_str("import/vocabulary", ""))

    @vocabulary.setter
    def vocabulary(self, value: tuple[str, ...] | list[str] | str) -> None:
        from models.asr.vocabulary import clean_terms, parse_terms

        terms = parse_terms(value) if isinstance(value, str) else clean_terms(value)
        self._set("import/vocabulary", ", ".join(terms))

    @property
    def analysis_cluster(self) -> str:
        """The Dask scheduler new imports are analysed on (tcp://HOST:PORT); "" = here."""
        return self._get_str("import/cluster", "").strip()

    @analysis_cluster.setter
    def analysis_cluster(self, value: str) -> None:
        self._set("import/cluster", value.strip())

    @property
    def library_path(self) -> Any:
        """The library: a file (Path; empty means the default in the data folder) or a
        team library's postgresql:// URL (str)."""
        from kernel.library_target import as_target, default_library

        value = self._get_str("library/path", "")  # empty: $CALLSCOPE_DB, else the data folder's
        return as_target(value) if value else default_library()

    @library_path.setter
    def library_path(self, value: Path | str | None) -> None:
        from kernel.library_target import as_target, default_library

        text = str(value).strip() if value else ""
        if text and as_target(text) == default_library():
            text = ""
        self._set("library/path", text)

    @property
    def reviewer(self) -> str:
        """Your name on corrections, reviews and clips (issue 16); '' for the default
        ($CALLSCOPE_REVIEWER, else the operating-system user name)."""
        return self._get_str("review/reviewer", "").strip()

    @reviewer.setter
    def reviewer(self, value: str) -> None:
        self._set("review/reviewer", value.strip())

    @property
    def fast_fix_seconds(self) -> float:
        """P6 threshold: a fix offered sooner than this after the problem is 'fast'."""
        return self._get_float("analysis/fast_fix_seconds", DEFAULT_FAST_FIX_SECONDS, 1.0, 600.0)

    @fast_fix_seconds.setter
    def fast_fix_seconds(self, value: float) -> None:
        if not 1.0 <= value <= 600.0:
            raise ValueError("fast-fix seconds must be between 1 and 600")
        self._set("analysis/fast_fix_seconds", float(value))

    @property
    def redact_new_calls(self) -> bool:
        """Card numbers and personal data replaced by placeholders before storing (issue 15)."""
        return self._get_bool("privacy/redact", True)

    @redact_new_calls.setter
    def redact_new_calls(self, value: bool) -> None:
        self._set("privacy/redact", bool(value))

    @property
    def mute_redacted_audio(self) -> bool:
        """The player is silent over redacted words."""
        return self._get_bool("privacy/mute_audio", True)

    @mute_redacted_audio.setter
    def mute_redacted_audio(self, value: bool) -> None:
        self._set("privacy/mute_audio", bool(value))

    @property
    def talk_ratio_warning(self) -> float:
        """Agent talk ratio above which the library marks a call."""
        return self._get_float("analysis/talk_ratio_warning", DEFAULT_TALK_RATIO_WARNING, 0.05, 1.0)

    @talk_ratio_warning.setter
    def talk_ratio_warning(self, value: float) -> None:
        if not 0.05 <= value <= 1.0:
            raise ValueError("talk-ratio warning must be between 0.05 and 1.0")
        self._set("analysis/talk_ratio_warning", float(value))

    @property
    def theme(self) -> str:
        """ "system", "light" or "dark"."""
        return self._get_str("ui/theme", DEFAULT_THEME, THEMES)

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"theme must be one of {THEMES}, not {value!r}")
        self._set("ui/theme", value)

    @property
    def demo_offered(self) -> bool:
        """Whether the first-run demo offer was already shown for this data folder."""
        return self._get_bool("ui/demo_offered", False)

    @demo_offered.setter
    def demo_offered(self, value: bool) -> None:
        self._set("ui/demo_offered", bool(value))

    @property
    def window_geometry(self) -> bytes:
        value: Any = self._qsettings.value("ui/window_geometry", b"")
        return bytes(value) if value else b""

    @window_geometry.setter
    def window_geometry(self, value: bytes) -> None:
        self._qsettings.setValue("ui/window_geometry", value)

    @property
    def last_import_dir(self) -> str:
        return self._get_str("import/last_dir", str(Path.home()))

    @last_import_dir.setter
    def last_import_dir(self, value: str) -> None:
        self._set("import/last_dir", value)


def make_private_file(path: Path) -> None:
    """`path` in a 0700 folder, created (or narrowed to) 0600: settings name the library."""
    private_dir(path.parent)
    with contextlib.suppress(OSError):  # not ours, or a file system without modes
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, 0o600)
