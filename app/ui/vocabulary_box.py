"""Settings > Speech recognition: the custom vocabulary and the model manager (issue 14).

Company, product and agent names Whisper should spell as given, typed one
per line or separated by commas, and a button that opens the speech-model
manager (model_manager_dialog.py). Kept in its own widget so the settings
dialog only adds the box and calls load/save. A sidecar CSV beside the calls
can add each call's own names (its `vocabulary` or `hotwords` column).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.settings import Settings
from models.asr.vocabulary import MAX_TERMS, parse_terms

HINT = (
    "Company, product and agent names the speech model should spell as written, "
    "one per line or separated by commas (at most {n}). A CSV beside the calls can "
    "add each call's own names in a 'vocabulary' column. Used for new imports."
)


class VocabularyBox(QGroupBox):
    """A text box of names; `load(settings)` shows them, `save(settings)` stores them.

    `default_model_changed(ref)`: the model manager made another model the default.
    """

    default_model_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Speech recognition", parent)
        self._settings: Settings | None = None
        self.models_button = QPushButton("Speech models…")
        self.models_button.setToolTip("Installed Whisper models: size, speed, default; add one")
        self.models_button.clicked.connect(self.open_model_manager)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText("Acme Telecom\nFibreMax router\nSiobhan")
        self.edit.setMaximumHeight(90)
        self.edit.setAccessibleName("Custom vocabulary")
        hint = QLabel(HINT.format(n=MAX_TERMS))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.models_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Names to recognise"))
        layout.addWidget(self.edit)
        layout.addWidget(hint)

    def terms(self) -> tuple[str, ...]:
        return parse_terms(self.edit.toPlainText())

    def load(self, settings: Settings) -> None:
        self._settings = settings
        self.edit.setPlainText("\n".join(settings.vocabulary))

    def open_model_manager(self) -> None:
        from app.ui.model_manager_dialog import ModelManagerDialog

        if self._settings is None:
            return
        self.manager = ModelManagerDialog(self._settings, self)
        self.manager.default_changed.connect(self.default_model_changed)
        self.manager.open()

    def save(self, settings: Settings) -> None:
        settings.vocabulary = self.terms()
