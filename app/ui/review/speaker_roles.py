"""Who is speaking, when Callscope could not tell: the reviewer says, the call is analysed again.

A mono call in which diarization heard one voice has every sentence under
a third role ("Speaker") and nothing to review: only the agent's sentences
get labels. `SpeakerRolesBar` says so and offers the two answers;
`SpeakerRolesRunner` runs `main.py speakers CALL --voice agent|customer` in a
child process (the classifier never runs in the GUI process) and reports
how it ended. Both live on the GUI thread.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kernel.domain import AGENT, CUSTOMER

MAIN_PY = Path(__file__).resolve().parents[3] / "main.py"


def roles_command(db_path: Path | str, call_id: int, voice: str) -> list[str]:
    """Arguments of the child process (program first)."""
    return [sys.executable, str(MAIN_PY), "speakers", str(call_id), "--voice", voice,
            "--db", str(db_path)]  # fmt: skip


class SpeakerRolesBar(QFrame):
    """ "One voice was heard: is it the agent or the customer?" with the two answers."""

    voice_chosen = Signal(str)  # agent or customer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speakerRolesBar")
        self.text = QLabel(
            "Callscope heard one voice in this call and could not tell whether it is the "
            "agent or the customer, so its sentences have no labels yet. This voice is:"
        )
        self.text.setWordWrap(True)
        self.agent_button = QPushButton("The agent")
        self.customer_button = QPushButton("The customer")
        for button, voice in ((self.agent_button, AGENT), (self.customer_button, CUSTOMER)):
            button.setToolTip(f"Give every sentence to the {voice} and analyse the call again")
            button.clicked.connect(lambda _checked=False, v=voice: self.voice_chosen.emit(v))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.agent_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.customer_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_busy(self, busy: bool) -> None:
        self.agent_button.setEnabled(not busy)
        self.customer_button.setEnabled(not busy)


class SpeakerRolesRunner(QObject):
    """Runs one role change at a time; `finished(call_id, ok, message)` when it ends."""

    finished = Signal(int, bool, str)

    def __init__(self, db_path: Path | str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.process: QProcess | None = None
        self.call_id: int | None = None

    @property
    def running(self) -> bool:
        return self.process is not None

    def start(self, call_id: int, voice: str) -> bool:
        if self.process is not None:
            return False
        program, *arguments = roles_command(self.db_path, call_id, voice)
        self.call_id = call_id
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.finished.connect(self._on_finished)
        self.process.errorOccurred.connect(self._on_error)
        self.process.start(program, arguments)
        return True

    def stop(self) -> None:
        """The screen is closing: end the child quietly."""
        process, self.process = self.process, None
        if process is None:
            return
        process.finished.disconnect(self._on_finished)
        process.errorOccurred.disconnect(self._on_error)
        process.kill()
        process.waitForFinished(3000)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._end(False, "the analysis could not be started")

    def _on_finished(self, code: int, _status: object) -> None:
        process = self.process
        output = bytes(process.readAll().data()).decode("utf-8", "replace") if process else ""
        lines = [line for line in output.splitlines() if line.strip()]
        self._end(code == 0, lines[-1] if lines else f"exit code {code}")

    def _end(self, ok: bool, message: str) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.deleteLater()
        call_id, self.call_id = self.call_id, None
        self.finished.emit(int(call_id or 0), ok, message.removeprefix("error: "))
