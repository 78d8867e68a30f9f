"""Turn an unexpected exception while analysing one file into one plain reason.

The batch prints `path: reason` and goes on with the next file; the full
traceback goes to the log. Storage errors get words a user can act on.
"""

from __future__ import annotations

import errno
import sqlite3

from kernel.domain import CallscopeInputError


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


def failure_reason(exc: BaseException) -> str:
    """A short reason for `exc`, naming what the user can do where there is something."""
    if isinstance(exc, CallscopeInputError):
        return exc.reason
    if isinstance(exc, MemoryError):
        return "out of memory while analysing it (close other programs, or try it alone)"
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text:
            return "cannot store the call: the library is read-only"
        if "locked" in text or "busy" in text:
            return "cannot store the call: the library is busy (another program is writing to it)"
        if "full" in text:
            return "cannot store the call: the disk is full"
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return "cannot store the call: the library file is damaged"
        if "unable to open" in text:
            return "cannot store the call: the library file cannot be opened"
        return f"cannot store the call ({_first_line(exc)})"
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "the disk is full"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"permission denied ({exc.filename or exc.strerror})"
        return f"{exc.strerror or _first_line(exc)}"
    name = type(exc).__name__
    # Storage layers may raise their own error types carrying a finished sentence.
    if name.endswith(("LibraryError", "StorageError")):
        return _first_line(exc)
    return f"analysis failed ({name}: {_first_line(exc)})"
