"""Test-wide set-up: offscreen Qt, an isolated home per test, shared caches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Converted Whisper checkpoints and synthesized audio are reused across runs.
os.environ.setdefault("CALLSCOPE_MODEL_CACHE", str(REPO_ROOT / ".cache" / "whisper"))
TEST_AUDIO_CACHE = REPO_ROOT / ".cache" / "test-audio"

pytest_plugins = [
    "tests.fixtures.audio",
    "tests.fixtures.calls",
    "tests.fixtures.library",
    "tests.fixtures.postgres",
]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data/cache/log folders and default database."""
    home = tmp_path / "callscope-home"
    monkeypatch.setenv("CALLSCOPE_HOME", str(home))
    monkeypatch.delenv("CALLSCOPE_DB", raising=False)
    return home
