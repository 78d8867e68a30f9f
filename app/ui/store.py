"""The GUI's one way to the library: every read and write runs on the job runner's thread.

`Store` lives on the GUI thread and holds no connection itself. It opens the
one `Library` of the app on the job runner's single thread (SQLite: one
connection per thread) and runs there whatever a screen asks: `submit` for
work whose result arrives later through callbacks (the Library list, search),
`call` for a small read or write the screen waits for (Review, Clips,
Reports), and `gateway(Class)` for a per-screen typed gateway whose every
method runs that way. This is the only module of `app/ui` that imports
`app.storage` or an SQLite module (tests/test_architecture.py checks it).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from app.ui.job_runner import Job, JobRunner

if TYPE_CHECKING:
    from app.storage.library import Library as StoredLibrary
    from app.storage.records import CallRecord as StoredCall
else:  # names for annotations; storage itself is imported when the library opens
    StoredLibrary = Any
    StoredCall = Any

__all__ = ["Store", "StoredCall", "StoredLibrary", "fts_syntax_error", "open_library"]

log = logging.getLogger(__name__)

T = TypeVar("T")
G = TypeVar("G")


def open_library(db_path: Path) -> StoredLibrary:
    """Open the store (imported late: storage has no Qt and is not needed to start)."""
    from app.storage.library import Library

    return Library(db_path)


class Store:
    """The library as the screens see it. Lives on the GUI thread; the connection on the runner's.

    `library_factory(db_path)` opens the library (tests pass a recorder);
    it is called once, on the runner's thread, the first time a job needs it.
    """

    def __init__(
        self,
        db_path: Path,
        job_runner: JobRunner | None = None,
        library_factory: Callable[[Path], Any] | None = None,
    ) -> None:
        self.path = Path(db_path)
        self.runner = job_runner if job_runner is not None else JobRunner()
        self._owns_runner = job_runner is None
        self._factory = library_factory or open_library
        self._library: Any = None
        self._library_thread: int | None = None
        self._lock = threading.Lock()
        self._closed = False

    # -- on the runner's thread ------------------------------------------

    def _library_here(self) -> Any:
        """The one library, opened on first use; only ever used on the runner's thread."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the library is closed")
            if self._library is None:
                self._library = self._factory(self.path)
                self._library_thread = threading.get_ident()
            elif self._library_thread != threading.get_ident():
                raise RuntimeError("the library was used outside the store's thread")
            return self._library

    def _close_here(self) -> None:
        with self._lock:
            library, self._library = self._library, None
            self._closed = True
        close = getattr(library, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # shutting down; nothing to tell the user
                log.debug("closing the library failed", exc_info=True)

    # -- from the GUI thread ---------------------------------------------

    def submit(
        self,
        function: Callable[[StoredLibrary], Any],
        *,
        name: str = "",
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> Job:
        """Run `function(library)` on the runner's thread; callbacks arrive on the GUI thread."""
        return self.runner.submit(
            lambda _context: function(self._library_here()),
            name=name or getattr(function, "__name__", "store job"),
            on_finished=on_finished,
            on_failed=on_failed,
        )

    def call(self, function: Callable[[StoredLibrary], T]) -> T:
        """Run `function(library)` on the runner's thread and wait; its error is raised here.

        For the small reads and writes a screen needs at once (one call's
        review, a correction). Called from a store job itself, it runs inline.
        """
        if self._library_thread == threading.get_ident():
            return function(self._library_here())
        return self.runner.call(lambda: function(self._library_here()))

    def gateway(self, gateway_class: Callable[[StoredLibrary], G]) -> G:
        """A typed gateway built on the runner's thread; each of its methods runs there too."""
        instance = self.call(gateway_class)
        return cast(G, _OnStoreThread(self, instance))

    def close(self, timeout_ms: int = 5000) -> None:
        """Close the connection on its own thread (after the job running now, if any)."""
        if self._closed:
            return
        self.runner.cancel_all()
        if self._library is None:
            self._closed = True
        else:
            try:
                self.runner.call(self._close_here)
            except Exception:
                log.debug("closing the library failed", exc_info=True)
        if self._owns_runner:
            self.runner.shutdown(timeout_ms)


class _OnStoreThread:
    """Forwards method calls to a gateway, each run (and waited for) on the store's thread."""

    def __init__(self, store: Store, instance: Any) -> None:
        self._store = store
        self._instance = instance

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._instance, name)
        if not callable(attribute):
            raise AttributeError(f"{name} is not a method; gateways are used through methods")

        def on_store_thread(*args: Any, **kwargs: Any) -> Any:
            return self._store.call(lambda _library: attribute(*args, **kwargs))

        return on_store_thread


@lru_cache(maxsize=1)
def _fts_probe() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    return conn


_probe_lock = threading.Lock()


def fts_syntax_error(query: str) -> str | None:
    """None when the library's full-text search reads `query`, else the parser's message.

    Asks SQLite's FTS5 parser on an in-memory table (no library involved).
    """
    try:
        with _probe_lock:
            _fts_probe().execute("SELECT rowid FROM probe WHERE probe MATCH ?", (query,)).fetchall()
    except sqlite3.OperationalError as exc:
        return str(exc)
    return None
