"""The Library screen's pages: the call table, transcript search results, the empty library.

They live on the GUI thread inside `LibraryView`'s page stack; they only
show what the view hands them and say what was clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.library import search_hit_model as hits
from app.ui.library.call_table_model import (
    COL_AGENT,
    COL_CALL,
    COL_DATE,
    COL_DURATION,
    COL_IMPACT_SHARE,
    COL_PATTERNS,
    COL_REVIEW,
    COL_RUSHED,
    COL_STATUS,
    COL_TALK_RATIO,
    COL_TEAM,
)
from app.ui.library.highlight_delegate import HighlightDelegate
from app.ui.library.search_hit_model import SearchHitModel
from app.ui.style.icons import Icons

COLUMN_WIDTHS = {
    COL_DATE: 96,
    COL_AGENT: 120,
    COL_TEAM: 104,
    COL_DURATION: 74,
    COL_STATUS: 86,
    COL_RUSHED: 72,
    COL_PATTERNS: 122,
    COL_IMPACT_SHARE: 100,
    COL_TALK_RATIO: 90,
    COL_REVIEW: 100,
}


def build_call_table(proxy: QSortFilterProxyModel) -> QTableView:
    """The table of calls: sortable, newest first, rows selected whole, read-only."""
    table = QTableView()
    table.setObjectName("callTable")
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the file's ending
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    horizontal = table.horizontalHeader()
    horizontal.setHighlightSections(False)
    horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    horizontal.setSectionResizeMode(COL_CALL, QHeaderView.ResizeMode.Stretch)
    horizontal.setMinimumSectionSize(56)
    for column, width in COLUMN_WIDTHS.items():
        table.setColumnWidth(column, width)
    return table


class SearchResultsPage(QWidget):
    """What the search found: a line saying so, the hits, and a way back to all calls."""

    back_requested = Signal()

    def __init__(self, hit_model: SearchHitModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_label = QLabel("")
        self.search_label.setObjectName("muted")
        self.search_label.setTextFormat(Qt.TextFormat.PlainText)  # the query is the user's text
        self.search_label.setWordWrap(True)
        back = QPushButton("Back to all calls")
        back.clicked.connect(self.back_requested)
        self.hit_table = QTableView()
        self.hit_table.setObjectName("hitTable")
        self.hit_table.setModel(hit_model)
        self.hit_table.setItemDelegateForColumn(hits.COL_SNIPPET, HighlightDelegate(self.hit_table))
        self.hit_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hit_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hit_table.setAlternatingRowColors(True)
        self.hit_table.setShowGrid(False)
        self.hit_table.setWordWrap(True)
        self.hit_table.verticalHeader().setVisible(False)
        self.hit_table.verticalHeader().setDefaultSectionSize(46)
        self.hit_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        hit_header = self.hit_table.horizontalHeader()
        hit_header.setSectionResizeMode(hits.COL_SNIPPET, QHeaderView.ResizeMode.Stretch)
        self.hit_table.setColumnWidth(hits.COL_CALL, 230)
        self.hit_table.setColumnWidth(hits.COL_WHEN, 64)
        self.hit_table.setColumnWidth(hits.COL_SPEAKER, 90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search_label, 1)
        top.addWidget(back)
        layout.addLayout(top)
        layout.addWidget(self.hit_table, 1)


class EmptyLibraryPage(QWidget):
    """No calls yet: import some, or load the demo calls."""

    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel("No calls in this library yet")
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Import recorded calls to transcribe and analyse them on this computer,\n"
            "or load four short demo calls to see what Callscope finds."
        )
        text.setObjectName("muted")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        import_button = QPushButton("Import calls…")
        Icons.set_icon(import_button, "import@accent_text")
        import_button.setProperty("primary", True)
        import_button.clicked.connect(self.import_requested)
        demo_button = QPushButton("Load demo calls")
        Icons.set_icon(demo_button, "demo")
        demo_button.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(import_button)
        buttons.addWidget(demo_button)
        buttons.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(10)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def set_welcome_open(self, open_: bool) -> None:
        """Blank the page under the welcome dialog (its lines peeked out)."""
        for child in self.findChildren(QWidget):
            child.setVisible(not open_)
