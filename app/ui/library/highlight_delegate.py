"""Paints rich-text cells: search snippets with the matched words highlighted.

The model gives HTML (see `snippet_to_html`); the delegate lays it out with a
QTextDocument so bold/background spans show inside an ordinary table cell.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

# Markers a snippet may carry around matched words. sqlite FTS5 `snippet()` and
# `highlight()` take any pair; these cover the common choices.
MARKER_PAIRS: tuple[tuple[str, str], ...] = (
    ("<mark>", "</mark>"),
    ("<b>", "</b>"),
    ("[", "]"),
    ("\x02", "\x03"),
    ("**", "**"),
)


def snippet_to_html(snippet: str, background: str, foreground: str) -> str:
    """Escape the snippet and turn its match markers into highlighted spans."""
    for start, end in MARKER_PAIRS:
        if start in snippet and end in snippet:
            pattern = re.compile(re.escape(start) + "(.*?)" + re.escape(end), re.DOTALL)
            parts: list[str] = []
            position = 0
            for match in pattern.finditer(snippet):
                parts.append(html.escape(snippet[position : match.start()]))
                parts.append(_span(html.escape(match.group(1)), background, foreground))
                position = match.end()
            parts.append(html.escape(snippet[position:]))
            return "".join(parts)
    return html.escape(snippet)


def highlight_terms(text: str, terms: list[str], background: str, foreground: str) -> str:
    """Highlight whole-word occurrences of `terms` in plain text (snippets without markers)."""
    words = [re.escape(term) for term in terms if term]
    if not words:
        return html.escape(text)
    pattern = re.compile(r"\b(" + "|".join(words) + r")\w*", re.IGNORECASE)
    parts: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(html.escape(text[position : match.start()]))
        parts.append(_span(html.escape(match.group(0)), background, foreground))
        position = match.end()
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def _span(text: str, background: str, foreground: str) -> str:
    return (
        f'<span style="background-color:{background}; color:{foreground}; '
        f'font-weight:600;">{text}</span>'
    )


class HighlightDelegate(QStyledItemDelegate):
    """Renders the DisplayRole of its column as HTML; lives on the GUI thread."""

    def _document(self, option: QStyleOptionViewItem, text: str) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(text)
        return document

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        document = self._document(opt, text)
        document.setTextWidth(opt.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        painter.save()
        top = text_rect.top() + max(0.0, (text_rect.height() - document.size().height()) / 2)
        painter.translate(text_rect.left(), top)
        clip = QRectF(0, 0, text_rect.width(), text_rect.height())
        painter.setClipRect(clip)
        context.clip = clip
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        document = self._document(opt, opt.text)
        width = opt.rect.width() if opt.rect.width() > 0 else 400
        document.setTextWidth(width)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 4)

    @staticmethod
    def plain_text(index: QModelIndex | QPersistentModelIndex) -> str:
        """The cell text without markup (accessibility, copying, tests)."""
        document = QTextDocument()
        document.setHtml(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        return document.toPlainText()
