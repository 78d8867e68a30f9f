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
