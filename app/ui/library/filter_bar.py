"""The row of filter controls above the call list, and the saved-filter menu.

Edits become a `CallFilter` (`filter_edited`); the bar never touches the
database: saving and loading presets is the library view's job. A combo is
never narrower than its longest choice ("Not yet reviewed" is never cut);
when the row is short of room (1024 px screens) Clear and Save filter show
their icons only (their tooltips say what they do).
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.ui.library.call_filter import DATE_PRESETS, REVIEW_CHOICES, VERDICT_CHOICES, CallFilter
from app.ui.library.call_table_model import humanize
from app.ui.style.icons import Icons

ANY = "__any__"


class FilterBar(QWidget):
    """Combos for rushed / review / agent / team / dates plus saved presets."""

    filter_edited = Signal(object)  # CallFilter
    preset_chosen = Signal(str)  # preset name
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False

        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("presetCombo")
        self.preset_combo.setToolTip("Saved filters")
        self.preset_combo.setMinimumContentsLength(16)
        self.preset_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )

        self.rushed_combo = QComboBox()
        self.rushed_combo.addItem("Rushed or not", ANY)
        for verdict, text in VERDICT_CHOICES.items():
            self.rushed_combo.addItem(text, verdict)

        self.review_combo = QComboBox()
        self.agent_combo = QComboBox()
        self.team_combo = QComboBox()
        for combo in (self.review_combo, self.agent_combo, self.team_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.set_choices([], [], [])

        self.date_combo = QComboBox()
        for key, label in DATE_PRESETS.items():
            self.date_combo.addItem(label, key)
        self.date_from = QDateEdit(QDate.currentDate().addDays(-30))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setVisible(False)
        self.date_dash = QLabel("–")
        self.date_dash.setVisible(False)

        self.clear_button = QPushButton("Clear")

        Icons.set_icon(self.clear_button, "clear")
        self.clear_button.setToolTip("Show every call")
        self.save_button = QPushButton("Save filter…")
        Icons.set_icon(self.save_button, "save")
        self.save_button.setToolTip("Save the current filter under a name")
        self._button_texts = {self.clear_button: "Clear", self.save_button: "Save filter…"}
        for button in (self.clear_button, self.save_button):  # never squeezed to a cut label
            button.setMinimumWidth(button.sizeHint().width())
        self.compact = False

        layout = self.row = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        # the preset combo is placed by the owner (the library view's header row)
        for widget in (
            self.rushed_combo,
            self.review_combo,
            self.agent_combo,
            self.team_combo,
            self.date_combo,
            self.date_from,
            self.date_dash,
            self.date_to,
        ):
            layout.addWidget(widget)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(spacer)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.save_button)

        for combo in (
            self.rushed_combo,
            self.review_combo,
            self.agent_combo,
            self.team_combo,
            self.date_combo,
        ):
            combo.currentIndexChanged.connect(self.on_control_changed)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.date_from.dateChanged.connect(self.on_control_changed)
        self.date_to.dateChanged.connect(self.on_control_changed)
        self.clear_button.clicked.connect(self.on_clear_clicked)
        self.save_button.clicked.connect(self.save_requested)
        self.preset_combo.activated.connect(self.on_preset_activated)

    def full_width(self) -> int:
        """Width the row needs with every label shown in full."""
        layout = self.row
        items = (layout.itemAt(i) for i in range(layout.count()))
        widgets = [item.widget() for item in items if item is not None]
        shown = [w for w in widgets if w is not None and not w.isHidden()]
        fixed = sum(
            w.sizeHint().width() for w in shown if w not in self._button_texts
        ) + layout.spacing() * max(0, len(shown) - 1)
        buttons = sum(self._full_button_width(b) for b in self._button_texts)
        return fixed + buttons

    def _full_button_width(self, button: QPushButton) -> int:
        metrics = button.fontMetrics()
        icon = button.iconSize().width() + 8 if not button.icon().isNull() else 0
        return metrics.horizontalAdvance(self._button_texts[button]) + icon + 28

    def set_compact(self, compact: bool) -> None:
        """Icon-only Clear and Save filter when the row is short of room."""
        if compact == self.compact:
            return
        self.compact = compact
        for button, text in self._button_texts.items():
            button.setText("" if compact else text)
            button.setMinimumWidth(0)
            button.setMaximumWidth(button.iconSize().width() + 18 if compact else 16_777_215)
            if not compact:
                button.setMinimumWidth(button.sizeHint().width())

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self.set_compact(self.width() < self.full_width())

    # -- choices ---------------------------------------------------------

    def set_choices(self, agents: list[str], teams: list[str], review_statuses: list[str]) -> None:
        """Refill the agent/team/review combos, keeping the current choice."""
        self._updating = True
        try:
            statuses = list(REVIEW_CHOICES) + sorted(set(review_statuses) - set(REVIEW_CHOICES))
            self._fill(self.review_combo, "Any review status", statuses, review_choice_text)
            self._fill(self.agent_combo, "All agents", agents, str)
            self._fill(self.team_combo, "All teams", teams, str)
        finally:
            self._updating = False

    @staticmethod
    def _fill(combo: QComboBox, any_label: str, values: list[str], label: object) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(any_label, ANY)
        for value in values:
            combo.addItem(label(value) if callable(label) else value, value)
        if current not in (None, ANY):
            if combo.findData(current) < 0:
                combo.addItem(str(current), current)
            combo.setCurrentIndex(combo.findData(current))
        combo.blockSignals(False)

    def set_presets(self, names: list[str], current: str | None = None) -> None:
        self.preset_combo.blockSignals(True)
        self.preset_combo.clear()
        self.preset_combo.addItem("Saved filters…", None)
        for name in names:
            self.preset_combo.addItem(name, name)
        index = self.preset_combo.findData(current) if current else 0
        self.preset_combo.setCurrentIndex(max(0, index))
        self.preset_combo.blockSignals(False)
        self._show_preset_name()

    def mark_preset(self, name: str | None) -> None:
        """Show which preset is active (or none, after a manual edit)."""
        index = self.preset_combo.findData(name) if name else 0
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(max(0, index))
        self.preset_combo.blockSignals(False)
        self._show_preset_name()

    def _show_preset_name(self) -> None:
        """The combo is kept narrow (16 characters), so its tooltip names the whole preset."""
        name = self.preset_combo.currentData()
        self.preset_combo.setToolTip(f"Saved filter: {name}" if name else "Saved filters")

    # -- filter <-> controls --------------------------------------------

    def current_filter(self) -> CallFilter:
        def chosen(combo: QComboBox) -> str | None:
            value = combo.currentData()
            return None if value in (None, ANY) else str(value)

        preset = str(self.date_combo.currentData() or "any")
        return CallFilter(
            verdict=chosen(self.rushed_combo),
            review_status=chosen(self.review_combo),
            agent=chosen(self.agent_combo),
            team=chosen(self.team_combo),
            date_preset=preset,
            date_from=self.date_from.date().toString(Qt.DateFormat.ISODate)
            if preset == "custom"
            else None,
            date_to=self.date_to.date().toString(Qt.DateFormat.ISODate)
            if preset == "custom"
            else None,
        )

    def show_filter(self, call_filter: CallFilter) -> None:
        """Put `call_filter` into the controls without emitting `filter_edited`."""
        self._updating = True
        try:
            self._select(self.rushed_combo, call_filter.verdict or ANY)
            for combo, value in (
                (self.review_combo, call_filter.review_status),
                (self.agent_combo, call_filter.agent),
                (self.team_combo, call_filter.team),
            ):
                if value and combo.findData(value) < 0:
                    text = review_choice_text(value) if combo is self.review_combo else value
                    combo.addItem(text, value)
                self._select(combo, value if value else ANY)
            self._select(self.date_combo, call_filter.date_preset)
            if call_filter.date_from:
                self.date_from.setDate(QDate.fromString(call_filter.date_from, "yyyy-MM-dd"))
            if call_filter.date_to:
                self.date_to.setDate(QDate.fromString(call_filter.date_to, "yyyy-MM-dd"))
            self._show_custom_dates(call_filter.date_preset == "custom")
        finally:
            self._updating = False

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        combo.blockSignals(True)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _show_custom_dates(self, visible: bool) -> None:
        for widget in (self.date_from, self.date_dash, self.date_to):
            widget.setVisible(visible)

    # -- slots -----------------------------------------------------------

    def on_control_changed(self, *_args: object) -> None:
        if self._updating:
            return
        self._show_custom_dates(self.date_combo.currentData() == "custom")
        self.mark_preset(None)
        self.filter_edited.emit(self.current_filter())

    def on_clear_clicked(self) -> None:
        self.show_filter(CallFilter())
        self.mark_preset(None)
        self.filter_edited.emit(CallFilter())

    def on_preset_activated(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name:
            self.preset_chosen.emit(str(name))


def review_choice_text(value: str) -> str:
    return REVIEW_CHOICES.get(value) or humanize(value)
