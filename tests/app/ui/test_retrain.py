"""The retrain menu action runs `train --with-corrections --reanalyze` on the open library."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.ui.retrain import MAIN_PY, retrain_command


def test_command_retrains_from_corrections_and_relabels_the_library(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    command = retrain_command(db)
    assert command[0] == sys.executable and Path(command[1]) == MAIN_PY and MAIN_PY.is_file()
    assert command[2:] == ["train", "--with-corrections", "--reanalyze", "--quiet", "--db", str(db)]


def test_train_command_accepts_those_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    db = tmp_path / "empty.db"
    code = main(retrain_command(db)[2:])
    assert code == 2
    assert "no library here" in capsys.readouterr().err


def test_quitting_during_a_retrain_ends_it_quietly(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Ctrl+Q during a retrain: the child is ended and no slot runs on a deleted QProcess
    (the traceback an independent tester saw)."""
    import os

    from PySide6.QtCore import QProcess
    from PySide6.QtWidgets import QWidget

    from app.ui import retrain

    monkeypatch.setattr(
        retrain, "retrain_command", lambda db: [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = retrain.RetrainRunner(parent, tmp_path / "lib.db")
    assert runner.start() and not runner.start()  # one at a time
    process = runner.process
    assert process is not None
    qtbot.waitUntil(lambda: process.state() == QProcess.ProcessState.Running, timeout=10_000)
    pid = process.processId()
    runner.stop()
    assert not runner.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    parent.close()
    parent.deleteLater()
    qtbot.wait(50)


def test_a_retrain_shows_its_lines_as_they_come_and_its_end(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Three models take minutes: which one and which epoch reach the status bar
    while it runs, the last lines reach the closing message."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from app.ui import retrain

    script = (
        "import time; print('model 1 of 3 (seed 14)', flush=True); time.sleep(0.3); "
        "print('epoch 1: validation macro-F1 0.9', flush=True); time.sleep(0.3); "
        "print('switched to v2', flush=True)"
    )
    monkeypatch.setattr(retrain, "retrain_command", lambda db: [sys.executable, "-c", script])
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, title, text: told.append((title, text))
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[str | None] = []
    runner = retrain.RetrainRunner(parent, tmp_path / "lib.db", shown.append)
    assert runner.start()
    qtbot.waitUntil(lambda: not runner.running, timeout=20_000)
    assert shown[:2] == ["model 1 of 3 (seed 14)", "epoch 1: validation macro-F1 0.9"]
    assert shown[-1] is None  # ended: the status bar is cleared, the message box tells
    assert None not in shown[:-1]
    assert told == [
        (
            "Model retrained",
            "model 1 of 3 (seed 14)\nepoch 1: validation macro-F1 0.9\nswitched to v2",
        )
    ]


def test_the_status_bar_shows_the_latest_line_and_is_cleared_at_the_end(qtbot) -> None:
    from PySide6.QtWidgets import QMainWindow

    from app.ui.retrain import status_bar_lines

    window = QMainWindow()
    qtbot.addWidget(window)
    show = status_bar_lines(window.statusBar())
    show("model 2 of 3 (seed 15)")
    assert window.statusBar().currentMessage() == "Retraining: model 2 of 3 (seed 15)"
    show(None)
    assert window.statusBar().currentMessage() == ""
