"""What names a library, and who is reviewing: shared by the CLI, the app and storage.

A library is a SQLite file (a Path) or a team library's PostgreSQL URL
(`postgresql://user@host/dbname`, kept as a string: a Path would fold its
`//`). The reviewer is the name stamped on corrections, reviews and clips
(issue 16): Settings or `--reviewer`, else $CALLSCOPE_REVIEWER, else the
operating-system user name.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
REVIEWER_ENV = "CALLSCOPE_REVIEWER"


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.strip().lower().startswith(POSTGRES_SCHEMES)


def as_target(value: str | Path) -> str | Path:
    """A library named in Settings or on a command line: a URL stays a string, a file a Path."""
    text = str(value).strip()
    return text if is_postgres_url(text) else Path(text).expanduser()


def default_library() -> str | Path:
    """The library when none is named: $CALLSCOPE_DB (a file, or a team library's URL),
    else library.db in the data folder."""
    from kernel.paths import default_db_path

    env = os.environ.get("CALLSCOPE_DB", "").strip()
    return env if is_postgres_url(env) else default_db_path()


def default_reviewer() -> str:
    """$CALLSCOPE_REVIEWER, else the operating-system user name."""
    name = os.environ.get(REVIEWER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name known (containers without a passwd entry)
        return "unknown"
