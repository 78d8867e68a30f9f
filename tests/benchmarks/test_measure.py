"""benchmarks.measure.peak_rss_mb: a child's own peak, not its parent's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_a_small_child_of_a_big_parent_reports_its_own_peak() -> None:
    # On Linux ru_maxrss survives exec: a child started by a 300 MB parent said 300 MB.
    big = bytearray(300 * 1024 * 1024)
    big[::4096] = b"x" * len(big[::4096])  # touch every page so it is resident
    code = "from benchmarks.measure import peak_rss_mb; print(peak_rss_mb())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    assert 1 < float(out.stdout) < 150
    del big
