"""The short soak in the normal suite: the real app driven through every screen (75 s).

`make soak` runs the same driver for 10 minutes with a real import of the demo
calls; this one seeds the library directly (no Whisper) so it fits CI. It
fails on an event-loop stall over 2 s, on sys.getrefcount(None) falling, and on
any exception in a slot; a deadlock kills the child process (faulthandler),
which this test reports with every thread's stack.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def test_short_soak_every_screen_no_stall_no_leak(tmp_path: Path) -> None:
    seconds = float(os.environ.get("SOAK_SECONDS", "75"))
    report = tmp_path / "soak.json"
    env = {
        **os.environ,
        "SOAK_SECONDS": str(seconds),
        "SOAK_IMPORT": os.environ.get("SOAK_IMPORT", "0"),
        "SOAK_REPORT": str(report),
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }
    # its own process: a hang or a none_dealloc abort must not take pytest down with it
    done = subprocess.run(
        [sys.executable, "-m", "tests.soak.soak_app"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=seconds + 240,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-6000:]
    result = json.loads(report.read_text())
    assert result["seconds"] >= seconds
    assert result["max_gap_s"] <= 2.0 and not result["stalls"]
    assert result["none_min"] >= result["none_start"] - 64
    assert not result["errors"]
    for screen in ("library", "import", "review", "clips", "reports", "theme"):
        assert result["screens"].get(screen, 0) >= 1, screen
