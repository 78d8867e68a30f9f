"""UI test helpers: a settings file in the test's temporary folder, the GUI's store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.ui.settings import Settings
from app.ui.store import Store
from tests.app.ui.stores import close_stores


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "callscope.ini"


@pytest.fixture
def settings(settings_path: Path) -> Settings:
    return Settings(settings_path)


@pytest.fixture
def make_store() -> Iterator[Callable[[Path], Store]]:
    """`make_store(db_path)`: the GUI's store on a test library, closed after the test."""
    stores: list[Store] = []

    def make(db_path: Path) -> Store:
        store = Store(Path(db_path))
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()


@pytest.fixture(autouse=True)
def _close_stores_after_test() -> Iterator[None]:
    """Stores made with tests.app.ui.stores.store_of close when the test ends."""
    yield
    close_stores()
