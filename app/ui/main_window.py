"""The main window: sidebar navigation, the five screens, menus and the status bar.

Lives on the GUI thread. Everything it shows is handed in by
`app/ui/application.py`; it builds no store, runner or queue itself. Every
screen reaches the library through the one `Store` it is handed. The
Review, Clips and Reports screens are built the first time they are shown.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.import_item import queue_summary
from app.ui.import_queue import ImportQueue
from app.ui.import_view import FILE_FILTER, ImportView
from app.ui.library.library_view import LibraryView
from app.ui.settings import THEMES, Settings
from app.ui.store import Store
from app.ui.style.icons import Icons

log = logging.getLogger(__name__)

PAGE_LIBRARY = 0
PAGE_IMPORT = 1
PAGE_REVIEW = 2
PAGE_CLIPS = 3
PAGE_REPORTS = 4

# (label, icon, package, class) for the screens built on first use
LAZY_PAGES: dict[int, tuple[str, str, str, str]] = {
    PAGE_REVIEW: ("Review", "review", "app.ui.review", "CallReviewView"),
    PAGE_CLIPS: ("Clips", "clips", "app.ui.clips", "ClipsView"),
    PAGE_REPORTS: ("Reports", "reports", "app.ui.reports", "ReportsView"),
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def load_view_class(package: str, class_name: str) -> type[QWidget]:
    """`package.ClassName`, or `package.class_name.ClassName` (one class per file)."""
    errors: list[str] = []
    for module_name in (package, f"{package}.{_snake(class_name)}"):
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            errors.append(str(exc))
            continue
        view_class = getattr(module, class_name, None)
        if isinstance(view_class, type):
            return view_class
    raise ImportError(f"{package}.{class_name} is not available: " + "; ".join(errors))


def app_version() -> str:
    """The installed Callscope's version (pyproject.toml), or a word saying it is unknown."""
    try:
        return version("callscope")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def about_text() -> str:
    return (
        f"<b>Callscope</b> {app_version()}<br>Offline quality review for recorded "
        "customer-service calls.<br><br>Calls are transcribed and analysed on this computer; "
        "nothing leaves it unless you export it."
    )


def quit_question(pending: int) -> str:
    if not pending:
        return "Every import has finished."
    noun = "call is" if pending == 1 else "calls are"
    return f"{pending} {noun} still waiting to be imported."


class PlaceholderPage(QWidget):
    """Stands in for a screen that could not be built; says why."""

    def __init__(self, title: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        text = QLabel(reason)
        text.setObjectName("muted")
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    """Sidebar + stacked screens; asks before quitting with imports in flight."""

    page_changed = Signal(int)
    demo_requested = Signal()
    settings_requested = Signal()
    theme_chosen = Signal(str)

    def __init__(
        self,
        settings: Settings,
        store: Store,
        import_queue: ImportQueue,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.store = store
        self.import_queue = import_queue
        self.lazy_pages: dict[int, QWidget] = {}
        self.ask_quit_with_imports: Callable[[int], bool] = self._ask_quit_with_imports
        self.open_quit_prompt: QMessageBox | None = None

        self.setWindowTitle("Callscope")
        self.setWindowIcon(Icons.get("app"))
        self.setMinimumSize(QSize(960, 560))  # fits a 1024x600 screen with its panel

        self.library_view = LibraryView(store)
        self.library_view.set_talk_ratio_warning(settings.talk_ratio_warning)
        self.import_view = ImportView(import_queue, settings)
        self._build_pages()
        self._build_menus()
        self._build_status_bar()

        self.library_view.call_opened.connect(self.open_call)
        self.library_view.hit_opened.connect(self.open_call_at)
        self.library_view.import_requested.connect(self.on_import_files_triggered)
        self.library_view.demo_requested.connect(self.demo_requested)
        import_queue.call_imported.connect(self.library_view.refresh_call)
        import_queue.progressed.connect(self.on_import_progressed)
        import_queue.item_changed.connect(self.on_import_item_changed)
        import_queue.queue_finished.connect(self.on_import_queue_finished)
        import_queue.worker_failed.connect(self.on_import_worker_failed)
        import_queue.running_changed.connect(self.on_import_item_changed)
        settings.changed.connect(self.on_settings_changed)

    # -- construction ----------------------------------------------------

    def _build_pages(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(168)
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pages = QStackedWidget()
        entries = [
            ("Library", "library", self.library_view),
            ("Import", "import", self.import_view),
        ]
        for index in sorted(LAZY_PAGES):
            label, icon, _package, _class = LAZY_PAGES[index]
            entries.append((label, icon, QWidget()))  # filled on first show
        for label, icon, widget in entries:
            item = QListWidgetItem(Icons.get(icon), label)
            item.setData(Qt.ItemDataRole.UserRole, icon)
            item.setSizeHint(QSize(150, 40))
            self.sidebar.addItem(item)
            self.pages.addWidget(widget)
        self.sidebar.currentRowChanged.connect(self.on_sidebar_row_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.sidebar.setCurrentRow(PAGE_LIBRARY)
        self.library_view.table.setFocus()

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | str | None = None,
        icon: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon:
            Icons.set_icon(action, icon)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        self.import_files_action = self._action(
            "&Import files…", self.on_import_files_triggered, "Ctrl+O", "file"
        )
        self.import_folder_action = self._action(
            "Import &folder…", self.on_import_folder_triggered, "Ctrl+Shift+O", "folder"
        )
        self.demo_action = self._action("Load &demo calls", self.demo_requested.emit, None, "demo")
        self.settings_action = self._action(
            "&Settings…", self.settings_requested.emit, "Ctrl+,", "settings"
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        for action in (self.import_files_action, self.import_folder_action, self.demo_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = menu_bar.addMenu("&Edit")
        self.find_action = self._action("&Search transcripts…", self.on_find_triggered, "Ctrl+F")
        edit_menu.addAction(self.find_action)
        self.retrain_action = self._action("&Retrain from corrections…", self.on_retrain_triggered)
        edit_menu.addAction(self.retrain_action)

        view_menu = menu_bar.addMenu("&View")
        self.page_actions: list[QAction] = []
        for row in range(self.sidebar.count()):
            label = self.sidebar.item(row).text()
            action = self._action(label, partial(self.show_page, row), f"Ctrl+{row + 1}")
            view_menu.addAction(action)
            self.page_actions.append(action)
        view_menu.addSeparator()
        # A team library changes under you: F5 re-reads the screen (a colleague's corrections).
        self.reload_action = self._action("&Reload", self.reload_page, "F5")
        view_menu.addAction(self.reload_action)
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Colours")
        self.theme_group = QActionGroup(self)
        for theme in THEMES:
            text = "Follow the system" if theme == "system" else theme.title()
            action = theme_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(theme == self.settings.theme)
            action.setData(theme)
            self.theme_group.addAction(action)
        self.theme_group.triggered.connect(self.on_theme_action_triggered)

        help_menu = menu_bar.addMenu("&Help")
        about = help_menu.addAction("&About Callscope")
        about.triggered.connect(self.on_about_triggered)

    def on_retrain_triggered(self) -> None:
        """Learn from the supervisors' label corrections (models/classifier/corrections.py)."""
        from app.ui.retrain import RetrainRunner, status_bar_lines

        if getattr(self, "retrainer", None) is None:
            lines = status_bar_lines(self.statusBar())
            self.retrainer = RetrainRunner(self, self.store.path, lines)
        if self.retrainer.start():
            self.statusBar().showMessage(
                "Retraining the classifier from corrections (three models, about ten minutes; "
                "you can keep working, the result shows when it ends)…",
                15000,
            )
        else:
            self.statusBar().showMessage("A retrain is already running.", 8000)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.job_label = QLabel("")
        self.job_progress = QProgressBar()
        self.job_progress.setRange(0, 1000)
        self.job_progress.setFixedWidth(180)
        self.job_progress.setTextVisible(False)
        self.job_progress.setVisible(False)
        bar.addPermanentWidget(self.job_label)
        bar.addPermanentWidget(self.job_progress)
        self.on_import_progressed(*self.import_queue.overall_progress())

    def refresh_icons(self) -> None:
        """Re-tint icons after a theme change."""
        Icons.refresh(self)
        for row in range(self.sidebar.count()):
            item = self.sidebar.item(row)
            item.setIcon(Icons.get(str(item.data(Qt.ItemDataRole.UserRole))))

    def apply_theme(self) -> None:
        """Recolour every built screen now (charts, badges, chips), not when next shown."""
        self.refresh_icons()
        for page in (self.library_view, self.import_view, *self.lazy_pages.values()):
            apply = getattr(page, "apply_theme", None)
            if callable(apply):
                apply()

    # -- navigation ------------------------------------------------------

    def show_page(self, index: int) -> QWidget:
        self.sidebar.setCurrentRow(index)
        return self.page_widget(index)

    def current_page(self) -> int:
        return self.pages.currentIndex()

    def page_widget(self, index: int) -> QWidget:
        """The screen at `index`, building a lazy one if it was not shown yet."""
        if index in LAZY_PAGES and index not in self.lazy_pages:
            self._build_lazy_page(index)
        widget = self.pages.widget(index)
        if widget is None:
            raise IndexError(f"no page {index}")
        return widget

    def _build_lazy_page(self, index: int) -> None:
        label, _icon, package, class_name = LAZY_PAGES[index]
        try:
            view_class = load_view_class(package, class_name)
            factory: Any = view_class
            widget: QWidget = factory(self.store, self)
        except Exception as exc:  # a colleague's screen failing must not take the app down
            log.exception("could not build the %s screen", label)
            widget = PlaceholderPage(label, f"This screen could not be opened: {exc}")
        old = self.pages.widget(index)
        if old is not None:
            self.pages.removeWidget(old)
            old.deleteLater()
        self.pages.insertWidget(index, widget)
        self.lazy_pages[index] = widget
        self.set_mute_redacted(self.settings.mute_redacted_audio)
        # a review edit (label, status, score) changes the call's row in the library
        call_changed = getattr(widget, "call_changed", None)
        if call_changed is not None and hasattr(call_changed, "connect"):
            call_changed.connect(self.library_view.refresh_call)

    def on_sidebar_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.page_widget(row)
        self.pages.setCurrentIndex(row)
        self.page_changed.emit(row)

    def reload_page(self) -> None:
        """Re-read the current screen from the library (View > Reload, F5)."""
        reload = getattr(self.pages.currentWidget(), "reload", None)
        if callable(reload):
            reload()

    def open_call(self, call_id: int) -> None:
        """Show one call in the Review screen."""
        review = self.page_widget(PAGE_REVIEW)
        show_call = getattr(review, "show_call", None)
        if callable(show_call):
            show_call(call_id)
        self.show_page(PAGE_REVIEW)

    def open_call_at(self, call_id: int, sentence_id: int) -> None:
        """Show one call in Review with a sentence selected (a search hit)."""
        self.open_call(call_id)
        review = self.page_widget(PAGE_REVIEW)
        jump = getattr(review, "jump_to_sentence", None)
        if callable(jump) and getattr(review, "call_id", None) == call_id:
            jump(sentence_id)

    # -- menu slots ------------------------------------------------------

    def _import_start_dir(self) -> str:
        """The folder of the last import, if it still exists; else the home folder."""
        last = Path(self.settings.last_import_dir or Path.home())
        return str(last if last.is_absolute() and last.is_dir() else Path.home())

    def on_import_files_triggered(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import calls", self._import_start_dir(), FILE_FILTER
        )
        if files:
            self.settings.last_import_dir = files[0].rsplit("/", 1)[0]
            self.import_view.add_paths(files)
            self.show_page(PAGE_IMPORT)

    def on_import_folder_triggered(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Import a folder of calls", self._import_start_dir()
        )
        if folder:
            self.settings.last_import_dir = folder
            self.import_view.add_paths([folder])
            self.show_page(PAGE_IMPORT)

    def on_find_triggered(self) -> None:
        self.show_page(PAGE_LIBRARY)
        self.library_view.focus_search()

    def on_theme_action_triggered(self, action: QAction) -> None:
        self.theme_chosen.emit(str(action.data()))

    def on_about_triggered(self) -> None:
        QMessageBox.about(self, "About Callscope", about_text())

    def set_mute_redacted(self, mute: bool) -> None:
        """Players on every built screen skip (mute) redacted words, or not (issue 15)."""
        for page in self.lazy_pages.values():
            player = getattr(page, "player", None)
            if player is not None and hasattr(player, "mute_redacted"):
                player.mute_redacted = mute

    def on_settings_changed(self, key: str) -> None:
        if key == "analysis/talk_ratio_warning":
            self.library_view.set_talk_ratio_warning(self.settings.talk_ratio_warning)
        if key == "ui/theme":
            for action in self.theme_group.actions():
                action.setChecked(action.data() == self.settings.theme)

    # -- import progress in the status bar --------------------------------

    def on_import_progressed(self, fraction: float, finished: int, total: int) -> None:
        pending = self.import_queue.pending_count()
        if self.open_quit_prompt is not None:  # imports go on while the question is open
            self.open_quit_prompt.setText(quit_question(pending))
        busy = pending > 0 and self.import_queue.is_running
        self.job_progress.setVisible(busy)
        self.job_progress.setValue(round(fraction * 1000))
        if busy:
            running = [item for item in self.import_queue.items() if item.status == "running"]
            current = f": {running[0].name}" if running else ""
            self.job_label.setText(f"Importing {finished + 1} of {total}{current}")
        elif pending:  # stopped (not resumed at start, or the worker could not start)
            noun = "file waits" if pending == 1 else "files wait"
            self.job_label.setText(f"{pending} {noun} to be imported (see Import)")
        elif self.import_queue.items():  # done, failed, canceled and skipped told apart
            self.job_label.setText(queue_summary(self.import_queue.items()))
        else:
            self.job_label.setText("")

    def on_import_item_changed(self, _item: object) -> None:
        self.on_import_progressed(*self.import_queue.overall_progress())

    def on_import_queue_finished(self) -> None:
        self.statusBar().showMessage("Import queue finished.", 8000)

    def on_import_worker_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)

    # -- closing ---------------------------------------------------------

    def _ask_quit_with_imports(self, pending: int) -> bool:
        box = self.quit_prompt(pending)
        try:
            box.exec()
        finally:
            self.open_quit_prompt = None
        return box.clickedButton() is box.property("quit_button")

    def quit_prompt(self, pending: int) -> QMessageBox:
        """The question asked before quitting mid-import; its count follows the queue."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Quit Callscope?")
        box.setText(quit_question(pending))
        box.setInformativeText(
            "If you quit now, the import stops and picks up where it left off the next "
            "time you open Callscope. Calls already imported are kept."
        )
        box.setProperty("quit_button", box.addButton("Quit now", QMessageBox.ButtonRole.AcceptRole))
        box.addButton("Keep importing", QMessageBox.ButtonRole.RejectRole)
        self.open_quit_prompt = box
        return box

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        pending = self.import_queue.pending_count()
        if pending and self.import_queue.is_running and not self.ask_quit_with_imports(pending):
            event.ignore()
            return
        self.import_queue.shutdown()
        retrainer = getattr(self, "retrainer", None)
        if retrainer is not None:
            retrainer.stop()  # no half-written model: weights switch only when it finishes
        self.settings.window_geometry = bytes(self.saveGeometry().data())
        event.accept()
