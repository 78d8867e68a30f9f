"""The transcript list: a QListView that keeps its delegate's width and row heights in step.

Rows have different heights (wrapped text); the delegate caches them per
width, so a resize clears the cache and asks for a new layout.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QWidget

from app.ui.review.transcript_delegate import TranscriptDelegate


class TranscriptView(QListView):
    """Multi-select list of transcript rows painted by `TranscriptDelegate`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transcript_delegate = TranscriptDelegate(self)
        self.setItemDelegate(self.transcript_delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(False)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMouseTracking(True)
        self.verticalScrollBar().setSingleStep(18)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        if self.transcript_delegate.set_width(self.viewport().width()):
            self.scheduleDelayedItemsLayout()
        super().resizeEvent(event)

    def relayout(self) -> None:
        """Heights may have changed (a correction adds the model's struck tag)."""
        self.transcript_delegate.set_width(self.viewport().width())
        self.scheduleDelayedItemsLayout()
