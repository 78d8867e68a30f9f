"""Who is speaking: the reviewer fixes the roles, and the call is analysed again.

A mono call in which diarization heard one voice has every sentence under
a third role ("Speaker") and nothing to review: only the agent's sentences
get labels. `SpeakerRolesBar` says so and offers the two answers; any call's
roles can be swapped from the transcript's menu (a mono call whose voices
were mixed up, a stereo file imported with the wrong agent channel).
`SpeakerRolesRunner` runs `main.py speakers CALL --voice agent|customer` (or
`--swap`) in a child process (the classifier never runs in the GUI process);
`SpeakerRoles` ties both to the Review screen. All live on the GUI thread.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from kernel.domain import AGENT, CUSTOMER

MAIN_PY = Path(__file__).resolve().parents[3] / "main.py"


SWAP = "swap"


def roles_command(db_path: Path | str, call_id: int, change: str) -> list[str]:
    """Arguments of the child process (program first); `change` is agent, customer or swap."""
    what = ["--swap"] if change == SWAP else ["--voice", change]
    return [sys.executable, str(MAIN_PY), "speakers", str(call_id), *what, "--db", str(db_path)]


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

    def start(self, call_id: int, change: str) -> bool:
        if self.process is not None:
            return False
        program, *arguments = roles_command(self.db_path, call_id, change)
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


class SpeakerRoles(QObject):
    """The Review screen's role changes: the one-voice question and the swap.

    `changed(call_id)` when the call was analysed again with its new roles
    (the screen reloads it), then `message(text)` for the status line.
    """

    changed = Signal(int)
    message = Signal(str)

    def __init__(self, db_path: Path | str, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.bar = SpeakerRolesBar()
        self.bar.setVisible(False)
        self.runner = SpeakerRolesRunner(db_path, self)
        self.call_id: int | None = None
        # replaced by tests: asked before a swap (label corrections on the call are dropped)
        self.confirm_swap = self._ask_swap
        self.bar.voice_chosen.connect(lambda voice: self.change(voice))
        self.runner.finished.connect(self.on_runner_finished)

    def show_for(self, call_id: int, voice_unassigned: bool) -> None:
        self.call_id = call_id
        self.bar.setVisible(voice_unassigned)
        self.bar.set_busy(self.runner.running)

    def ask_swap(self) -> None:
        if self.call_id is not None and self.confirm_swap():
            self.change(SWAP)

    def change(self, change: str) -> None:
        if self.call_id is None or not self.runner.start(self.call_id, change):
            return
        self.bar.set_busy(True)
        self.message.emit(
            "Swapping agent and customer and analysing the call again…"
            if change == SWAP
            else f"Giving every sentence to the {change} and analysing the call again…"
        )

    def on_runner_finished(self, call_id: int, ok: bool, text: str) -> None:
        self.bar.set_busy(False)
        if not ok:
            self.message.emit(f"The roles could not be changed: {text}")
            return
        self.changed.emit(call_id)
        self.message.emit(f"Roles set: {text}")

    def _ask_swap(self) -> bool:
        answer = QMessageBox.question(
            self.parent_widget,
            "Swap agent and customer?",
            "The agent's sentences become the customer's and the other way round, and the "
            "call is analysed again. Label corrections on this call are dropped (its "
            "sentences change); pattern marks, score and notes stay.",
        )
        return answer == QMessageBox.StandardButton.Yes
