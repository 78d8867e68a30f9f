"""Line icons from resources/icons, tinted to the current palette's text colour."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QByteArray, QObject, QRectF, Qt
from PySide6.QtGui import QAction, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton

from kernel.paths import RESOURCES_DIR

ICON_DIR = RESOURCES_DIR / "icons"
PLACEHOLDER_COLOUR = "#000000"
ICON_PROPERTY = "callscopeIcon"  # buttons/actions remember their icon name for re-tinting


class Icons:
    """Builds (and caches) QIcons from the SVG files; `get("library")`."""

    _cache: ClassVar[dict[tuple[str, str], QIcon]] = {}

    @classmethod
    def get(cls, name: str, colour: str | None = None) -> QIcon:
        """`name` may carry a theme colour: "file@accent_text" (icons on primary buttons)."""
        from app.ui.style.theme import Theme

        name, _, colour_field = name.partition("@")
        tint = colour or str(getattr(Theme.current(), colour_field or "text"))
        key = (name, tint)
        if key not in cls._cache:
            cls._cache[key] = cls._render(name, tint)
        return cls._cache[key]

    @classmethod
    def clear_cache(cls) -> None:
        cls._cache.clear()

    @classmethod
    def set_icon(cls, target: QAbstractButton | QAction, name: str) -> None:
        """Give a button or action an icon that follows theme changes (`refresh`)."""
        target.setProperty(ICON_PROPERTY, name)
        target.setIcon(cls.get(name))

    @classmethod
    def refresh(cls, root: QObject) -> None:
        """Re-tint every icon set with `set_icon` under `root` (after a theme change)."""
        cls.clear_cache()
        for target in [root, *root.findChildren(QObject)]:
            name = target.property(ICON_PROPERTY)
            if name and isinstance(target, (QAbstractButton, QAction)):
                target.setIcon(cls.get(str(name)))

    @staticmethod
    def _render(name: str, tint: str) -> QIcon:
        path = ICON_DIR / f"{name}.svg"
        if not path.exists():
            return QIcon()
        svg = path.read_text(encoding="utf-8")
        if name != "app":
            svg = svg.replace(PLACEHOLDER_COLOUR, tint)
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        icon = QIcon()
        for size in (16, 20, 24, 32, 48, 64):
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, size, size))
            painter.end()
            icon.addPixmap(pixmap)
        return icon
