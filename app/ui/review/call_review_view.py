"""The Review screen: one call's transcript, labels, patterns, audio, corrections and verdict.

Lives on the GUI thread and talks to the store through `ReviewGateway`, each
of whose methods runs on the store's thread and is waited for (each
correction is one small write; `app/ui/store.py`). Opening a call
fills one list model (no widget per sentence); the waveform is computed on a
pool thread and drawn when ready. Corrections, pattern marks and the verdict
are `ReviewEditing`'s (review_editing.py: a QUndoStack, Ctrl+Z);
`call_changed(call_id)` tells the library list to refresh after anything the
supervisor changed.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.clips.clip_dialog import ClipDialog
from app.ui.review.review_clip_maker import ReviewClipMaker, clip_range
from app.ui.review.review_data import (
    ReviewData,
)
from app.ui.review.review_editing import ReviewEditing
from app.ui.review.review_gateway import ReviewGateway
from app.ui.review.review_header import ReviewHeader
from app.ui.review.review_side_panel import REVIEW_STYLE, ReviewSidePanel
from app.ui.review.speaker_roles import SpeakerRoles
from app.ui.review.transcript_menu import build_transcript_menu
from app.ui.review.transcript_model import TranscriptModel
from app.ui.review.transcript_pane import TranscriptPane
from app.ui.store import Store
from app.ui.widgets.audio_player import AudioPlayer
from app.ui.widgets.empty_page import EmptyPage
from app.ui.widgets.peaks_loader import PeaksLoader
from app.ui.widgets.player_bar import PlayerBar
from app.ui.widgets.screen_shortcuts import install_shortcuts
from app.ui.widgets.timeline_widget import TimelineMark, clock
from kernel.domain import AGENT, CUSTOMER

log = logging.getLogger(__name__)

PAGE_EMPTY = 0
PAGE_CALL = 1
SKIP_S = 5.0


class CallReviewView(ReviewEditing, QWidget):
    """Review one call; `show_call(call_id)` opens it."""

    call_changed = Signal(int)
    clip_saved = Signal(int)  # clip id
    call_loaded = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gateway = store.gateway(ReviewGateway)
        self.roles = SpeakerRoles(store.path, self)
        self.clip_maker = ReviewClipMaker(self.gateway)
        self.data: ReviewData | None = None
        self.call_id: int | None = None
        self.undo_stack = QUndoStack(self)
        self.player = AudioPlayer(self)
        self.peaks_loader = PeaksLoader(self)
        self.model = TranscriptModel(self)
        self._evidence_rows: list[int] = []
        self._build()
        self._connect()
        self._build_shortcuts()

    # -- construction ----------------------------------------------------

    def _build(self) -> None:
        self.header = ReviewHeader()
        self.clip_button = QPushButton("Save clip…")
        self.clip_button.setToolTip(
            "Save the selected sentences, or the stretch dragged on the timeline, as a "
            "coaching clip"
        )
        self.clip_button.setEnabled(False)
        # always in sight: on a 768-pixel screen the review form is below the patterns
        self.reviewed_button = QPushButton("Mark reviewed")
        self.reviewed_button.setToolTip("Mark this call reviewed (Ctrl+Enter)")
        self.banner = QLabel()
        self.banner.setObjectName("errorText")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.roles_bar = self.roles.bar
        self.status_line = QLabel()
        self.status_line.setProperty("muted", True)
        self.player_bar = PlayerBar(self.player)
        self.timeline = self.player_bar.timeline

        self.pane = TranscriptPane()
        self.transcript = self.pane.transcript
        self.transcript.setModel(self.model)
        self.label_editor = self.pane.label_editor
        self.undo_button, self.redo_button = self.pane.undo_button, self.pane.redo_button
        self.selection_label = self.pane.selection_label
        self.side = ReviewSidePanel()
        self.pattern_panel = self.side.pattern_panel
        self.review_panel = self.side.review_panel
        self.legend = self.side.legend

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.pane)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([760, 360])

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.header, 1)
        top.addWidget(self.clip_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.reviewed_button, 0, Qt.AlignmentFlag.AlignVCenter)
        call_page = QWidget()
        call_layout = QVBoxLayout(call_page)
        call_layout.setContentsMargins(16, 10, 8, 8)
        call_layout.setSpacing(6)
        call_layout.addLayout(top)
        call_layout.addWidget(self.banner)
        call_layout.addWidget(self.roles_bar)
        call_layout.addWidget(self.player_bar)
        call_layout.addWidget(self.splitter, 1)
        call_layout.addWidget(self.status_line)

        self.empty_page = EmptyPage(
            "Review",
            "Open a call from the Library (double-click it) to review its transcript, labels "
            "and patterns.",
        )
        self.empty_text = self.empty_page.text
        self.setStyleSheet(REVIEW_STYLE)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(call_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _connect(self) -> None:
        self.transcript.clicked.connect(self.on_transcript_clicked)
        self.transcript.doubleClicked.connect(self.on_transcript_double_clicked)
        self.transcript.customContextMenuRequested.connect(self.on_transcript_context_menu)
        self.transcript.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.label_editor.label_chosen.connect(self.correct_label)
        self.label_editor.reset_requested.connect(self.reset_label)
        self.pattern_panel.mark_toggled.connect(self.on_pattern_mark_toggled)
        self.pattern_panel.confirm_toggled.connect(self.on_pattern_confirm_toggled)
        self.pattern_panel.evidence_clicked.connect(self.jump_to_sentence)
        self.review_panel.review_edited.connect(self.on_review_edited)
        self.review_panel.reviewed_toggled.connect(self.on_reviewed_toggled)
        self.player_bar.play_toggled.connect(self.player.toggle)
        self.player_bar.skip_requested.connect(self.skip)
        self.player.position_changed.connect(self.on_player_position_changed)
        self.player.failed.connect(self.on_player_failed)
        self.timeline.seek_requested.connect(self.seek)
        self.timeline.mark_clicked.connect(self.jump_to_sentence)
        self.timeline.range_selected.connect(self.on_timeline_range_selected)
        self.timeline.range_cleared.connect(self.update_selection_state)
        self.peaks_loader.peaks_loaded.connect(self.on_peaks_loaded)
        self.peaks_loader.peaks_failed.connect(self.on_peaks_failed)
        self.roles.changed.connect(self.on_roles_changed)
        self.roles.message.connect(self.status_line.setText)
        self.clip_button.clicked.connect(self.save_clip)
        self.reviewed_button.clicked.connect(self.toggle_reviewed)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(self.on_undo_text_changed)
        self.undo_stack.redoTextChanged.connect(self.on_redo_text_changed)

    def _build_shortcuts(self) -> None:
        bindings: list[tuple[str, Any]] = [
            ("Space", self.player.toggle),
            ("Left", lambda: self.skip(-SKIP_S)),
            ("Right", lambda: self.skip(SKIP_S)),
            ("J", lambda: self.jump_evidence(+1)),
            ("K", lambda: self.jump_evidence(-1)),
            ("Ctrl+Z", self.undo),
            ("Ctrl+Shift+Z", self.redo),
            ("Ctrl+Y", self.redo),
            ("Ctrl+Return", self.toggle_reviewed),
            ("Ctrl+Enter", self.toggle_reviewed),
        ]
        self.shortcuts = install_shortcuts(self, bindings)

    # -- opening a call --------------------------------------------------

    def show_call(self, call_id: int) -> bool:
        """Open a call for review; False (and a message) when it cannot be loaded."""
        self.review_panel.flush()
        try:
            data = self.gateway.load(call_id)
        except LookupError as exc:
            self._show_empty(str(exc))
            return False
        self.undo_stack.clear()
        if call_id != self.call_id:  # another call: its side panel starts at the top
            self.side.verticalScrollBar().setValue(0)
        self.call_id = call_id
        self.data = data
        self.pages.setCurrentIndex(PAGE_CALL)
        self.header.show_call(data)
        self.transcript.transcript_delegate.clear_cache()  # heights are per sentence id
        self.model.set_rows(data.rows())
        self.transcript.relayout()
        self._refresh_side(data)
        self.review_panel.show_review(data.review_status, data.score, data.notes)
        self.roles.show_for(call_id, data.voice_unassigned())
        self._show_review_button(data.review_status)
        self.timeline.set_call(
            data.duration_s,
            data.speech_spans(AGENT),
            data.speech_spans(CUSTOMER),
            self._marks(data),
            data.agent_channel(),
        )
        self._load_audio(data)
        # skip-silence jumps over the gaps between anyone's sentences
        self.player.set_speech(data.speech_spans(AGENT) + data.speech_spans(CUSTOMER))
        self.status_line.setText("")
        self.update_selection_state()
        self.transcript.setFocus()
        self.call_loaded.emit(call_id)
        return True

    def _show_empty(self, message: str) -> None:
        self.call_id = None
        self.data = None
        self.player.unload()
        self.peaks_loader.cancel()
        self.empty_text.setText(message)
        self.pages.setCurrentIndex(PAGE_EMPTY)

    def _load_audio(self, data: ReviewData) -> None:
        available = self.player.load(data.source)
        self.player.set_muted_spans(self.gateway.muted_spans(data.call_id))
        self.player_bar.set_audio_available(available)
        self.player_bar.on_player_position_changed(0.0)
        messages = []
        if not data.analysed:
            messages.append(not_analysed_message(data))
        if available:
            self.timeline.set_message("Drawing the waveform…")
            self.peaks_loader.request(data.source)
        else:
            self.peaks_loader.cancel()
            self.timeline.set_message("No audio")
            messages.append(
                f"{self.player.error} You can still read, correct and review the transcript; "
                "playback and clips need the audio."
            )
        self.banner.setText(" ".join(messages))
        self.banner.setVisible(bool(messages))

    @staticmethod
    def _marks(data: ReviewData) -> list[TimelineMark]:
        return [TimelineMark(*point) for point in data.mark_points()]

    def _refresh_side(self, data: ReviewData) -> None:
        self.pattern_panel.show_patterns(
            data.patterns, data.pattern_marks, data.sentences, data.analysed
        )
        rows = (self.model.row_of_sentence(sid) for sid in data.evidence_ids())
        self._evidence_rows = sorted(row for row in rows if row >= 0)
        self.header.show_badges(data.verdict_with_marks(), data.review_status, data.analysed)

    def on_roles_changed(self, call_id: int) -> None:
        """The call was analysed again with new speaker roles (speaker_roles.py)."""
        if call_id == self.call_id:
            self.show_call(call_id)
        self.call_changed.emit(call_id)

    def apply_theme(self) -> None:
        """The theme changed: badges, review status, timeline and transcript in its colours."""
        if self.data is not None:
            self.header.show_badges(
                self.data.verdict_with_marks(), self.data.review_status, self.data.analysed
            )
            self.review_panel.show_status(self.review_panel.status)
        self.timeline.update()
        self.transcript.viewport().update()

    def reload(self) -> None:
        """Re-read the call after a change; rows update in place (selection and scroll kept)."""
        if self.call_id is None:
            return
        data = self.gateway.load(self.call_id)
        self.data = data
        self.model.update_rows(data.rows())
        self.transcript.relayout()
        self._refresh_side(data)
        self.timeline.set_marks(self._marks(data))
        self.update_selection_state()

    # -- navigation and playback -----------------------------------------

    def seek(self, seconds: float) -> None:
        self.player.seek(seconds)

    def skip(self, delta_s: float) -> None:
        self.player.seek(self.player.position_s + delta_s)

    def jump_to_sentence(self, sentence_id: int) -> None:
        row = self.model.row_of_sentence(sentence_id)
        if row < 0:
            return
        index = self.model.index(row)
        self.transcript.setCurrentIndex(index)
        self.transcript.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.seek(self.model.row_at(row).sentence.start)
        self.transcript.setFocus()

    def jump_evidence(self, step: int) -> None:
        """Select the next (+1) or previous (-1) evidence sentence."""
        if not self._evidence_rows:
            self.status_line.setText("No pattern evidence in this call.")
            return
        current = self.transcript.currentIndex().row()
        if current < 0:
            current = self.model.row_at_time(self.player.position_s)
        if step > 0:
            after = [r for r in self._evidence_rows if r > current]
            target = after[0] if after else self._evidence_rows[0]
        else:
            before = [r for r in self._evidence_rows if r < current]
            target = before[-1] if before else self._evidence_rows[-1]
        self.jump_to_sentence(self.model.row_at(target).sentence.id)

    def on_transcript_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.seek(self.model.row_at(index.row()).sentence.start)

    def on_transcript_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.seek(self.model.row_at(index.row()).sentence.start)
            self.player.play()

    def on_player_position_changed(self, seconds: float) -> None:
        row = self.model.row_at_time(seconds)
        if self.model.set_current_row(row) and row >= 0 and self.player.is_playing():
            self.transcript.scrollTo(
                self.model.index(row), QAbstractItemView.ScrollHint.EnsureVisible
            )

    def on_player_failed(self, message: str) -> None:
        self.banner.setText(f"The audio cannot be played: {message}")
        self.banner.setVisible(True)

    def on_peaks_loaded(self, peaks: Any) -> None:
        self.timeline.set_message("")
        self.timeline.set_peaks(peaks)

    def on_peaks_failed(self, message: str) -> None:
        self.timeline.set_message("Waveform unavailable")
        log.warning("waveform: %s", message)

    # -- selection, clips, context menu ----------------------------------

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.transcript.selectionModel().selectedRows())

    def on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.update_selection_state()

    def update_selection_state(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.label_editor.show_row(self.model.row_at(rows[0]))
        else:
            hint = f"{len(rows)} sentences selected." if rows else ""
            self.label_editor.show_row(None, hint)
        clip_range = self.clip_range()
        self.clip_button.setEnabled(clip_range is not None and self.data is not None)
        if self.timeline.selection is not None and clip_range is not None:
            self.selection_label.setText(
                f"Timeline stretch {clock(clip_range[0])}–{clock(clip_range[1])}"
            )
        elif len(rows) > 1 and clip_range is not None:
            self.selection_label.setText(
                f"{len(rows)} sentences, {clock(clip_range[0])}–{clock(clip_range[1])}"
            )
        else:
            self.selection_label.setText("")

    def on_timeline_range_selected(self, _start: float, _end: float) -> None:
        self.update_selection_state()

    def clip_range(self) -> tuple[float, float] | None:
        rows = [self.model.row_at(r) for r in self.selected_rows()]
        return clip_range(self.timeline.selection, rows)

    def save_clip(self) -> int | None:
        """Ask for a title, tags and a note, then store the clip; returns its id."""
        span = self.clip_range()
        if self.data is None or span is None:
            return None
        rows = [self.model.row_at(r) for r in self.selected_rows()]
        dialog = self.clip_maker.dialog(self.data, span, rows, self)
        if dialog.exec() != ClipDialog.DialogCode.Accepted:
            return None
        return self.store_clip(dialog)

    def store_clip(self, dialog: ClipDialog) -> int | None:
        spec = dialog.spec()
        try:
            clip_id = self.clip_maker.store(spec)
        except Exception as exc:
            log.exception("saving the clip failed")
            self.status_line.setText(f"Could not save the clip: {exc}")
            return None
        self.status_line.setText(
            f"Clip “{spec.title}” saved ({spec.duration_s:.1f} s). Find it under Clips."
        )
        self.clip_saved.emit(clip_id)
        return clip_id

    def on_transcript_context_menu(self, pos: QPoint) -> None:
        index = self.transcript.indexAt(pos)
        row = self.model.row_at(index.row()) if index.isValid() else None
        self.menu = build_transcript_menu(
            self,
            row,
            correct=self.correct_label,
            reset=self.reset_label,
            play=(lambda: self.on_transcript_double_clicked(index))
            if self.player.has_audio
            else None,
            save_clip=self.save_clip if self.clip_button.isEnabled() else None,
            swap_speakers=self.roles.ask_swap if self.data is not None else None,
        )
        self.menu.popup(self.transcript.viewport().mapToGlobal(pos))

    def closeEvent(self, event: Any) -> None:  # Qt override: no child left behind
        self.roles.runner.stop()
        super().closeEvent(event)

    def hideEvent(self, event: Any) -> None:  # Qt override: leaving the screen stops playback
        self.review_panel.flush()
        self.player.pause()
        super().hideEvent(event)


def not_analysed_message(data: ReviewData) -> str:
    """Why a call has no labels to review, from its processing status."""
    if data.status == "failed":
        reason = f": {data.error}" if data.error else "."
        return f"This call could not be analysed{reason} Import it again to retry."
    if data.status in ("pending", "processing", "interrupted"):
        return "This call is still being imported: its labels appear when the analysis is done."
    return "This call has not been analysed yet: there are no labels to review."
