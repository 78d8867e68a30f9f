"""`store_of(library)`: the GUI's store on a test library, closed after the test.

The screens reach the library only through `app.ui.store.Store`; tests that
build a screen on a test library wrap it with this. tests/app/ui/conftest.py
closes every store made here when the test ends (after qtbot's widgets).
"""

from __future__ import annotations

from typing import Any

from app.ui.store import Store

_open: list[Store] = []


def store_of(library: Any) -> Store:
    """A store on the file of `library` (a `Library`, or its path)."""
    store = Store(getattr(library, "path", library))
    _open.append(store)
    return store


def close_stores() -> None:
    while _open:
        _open.pop().close()
