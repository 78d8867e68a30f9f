"""The Coaching Clips screen: browse, filter by tag, play, delete and export clips.

Lives on the GUI thread; reads the clip list through `ClipsGateway` each
time the screen is shown (clips are added from Review). Exports run on a
pool thread (`ClipExportJob`) into a new folder with an index.html a
trainer can open offline or share.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.clips.clip_export import ExportResult
from app.ui import file_dialogs
from app.ui.clips.clip_detail import ClipDetail
from app.ui.clips.clip_export_job import ClipExportJob
from app.ui.clips.clip_table_model import (
    COL_AGENT,
    COL_CALL,
    COL_DATE,
    COL_LENGTH,
    COL_TAGS,
    COL_TITLE,
    ROW_ROLE,
    ClipFilterProxy,
    ClipTableModel,
)
from app.ui.clips.clips_gateway import ClipRow, ClipsGateway
from app.ui.store import Store
from app.ui.widgets.audio_player import AudioPlayer
from app.ui.widgets.empty_page import EmptyPage

log = logging.getLogger(__name__)

PAGE_EMPTY = 0
PAGE_CLIPS = 1
# (shown, format, tooltip): short names so the tool row fits a 1024-pixel window
FORMATS = (
    ("MP3", "mp3", "MP3: plays in every browser and player"),
    ("Opus", "opus", "Ogg Opus: smaller files, plays in modern browsers"),
)
ALL_TAGS = "All tags"


class ClipsView(QWidget):
    """The clip library. `reload()` re-reads it; `export_clips(rows, folder)` exports."""

    clips_changed = Signal()
    export_finished = Signal(object)  # ExportResult
    export_failed = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gateway = store.gateway(ClipsGateway)
        self.model = ClipTableModel(self)
        self.proxy = ClipFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.player = AudioPlayer(self)
        self.job: ClipExportJob | None = None
        self.last_export: ExportResult | None = None
        # replaced by tests: a folder chooser and a delete confirmation
        self.choose_folder: Callable[[], Path | None] = self._ask_folder
        self.confirm_delete: Callable[[list[ClipRow]], bool] = self._ask_delete
        self._build()
        self._connect()
        self.reload()

    # -- construction ----------------------------------------------------

    def _build(self) -> None:
        title = QLabel("Coaching clips")
        title.setObjectName("pageTitle")
        self.count_label = QLabel()
        self.count_label.setProperty("muted", True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, note, tag, agent…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.tag_combo = QComboBox()
        self.tag_combo.setMinimumContentsLength(10)
        self.tag_combo.setToolTip("Show only clips with this tag")
        self.format_combo = QComboBox()
        self.format_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for text, fmt, tip in FORMATS:
            self.format_combo.addItem(text, fmt)
            self.format_combo.setItemData(
                self.format_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole
            )
        self.format_combo.setToolTip(
            "Compressed audio written next to each WAV; MP3 plays in every browser"
        )
        self.format_combo.setMinimumWidth(self.format_combo.sizeHint().width())
        self.export_button = QPushButton("Export selected…")
        self.export_button.setProperty("primary", True)
        self.export_all_button = QPushButton("Export all shown…")
        self.play_button = QPushButton("▶  Play")
        self.delete_button = QPushButton("Delete")
        for button in (self.export_button, self.export_all_button, self.play_button):
            button.setMinimumWidth(button.sizeHint().width())  # 1024 px: never a cut label

        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignBottom)
        tools = QHBoxLayout()
        tools.addWidget(self.search, 2)
        tools.addWidget(self.tag_combo, 1)
        tools.addStretch(1)
        tools.addWidget(QLabel("Audio"))
        tools.addWidget(self.format_combo)
        tools.addWidget(self.export_button)
        tools.addWidget(self.export_all_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        head.setHighlightSections(False)
        widths = (
            (COL_TAGS, 110),
            (COL_AGENT, 84),
            (COL_DATE, 92),
            (COL_LENGTH, 64),
        )
        for column, width in widths:
            self.table.setColumnWidth(column, width)
        head.setMinimumSectionSize(48)
        # title and call share what is left, so a narrow window never squeezes the title away
        head.setSectionResizeMode(COL_CALL, QHeaderView.ResizeMode.Stretch)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

        self.detail = ClipDetail()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(8, 0, 0, 0)
        buttons.addWidget(self.play_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.detail, 1)
        side_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([780, 380])

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.progress.setMaximumWidth(240)
        self.status = QLabel()
        self.status.setProperty("muted", True)
        # Plain text: clip titles and paths are the user's text, never markup or links.
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.setVisible(False)
        self.open_folder_button.setToolTip("Show the exported clips in the file manager")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_folder_button)

        clips_page = QWidget()
        page_layout = QVBoxLayout(clips_page)
        page_layout.setContentsMargins(16, 10, 16, 8)
        page_layout.addLayout(header)
        page_layout.addLayout(tools)
        page_layout.addWidget(self.splitter, 1)
        page_layout.addLayout(bottom)
        self.empty_page = EmptyPage(
            "Coaching clips",
            "No clips yet. In Review, select sentences (or drag across the timeline) and "
            "press “Save clip…”. Clips you save appear here, ready to play and to export "
            "as a folder a trainer can share.",
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(clips_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _connect(self) -> None:
        self.search.textChanged.connect(self.on_search_text_changed)
        self.tag_combo.currentIndexChanged.connect(self.on_tag_combo_changed)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.play_selected())
        self.play_button.clicked.connect(self.on_play_button_clicked)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(lambda: self.export_rows(self.selected_rows()))
        self.export_all_button.clicked.connect(lambda: self.export_rows(self.shown_rows()))
        self.open_folder_button.clicked.connect(self.on_open_folder_clicked)
        self.player.playing_changed.connect(self.on_player_playing_changed)
        self.player.failed.connect(self.on_player_failed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.activated.connect(self.delete_selected)
        play = QShortcut(QKeySequence("Space"), self.table)
        play.activated.connect(self.on_play_button_clicked)

    # -- data ------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the clips; keeps the tag filter and search."""
        try:
            rows = self.gateway.rows()
        except Exception as exc:  # the store may be busy or broken: say so
            log.exception("listing clips failed")
            self.empty_page.text.setText(f"The clips could not be read: {exc}")
            self.pages.setCurrentIndex(PAGE_EMPTY)
            return
        self.gateway.forget_sentences()
        self.model.set_rows(rows)
        self._fill_tags()
        self.pages.setCurrentIndex(PAGE_CLIPS if rows else PAGE_EMPTY)
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)  # something to read and play straight away
        self._update_state()

    def _fill_tags(self) -> None:
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem(ALL_TAGS, None)
        for tag in self.model.tags():
            self.tag_combo.addItem(tag, tag)
        found = self.tag_combo.findData(current) if current else 0
        self.tag_combo.setCurrentIndex(max(0, found))
        self.tag_combo.blockSignals(False)
        self.proxy.set_tag(self.tag_combo.currentData())

    def selected_rows(self) -> list[ClipRow]:
        indexes = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(ROW_ROLE) for i in indexes if isinstance(i.data(ROW_ROLE), ClipRow)]

    def shown_rows(self) -> list[ClipRow]:
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in range(self.proxy.rowCount())]

    def select_tag(self, tag: str | None) -> None:
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(tag)) if tag else 0)

    def apply_theme(self) -> None:
        """The theme changed: redraw the selected clip's tag chips in its colours."""
        self._update_state()

    def _update_state(self) -> None:
        selected = self.selected_rows()
        shown = self.proxy.rowCount()
        total = self.model.rowCount()
        self.count_label.setText(
            f"{total} clip{'s' if total != 1 else ''}"
            + (f", {shown} shown" if shown != total else "")
        )
        busy = self.job is not None
        self.export_button.setEnabled(bool(selected) and not busy)
        self.export_all_button.setEnabled(shown > 0 and not busy)
        self.delete_button.setEnabled(bool(selected) and not busy)
        self.play_button.setEnabled(len(selected) == 1)
        if len(selected) == 1:
            self.detail.show_clip(selected[0], self._spec(selected[0]))
        else:
            self.detail.show_clip(None, None, len(selected))

    def _spec(self, row: ClipRow) -> Any:
        try:
            return self.gateway.spec(row)
        except Exception:  # the call may be gone: show the clip without its transcript
            log.exception("clip %s: call not readable", row.clip_id)
            return None

    # -- slots -----------------------------------------------------------

    def on_search_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_state()

    def on_tag_combo_changed(self, _index: int) -> None:
        self.proxy.set_tag(self.tag_combo.currentData())
        self._update_state()

    def on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.player.stop()
        self._update_state()

    def on_play_button_clicked(self) -> None:
        if self.player.is_playing():
            self.player.pause()
        else:
            self.play_selected()

    def play_selected(self) -> bool:
        rows = self.selected_rows()
        if len(rows) != 1:
            return False
        row = rows[0]
        loaded = self.player.path is not None and self.player.path == Path(row.source)
        if not loaded and not self.player.load(row.source):
            self.status.setText(self.player.error)
            return False
        self.player.set_muted_spans(self.gateway.muted_spans(row.call_id, 0.0, float("inf")))
        return self.player.play_range(row.start_s, row.end_s)  # no output: `failed` says so

    def on_player_playing_changed(self, playing: bool) -> None:
        self.play_button.setText("❚❚  Pause" if playing else "▶  Play")

    def delete_selected(self) -> int:
        rows = self.selected_rows()
        if not rows or not self.confirm_delete(rows):
            return 0
        self.player.stop()
        for row in rows:
            self.gateway.delete(row.clip_id)
        self.status.setText(f"Deleted {len(rows)} clip{'s' if len(rows) != 1 else ''}.")
        self.reload()
        self.clips_changed.emit()
        return len(rows)

    def _ask_delete(self, rows: list[ClipRow]) -> bool:
        what = f"“{rows[0].title}”" if len(rows) == 1 else f"{len(rows)} clips"
        answer = QMessageBox.question(
            self,
            "Delete clips?",
            f"Delete {what}? Exported folders are not touched.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- export ----------------------------------------------------------

    def _ask_folder(self) -> Path | None:
        return file_dialogs.existing_folder(self, "Export clips into which folder?", "clips")

    @staticmethod
    def export_folder(parent: Path, now: datetime | None = None) -> Path:
        """A new folder inside `parent`, so an export never mixes with other files."""
        stamp = (now or datetime.now()).strftime("%Y-%m-%d %H%M")
        candidate = parent / f"Callscope clips {stamp}"
        number = 2
        while candidate.exists():
            candidate = parent / f"Callscope clips {stamp} ({number})"
            number += 1
        return candidate

    def export_rows(self, rows: list[ClipRow], folder: Path | None = None) -> bool:
        """Start exporting `rows` (asks for a folder when none is given); False if not started."""
        if not rows or self.job is not None:
            return False
        parent = folder or self.choose_folder()
        if parent is None:
            return False
        target = self.export_folder(Path(parent))
        specs = [self.gateway.spec(row) for row in rows]
        fmt = str(self.format_combo.currentData())
        title = "Coaching clips" if len(rows) > 1 else rows[0].title
        self.job = ClipExportJob(specs, target, fmt, title)
        self.job.signals.progressed.connect(self.on_export_progressed)
        self.job.signals.finished.connect(self.on_export_finished)
        self.job.signals.failed.connect(self.on_export_failed)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(f"Exporting {len(rows)} clip{'s' if len(rows) != 1 else ''}…")
        self._update_state()
        self.job.start()
        return True

    def on_export_progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.status.setText(message)

    def on_export_finished(self, result: ExportResult) -> None:
        self.job = None
        self.last_export = result
        self.progress.setVisible(False)
        problems = f" {len(result.problems)} without audio." if result.problems else ""
        self.status.setText(f"Exported to {result.folder}.{problems} Open index.html to share.")
        self.open_folder_button.setVisible(True)
        self._update_state()
        self.export_finished.emit(result)

    def on_export_failed(self, message: str) -> None:
        self.job = None
        self.progress.setVisible(False)
        self.status.setText(f"Export failed: {message}")
        self._update_state()
        self.export_failed.emit(message)

    def on_open_folder_clicked(self) -> None:
        """Only ever the folder this screen just exported into."""
        if self.last_export is not None and self.last_export.folder.is_dir():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_export.folder)))

    def on_player_failed(self, message: str) -> None:
        self.status.setText(message)
        self.on_player_playing_changed(False)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override: clips come from Review
        self.reload()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:  # Qt override
        self.player.stop()
        super().hideEvent(event)
