"""Call leases for a library on PostgreSQL: one advisory lock per recording.

The same promise as app/pipeline/lease.py (two runs never transcribe one
recording at once, and a run does not resume a call another live run is
working on), kept by the server instead of lock files: `acquire` takes
`pg_try_advisory_lock(key)` on this process's own lease connection, the key
being the first 64 bits of the recording's sha256. A session-level advisory
lock is dropped by the server when its connection ends, so a run that dies
(kill -9, power cut, network gone) frees its calls; no heartbeat, no clock.
`holder` names the process from pg_stat_activity (its application_name says
"pid N on HOST").

`leases_for(library)` returns the right kind for a library on either engine.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from app.pipeline.lease import CallLeases


def lock_key(sha256: str) -> int:
    """The recording's advisory-lock key: its hash's first 64 bits, as a signed bigint."""
    return int.from_bytes(bytes.fromhex(sha256[:16]), "big", signed=True)


_HOLDER = (
    "SELECT l.pid, a.application_name, a.backend_start FROM pg_locks l "
    "LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND l.classid::bigint = ? AND l.objid::bigint = ?"
)


class PgLease:
    """This process's claim on one recording; `release()` (or the connection's end) drops it."""

    def __init__(self, leases: PgCallLeases, key: int) -> None:
        self._leases: PgCallLeases | None = leases
        self.key = key
        self.path = f"advisory lock {key}"

    def release(self) -> None:
        leases, self._leases = self._leases, None
        if leases is not None:
            leases._release(self.key)

    def __enter__(self) -> PgLease:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class PgCallLeases:
    """The leases of one PostgreSQL library, on one connection of their own."""

    def __init__(self, url: str) -> None:
        from app.storage.postgres_connection import connect  # psycopg only for a team library

        self.url = url
        self._conn = connect(url, role="leases")
        self._lock = threading.Lock()
        self._held: set[int] = set()

    def acquire(self, sha256: str) -> PgLease | None:
        """The lease, or None while another live process (or this one) holds it."""
        key = lock_key(sha256)
        with self._lock:
            if key in self._held:  # one session may take a lock twice: refuse it here
                return None
            row = self._conn.execute("SELECT pg_try_advisory_lock(?)", (key,)).fetchone()
            if not (row and row[0]):
                return None
            self._held.add(key)
        return PgLease(self, key)

    def _release(self, key: int) -> None:
        with self._lock:
            if key in self._held:
                self._held.discard(key)
                if not self._conn.raw.closed:
                    self._conn.execute("SELECT pg_advisory_unlock(?)", (key,))

    def holder(self, sha256: str) -> str | None:
        """'pid N on HOST since T' while a live process holds the lease, else None."""
        key = lock_key(sha256)
        unsigned = key & 0xFFFFFFFFFFFFFFFF
        with self._lock:
            if key in self._held:
                return "this process"
            row = self._conn.execute(_HOLDER, (unsigned >> 32, unsigned & 0xFFFFFFFF)).fetchone()
        if row is None:
            return None
        name = str(row["application_name"] or "")
        since = row["backend_start"]
        who = name.split(" ", 2)[2] if name.startswith("callscope ") else ""
        who = who or f"server process {row['pid']}"
        return f"{who} since {since.isoformat(timespec='seconds')}" if since else who

    def close(self) -> None:
        with self._lock:
            self._held.clear()
            self._conn.close()


def leases_for(library: Any) -> CallLeases | PgCallLeases:
    """Lock files beside a SQLite library; advisory locks for a PostgreSQL one."""
    url = getattr(library, "url", None)
    if url:
        return PgCallLeases(str(url))
    return CallLeases(Path(library.path))
