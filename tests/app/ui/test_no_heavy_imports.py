"""The GUI never loads torch, whisper or transformers, not even indirectly."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import app.ui

REPO_ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("torch", "whisper", "transformers")

CHECK = """
import importlib, pkgutil, sys
import app.ui
names = [m.name for m in pkgutil.walk_packages(app.ui.__path__, "app.ui.")]
for name in names:
    importlib.import_module(name)
{extra}
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print("HEAVY:" + ",".join(heavy))
print("IMPORTED:" + str(len(names)))
"""

START_APP = """
import os
from pathlib import Path
from app.ui.application import Application
application = Application(Path(os.environ["TEST_DB"]), Path(os.environ["TEST_SETTINGS"]),
                           offer_demo=False, resume_imports=False)
for page in range(application.window.pages.count()):
    application.window.show_page(page)
application.job_runner.wait_for_done(10000)
application.qapp.processEvents()
application.window.close()
application.shutdown()
"""


def run_check(extra: str, tmp_path: Path) -> str:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO_ROOT),
        TEST_DB=str(tmp_path / "library.db"),
        TEST_SETTINGS=str(tmp_path / "settings.ini"),
    )
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(extra=extra, heavy=HEAVY)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_importing_every_ui_module_loads_no_heavy_package(tmp_path: Path) -> None:
    output = run_check("", tmp_path)
    assert "HEAVY:\n" in output, output
    expected = len(list(pkgutil.walk_packages(app.ui.__path__, "app.ui.")))
    assert f"IMPORTED:{expected}" in output


def test_running_the_app_and_opening_every_screen_loads_no_heavy_package(
    tmp_path: Path,
) -> None:
    pytest.importorskip("app.storage.library")
    output = run_check(START_APP, tmp_path)
    assert "HEAVY:\n" in output, output
