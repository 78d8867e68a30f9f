"""Waiting for another writer: a bounded retry around taking the library's write lock.

SQLite's busy_timeout (sqlite_connection.BUSY_TIMEOUT_MS) waits up to 10 s inside one
statement. A finished transcription must not be lost because another program
(a second Callscope, a backup tool, `sqlite3` left in a transaction) holds
the lock longer, so the write lock is asked for again with growing pauses,
saying so on standard error, until `max_wait_s` has passed in all.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_WAIT_S = 600.0  # then the write fails with a message that names the library
FIRST_PAUSE_S = 0.5
MAX_PAUSE_S = 15.0


def is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def print_notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class LibraryBusyError(sqlite3.OperationalError):
    """Another writer held the library for longer than BusyRetry waits."""


class BusyRetry:
    """Runs one lock-taking statement again while another writer holds the library."""

    def __init__(
        self,
        path: Path,
        *,
        max_wait_s: float = MAX_WAIT_S,
        notice: Callable[[str], None] = print_notice,
    ) -> None:
        self.path = path
        self.max_wait_s = max_wait_s
        self.notice = notice
        self.waits = 0  # how many times a write had to wait (tests, logs)

    def run(self, attempt: Callable[[], T]) -> T:
        started = time.monotonic()
        pause = FIRST_PAUSE_S
        while True:
            try:
                return attempt()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
                waited = time.monotonic() - started
                if waited >= self.max_wait_s:
                    raise LibraryBusyError(
                        f"{self.path}: another program kept the library locked for "
                        f"{waited:.0f} s; nothing was written (close it and run again)"
                    ) from exc
                self.waits += 1
                message = (
                    f"{self.path}: another program is writing to the library; "
                    f"waiting to save ({waited:.0f} s so far, giving up after "
                    f"{self.max_wait_s:.0f} s)"
                )
                log.warning(message)
                self.notice(message)
                time.sleep(min(pause, max(0.0, self.max_wait_s - waited)))
                pause = min(pause * 2, MAX_PAUSE_S)
