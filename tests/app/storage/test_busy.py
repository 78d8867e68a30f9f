"""A finished call is never lost to another writer holding the library.

Another process (a real subprocess with its own connection) holds the write
lock longer than SQLite's busy timeout; storing the call waits, says so, and
succeeds. The end-to-end test holds the lock for 25 s from the moment the
call is registered, past the library's real 10 s busy timeout, while
`main.py analyze` transcribes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage.busy import LibraryBusyError
from app.storage.library import Library
from app.storage.records import DONE
from tests.fixtures.audio import SynthesizedCall
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call

REPO = Path(__file__).resolve().parents[3]

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
wait_for = sys.argv[3] if len(sys.argv) > 3 else ""
while wait_for and not conn.execute(wait_for).fetchone()[0]:
    time.sleep(0.05)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_lock(db: Path, seconds: float, when: str = "") -> subprocess.Popen[str]:
    """A second process holding the write lock for `seconds` (after `when` is true)."""
    args = [sys.executable, "-c", HOLDER, str(db), str(seconds)] + ([when] if when else [])
    return subprocess.Popen(args, stdout=subprocess.PIPE, text=True)


def test_a_write_waits_for_a_writer_holding_longer_than_the_busy_timeout(
    library_path: Path,
) -> None:
    notices: list[str] = []
    with Library(library_path) as library:
        library.conn.execute("PRAGMA busy_timeout = 200")  # stands in for the 10 s default
        library.busy.notice = notices.append
        holder = hold_lock(library_path, 2.0)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        call_id = add_scripted_call(library, load_scripts()[0])
        assert holder.wait(timeout=30) == 0
        call = library.get_call(call_id)
        assert call is not None and call.status == DONE
        assert library.get_transcript(call_id) is not None
    assert library.busy.waits >= 1
    assert notices and "another program is writing to the library" in notices[0]
    assert str(library_path) in notices[0]


def test_the_wait_is_bounded_and_nothing_half_written(library_path: Path) -> None:
    with Library(library_path) as library:
        add_scripted_call(library, load_scripts()[0])
        library.conn.execute("PRAGMA busy_timeout = 100")
        library.busy.max_wait_s = 0.5
        library.busy.notice = lambda _message: None
        holder = hold_lock(library_path, 4.0)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        try:
            with pytest.raises(LibraryBusyError, match="kept the library locked"):
                add_scripted_call(library, load_scripts()[1])
        finally:
            holder.wait(timeout=30)
        assert library.count_calls() == 1
        assert not library.conn.in_transaction


@pytest.mark.slow
def test_analyze_keeps_its_transcription_when_another_writer_holds_the_library_25_s(
    short_phone_call: SynthesizedCall, tmp_path: Path
) -> None:
    db = tmp_path / "library.db"
    with Library(db):
        pass  # created up front so the holder can watch it
    # Starts holding once analyze has registered the call (status 'processing'),
    # that is while it transcribes (~5 s), and holds well past the 10 s busy timeout.
    holder = hold_lock(db, 25.0, "SELECT count(*) FROM calls WHERE status = 'processing'")
    started = time.monotonic()
    command = [sys.executable, str(REPO / "main.py"), "analyze", str(short_phone_call.path)]
    result = subprocess.run(
        [*command, "--db", str(db), "--jobs", "1"],
        cwd=REPO,
        env={**os.environ, "CALLSCOPE_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert holder.wait(timeout=60) == 0
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    assert "another program is writing to the library; waiting to save" in output
    assert time.monotonic() - started > 25
    conn = sqlite3.connect(db)
    statuses = [r[0] for r in conn.execute("SELECT status FROM calls")]
    words = conn.execute("SELECT count(*) FROM words").fetchone()[0]
    conn.close()
    assert statuses == [DONE] and words > 20


def test_an_interactive_write_does_not_wait_past_the_busy_timeout(library_path: Path) -> None:
    """A review edit on the GUI thread gives up after busy_timeout instead of freezing."""
    with Library(library_path) as library:
        call_id = add_scripted_call(library, load_scripts()[0])
        library.conn.execute("PRAGMA busy_timeout = 100")
        library.busy.notice = lambda _message: None
        holder = hold_lock(library_path, 2.0)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                library.set_review(call_id, "reviewed", 4, "ok")
        finally:
            holder.wait(timeout=30)
        assert library.busy.waits == 0
