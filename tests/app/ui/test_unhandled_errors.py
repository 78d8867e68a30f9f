"""An error escaping a slot in the app: one line for the user, the traceback in the log file.

A real app process (offscreen): a timer slot raises while the event loop runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

RAISE_IN_A_SLOT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from app.ui.application import Application

application = Application(Path(sys.argv[1]), Path(sys.argv[2]), offer_demo=False,
                          resume_imports=False)

def broken_slot():
    raise ValueError("a bug in a slot")

def leave():
    application.window.ask_quit_with_imports = lambda _pending: True
    application.window.close()
    application.qapp.quit()

QTimer.singleShot(100, broken_slot)
QTimer.singleShot(1500, leave)
print("exit", application.run())
"""


def test_an_error_in_a_slot_is_logged_not_printed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "CALLSCOPE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-c", RAISE_IN_A_SLOT, str(tmp_path / "l.db"), str(tmp_path / "s.ini")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "exit 0" in result.stdout, result.stderr
    assert "Traceback" not in result.stderr
    log = home / "logs" / "callscope.log"
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert lines == [f"error: the app failed (ValueError: a bug in a slot); details in {log}"]
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "in broken_slot" in text


def test_the_app_on_a_file_that_is_not_a_library_says_so_in_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n" * 100)
    env = {**os.environ, "CALLSCOPE_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "gui", "--db", str(notes)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {notes}: not a Callscope library (not an SQLite database)"
    ]
    assert notes.read_text() == "my notes\n" * 100
