"""The selected clip in full: title, tags, where it comes from, the coaching note, transcript."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from app.clips.clip_snippet import snippet_text
from app.clips.clip_spec import ClipSpec
from app.ui.clips.clips_gateway import ClipRow
from app.ui.style.theme import Theme
from app.ui.widgets.timeline_widget import clock


class ClipDetail(QWidget):
    """Read-only view of one clip (or a hint when none or several are selected)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setProperty("muted", True)
        self.tags = QLabel()
        self.tags.setTextFormat(Qt.TextFormat.RichText)
        self.tags.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("border-left: 3px solid palette(highlight); padding: 2px 8px;")
        self.note.setToolTip("Coaching note")
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.title, self.meta, self.note):  # the user's text, never markup
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.transcript_title = QLabel("Transcript")
        self.transcript_title.setStyleSheet("font-weight: 600;")
        self.transcript = QPlainTextEdit()
        self.transcript.setReadOnly(True)
        self.transcript.setPlaceholderText("No transcript in this stretch.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.tags)
        layout.addWidget(self.note)
        layout.addWidget(self.transcript_title)
        layout.addWidget(self.transcript, 1)
        self.filler = QWidget()  # keeps the hint at the top when nothing is selected
        self.filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.filler, 1)
        self.show_clip(None, None)

    def show_clip(self, row: ClipRow | None, spec: ClipSpec | None, count: int = 0) -> None:
        if row is None:
            self.title.setText("No clip selected" if count == 0 else f"{count} clips selected")
            self.meta.setText(
                "Select a clip to read its note and transcript and to play it."
                if count == 0
                else "Export them together as one shareable folder."
            )
            for widget in (self.tags, self.note, self.transcript, self.transcript_title):
                widget.setVisible(False)
            self.filler.setVisible(True)
            return
        self.filler.setVisible(False)
        theme = Theme.current()
        self.title.setText(row.title)
        parts = [
            f"Agent {row.agent}" if row.agent else "",
            f"team {row.team}" if row.team else "",
            row.call_date or "",
            f"{row.call_name} {clock(row.start_s)}–{clock(row.end_s)}" if row.call_name else "",
            f"{row.duration_s:.1f} s",
        ]
        self.meta.setText(" · ".join(p for p in parts if p))
        chips = " ".join(
            f'<span style="background:{theme.button}; color:{theme.text};">'
            f"&nbsp;{escape(tag)}&nbsp;</span>"
            for tag in row.tags
        )
        self.tags.setText(chips)
        self.tags.setVisible(bool(row.tags))
        self.note.setText(row.note)
        self.note.setVisible(bool(row.note))
        self.transcript.setVisible(True)
        self.transcript_title.setVisible(True)
        sentences = spec.sentences if spec is not None else []
        self.transcript.setPlainText(snippet_text(sentences, row.start_s, row.end_s))
