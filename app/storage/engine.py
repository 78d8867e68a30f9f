"""Which engine keeps the library: a file path is SQLite, a postgresql:// URL PostgreSQL.

`open_library(target)` is the one way to open a library by what the user
named (`--db`, $CALLSCOPE_DB, Settings); the library it returns is opened for
one reviewer (`--reviewer`, Settings; else $CALLSCOPE_REVIEWER, else the
operating-system user name), who is stamped on every correction, review and
clip (app/storage/corrections.py, reviews.py, clips.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.storage.pg.url import redact
from kernel.library_target import as_target, default_reviewer, is_postgres_url

if TYPE_CHECKING:
    from app.storage.library import Library

DB_ENV = "CALLSCOPE_DB"
__all__ = ["as_target", "describe_target", "is_postgres", "library_target", "open_library"]


def library_target(target: str | Path | None = None) -> str | Path:
    """What to open: `target`, else $CALLSCOPE_DB, else library.db in the data folder."""
    if target is None or str(target).strip() == "":
        target = os.environ.get(DB_ENV, "").strip() or None
    if target is None:
        from kernel.paths import default_db_path

        return default_db_path()
    return as_target(target)


def is_postgres(target: str | Path | None) -> bool:
    return is_postgres_url(str(target)) if target is not None else False


def describe_target(target: str | Path) -> str:
    """The target as messages show it (a URL without its password)."""
    return redact(str(target)) if is_postgres(target) else str(target)


def open_library(target: str | Path | None = None, *, reviewer: str | None = None) -> Library:
    """The library `target` names, on its engine; LibraryOpenError (one line) if it cannot be."""
    from app.storage.library import Library  # looked up at each call (tests stand in a fake)

    library = Library(library_target(target))
    library.reviewer = reviewer or default_reviewer()
    return library
