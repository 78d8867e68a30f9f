"""File dialogs that open where the user was, never in the program's folder.

Each dialog starts in the folder last used for the same purpose (an export,
an import), else in the last folder used for anything, else in the home
folder; a remembered folder that has gone is skipped. A save dialog proposes
the file name inside that folder, and a name typed without the filter's
suffix gets it ("report" -> "report.csv"). Lives on the GUI thread.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

_last: dict[str, Path] = {}
ANY = "any"


def start_folder(purpose: str) -> Path:
    for key in (purpose, ANY):
        folder = _last.get(key)
        if folder is not None and folder.is_dir():
            return folder
    return Path.home()


def remember(purpose: str, path: Path | str) -> None:
    """Note the folder of `path` (or `path` itself when it is a folder)."""
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    _last[purpose] = folder
    _last[ANY] = folder


def save_file(
    parent: QWidget | None, caption: str, name: str, file_filter: str, purpose: str
) -> Path | None:
    start = start_folder(purpose) / name
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(start), file_filter)
    if not path:
        return None
    chosen = with_suffix_of(Path(path), file_filter)
    remember(purpose, chosen.parent)
    return chosen


def with_suffix_of(path: Path, file_filter: str) -> Path:
    """`path` with the first suffix `file_filter` names ("CSV (*.csv)") unless it has one."""
    suffixes = re.findall(r"\*(\.[\w.]+)", file_filter)
    if not suffixes or any(path.name.lower().endswith(s.lower()) for s in suffixes):
        return path
    return path.with_name(path.name + suffixes[0])


def existing_folder(parent: QWidget | None, caption: str, purpose: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, caption, str(start_folder(purpose)))
    if not folder:
        return None
    remember(purpose, folder)
    return Path(folder)
