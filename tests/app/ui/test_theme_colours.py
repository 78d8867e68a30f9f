"""Theme colours as a user sees them: links readable after a theme switch, disabled looks off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.ui.review.pattern_panel import PatternPanel
from app.ui.style.theme import DARK, LIGHT, Theme
from kernel.domain import PatternHit, Sentence


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    Theme.apply(qapp, "light")
    yield qapp
    Theme.apply(qapp, "light")
    qapp.setStyleSheet("")


def test_evidence_links_follow_a_theme_switch(qtbot: QtBot, themed: QApplication) -> None:
    """Found by a tester: after switching to dark, 0:35 stayed dark blue on dark grey."""
    panel = PatternPanel()
    qtbot.addWidget(panel)
    sentence = Sentence(7, 35.2, 38.0, "agent", "Try restarting the router.")
    panel.show_patterns([PatternHit("P1", "fix_before_impact", [7])], {}, [sentence])
    card = panel.cards["P1"]
    assert LIGHT.accent in card.evidence.text()
    Theme.apply(themed, "dark")
    qtbot.wait(10)
    assert DARK.accent in card.evidence.text()
    assert LIGHT.accent not in card.evidence.text()
    assert DARK.rushed in panel.verdict.text()


def _background(button: QPushButton) -> QColor:
    image = button.grab().toImage()
    return image.pixelColor(6, image.height() // 2)


def test_a_disabled_primary_button_does_not_look_enabled(
    qtbot: QtBot, themed: QApplication
) -> None:
    """Clips' "Export selected…" looked clickable while disabled (it is, by then, off)."""
    enabled, disabled = QPushButton("Export selected…"), QPushButton("Export selected…")
    for button in (enabled, disabled):
        button.setProperty("primary", True)
        qtbot.addWidget(button)
        button.resize(160, 32)
        button.show()
    disabled.setEnabled(False)
    qtbot.waitExposed(disabled)
    assert _background(enabled).name() == LIGHT.accent
    assert _background(disabled).name() != LIGHT.accent
