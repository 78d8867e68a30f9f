"""Call leases on PostgreSQL: advisory locks held by the writer's connection (real server)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from app.pipeline.pg_lease import PgCallLeases, leases_for, lock_key
from app.storage.engine import open_library

SHA = "ab" * 32
OTHER = "cd" * 32


def test_a_lease_excludes_other_connections_until_released(pg_url: str) -> None:
    first, second = PgCallLeases(pg_url), PgCallLeases(pg_url)
    try:
        lease = first.acquire(SHA)
        assert lease is not None
        assert first.acquire(SHA) is None  # not twice, even in the same process
        assert second.acquire(SHA) is None
        holder = second.holder(SHA)
        assert holder is not None and f"pid {os.getpid()}" in holder and " since " in holder
        other = second.acquire(OTHER)
        assert other is not None  # another recording is free
        lease.release()
        assert second.holder(SHA) is None
        taken = second.acquire(SHA)
        assert taken is not None
        taken.release()
        other.release()
    finally:
        first.close()
        second.close()


def test_a_lease_dies_with_its_process(pg_url: str) -> None:
    script = (
        "import sys, time\n"
        "from app.pipeline.pg_lease import PgCallLeases\n"
        f"lease = PgCallLeases({pg_url!r}).acquire({SHA!r})\n"
        "print('held' if lease else 'refused', flush=True)\n"
        "time.sleep(600)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    leases = PgCallLeases(pg_url)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        assert leases.acquire(SHA) is None
        assert f"pid {child.pid}" in (leases.holder(SHA) or "")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        deadline = time.monotonic() + 30  # the server notices the closed socket
        while leases.holder(SHA) is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        lease = leases.acquire(SHA)
        assert lease is not None
        lease.release()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        leases.close()


def test_leases_for_picks_the_engine(pg_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open_library(pg_url) as team:
        leases = leases_for(team)
        assert isinstance(leases, PgCallLeases)
        leases.close()
    with open_library(tmp_path / "mine.db") as mine:
        assert type(leases_for(mine)).__name__ == "CallLeases"
    assert lock_key("ff" * 32) == -1 and lock_key("00" * 32) == 0
