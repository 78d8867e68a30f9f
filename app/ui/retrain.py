"""Edit > "Retrain from corrections…": `main.py train --with-corrections --reanalyze` in a
child process (the model code never runs in the GUI process); the result in a message box."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QMessageBox, QWidget

MAIN_PY = Path(__file__).resolve().parents[2] / "main.py"


def retrain_command(db_path: Path | str) -> list[str]:
    """Arguments of the child process (program first)."""
    return [
        sys.executable, str(MAIN_PY), "train", "--with-corrections", "--reanalyze",
        "--quiet", "--db", str(db_path),
    ]  # fmt: skip


class RetrainRunner:
    """Runs one retrain at a time for `parent`; tells the user how it ended."""

    def __init__(self, parent: QWidget, db_path: Path | str) -> None:
        self.parent = parent
        self.db_path = db_path
        self.process: QProcess | None = None

    @property
    def running(self) -> bool:
        return self.process is not None

    def start(self) -> bool:
        if self.process is not None:
            return False
        program, *arguments = retrain_command(self.db_path)
        self.process = QProcess(self.parent)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.finished.connect(self._finished)
        self.process.start(program, arguments)
        return True

    def stop(self) -> None:
        """Quit: end the child and say nothing (the shipped or previous model stays in use;
        weights are switched only at the very end, in one rename)."""
        process, self.process = self.process, None
        if process is None:
            return
        process.finished.disconnect(self._finished)
        process.kill()
        process.waitForFinished(3000)

    def _finished(self, code: int, _status: object) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        output = bytes(process.readAll().data()).decode("utf-8", "replace")
        process.deleteLater()
        lines = [line for line in output.splitlines() if line.strip()][-6:]
        title = "Model retrained" if code == 0 else "Model not changed"
        QMessageBox.information(self.parent, title, "\n".join(lines) or f"exit code {code}")
