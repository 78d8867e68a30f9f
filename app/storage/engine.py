"""Which engine keeps the library: a file path is SQLite, a postgresql:// URL PostgreSQL.

`open_library(target)` is the one way to open a library by what the user
named (`--db`, $CALLSCOPE_DB, Settings); the library it returns is opened for
one reviewer (`--reviewer`, $CALLSCOPE_REVIEWER, Settings; else the
operating-system user name), who is stamped on every correction, review and
clip (app/storage/reviewers.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from app.storage.library import Library
from app.storage.pg.url import as_target, is_postgres_url, redact
from app.storage.reviewers import ReviewerMixin, default_reviewer

DB_ENV = "CALLSCOPE_DB"
__all__ = ["as_target", "describe_target", "is_postgres", "library_target", "open_library"]


class ReviewedLibrary(ReviewerMixin, Library):
    """A SQLite library opened for one reviewer."""

    def __init__(self, path: str | Path, reviewer: str | None = None) -> None:
        super().__init__(path)
        self.reviewer = reviewer or default_reviewer()


def library_target(target: str | Path | None = None) -> str | Path:
    """What to open: `target`, else $CALLSCOPE_DB, else library.db in the data folder."""
    if target is None or str(target).strip() == "":
        target = os.environ.get(DB_ENV, "").strip() or None
    if target is None:
        from kernel.paths import default_db_path

        return default_db_path()
    if is_postgres_url(str(target)):
        return str(target).strip()
    return Path(target).expanduser()


def is_postgres(target: str | Path | None) -> bool:
    return is_postgres_url(str(target)) if target is not None else False


def describe_target(target: str | Path) -> str:
    """The target as messages show it (a URL without its password)."""
    return redact(str(target)) if is_postgres(target) else str(target)


def open_library(target: str | Path | None = None, *, reviewer: str | None = None) -> Library:
    """The library `target` names, on its engine; LibraryOpenError (one line) if it cannot be."""
    resolved = library_target(target)
    if isinstance(resolved, str):
        from app.storage.pg.library import PgLibrary

        return PgLibrary(resolved, reviewer=reviewer)
    return ReviewedLibrary(resolved, reviewer=reviewer)
