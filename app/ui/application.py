"""The one place that wires the desktop app together.

`Application` builds the settings, the job runner, the store (the screens'
one way to the library, on the runner's thread), the import queue and the
main window, connects them, and tears them down in order. Nothing below it reaches for globals.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.ui.import_queue import ImportQueue
from app.ui.job_runner import JobRunner
from app.ui.main_window import PAGE_IMPORT, MainWindow
from app.ui.onboarding import OnboardingDialog, demo_calls
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from app.ui.store import Store
from app.ui.style.theme import Theme
from kernel.library_target import as_target

log = logging.getLogger(__name__)


def ensure_qapplication(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication (created once, with the app's names)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setApplicationName("Callscope")
    QGuiApplication.setOrganizationName("Callscope")
    QGuiApplication.setDesktopFileName("callscope")
    return QApplication(argv if argv is not None else sys.argv[:1])


def show_startup_error(qapp: QApplication, message: str) -> None:
    """The library cannot be opened: say so in a box (a double-clicked app has no terminal)."""
    from PySide6.QtWidgets import QMessageBox

    if qapp.platformName() in ("offscreen", "minimal"):
        return  # no one to click OK: the caller's one line on standard error is enough
    QMessageBox.critical(None, "Callscope", message)


class Application(QObject):
    """Owns the app's long-lived objects; lives on the GUI thread.

    `db_path` None means the library path from the settings; `settings_path`
    None means the default settings file (tests pass a temporary one).
    """

    def __init__(
        self,
        db_path: Path | str | None = None,
        settings_path: Path | None = None,
        offer_demo: bool = True,
        resume_imports: bool = True,
        qapp: QApplication | None = None,
        library_factory: Callable[[Path | str], Any] | None = None,
    ) -> None:
        self.qapp = qapp or ensure_qapplication()
        super().__init__()
        self.settings = Settings(settings_path)
        self.theme = Theme.apply(self.qapp, self.settings.theme)
        self.use_reviewer_name()
        # a file (Path) or a team library's postgresql:// URL (str)
        self.db_path: Any = as_target(db_path) if db_path else self.settings.library_path
        if isinstance(self.db_path, Path):
            self.db_path.parent.mkdir(parents=True, exist_ok=True)

        self.job_runner = JobRunner(self)
        self.store = Store(self.db_path, self.job_runner, library_factory)
        self.store.call(lambda _library: None)  # open it now: a bad library is refused at start
        self.import_queue = ImportQueue(self.db_path, parent=self)
        self.import_queue.redact = self.settings.redact_new_calls
        self.import_queue.vocabulary = self.settings.vocabulary
        self.import_queue.cluster = self.settings.analysis_cluster
        self.window = MainWindow(self.settings, self.store, self.import_queue)
        self.onboarding: OnboardingDialog | None = None
        self._offer_demo = offer_demo
        self._closed = False

        self.window.demo_requested.connect(self.load_demo_calls)
        self.window.settings_requested.connect(self.open_settings)
        self.window.theme_chosen.connect(self.on_theme_chosen)
        self.window.library_view.rows_loaded.connect(self.on_library_rows_loaded)
        self.settings.changed.connect(self.on_settings_changed)
        self.qapp.aboutToQuit.connect(self.shutdown)

        geometry = self.settings.window_geometry
        if geometry:
            self.window.restoreGeometry(geometry)
        else:
            self.window.resize(1280, 760)

        self.window.library_view.reload()
        unfinished = self.import_queue.restore()
        if unfinished and resume_imports:
            # after the window is up: the worker takes a moment to start
            QTimer.singleShot(0, self.import_queue.start)

    # -- lifetime --------------------------------------------------------

    def show(self) -> None:
        self.window.show()

    def run(self) -> int:
        """Show the window and run the event loop until the window closes."""
        previous = sys.excepthook
        sys.excepthook = self.on_unhandled_exception
        try:
            self.show()
            code = int(self.qapp.exec())
            self.shutdown()
        finally:
            sys.excepthook = previous
        return code

    def on_unhandled_exception(self, kind: type, exc: BaseException, tb: Any) -> None:
        """An error escaping a slot: the traceback to the log file, one line for the user."""
        from app.logging_setup import crash_line

        line = crash_line(exc.with_traceback(tb), "the app")
        print(line, file=sys.stderr, flush=True)
        with contextlib.suppress(Exception):  # the hook itself must never raise
            self.window.statusBar().showMessage(line.removeprefix("error: "), 30_000)

    def shutdown(self) -> None:
        """Stop the worker, keep the queue, finish background jobs, close connections."""
        if self._closed:
            return
        self._closed = True
        self.import_queue.shutdown()
        self.store.close()
        self.job_runner.shutdown()
        self.settings.sync()

    # -- first run -------------------------------------------------------

    def on_library_rows_loaded(self, count: int) -> None:
        if not self._offer_demo:
            return
        self._offer_demo = False  # once per start
        if count or self.import_queue.items() or self.settings.demo_offered:
            return
        self.settings.demo_offered = True
        self.onboarding = OnboardingDialog(len(demo_calls()), self.window)
        self.onboarding.demo_chosen.connect(self.load_demo_calls)
        self.onboarding.import_chosen.connect(self.window.on_import_files_triggered)
        # the empty library's own invitation says the same, centred under the dialog:
        # blank it while the dialog is open, or its longest line sticks out at one side
        self.window.library_view.set_welcome_open(True)
        self.onboarding.finished.connect(
            lambda _r: self.window.library_view.set_welcome_open(False)
        )
        self.onboarding.open()

    def load_demo_calls(self) -> int:
        """Queue the bundled demo calls through the normal import path."""
        calls = demo_calls()
        if not calls:
            self.window.statusBar().showMessage(
                "The demo calls are missing; run scripts/make_demo_calls.py to create them.",
                10000,
            )
            return 0
        added = 0
        for call in calls:
            items = self.import_queue.add_paths(
                [call.path],
                call.agent_channel,
                self.settings.asr_model,
                metadata={str(call.path.resolve()): call.metadata()},
            )
            added += len(items)
        self.window.show_page(PAGE_IMPORT)
        return added

    # -- settings --------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self.window)
        dialog.open()
        return dialog

    def use_reviewer_name(self) -> None:
        """The name from Settings on this user's corrections and reviews (issue 16): set for
        every library this app and its worker processes open, and the one already open."""
        from kernel.library_target import REVIEWER_ENV, default_reviewer

        if not hasattr(self, "_reviewer_env"):  # what the environment said before the app
            self._reviewer_env = os.environ.get(REVIEWER_ENV)
        if self.settings.reviewer:
            os.environ[REVIEWER_ENV] = self.settings.reviewer
        elif self._reviewer_env is None:
            os.environ.pop(REVIEWER_ENV, None)
        else:
            os.environ[REVIEWER_ENV] = self._reviewer_env
        store = getattr(self, "store", None)
        if store is not None:  # the library already open takes the new name too
            name = default_reviewer()
            store.call(lambda library: setattr(library, "reviewer", name))

    def on_theme_chosen(self, name: str) -> None:
        self.settings.theme = name

    def on_settings_changed(self, key: str) -> None:
        if key == "ui/theme":
            self.theme = Theme.apply(self.qapp, self.settings.theme)
            self.window.apply_theme()
        elif key == "review/reviewer":
            self.use_reviewer_name()
        elif key == "privacy/redact":
            self.import_queue.redact = self.settings.redact_new_calls
        elif key == "import/vocabulary":
            self.import_queue.vocabulary = self.settings.vocabulary
        elif key == "import/cluster":
            self.import_queue.cluster = self.settings.analysis_cluster
        elif key == "privacy/mute_audio":
            self.window.set_mute_redacted(self.settings.mute_redacted_audio)
        elif key == "library/path" and self.settings.library_path != self.db_path:
            self.window.statusBar().showMessage(
                "The new library opens the next time Callscope starts.", 10000
            )
