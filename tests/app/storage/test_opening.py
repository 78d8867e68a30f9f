"""Opening a library never harms it: each unusable file gets one line, non-zero, no change.

Real SQLite files and real `python main.py` subprocesses. Read-only cases run
the command without CAP_DAC_OVERRIDE when the tests run as root (root writes
through file permissions otherwise).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.storage.library import Library
from app.storage.migrations import SCHEMA_VERSION
from app.storage.opening import LibraryOpenError, check_library_file
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call

REPO = Path(__file__).resolve().parents[3]
COMMANDS = (["list"], ["report"], ["export", "--format", "json"])


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file in the folder with its content hash and mode."""
    return {
        p.name: f"{hashlib.sha256(p.read_bytes()).hexdigest()} {oct(p.stat().st_mode)}"
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _as_user_prefix() -> list[str]:
    """Run as an ordinary user would: root without the right to ignore permissions."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make a file read-only to root")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]


def run_cli(
    args: list[str], home: Path, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CALLSCOPE_HOME": str(home)}
    env.pop("CALLSCOPE_DB", None)
    return subprocess.run(
        [*(prefix or []), sys.executable, str(REPO / "main.py"), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def good_library(tmp_path: Path) -> Path:
    folder = tmp_path / "libs"
    folder.mkdir()
    path = folder / "library.db"
    with Library(path) as library:
        for script in load_scripts()[:3]:
            add_scripted_call(library, script)
    return path


def _newer(path: Path, journal: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE calls (id INTEGER PRIMARY KEY)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_newer_schema_is_refused_before_the_file_is_touched(tmp_path: Path, journal: str) -> None:
    path = tmp_path / "newer.db"
    _newer(path, journal)
    before = _snapshot(tmp_path)
    for command in COMMANDS:
        result = run_cli([*command, "--db", str(path)], tmp_path / "home")
        assert_one_clear_line(result, str(path), "newer Callscope", "update Callscope")
    result = run_cli(["analyze", str(tmp_path / "none.wav"), "--db", str(path)], tmp_path / "home")
    assert_one_clear_line(result, "newer Callscope")
    assert _snapshot(tmp_path) == before  # journal mode, header, no -wal/-shm left


def test_newer_schema_in_the_file_header_is_refused_without_any_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "newer.db"
    _newer(path, "wal")

    def no_connection(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("opened an SQLite connection on a newer library")

    monkeypatch.setattr(sqlite3, "connect", no_connection)
    with pytest.raises(LibraryOpenError, match="newer Callscope"):
        check_library_file(path)


def test_text_file_and_foreign_database_are_not_libraries(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("these are my notes, not a database\n" * 50)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = _snapshot(tmp_path)
    for command in COMMANDS:
        line = assert_one_clear_line(
            run_cli([*command, "--db", str(notes)], tmp_path / "home"), str(notes)
        )
        assert "not a Callscope library (not an SQLite database)" in line
        line = assert_one_clear_line(
            run_cli([*command, "--db", str(other)], tmp_path / "home"), str(other)
        )
        assert "not a Callscope library (an SQLite database of another program)" in line
    assert _snapshot(tmp_path) == before


def test_damaged_pages_are_found_when_the_library_is_opened(good_library: Path) -> None:
    """Only the word timings' pages are damaged: `list` and `report` never read them."""
    damaged = good_library.with_name("damaged.db")
    shutil.copy(good_library, damaged)
    conn = sqlite3.connect(damaged)
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    leaves = [
        int(row[0])
        for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'words' AND pagetype = 'leaf'"
        )
    ]
    conn.close()
    assert leaves
    with open(damaged, "r+b") as handle:
        for number in leaves:
            handle.seek((number - 1) * page + 8)
            handle.write(bytes(range(256)) * 4)
    before = _snapshot(damaged.parent)
    for command in COMMANDS:
        result = run_cli([*command, "--db", str(damaged)], damaged.parent / "home")
        assert_one_clear_line(result, str(damaged), "library is damaged", "backup")
    assert _snapshot(damaged.parent) == before
    # The good copy beside it still opens and lists.
    result = run_cli(["list", "--db", str(good_library)], damaged.parent / "home")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4


def test_read_only_library_file_gets_one_line_and_stays_as_it_was(good_library: Path) -> None:
    prefix = _as_user_prefix()
    os.chmod(good_library, 0o444)
    before = _snapshot(good_library.parent)
    for command in [*COMMANDS, ["analyze", str(good_library.parent / "x.wav")]]:
        result = run_cli([*command, "--db", str(good_library)], good_library.parent / "h", prefix)
        assert_one_clear_line(result, str(good_library), "library file is read-only")
    assert _snapshot(good_library.parent) == before


def test_read_only_folder_gets_one_line_and_stays_as_it_was(good_library: Path) -> None:
    prefix = _as_user_prefix()
    folder = good_library.parent
    home = folder.parent / "home"
    os.chmod(folder, 0o555)
    try:
        before = _snapshot(folder)
        for command in COMMANDS:
            result = run_cli([*command, "--db", str(good_library)], home, prefix)
            assert_one_clear_line(result, str(good_library), f"folder {folder} is read-only")
        new = folder / "new.db"
        result = run_cli(["analyze", str(folder / "x.wav"), "--db", str(new)], home, prefix)
        assert_one_clear_line(result, str(new), "cannot create a library here", "read-only")
        assert _snapshot(folder) == before
    finally:
        os.chmod(folder, 0o755)


def test_folder_and_fifo_are_not_library_files(tmp_path: Path) -> None:
    with pytest.raises(LibraryOpenError, match="is a folder"):
        Library(tmp_path)
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    with pytest.raises(LibraryOpenError, match="not a regular file"):
        Library(fifo)  # and does not hang reading it


def test_new_library_and_its_folders_are_private(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "library.db"
    old_umask = os.umask(0o022)
    try:
        with Library(path) as library:
            add_scripted_call(library, load_scripts()[0])
            modes = {
                p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()
            }  # while open, so the -wal and -shm exist
    finally:
        os.umask(old_umask)
    assert modes == {"library.db": 0o600, "library.db-wal": 0o600, "library.db-shm": 0o600}
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_default_data_and_log_folders_are_private(isolated_home: Path) -> None:
    from kernel.paths import data_dir, default_db_path, log_dir

    old = isolated_home / "data"
    old.mkdir(parents=True, mode=0o755)
    os.chmod(old, 0o755)  # as an older Callscope left it
    assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE(log_dir().stat().st_mode) == 0o700
    with Library(default_db_path()):
        pass
    assert stat.S_IMODE(default_db_path().stat().st_mode) == 0o600


def test_a_good_library_opens_without_leaving_the_read_only_look_behind(
    good_library: Path,
) -> None:
    with Library(good_library) as library:
        assert library.count_calls() == 3
        assert library.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sorted(p.name for p in good_library.parent.iterdir()) == ["library.db"]


_OTHER_PROCESS_WRITES = """
import sys
from app.storage.library import Library
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call
with Library(sys.argv[1]) as library:
    add_scripted_call(library, load_scripts()[1])
"""


def test_opening_the_library_again_keeps_the_live_connections_locks(tmp_path: Path) -> None:
    """The app holds the library, opens it again (a gateway), and an import worker in
    another process stores a call and closes: the WAL must stay (the app still uses it)
    and the library must stay whole. A plain read of the file while a connection is
    live drops that connection's POSIX locks, and the worker then deleted -wal/-shm."""
    path = tmp_path / "library.db"
    app_library = Library(path)
    try:
        add_scripted_call(app_library, load_scripts()[0])
        Library(path).close()  # a second look from the same process
        subprocess.run(
            [sys.executable, "-c", _OTHER_PROCESS_WRITES, str(path)],
            cwd=REPO,
            check=True,
            timeout=120,
        )
        assert Path(f"{path}-wal").exists(), "the other process deleted the live WAL"
        assert len(app_library.list_calls()) == 2
        assert app_library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        app_library.close()
