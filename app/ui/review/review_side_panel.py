"""The right-hand column of the Review screen: patterns, the supervisor's review, the legend.

Scrolls on its own so every part stays reachable on a 768-pixel-high screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from app.ui.review.pattern_panel import PatternPanel
from app.ui.review.review_panel import ReviewPanel
from app.ui.widgets.label_legend import LabelLegend

# Checked buttons and pattern cards; palette() keeps it right in light and dark.
REVIEW_STYLE = """
QPushButton:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}
QFrame#patternCard {
    border: 1px solid palette(mid); border-radius: 6px; background: palette(base);
}
QFrame#patternCard[holds="true"] { border-left: 4px solid palette(bright-text); }
"""


def section_title(title: str) -> QLabel:
    label = QLabel(title)
    label.setStyleSheet("font-weight: 600; font-size: 11pt; padding-top: 6px;")
    return label


class ReviewSidePanel(QScrollArea):
    """Holds `pattern_panel`, `review_panel` and `legend`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pattern_panel = PatternPanel()
        self.review_panel = ReviewPanel()
        self.legend = LabelLegend(captions=True)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 0, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(section_title("Patterns"))
        layout.addWidget(self.pattern_panel)
        layout.addWidget(section_title("Your review"))
        layout.addWidget(self.review_panel)
        layout.addWidget(section_title("Label colours"))
        layout.addWidget(self.legend)
        layout.addStretch(1)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(310)
