"""Preferences dialog over `Settings`: import defaults, library file, thresholds, look.

The speech model list holds only the models installed on this computer
(`speech_models`); a typed name or path is checked on OK, and a bad one
keeps the dialog open with one line saying why.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.settings import AGENT_CHANNELS, THEMES, Settings
from app.ui.speech_models import installed_speech_models, speech_model_problem
from app.ui.vocabulary_box import VocabularyBox
from kernel import paths
from kernel.library_target import default_library, default_reviewer


class SettingsDialog(QDialog):
    """Edits a `Settings`; writes only when accepted. Lives on the GUI thread."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)

        # import defaults
        self.model_combo = QComboBox()
        self.model_combo.setEditable(True)
        self.installed_models = installed_speech_models()
        self.model_combo.addItems(self.installed_models)
        self.model_combo.setToolTip(
            "Whisper models installed on this computer, or the path of a .pt checkpoint"
        )
        self.model_error = QLabel()
        self.model_error.setObjectName("errorText")
        self.model_error.setWordWrap(True)
        self.model_error.setVisible(False)
        self.model_combo.currentTextChanged.connect(lambda _t: self.model_error.setVisible(False))
        self.channel_combo = QComboBox()
        for channel in AGENT_CHANNELS:
            self.channel_combo.addItem(f"{channel.capitalize()} channel", channel)
        import_box = QGroupBox("New imports")
        import_form = QFormLayout(import_box)
        import_form.addRow("Speech model", self.model_combo)
        import_form.addRow("", self.model_error)
        import_form.addRow("Agent is on the", self.channel_combo)
        self.redact_check = QCheckBox("Redact card numbers and personal data")
        self.redact_check.setToolTip(
            "Replace card numbers, security codes, dates of birth, addresses, phone numbers "
            "and names by placeholders such as [card number] before a call is stored."
        )
        self.mute_check = QCheckBox("Mute redacted words when playing calls")
        import_form.addRow("Privacy", self.redact_check)
        import_form.addRow("", self.mute_check)
        self.cluster_edit = QLineEdit()  # issue 16: a team's Dask cluster
        self.cluster_edit.setPlaceholderText("this computer (or tcp://HOST:8786)")
        self.cluster_edit.setToolTip(
            "A running Dask scheduler whose workers analyse new imports (started with "
            "--preload app.pipeline.dask_preload, see the README); the calls are stored here."
        )
        import_form.addRow("Analysis cluster", self.cluster_edit)

        # library
        self.library_edit = QLineEdit()
        self.library_edit.setPlaceholderText(str(default_library()))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.on_browse_clicked)
        default = QPushButton("Default")
        default.clicked.connect(self.on_default_library_clicked)
        library_row = QHBoxLayout()
        library_row.addWidget(self.library_edit, 1)
        library_row.addWidget(browse)
        library_row.addWidget(default)
        library_note = QLabel(
            "A different library takes effect the next time Callscope starts. A team "
            "library on PostgreSQL: postgresql://user@host/dbname."
        )
        library_note.setObjectName("muted")
        library_note.setWordWrap(True)
        library_box = QGroupBox("Library")
        library_layout = QVBoxLayout(library_box)
        library_layout.addLayout(library_row)
        library_layout.addWidget(library_note)
        # issue 16: the name stamped on this user's corrections, reviews and clips
        self.reviewer_edit = QLineEdit()
        self.reviewer_edit.setPlaceholderText(default_reviewer())
        self.reviewer_edit.setToolTip(
            "Shown beside your corrections, reviews and clips in a library the team shares"
        )
        reviewer_form = QFormLayout()
        reviewer_form.addRow("Your name", self.reviewer_edit)
        library_layout.addLayout(reviewer_form)

        # thresholds
        self.fast_fix_spin = QSpinBox()
        self.fast_fix_spin.setRange(1, 600)
        self.fast_fix_spin.setSuffix(" s")
        self.fast_fix_spin.setToolTip(
            "P6 fast fix: a fix offered sooner than this after the customer first "
            "describes the problem"
        )
        self.talk_ratio_spin = QDoubleSpinBox()
        self.talk_ratio_spin.setRange(5, 100)
        self.talk_ratio_spin.setDecimals(0)
        self.talk_ratio_spin.setSuffix(" %")
        self.talk_ratio_spin.setToolTip("The library marks calls where the agent talked more")
        threshold_box = QGroupBox("Analysis")
        threshold_form = QFormLayout(threshold_box)
        threshold_form.addRow("Fast fix under", self.fast_fix_spin)
        threshold_form.addRow("Warn when agent talks over", self.talk_ratio_spin)

        # look
        self.theme_combo = QComboBox()
        for theme in THEMES:
            self.theme_combo.addItem(
                "Follow the system" if theme == "system" else theme.title(), theme
            )
        look_box = QGroupBox("Appearance")
        look_form = QFormLayout(look_box)
        look_form.addRow("Colours", self.theme_combo)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        self.vocabulary_box = VocabularyBox()  # issue 14: names for Whisper
        self.vocabulary_box.default_model_changed.connect(self.model_combo.setCurrentText)
        for box in (import_box, self.vocabulary_box, library_box, threshold_box, look_box):
            layout.addWidget(box)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        """Show the stored values."""
        settings = self.settings
        self.model_combo.setCurrentText(settings.asr_model)
        self.channel_combo.setCurrentIndex(
            max(0, self.channel_combo.findData(settings.agent_channel))
        )
        library = settings.library_path
        self.library_edit.setText("" if library == default_library() else str(library))
        self.fast_fix_spin.setValue(round(settings.fast_fix_seconds))
        self.talk_ratio_spin.setValue(settings.talk_ratio_warning * 100)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        self.redact_check.setChecked(settings.redact_new_calls)
        self.mute_check.setChecked(settings.mute_redacted_audio)
        self.cluster_edit.setText(settings.analysis_cluster)
        self.vocabulary_box.load(settings)
        self.reviewer_edit.setText(settings.reviewer)

    def save(self) -> None:
        """Write the dialog's values to the settings."""
        settings = self.settings
        settings.asr_model = self.model_combo.currentText().strip()
        settings.agent_channel = str(self.channel_combo.currentData())
        text = self.library_edit.text().strip()
        settings.library_path = text or None  # a file or a postgresql:// URL
        settings.fast_fix_seconds = float(self.fast_fix_spin.value())
        settings.talk_ratio_warning = self.talk_ratio_spin.value() / 100
        settings.theme = str(self.theme_combo.currentData())
        settings.redact_new_calls = self.redact_check.isChecked()
        settings.mute_redacted_audio = self.mute_check.isChecked()
        settings.analysis_cluster = self.cluster_edit.text()
        self.vocabulary_box.save(settings)
        settings.reviewer = self.reviewer_edit.text()

    def accept(self) -> None:  # QDialog override
        problem = speech_model_problem(self.model_combo.currentText(), self.installed_models)
        if problem is not None:  # e.g. base.en typed but not installed: say so, stay open
            self.model_error.setText(problem)
            self.model_error.setVisible(True)
            self.model_combo.setFocus()
            return
        self.save()
        super().accept()

    def on_browse_clicked(self) -> None:
        start = self.library_edit.text() or str(paths.default_db_path())
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Library file",
            start,
            "Callscope library (*.db)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.library_edit.setText(path)

    def on_default_library_clicked(self) -> None:
        self.library_edit.clear()
