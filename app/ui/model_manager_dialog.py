"""Settings > Speech models: installed Whisper models, the default, adding one (issue 14).

Lists every model usable offline (models/asr/model_manager.py) with its
size on disk and its known speed, marks the default for new imports, sets
another as default, and adds a CTranslate2 folder or an openai-whisper `.pt`
file (copied into the model cache). A folder or file that is not a model
gets one line naming it and the reason; nothing is copied. Lives on the GUI
thread; copying a model blocks it for the few seconds the copy takes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui import file_dialogs
from app.ui.settings import Settings
from models.asr.model_manager import (
    LANGUAGE_NOTE,
    InstalledModel,
    ModelAddError,
    add_model,
    list_models,
)

COLUMNS = ("Model", "Format", "From", "Size on disk", "Speed", "Language")
PURPOSE = "models"


class ModelManagerDialog(QDialog):
    """The installed models; `default_changed(ref)` when another becomes the default."""

    default_changed = Signal(str)

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, cache: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Speech models")
        self.settings = settings
        self.cache = cache
        self.models: list[InstalledModel] = []

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.default_button = QPushButton("Use for new imports")
        self.default_button.clicked.connect(self.make_selected_default)
        self.add_folder_button = QPushButton("Add CTranslate2 folder…")
        self.add_folder_button.clicked.connect(self._choose_folder)
        self.add_file_button = QPushButton("Add .pt file…")
        self.add_file_button.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        for button in (self.default_button, self.add_folder_button, self.add_file_button):
            row.addWidget(button)
        row.addStretch(1)

        self.language_label = QLabel(LANGUAGE_NOTE)
        self.language_label.setWordWrap(True)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.language_label)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.resize(760, 360)
        self.refresh()

    def refresh(self) -> None:
        """List the models again (after adding one, or on opening)."""
        self.models = list_models(self.cache)
        default = self.settings.asr_model
        self.table.setRowCount(len(self.models))
        for index, model in enumerate(self.models):
            is_default = model.ref == default or model.name == default
            name = f"{model.name} (default)" if is_default else model.name
            language = "English only" if model.english_only else "multilingual, run as English"
            values = (name, model.kind, model.source, model.size_text, model.speed, language)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(str(model.path) if column == 0 else value)
                if is_default:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()

    def selected(self) -> InstalledModel | None:
        rows = self.table.selectionModel().selectedRows()
        return self.models[rows[0].row()] if rows else None

    def make_selected_default(self) -> None:
        model = self.selected()
        if model is None:
            self.status_label.setText("Select a model first.")
            return
        self.settings.asr_model = model.ref
        self.status_label.setText(f"New imports use {model.name}.")
        self.refresh()
        self.default_changed.emit(model.ref)

    def add_from(self, source: Path) -> InstalledModel | None:
        """Add a CTranslate2 folder or a .pt file; the new model, or None (reason shown)."""
        try:
            model = add_model(source, cache=self.cache)
        except ModelAddError as exc:
            self.status_label.setText(f"Not added: {exc}")
            return None
        self.refresh()
        self.status_label.setText(f"Added {model.name} ({model.size_text}).")
        for index, listed in enumerate(self.models):
            if listed.ref == model.ref:
                self.table.selectRow(index)
        return model

    def _choose_folder(self) -> None:
        folder = file_dialogs.existing_folder(
            self, "CTranslate2 Whisper model folder (model.bin, config.json, tokenizer)", PURPOSE
        )
        if folder is not None:
            self.add_from(folder)

    def _choose_file(self) -> None:
        start = str(file_dialogs.start_folder(PURPOSE))
        path, _ = QFileDialog.getOpenFileName(
            self, "openai-whisper checkpoint", start, "Whisper checkpoints (*.pt)"
        )
        if path:
            file_dialogs.remember(PURPOSE, path)
            self.add_from(Path(path))
