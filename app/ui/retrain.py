"""Edit > "Retrain from corrections…": `main.py train --with-corrections --reanalyze` in a
child process (the model code never runs in the GUI process); its lines as they come
(which of the ensemble's models, which epoch) go to `on_line` (the status bar), the
result to a message box."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

MAIN_PY = Path(__file__).resolve().parents[2] / "main.py"


def retrain_command(db_path: Path | str) -> list[str]:
    """Arguments of the child process (program first)."""
    return [
        sys.executable, str(MAIN_PY), "train", "--with-corrections", "--reanalyze",
        "--quiet", "--db", str(db_path),
    ]  # fmt: skip


def status_bar_lines(bar: QStatusBar) -> Callable[[str | None], None]:
    """A RetrainRunner `on_line` for `bar`: the retrain's latest line while it runs,
    cleared when it ends (its message box says how)."""

    def show(line: str | None) -> None:
        if line is None:
            bar.clearMessage()
        else:
            bar.showMessage(f"Retraining: {line}", 60000)

    return show


class RetrainRunner:
    """Runs one retrain at a time for `parent`; tells the user how it ended."""

    def __init__(
        self,
        parent: QWidget,
        db_path: Path | str,
        on_line: Callable[[str | None], None] | None = None,
    ) -> None:
        """`on_line`: each new line of the child's while it runs, then None when it ended."""
        self.parent = parent
        self.db_path = db_path
        self.on_line = on_line
        self.process: QProcess | None = None
        self._output = ""  # everything the child said, for the closing message
        self._lines_shown = 0

    @property
    def running(self) -> bool:
        return self.process is not None

    def start(self) -> bool:
        if self.process is not None:
            return False
        program, *arguments = retrain_command(self.db_path)
        self.process = QProcess(self.parent)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self._output, self._lines_shown = "", 0
        self.process.readyReadStandardOutput.connect(self._read)
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
        process.readyReadStandardOutput.disconnect(self._read)
        process.kill()
        process.waitForFinished(3000)

    def _read(self, show: bool = True) -> None:
        """The child's new output: kept, and its last complete line shown."""
        if self.process is None:
            return
        self._output += bytes(self.process.readAll().data()).decode("utf-8", "replace")
        *complete, _partial = self._output.replace("\r", "\n").split("\n")
        done = [line.strip() for line in complete if line.strip()]
        if show and len(done) > self._lines_shown and self.on_line is not None:
            self.on_line(done[-1])
        self._lines_shown = len(done)

    def _finished(self, code: int, _status: object) -> None:
        self._read(show=False)  # the message box below shows the end
        process, self.process = self.process, None
        if process is None:
            return
        process.deleteLater()
        if self.on_line is not None:
            self.on_line(None)
        lines = [line for line in self._output.splitlines() if line.strip()][-6:]
        title = "Model retrained" if code == 0 else "Model not changed"
        QMessageBox.information(self.parent, title, "\n".join(lines) or f"exit code {code}")
