"""Look at a library file before writing to it; refuse anything opening could harm.

`check_library_file(path)` runs before the read-write connection exists: it
reads the 100-byte SQLite header itself (magic, schema version), then a
read-only connection for the table names and a time-bounded `PRAGMA
quick_check`, then whether the file and its folder are writable. Any refusal
is a `LibraryOpenError` with one line naming the file and the reason, and the
file is left as it was (the journal mode is changed only after all of this).
New libraries and their folders are created private (0600 / 0700); SQLite
gives the -wal and -shm files the database file's permissions.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path
from urllib.parse import quote

from app.storage.migrations import SCHEMA_VERSION
from kernel.domain import CallscopeInputError

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
USER_VERSION_OFFSET = 60  # big-endian 32-bit "user version" in the database header
# quick_check read a 160 MB library (3 M words, ~6000 calls) in 0.84 s on the shared
# 2-core machine; larger libraries are opened unchecked rather than slowly.
QUICK_CHECK_BUDGET_S = 2.0
FILE_MODE = 0o600
FOLDER_MODE = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")


# Files this process found sound, by (device, inode, size, mtime): the GUI opens one
# connection per thread and need not read a large library three times.
_checked: set[tuple[int, int, int, int]] = set()


# Library files this process has a live SQLite connection to, by (device, inode).
# POSIX drops every lock a process holds on a file when it closes ANY descriptor of
# that file, so reading the header of a library that is open here would silently
# unlock the live connection: another process closing its own connection then takes
# itself for the last user and deletes the -wal and -shm under us (seen as a
# "malformed" library after an import in the app). Such a file was checked when it
# was first opened, so it is not read again with a plain file handle.
_live: dict[tuple[int, int], int] = {}
_live_lock = threading.Lock()


def register_open(path: Path) -> tuple[int, int] | None:
    """Note a live connection to `path`; returns the key to pass to `register_closed`."""
    try:
        info = path.stat()
    except OSError:
        return None
    key = (info.st_dev, info.st_ino)
    with _live_lock:
        _live[key] = _live.get(key, 0) + 1
    return key


def register_closed(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _live_lock:
        left = _live.get(key, 0) - 1
        if left > 0:
            _live[key] = left
        else:
            _live.pop(key, None)


def _open_here(info: os.stat_result) -> bool:
    with _live_lock:
        return (info.st_dev, info.st_ino) in _live


class LibraryOpenError(CallscopeInputError):
    """The library file cannot be opened safely; the message says why, in one line."""


def check_library_file(path: Path) -> bool:
    """Raise LibraryOpenError unless `path` can be opened for writing; True when it is new.

    Writes nothing to the file (a read-only connection's empty -wal/-shm are removed).
    """
    if path.is_dir():
        raise LibraryOpenError(str(path), "is a folder, not a library file")
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise LibraryOpenError(str(path), "is a broken symbolic link") from None
        _check_can_create(path)
        return True
    except OSError as exc:
        raise LibraryOpenError(str(path), f"cannot be read ({_reason(exc)})") from None
    if not stat.S_ISREG(info.st_mode):
        raise LibraryOpenError(str(path), "is not a regular file, so not a library")
    if _open_here(info):
        # Checked when first opened; a plain read now would drop that connection's locks.
        _check_writable(path)
        return False
    header = _read_header(path)
    if not header:
        _check_writable(path)
        return True  # an empty file: SQLite treats it as a new database
    if not header.startswith(SQLITE_MAGIC) or len(header) < HEADER_SIZE:
        raise LibraryOpenError(str(path), "not a Callscope library (not an SQLite database)")
    _refuse_newer(path, int.from_bytes(header[USER_VERSION_OFFSET : USER_VERSION_OFFSET + 4]))
    # Before any connection: a read-only look would leave read-only -wal/-shm files behind.
    _check_writable(path)
    _check_contents(path)
    return False


def create_private_file(path: Path) -> None:
    """Create `path` (and missing folders) readable by its owner only."""
    _make_private_folders(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return  # another process created it first: it will be checked as it is
    except OSError as exc:
        raise LibraryOpenError(str(path), f"cannot create the library ({_reason(exc)})") from None
    os.close(fd)


def _make_private_folders(folder: Path) -> None:
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue
        except OSError as exc:
            raise LibraryOpenError(str(created), f"cannot create folder ({_reason(exc)})") from None
        os.chmod(created, FOLDER_MODE)  # mkdir's mode is filtered by the umask


def _check_can_create(path: Path) -> None:
    existing = path.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise LibraryOpenError(str(path), f"cannot create a library here: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise LibraryOpenError(
            str(path), f"cannot create a library here: folder {existing} is read-only"
        )


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise LibraryOpenError(
            str(path),
            "the library file is read-only; Callscope needs to write to it "
            f"(give yourself write permission: chmod u+w {path})",
        )
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise LibraryOpenError(
            str(path),
            f"the folder {folder} is read-only; Callscope keeps its journal files beside "
            "the library, so it needs write access to that folder",
        )


def _read_header(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(HEADER_SIZE)
    except OSError as exc:
        raise LibraryOpenError(str(path), f"cannot be read ({_reason(exc)})") from None


def _refuse_newer(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise LibraryOpenError(
            str(path),
            f"written by a newer Callscope (library version {version}; this one reads up to "
            f"{SCHEMA_VERSION}): update Callscope to open it; the file was not changed",
        )


def _check_contents(path: Path) -> None:
    """Schema version, Callscope tables and a bounded quick_check, read-only."""
    before = {suffix for suffix in SIDE_FILES if Path(f"{path}{suffix}").exists()}
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5.0)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        _refuse_newer(path, version)  # the header can lag behind a WAL not yet checkpointed
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if (version == 0 and tables) or (version > 0 and "calls" not in tables):
            raise LibraryOpenError(
                str(path), "not a Callscope library (an SQLite database of another program)"
            )
        info = path.stat()
        state = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        problem = "" if state in _checked else _quick_check(conn)
        if not problem:
            _checked.add(state)
        if problem:
            raise LibraryOpenError(
                str(path),
                f"the library is damaged ({problem}); restore it from a backup, or try "
                f"`sqlite3 {path} .recover` on a copy",
            )
    except (sqlite3.DatabaseError, LibraryOpenError) as exc:
        if conn is not None:
            conn.close()
            conn = None
        # Only when refusing: on a good library another process may be using them now.
        _remove_new_empty_side_files(path, before)
        if isinstance(exc, LibraryOpenError):
            raise
        raise LibraryOpenError(str(path), database_error_reason(exc, path)) from None
    finally:
        if conn is not None:
            conn.close()


def _quick_check(conn: sqlite3.Connection) -> str:
    """'' when quick_check passes or runs out of time; else its first complaint."""
    deadline = time.monotonic() + QUICK_CHECK_BUDGET_S
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    except sqlite3.OperationalError as exc:
        if "interrupted" not in str(exc):
            raise
        log.info("quick_check stopped after %.1f s; library opened unchecked", QUICK_CHECK_BUDGET_S)
        return ""
    finally:
        conn.set_progress_handler(None, 0)
    if rows == ["ok"]:
        return ""
    lines = [
        line.strip()
        for row in rows
        for line in row.splitlines()
        if line.strip() and not line.startswith("***")
    ]
    return lines[0][:160] if lines else "quick_check gave no answer"


def database_error_reason(exc: sqlite3.DatabaseError, path: Path | str = "FILE") -> str:
    """One line for an SQLite error met while opening or reading a library."""
    text = str(exc)
    if "malformed" in text or "corrupt" in text:
        return (
            f"the library is damaged ({text}); restore it from a backup, or try "
            f"`sqlite3 {path} .recover` on a copy"
        )
    if "locked" in text or "busy" in text:
        return f"another program is holding the library locked ({text}); try again later"
    if "readonly" in text or "read-only" in text:
        return "the library cannot be written (read-only file, folder or disk)"
    if "not a database" in text or "encrypted" in text:
        return "not a Callscope library (not an SQLite database)"
    if "unable to open" in text:
        return "cannot open the library (its folder may be read-only or missing)"
    return f"cannot read the library ({text})"


def _remove_new_empty_side_files(path: Path, existed: set[str]) -> None:
    """A read-only look at a WAL file leaves an empty -wal and an -shm: take them away."""
    wal = Path(f"{path}-wal")
    if "-wal" in existed or (wal.exists() and wal.stat().st_size > 0):
        return
    for suffix in ("-wal", "-shm"):
        if suffix not in existed:
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
