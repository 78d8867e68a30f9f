"""Light and dark looks: a Fusion palette, a short style sheet, semantic colours.

`Theme.apply(app, "light" | "dark" | "system")` is the only place colours are
chosen; views ask `Theme.current()` for the semantic ones (rushed, good,
warning, highlight of search hits) so both palettes stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from kernel.paths import RESOURCES_DIR

STYLE_DIR = RESOURCES_DIR / "style"


@dataclass(frozen=True)
class ThemeColors:
    """Semantic colours one palette provides (hex strings)."""

    name: str
    window: str
    base: str
    alternate_base: str
    text: str
    muted_text: str
    button: str
    accent: str
    accent_text: str
    border: str
    sidebar: str
    sidebar_text: str
    rushed: str
    good: str
    warning: str
    hit_background: str
    hit_text: str
    error: str


LIGHT = ThemeColors(
    name="light",
    window="#f4f5f7",
    base="#ffffff",
    alternate_base="#f7f8fa",
    text="#1d2228",
    muted_text="#5c6570",
    button="#eceef1",
    accent="#2563b8",
    accent_text="#ffffff",
    border="#cfd4da",
    sidebar="#e7eaee",
    sidebar_text="#1d2228",
    rushed="#b42318",
    good="#1a7f37",
    warning="#9a6700",
    hit_background="#ffe08a",
    hit_text="#1d2228",
    error="#b42318",
)

DARK = ThemeColors(
    name="dark",
    window="#1f2227",
    base="#272b31",
    alternate_base="#2c3037",
    text="#e6e8eb",
    muted_text="#a1a8b3",
    button="#333840",
    accent="#5b9bf0",
    accent_text="#0e1116",
    border="#464c55",
    sidebar="#181a1e",
    sidebar_text="#e6e8eb",
    rushed="#ff8a80",
    good="#6fdd8b",
    warning="#f2c45a",
    hit_background="#8a6d1a",
    hit_text="#ffffff",
    error="#ff8a80",
)


class Theme:
    """Applies a palette and the style sheet to the application; remembers which."""

    _current: ThemeColors = LIGHT
    _styled_app: QApplication | None = None

    @classmethod
    def current(cls) -> ThemeColors:
        return cls._current

    @staticmethod
    def system_prefers_dark() -> bool:
        hints = QGuiApplication.styleHints()
        return bool(hints.colorScheme() == Qt.ColorScheme.Dark)

    @classmethod
    def resolve(cls, name: str) -> ThemeColors:
        if name == "dark":
            return DARK
        if name == "light":
            return LIGHT
        return DARK if cls.system_prefers_dark() else LIGHT

    @classmethod
    def apply(cls, app: QApplication, name: str) -> ThemeColors:
        colors = cls.resolve(name)
        cls._current = colors
        if app is not cls._styled_app:  # setting it again repolishes every widget
            app.setStyle("Fusion")  # (0.3-0.4 s with every screen open: a third of a switch)
            cls._styled_app = app
        app.setPalette(cls.palette(colors))
        app.setStyleSheet(cls.style_sheet(colors))
        return colors

    @staticmethod
    def palette(colors: ThemeColors) -> QPalette:
        palette = QPalette()
        role = QPalette.ColorRole
        group = QPalette.ColorGroup
        pairs = {
            role.Window: colors.window,
            role.WindowText: colors.text,
            role.Base: colors.base,
            role.AlternateBase: colors.alternate_base,
            role.Text: colors.text,
            role.Button: colors.button,
            role.ButtonText: colors.text,
            role.ToolTipBase: colors.base,
            role.ToolTipText: colors.text,
            role.PlaceholderText: colors.muted_text,
            role.Highlight: colors.accent,
            role.HighlightedText: colors.accent_text,
            role.Link: colors.accent,
            role.BrightText: colors.error,
            role.Light: colors.base,
            role.Midlight: colors.button,
            role.Mid: colors.border,
            role.Dark: colors.border,
            role.Shadow: "#000000",
        }
        for palette_role, hex_colour in pairs.items():
            palette.setColor(palette_role, QColor(hex_colour))
        muted = QColor(colors.muted_text)
        for palette_role in (role.WindowText, role.Text, role.ButtonText):
            palette.setColor(group.Disabled, palette_role, muted)
        return palette

    @staticmethod
    def style_sheet(colors: ThemeColors) -> str:
        template = (STYLE_DIR / "app.qss").read_text(encoding="utf-8")
        template = template.replace("@icon_dir", (RESOURCES_DIR / "icons").as_posix())
        # longest names first: "@accent_text" must not be eaten by "@accent"
        for field_name in sorted(colors.__dict__, key=len, reverse=True):
            template = template.replace("@" + field_name, str(getattr(colors, field_name)))
        return template
