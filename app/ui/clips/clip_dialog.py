"""Save a stretch of a call as a coaching clip: title, tags, a coaching note, padding.

Shows the stretch with its padding (clamped to the call) and the sentences it
holds, so the trainer sees what the clip will contain before saving.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.clips.clip_audio import DEFAULT_PADDING_S, padded_range
from app.clips.clip_snippet import snippet_text
from app.clips.clip_spec import ClipSpec, sentences_in_range
from app.ui.widgets.timeline_widget import clock
from kernel.domain import Sentence


def parse_tags(text: str) -> list[str]:
    """ "P1, empathy ,,good" -> ["P1", "empathy", "good"] (order kept, duplicates dropped)."""
    seen: list[str] = []
    for part in text.split(","):
        tag = part.strip()
        if tag and tag.lower() not in (t.lower() for t in seen):
            seen.append(tag)
    return seen


class ClipDialog(QDialog):
    """Modal dialog; `spec()` after `exec()` returns the clip to save."""

    def __init__(
        self,
        call_id: int,
        source: str,
        duration_s: float,
        start_s: float,
        end_s: float,
        sentences: Sequence[Sentence],
        title: str = "",
        tags: Sequence[str] = (),
        known_tags: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save coaching clip")
        self.setMinimumWidth(520)
        self.call_id = call_id
        self.source = source
        self.duration_s = duration_s
        self.start_s, self.end_s = sorted((start_s, end_s))
        self.all_sentences = list(sentences)

        self.title_edit = QLineEdit(title)
        self.title_edit.setPlaceholderText("What the clip shows, e.g. “Fix offered before impact”")
        self.tags_edit = QLineEdit(", ".join(tags))
        self.tags_edit.setPlaceholderText("Comma-separated, e.g. P1, empathy, good example")
        if known_tags:
            completer = QCompleter(list(known_tags), self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.tags_edit.setCompleter(completer)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("Coaching note: what to listen for, what to try instead")
        self.note_edit.setFixedHeight(84)
        self.padding_spin = QDoubleSpinBox()
        self.padding_spin.setRange(0.0, 10.0)
        self.padding_spin.setSingleStep(0.5)
        self.padding_spin.setDecimals(1)
        self.padding_spin.setSuffix(" s each side")
        self.padding_spin.setValue(DEFAULT_PADDING_S)
        self.range_label = QLabel()
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setFixedHeight(110)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Tags", self.tags_edit)
        form.addRow("Note", self.note_edit)
        form.addRow("Padding", self.padding_spin)
        form.addRow("Stretch", self.range_label)
        form.addRow("Contains", self.preview)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.padding_spin.valueChanged.connect(self.on_padding_changed)
        self.title_edit.textChanged.connect(self.on_title_changed)
        self.on_padding_changed(self.padding_spin.value())
        self.on_title_changed(self.title_edit.text())

    def padded(self) -> tuple[float, float]:
        return padded_range(self.start_s, self.end_s, self.duration_s, self.padding_spin.value())

    def on_padding_changed(self, _value: float) -> None:
        start, end = self.padded()
        self.range_label.setText(f"{clock(start)} – {clock(end)} of the call ({end - start:.1f} s)")
        inside = sentences_in_range(self.all_sentences, start, end)
        self.preview.setPlainText(snippet_text(inside, start, end))

    def on_title_changed(self, text: str) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(text.strip()))

    def spec(self) -> ClipSpec:
        start, end = self.padded()
        return ClipSpec(
            title=self.title_edit.text().strip(),
            source=self.source,
            start_s=start,
            end_s=end,
            tags=parse_tags(self.tags_edit.text()),
            note=self.note_edit.toPlainText().strip(),
            sentences=sentences_in_range(self.all_sentences, start, end),
            call_id=self.call_id,
        )
