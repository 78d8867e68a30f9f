"""Settings > Speech recognition: the custom vocabulary (issue 14).

Company, product and agent names Whisper should spell as given, typed one
per line or separated by commas. Kept in its own widget so the settings
dialog only adds the box and calls load/save. A sidecar CSV beside the calls
can add each call's own names (its `vocabulary` or `hotwords` column).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.ui.settings import Settings
from models.asr.vocabulary import MAX_TERMS, parse_terms

HINT = (
    "Company, product and agent names the speech model should spell as written, "
    "one per line or separated by commas (at most {n}). A CSV beside the calls can "
    "add each call's own names in a 'vocabulary' column. Used for new imports."
)


class VocabularyBox(QGroupBox):
    """A text box of names; `load(settings)` shows them, `save(settings)` stores them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Names to recognise", parent)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText("Acme Telecom\nFibreMax router\nSiobhan")
        self.edit.setMaximumHeight(90)
        self.edit.setAccessibleName("Custom vocabulary")
        hint = QLabel(HINT.format(n=MAX_TERMS))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(hint)

    def terms(self) -> tuple[str, ...]:
        return parse_terms(self.edit.toPlainText())

    def load(self, settings: Settings) -> None:
        self.edit.setPlainText("\n".join(settings.vocabulary))

    def save(self, settings: Settings) -> None:
        settings.vocabulary = self.terms()
