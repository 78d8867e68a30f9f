"""Which process is analysing which recording: a lease per call, held for the process's life.

Two `analyze` runs (or the app and a run) on one library must not transcribe
the same recording twice, and a run must not "resume" a call another live
run is working on. A lease is an exclusive advisory lock (flock) on a small
file named after the recording's content hash, in a folder beside the
library. The operating system drops the lock when its holder dies (kill -9,
out of memory, power cut), so a call held by a dead run is free to resume;
no heartbeat to go stale, no clock to trust. The file records who holds it
(pid, host, since) for the message the other run prints.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any


def lease_folder(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.name}.leases"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[Any]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[Any]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[Any]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[Any]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _lock_soon(handle: IO[Any]) -> bool:
    """Lock, allowing for another run's `holder()` probe, which holds it for an instant."""
    for pause in (0.0, 0.02, 0.05, 0.1):
        time.sleep(pause)
        if _try_lock(handle):
            return True
    return False


class Lease:
    """This process's claim on one recording; `release()` (or process death) ends it."""

    def __init__(self, path: Path, handle: IO[Any]) -> None:
        self.path = path
        self._handle: IO[Any] | None = handle

    def release(self) -> None:
        """Drop the claim and remove the lock file (a run that opened it just
        before sees a stale inode and retries: see CallLeases.acquire)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            self.path.unlink(missing_ok=True)
            _unlock(handle)
        finally:
            handle.close()

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class CallLeases:
    """The leases of one library, keyed by a recording's content hash."""

    def __init__(self, db_path: Path) -> None:
        self.folder = lease_folder(Path(db_path))

    def _file(self, sha256: str) -> Path:
        return self.folder / f"{sha256}.lock"

    def acquire(self, sha256: str) -> Lease | None:
        """The lease, or None while another live process holds it."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self._file(sha256)
        for _attempt in range(5):
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            handle = os.fdopen(descriptor, "r+", encoding="utf-8")
            if not _lock_soon(handle):
                handle.close()
                return None
            try:
                same = os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if not same:  # the holder finished and removed it between our open and lock
                _unlock(handle)
                handle.close()
                continue
            holder = {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "since": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(holder))
            handle.flush()
            return Lease(path, handle)
        return None

    def holder(self, sha256: str) -> str | None:
        """'pid N on HOST since T' when a live process holds the lease, else None."""
        path = self._file(sha256)
        try:  # read-only: works in a library folder this user cannot write to
            with open(path, encoding="utf-8") as handle:
                if _try_lock(handle):
                    _unlock(handle)
                    return None
                text = handle.read()
        except FileNotFoundError:
            return None
        except OSError:
            return "another process"
        try:
            info = json.loads(text or "{}")
        except ValueError:
            return "another process"
        return (
            f"pid {info.get('pid', '?')} on {info.get('host', '?')} since {info.get('since', '?')}"
        )
