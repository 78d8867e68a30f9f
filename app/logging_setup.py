"""The log file: where full tracebacks go so that users only ever see one line.

`setup_logging()` sends the `app` and `models` loggers (and warnings) to
`callscope.log` in the log folder (kernel/paths.py: platformdirs, or
$CALLSCOPE_HOME/logs), readable by its owner only, rotated at 2 MB.
`crash_line()` logs an unexpected exception with its traceback and returns
the one line to show instead. Nothing here prints a traceback to a terminal.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOG_NAME = "callscope.log"
MAX_BYTES = 2_000_000
BACKUPS = 2
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

_handler: logging.Handler | None = None


def log_path() -> Path:
    from kernel.paths import log_dir

    return log_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Log to the user's log file (idempotent); None when it cannot be written."""
    global _handler
    try:
        path = log_path()
        if _handler is not None and getattr(_handler, "baseFilename", None) == str(path):
            return path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None  # a read-only home must not stop the app; errors still get their line
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    _handler = handler
    return path


def log_exception(exc: BaseException, what: str, subject: str | None = None) -> Path | None:
    """Write `exc` and its traceback to the log file; the file's path (None: no log)."""
    path = setup_logging()
    logging.getLogger("app.crash").error(
        "%s failed%s", what, f" on {subject}" if subject else "", exc_info=exc
    )
    return path


def crash_line(exc: BaseException, what: str, subject: str | None = None) -> str:
    """Log `exc` with its traceback; the one line a user sees instead."""
    path = log_exception(exc, what, subject)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    where = f" on {subject}" if subject else ""
    tail = f"; details in {path}" if path else ""
    return f"error: {what} failed{where} ({reason[:200]}){tail}"


def print_crash(exc: BaseException, what: str, subject: str | None = None) -> None:
    try:
        print(crash_line(exc, what, subject), file=sys.stderr, flush=True)
    except Exception:  # the last line of defence still prints something
        print(f"error: {what} failed ({type(exc).__name__})", file=sys.stderr)
