"""The Import screen: pick or drop recordings, choose options, watch the queue.

Lives on the GUI thread and only talks to the `ImportQueue`; the queue's
worker process does the transcription. Per-file errors stay visible in the
queue while the rest of it goes on.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.import_item import (
    AUDIO_SUFFIXES,
    CANCELED,
    FAILED,
    QUEUED,
    ImportItem,
    nothing_added_reason,
    queue_summary,
)
from app.ui.import_queue import ImportQueue
from app.ui.import_queue_model import (
    COL_DETAILS,
    COL_FILE,
    COL_PROGRESS,
    COL_STATUS,
    PROGRESS_ROLE,
    ROW_ROLE,
    ImportQueueModel,
)
from app.ui.progress_delegate import ProgressDelegate
from app.ui.settings import AGENT_CHANNELS, Settings
from app.ui.speech_models import installed_speech_models, speech_model_problem
from app.ui.style.icons import Icons
from app.ui.style.theme import Theme

FILE_FILTER = "Audio and video (" + " ".join(f"*{s}" for s in sorted(AUDIO_SUFFIXES)) + ")"


class ImportView(QWidget):
    """Add files/folders, choose agent channel and model, follow and cancel the queue."""

    files_chosen = Signal(list)  # paths the user added (for the status bar)

    def __init__(
        self, queue: ImportQueue, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.settings = settings
        self.model = ImportQueueModel(queue, self)
        self.setAcceptDrops(True)
        self._build_ui()
        self.apply_theme()
        queue.progressed.connect(self.on_queue_progressed)
        queue.running_changed.connect(self.on_queue_running_changed)
        queue.worker_failed.connect(self.on_queue_worker_failed)
        settings.changed.connect(self.on_settings_changed)
        self.on_queue_progressed(*queue.overall_progress())

    # -- construction ----------------------------------------------------

    def _build_ui(self) -> None:
        title = QLabel("Import calls")
        title.setObjectName("pageTitle")
        subtitle = QLabel(
            "Recordings are transcribed and analysed on this computer, one after another. "
            "You can keep working meanwhile; finished calls appear in the Library."
        )
        subtitle.setObjectName("muted")
        subtitle.setWordWrap(True)

        # drop zone with the two add buttons
        self.drop_zone = QFrame()
        self.drop_zone.setObjectName("dropZone")
        drop_label = QLabel("Drop audio files or folders here")
        drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop_hint = QLabel("WAV, MP3, M4A, Ogg/Opus, FLAC and most video files; stereo works best")
        drop_hint.setObjectName("muted")
        drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.add_files_button = QPushButton("Add files…")
        Icons.set_icon(self.add_files_button, "file@accent_text")
        self.add_files_button.setProperty("primary", True)
        self.add_files_button.clicked.connect(self.on_add_files_clicked)
        self.add_folder_button = QPushButton("Add folder…")
        Icons.set_icon(self.add_folder_button, "folder")
        self.add_folder_button.clicked.connect(self.on_add_folder_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.add_folder_button)
        buttons.addStretch(1)
        drop_layout = QVBoxLayout(self.drop_zone)
        drop_layout.setContentsMargins(16, 14, 16, 14)
        drop_layout.addWidget(drop_label)
        drop_layout.addWidget(drop_hint)
        drop_layout.addSpacing(6)
        drop_layout.addLayout(buttons)

        # options
        options = QFrame()
        options.setObjectName("card")
        self.channel_combo = QComboBox()
        for channel in AGENT_CHANNELS:
            self.channel_combo.addItem(f"{channel.capitalize()} channel", channel)
        self.channel_combo.setToolTip(
            "Which side of a stereo recording is the agent. Mono files are split by voice."
        )
        self.model_combo = QComboBox()
        self.model_combo.setEditable(True)
        self.model_combo.setToolTip(
            "Whisper models installed on this computer (tiny.en ships with Callscope), "
            "or a checkpoint file path"
        )
        for name in installed_speech_models():
            self.model_combo.addItem(name)
        self.show_defaults()
        form = QFormLayout(options)
        form.setContentsMargins(14, 10, 14, 10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("Agent is on the", self.channel_combo)
        form.addRow("Speech model", self.model_combo)

        top = QHBoxLayout()
        top.addWidget(self.drop_zone, 3)
        top.addWidget(options, 2)

        # queue
        queue_title = QLabel("Queue")
        queue_title.setStyleSheet("font-weight: 600;")
        self.overall_label = QLabel("")
        self.overall_label.setObjectName("muted")
        self.overall_bar = QProgressBar()
        self.overall_bar.setRange(0, 1000)
        self.overall_bar.setTextVisible(False)
        self.overall_bar.setMaximumHeight(12)

        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            COL_PROGRESS, ProgressDelegate(PROGRESS_ROLE, self.table)
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_DETAILS, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_FILE, 280)
        self.table.setColumnWidth(COL_STATUS, 130)
        self.table.setColumnWidth(COL_PROGRESS, 170)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)

        self.cancel_button = QPushButton("Cancel selected")

        Icons.set_icon(self.cancel_button, "cancel")
        self.cancel_button.clicked.connect(self.on_cancel_selected_clicked)
        self.cancel_all_button = QPushButton("Cancel all")
        self.cancel_all_button.clicked.connect(self.on_cancel_all_clicked)
        self.retry_button = QPushButton("Retry selected")
        self.retry_button.clicked.connect(self.on_retry_selected_clicked)
        # a queue left waiting (not resumed at start, or the worker stopped) restarts here
        self.start_button = QPushButton("Start importing")
        self.start_button.setProperty("primary", True)
        self.start_button.setToolTip("Import the waiting files now")
        self.start_button.clicked.connect(self.queue.start)
        self.start_button.setVisible(False)
        self.clear_button = QPushButton("Clear finished")
        self.clear_button.clicked.connect(self.queue.clear_finished)
        self.error_label = QLabel("")
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)

        queue_header = QHBoxLayout()
        queue_header.addWidget(queue_title)
        queue_header.addWidget(self.overall_label, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.cancel_all_button)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.start_button)
        actions.addStretch(1)
        actions.addWidget(self.clear_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(top)
        layout.addSpacing(4)
        layout.addLayout(queue_header)
        layout.addWidget(self.overall_bar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self._update_buttons()

    def apply_theme(self) -> None:
        colours = Theme.current()
        self.model.set_colours(colours.error, colours.muted_text)

    def show_defaults(self) -> None:
        self.channel_combo.setCurrentIndex(
            max(0, self.channel_combo.findData(self.settings.agent_channel))
        )
        self.model_combo.setCurrentText(self.settings.asr_model)

    # -- options ---------------------------------------------------------

    def agent_channel(self) -> str:
        return str(self.channel_combo.currentData())

    def asr_model(self) -> str:
        return self.model_combo.currentText().strip() or self.settings.asr_model

    def add_paths(self, paths: list[str]) -> int:
        """Queue files/folders with the options shown; returns how many files were added."""
        problem = speech_model_problem(self.asr_model())
        if problem is not None:  # every file would fail "not available offline": say it once
            self.error_label.setText(problem)
            self.error_label.setVisible(True)
            return 0
        waiting = {item.path for item in self.queue.items() if not item.is_finished}
        added = self.queue.add_paths(paths, self.agent_channel(), self.asr_model())
        if added:
            self.error_label.setVisible(False)
            self.files_chosen.emit([item.path for item in added])
        else:  # a folder without audio, a file already queued: say so
            self.error_label.setText(nothing_added_reason([str(p) for p in paths], waiting))
            self.error_label.setVisible(True)
        return len(added)

    # -- slots -----------------------------------------------------------

    def _start_dir(self) -> str:
        """The folder of the last import if it still exists, else the home folder."""
        last = Path(self.settings.last_import_dir or Path.home())
        return str(last if last.is_absolute() and last.is_dir() else Path.home())

    def on_add_files_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import calls", self._start_dir(), FILE_FILTER
        )
        if files:
            self.settings.last_import_dir = str(Path(files[0]).parent)
            self.add_paths(files)

    def on_add_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Import a folder of calls", self._start_dir()
        )
        if folder:
            self.settings.last_import_dir = folder
            self.add_paths([folder])

    def on_cancel_selected_clicked(self) -> None:
        for item in self._selected_items():
            self.queue.cancel_item(item.item_id)

    def on_cancel_all_clicked(self) -> None:
        self.queue.cancel_all()

    def on_retry_selected_clicked(self) -> None:
        """Retry with the speech model chosen now (the one that failed may be the reason)."""
        model = self.asr_model()
        problem = speech_model_problem(model)
        if problem is not None:
            self.error_label.setText(problem)
            self.error_label.setVisible(True)
            return
        for item in self._selected_items():
            self.queue.retry_item(item.item_id, asr_model=model)

    def on_selection_changed(self, *_args: object) -> None:
        self._update_buttons()

    def on_queue_progressed(self, fraction: float, finished: int, total: int) -> None:
        self.overall_bar.setValue(round(fraction * 1000))
        canceled = sum(1 for item in self.queue.items() if item.status == CANCELED)
        if not total and not canceled:
            self.overall_label.setText("Nothing queued yet.")
        elif not self.queue.pending_count():  # all ended: the status bar's words, the same counts
            self.overall_label.setText(queue_summary(self.queue.items()))
        else:  # a cancelled file is not one of the files to import: "4 of 5, 1 canceled"
            failed = sum(1 for item in self.queue.items() if item.status == FAILED)
            text = f"{finished} of {total} finished"
            if failed:
                text += f", {failed} failed"
            if canceled:
                text += f", {canceled} canceled"
            self.overall_label.setText(text)
        self._update_buttons()

    def on_queue_running_changed(self, _running: bool) -> None:
        self._update_buttons()

    def on_queue_worker_failed(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def on_settings_changed(self, key: str) -> None:
        if key in ("import/asr_model", "import/agent_channel"):
            self.show_defaults()

    def _selected_items(self) -> list[ImportItem]:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection else []
        return [index.data(ROW_ROLE) for index in rows]

    def _update_buttons(self) -> None:
        selected = self._selected_items()
        self.cancel_button.setEnabled(any(not item.is_finished for item in selected))
        self.retry_button.setEnabled(any(item.status in (FAILED, CANCELED) for item in selected))
        self.cancel_all_button.setEnabled(self.queue.pending_count() > 0)
        waiting = any(item.status == QUEUED for item in self.queue.items())
        self.start_button.setVisible(waiting and not self.queue.is_running)
        self.clear_button.setEnabled(any(item.is_finished for item in self.queue.items()))

    # -- drag and drop (Qt overrides) -------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            self._set_drag_active(True)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drag_active(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drag_active(False)
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    def _set_drag_active(self, active: bool) -> None:
        self.drop_zone.setProperty("dragActive", active)
        self.drop_zone.style().unpolish(self.drop_zone)
        self.drop_zone.style().polish(self.drop_zone)
