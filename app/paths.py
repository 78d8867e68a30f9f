"""Every folder and default file the app uses, in one place.

platformdirs picks per-OS folders; CALLSCOPE_HOME moves all of them (tests,
portable installs), CALLSCOPE_DB overrides the library database alone.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "callscope"
REPO_ROOT = Path(__file__).resolve().parent.parent
RESOURCES_DIR = REPO_ROOT / "resources"
MODELS_DIR = REPO_ROOT / "models"


def _home() -> Path | None:
    home = os.environ.get("CALLSCOPE_HOME")
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    home = _home()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    home = _home()
    path = home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _home()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    env = os.environ.get("CALLSCOPE_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "library.db"


def whisper_cache_dir() -> Path:
    """Converted/downloaded Whisper checkpoints (shared across libraries)."""
    env = os.environ.get("CALLSCOPE_MODEL_CACHE")
    path = Path(env).expanduser() if env else cache_dir() / "whisper"
    path.mkdir(parents=True, exist_ok=True)
    return path
