"""Every folder and default file the app uses, in one place.

platformdirs picks per-OS folders; CALLSCOPE_HOME moves all of them (tests,
portable installs), CALLSCOPE_DB overrides the library database alone.
The data and log folders hold recorded calls' transcripts: they are created
(and kept) readable by their owner only (0700).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

APP_NAME = "callscope"
REPO_ROOT = Path(__file__).resolve().parent.parent
RESOURCES_DIR = REPO_ROOT / "resources"
MODELS_DIR = REPO_ROOT / "models"


def _home() -> Path | None:
    home = os.environ.get("CALLSCOPE_HOME")
    return Path(home).expanduser() if home else None


PRIVATE_DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """`path` created with every missing folder 0700, and made 0700 if others can read it."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        os.chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode passes through the umask
    mode = stat.S_IMODE(path.stat().st_mode)
    owner = getattr(os, "getuid", lambda: -1)()  # POSIX permissions only
    if mode & 0o077 and path.stat().st_uid == owner:
        os.chmod(path, mode & 0o700)  # an older Callscope made it 0755
    return path


def data_dir() -> Path:
    home = _home()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return private_dir(path)


def classifier_weights_dir() -> Path:
    """The classifier retrained from this user's corrections (the shipped one stays as
    installed): the loader uses it when it holds weights."""
    return data_dir() / "classifier-weights"


def cache_dir() -> Path:
    home = _home()
    path = home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _home()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return private_dir(path)


def default_db_path() -> Path:
    """$CALLSCOPE_DB when it names a file (a postgresql:// URL is no path), else the data
    folder's library.db."""
    from kernel.library_target import is_postgres_url

    env = os.environ.get("CALLSCOPE_DB", "").strip()
    if env and not is_postgres_url(env):
        return Path(env).expanduser()
    return data_dir() / "library.db"


def whisper_cache_dir() -> Path:
    """Converted/downloaded Whisper checkpoints (shared across libraries)."""
    env = os.environ.get("CALLSCOPE_MODEL_CACHE")
    path = Path(env).expanduser() if env else cache_dir() / "whisper"
    path.mkdir(parents=True, exist_ok=True)
    return path
