"""The Library screen: every call in one table, filters, saved filters, transcript search.

Lives on the GUI thread; every database access goes through the store
(`Store.submit` runs `LibraryGateway` on the job runner's thread).
Double-clicking a call or a search hit emits `call_opened(call_id)`; the main
window shows it in Review.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.library import search_hit_model as hits
from app.ui.library.call_filter import DEFAULT_PRESETS, CallFilter
from app.ui.library.call_filter_proxy import CallFilterProxy
from app.ui.library.call_table_model import (
    CALL_ID_ROLE,
    COL_AGENT,
    COL_CALL,
    COL_DURATION,
    COL_REVIEW,
    COL_STATUS,
    COL_TALK_RATIO,
    COL_TEAM,
    CallTableModel,
)
from app.ui.library.column_fit import ColumnFitter
from app.ui.library.filter_bar import FilterBar
from app.ui.library.library_gateway import LibraryGateway
from app.ui.library.library_pages import EmptyLibraryPage, SearchResultsPage, build_call_table
from app.ui.library.row_anchor import rows_held_in_place
from app.ui.library.search_help import no_match_text, read_as_words_note
from app.ui.library.search_hit_model import SearchHitModel, SearchHitRow
from app.ui.store import Store, StoredLibrary
from app.ui.style.icons import ICON_PROPERTY, Icons
from app.ui.style.theme import Theme
from kernel.domain import CallSummary

PAGE_CALLS = 0
PAGE_SEARCH = 1
PAGE_EMPTY = 2


class LibraryView(QWidget):
    """Call list with filters and search; lives on the GUI thread."""

    call_opened = Signal(int)
    hit_opened = Signal(int, int)  # call id, sentence id: a search hit to jump to
    rows_loaded = Signal(int)  # number of calls now listed
    search_finished = Signal(int)  # number of hits
    filters_loaded = Signal(list)  # preset names
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._search_generation = 0
        self._load_generation = 0
        self._presets: dict[str, CallFilter] = dict(DEFAULT_PRESETS)
        self._active_preset: str | None = None
        self._loaded_once = False

        self.model = CallTableModel(self)
        self.proxy = CallFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.hit_model = SearchHitModel(self)

        self._build_ui()
        self.apply_theme()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(350)
        self._search_timer.timeout.connect(self.on_search_timer_timeout)

    # -- construction ----------------------------------------------------

    def _build_ui(self) -> None:
        title = QLabel("Library")
        title.setObjectName("pageTitle")
        self.count_label = QLabel("")
        self.count_label.setObjectName("muted")

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(
            'Search transcripts: refund, "late fee", router AND restart'
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(
            "Full-text search over every transcript (Ctrl+F). Words match word forms; "
            '"quotes" match a phrase; AND, OR, NOT combine terms.'
        )
        search_icon = self.search_edit.addAction(
            Icons.get("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        search_icon.setProperty(ICON_PROPERTY, "search")
        self.search_edit.setMinimumWidth(220)  # room for its clear button at 1024 px
        self.search_edit.textChanged.connect(self.on_search_text_changed)
        self.search_edit.returnPressed.connect(self.on_search_return_pressed)

        self.filter_bar = FilterBar()
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(self.filter_bar.preset_combo)
        header.addWidget(self.search_edit, 2)

        self.filter_bar.filter_edited.connect(self.on_filter_bar_edited)
        self.filter_bar.preset_chosen.connect(self.on_preset_chosen)
        self.filter_bar.save_requested.connect(self.on_save_filter_requested)
        self.filter_bar.set_presets(list(self._presets))

        self.table = build_call_table(self.proxy)
        self.column_fitter = ColumnFitter(
            self.table, COL_CALL, (COL_DURATION, COL_TEAM, COL_TALK_RATIO, COL_STATUS), self
        )
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        open_action = QAction("Open in Review", self.table)
        open_action.setShortcut(QKeySequence(Qt.Key.Key_Return))
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(self.on_open_action_triggered)
        self.table.addAction(open_action)

        self.search_page = SearchResultsPage(self.hit_model)
        self.search_page.back_requested.connect(self.clear_search)
        self.search_label = self.search_page.search_label
        self.hit_table = self.search_page.hit_table
        self.hit_table.doubleClicked.connect(self.on_hit_double_clicked)
        self.empty_page = EmptyLibraryPage()
        self.empty_page.import_requested.connect(self.import_requested)
        self.empty_page.demo_requested.connect(self.demo_requested)

        self.no_match_label = QLabel("No calls match these filters.")
        self.no_match_label.setObjectName("muted")
        self.no_match_label.setVisible(False)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.search_page)
        self.pages.addWidget(self.empty_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.no_match_label)
        layout.addWidget(self.pages, 1)

    def set_welcome_open(self, open_: bool) -> None:
        """Blank the empty-library page under the welcome dialog (its lines peeked out)."""
        self.empty_page.set_welcome_open(open_)

    def apply_theme(self) -> None:
        colours = Theme.current()
        self.model.set_colours(colours.rushed, colours.good, colours.warning, colours.muted_text)
        self.hit_model.set_colours(colours.hit_background, colours.hit_text)

    def set_talk_ratio_warning(self, value: float) -> None:
        self.model.talk_ratio_warning = value
        self.model.set_colours(
            self.model.rushed_colour.name(),
            self.model.good_colour.name(),
            self.model.warning_colour.name(),
            self.model.muted_colour.name(),
        )

    # -- loading ---------------------------------------------------------

    def reload(self) -> None:
        """Load every call (one query on the job runner's thread) and saved filters."""
        self._load_generation += 1
        generation = self._load_generation

        def load(library: StoredLibrary) -> tuple[list[CallSummary], list[tuple[str, CallFilter]]]:
            gateway = LibraryGateway(library)
            return gateway.summaries(), gateway.saved_filters()

        self.store.submit(
            load,
            name="load library",
            on_finished=lambda result: self.on_rows_loaded(generation, result),
            on_failed=self.on_job_failed,
        )

    def on_rows_loaded(
        self, generation: int, result: tuple[list[CallSummary], list[tuple[str, CallFilter]]]
    ) -> None:
        if generation != self._load_generation:
            return
        rows, saved = result
        self.model.set_rows(rows)
        self.filter_bar.set_choices(
            self.model.distinct_values(COL_AGENT),
            self.model.distinct_values(COL_TEAM),
            self.model.distinct_values(COL_REVIEW),
        )
        self._presets = dict(DEFAULT_PRESETS)
        self._presets.update(dict(saved))
        self.filter_bar.set_presets(list(self._presets), self._active_preset)
        self._loaded_once = True
        self._update_page()
        self.filters_loaded.emit(list(self._presets))
        self.rows_loaded.emit(len(rows))

    def refresh_call(self, call_id: int) -> None:
        """Fetch one call again (an import finished, a review changed) and update its row."""

        def fetch(library: StoredLibrary) -> CallSummary | None:
            return LibraryGateway(library).summary(call_id)

        self.store.submit(
            fetch,
            name="refresh call",
            on_finished=self.on_call_fetched,
            on_failed=self.on_job_failed,
        )

    def on_call_fetched(self, summary: CallSummary | None) -> None:
        if summary is None:
            return
        is_new = self.model.row_for_call(summary.call_id) is None
        # an import adds calls while the user reads: the row they are on stays put
        with rows_held_in_place(self.table, self._call_of, self._index_of_call):
            self.model.update_row(summary)
        if is_new:
            self.filter_bar.set_choices(
                self.model.distinct_values(COL_AGENT),
                self.model.distinct_values(COL_TEAM),
                self.model.distinct_values(COL_REVIEW),
            )
        self._update_page()
        self.rows_loaded.emit(self.model.rowCount())

    @staticmethod
    def _call_of(index: QModelIndex) -> int:
        return int(index.data(CALL_ID_ROLE))

    def _index_of_call(self, call_id: int) -> QModelIndex:
        row = self.model.row_for_call(call_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, 0))

    def on_job_failed(self, message: str) -> None:
        self.count_label.setText(f"Could not read the library: {message}")

    def _update_page(self) -> None:
        if self.search_edit.text().strip():
            self.pages.setCurrentIndex(PAGE_SEARCH)
        elif self._loaded_once and self.model.rowCount() == 0:
            self.pages.setCurrentIndex(PAGE_EMPTY)
        else:
            self.pages.setCurrentIndex(PAGE_CALLS)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        noun = "call" if total == 1 else "calls"
        text = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        self.count_label.setText(text)
        no_match = bool(total) and not shown and self.pages.currentIndex() == PAGE_CALLS
        self.no_match_label.setVisible(no_match)

    # -- filters ---------------------------------------------------------

    def set_filter(self, call_filter: CallFilter) -> None:
        self._active_preset = None
        self.filter_bar.show_filter(call_filter)
        self.filter_bar.mark_preset(None)
        self.proxy.set_call_filter(call_filter)
        self._update_count()

    def preset_names(self) -> list[str]:
        return list(self._presets)

    def apply_preset(self, name: str) -> None:
        call_filter = self._presets.get(name)
        if call_filter is None:
            return
        self.set_filter(call_filter)
        self._active_preset = name
        self.filter_bar.mark_preset(name)

    def save_current_filter(self, name: str) -> None:
        """Store the current filter under `name` (on the store's thread), then list it."""
        call_filter = self.proxy.call_filter()
        name = name.strip()
        if not name:
            return

        def save(library: StoredLibrary) -> list[tuple[str, CallFilter]]:
            gateway = LibraryGateway(library)
            gateway.save_filter(name, call_filter)
            return gateway.saved_filters()

        self.store.submit(
            save,
            name="save filter",
            on_finished=lambda saved: self.on_filters_saved(saved, name),
            on_failed=self.on_job_failed,
        )

    def on_filters_saved(self, saved: list[tuple[str, CallFilter]], current: str) -> None:
        self._active_preset = current
        self._presets = dict(DEFAULT_PRESETS)
        self._presets.update(dict(saved))
        self.filter_bar.set_presets(list(self._presets), current)
        self.filters_loaded.emit(list(self._presets))

    def on_filter_bar_edited(self, call_filter: CallFilter) -> None:
        self._active_preset = None
        self.proxy.set_call_filter(call_filter)
        self._update_count()

    def on_preset_chosen(self, name: str) -> None:
        self.apply_preset(name)

    def on_save_filter_requested(self) -> None:
        if self.proxy.call_filter().is_empty():
            QMessageBox.information(
                self, "Save filter", "Choose some filters first, then save them under a name."
            )
            return
        name, accepted = QInputDialog.getText(self, "Save filter", "Name for this filter:")
        if accepted and name.strip():
            self.save_current_filter(name)

    # -- search ----------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def search(self, query: str) -> None:
        """Run a full-text search now (also what typing triggers after a pause)."""
        if self.search_edit.text() != query:
            self.search_edit.blockSignals(True)
            self.search_edit.setText(query)
            self.search_edit.blockSignals(False)
        self._search_timer.stop()
        query = query.strip()
        if not query:
            self.clear_search()
            return
        self._search_generation += 1
        generation = self._search_generation
        self.search_label.setText(f"Searching for {query}…")
        self.pages.setCurrentIndex(PAGE_SEARCH)
        self.no_match_label.setVisible(False)

        def run(library: StoredLibrary) -> list[SearchHitRow]:
            return LibraryGateway(library).search(query)

        self.store.submit(
            run,
            name="search",
            on_finished=lambda rows: self.on_search_done(generation, query, rows),
            on_failed=lambda message: self.on_search_failed(generation, message),
        )

    def clear_search(self) -> None:
        self._search_timer.stop()
        self._search_generation += 1
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.hit_model.set_rows([])
        self._update_page()

    def on_search_text_changed(self, text: str) -> None:
        if not text.strip():
            self.clear_search()
        else:
            self._search_timer.start()

    def on_search_return_pressed(self) -> None:
        self.search(self.search_edit.text())

    def on_search_timer_timeout(self) -> None:
        self.search(self.search_edit.text())

    def on_search_done(self, generation: int, query: str, rows: list[SearchHitRow]) -> None:
        if generation != self._search_generation:
            return
        # rows keep their fixed two-line height: measuring 300 HTML snippets costs ~100 ms
        self.hit_model.set_rows(rows, query)
        calls = self.hit_model.call_count()
        if rows:
            self.search_label.setText(
                f"{len(rows)} matching sentence{'s' if len(rows) != 1 else ''} in {calls} "
                f"call{'s' if calls != 1 else ''} for {query}. Double-click to open the call."
                + read_as_words_note(query)
            )
        else:
            self.search_label.setText(no_match_text(query))  # with the syntax and a fix
        self.search_finished.emit(len(rows))

    def on_search_failed(self, generation: int, message: str) -> None:
        if generation != self._search_generation:
            return
        self.hit_model.set_rows([])
        self.search_label.setText(f"That search did not work: {message}")
        self.search_finished.emit(0)

    # -- opening calls ---------------------------------------------------

    def selected_call_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [int(index.data(CALL_ID_ROLE)) for index in rows]

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        call_id = index.data(CALL_ID_ROLE)
        if call_id is not None:
            self.call_opened.emit(int(call_id))

    def on_open_action_triggered(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.on_table_double_clicked(index)

    def on_hit_double_clicked(self, index: QModelIndex) -> None:
        hit = index.data(hits.ROW_ROLE)
        if hit is None:
            return
        if hit.sentence_id is not None:
            self.hit_opened.emit(int(hit.call_id), int(hit.sentence_id))
        else:
            self.call_opened.emit(int(hit.call_id))
