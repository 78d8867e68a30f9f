"""Writing an export file so that it is either complete or absent, and private.

The text goes to a temporary file in the target's own folder (same file
system, so the rename is atomic), is flushed and fsynced, then renamed over
the target with os.replace; any failure (a full disk, a size limit, Ctrl-C)
removes the temporary file and leaves an earlier export untouched. Exports
hold call transcripts, so they are created 0600 like the library, and a
folder created for them is 0700.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

EXPORT_MODE = 0o600
FOLDER_MODE = 0o700


def write_text_atomic(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write `text` to `path` all at once (OSError on failure, with nothing left behind)."""
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    folder = path.parent
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, EXPORT_MODE)  # mkstemp makes it 0600 already; say so explicitly
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (not possible on every platform or file system)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
