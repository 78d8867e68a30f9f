"""UI test helpers: a settings file in the test's temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ui.settings import Settings


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "callscope.ini"


@pytest.fixture
def settings(settings_path: Path) -> Settings:
    return Settings(settings_path)
