"""The Library screen on the real test library: table, search with highlights, saved filters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.storage.library import Library
from app.ui.library import search_hit_model as hits
from app.ui.library.call_filter import NOT_REVIEWED, CallFilter
from app.ui.library.call_table_model import (
    CALL_ID_ROLE,
    COL_AGENT,
    COL_PATTERNS,
    COL_REVIEW,
    COL_RUSHED,
    ROW_ROLE,
)
from app.ui.library.highlight_delegate import HighlightDelegate
from app.ui.library.library_view import PAGE_CALLS, PAGE_EMPTY, PAGE_SEARCH, LibraryView
from app.ui.store import Store
from tests.fixtures.library import scripted_call_id


@pytest.fixture
def runner(library: Library, make_store: Callable[[Path], Store]) -> Store:
    """The GUI's store on the test library (its thread opens its own connection)."""
    return make_store(library.path)


def open_library(qtbot: QtBot, runner: Store) -> LibraryView:
    view = LibraryView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    with qtbot.waitSignal(view.rows_loaded, timeout=10_000):
        view.reload()
    return view


def shown_rows(view: LibraryView) -> list[int]:
    return [view.proxy.index(r, 0).data(ROW_ROLE).call_id for r in range(view.proxy.rowCount())]


def test_every_stored_call_is_listed_with_its_verdict(
    qtbot: QtBot, populated_library: Library, runner: Store
) -> None:
    view = open_library(qtbot, runner)
    summaries = populated_library.call_summaries()
    assert view.model.rowCount() == len(summaries) == 12
    assert view.pages.currentIndex() == PAGE_CALLS
    assert view.count_label.text() == "12 calls"
    call_id = scripted_call_id(populated_library, "isp_line_reset_p1_p2_p6")
    row = view.model.row_for_call(call_id)
    assert row is not None
    assert view.model.index(row, COL_RUSHED).data() == "Rushed"
    assert view.model.index(row, COL_PATTERNS).data() == "P1 P2 P6"
    assert view.model.index(row, COL_REVIEW).data() == "Unreviewed"
    good = scripted_call_id(populated_library, "bank_card_block_good")
    assert view.model.index(view.model.row_for_call(good), COL_RUSHED).data() == "No"
    # newest first: the scripted calls are dated from today back
    assert shown_rows(view)[0] == 1


def test_filters_presets_and_a_review_change_refreshes_the_row(
    qtbot: QtBot, populated_library: Library, runner: Store
) -> None:
    view = open_library(qtbot, runner)
    summaries = populated_library.call_summaries()
    view.set_filter(CallFilter(verdict="rushed"))
    assert sorted(shown_rows(view)) == sorted(s.call_id for s in summaries if s.rushed)
    view.set_filter(CallFilter(agent="Marco"))
    assert {view.proxy.index(r, COL_AGENT).data() for r in range(view.proxy.rowCount())} == {
        "Marco"
    }

    view.apply_preset("Rushed, not yet reviewed, this week")
    this_week = set(shown_rows(view))
    assert this_week and all(populated_library.summary(c).rushed for c in this_week)  # type: ignore[union-attr]
    first = sorted(this_week)[0]
    populated_library.set_review(first, "in_review", 40, "")
    with qtbot.waitSignal(view.rows_loaded, timeout=5000):
        view.refresh_call(first)
    assert first in shown_rows(view)  # in review is still "not yet reviewed"
    row = view.model.row_for_call(first)
    assert view.model.index(row, COL_REVIEW).data() == "In review"
    populated_library.set_review(first, "reviewed", 80, "")
    with qtbot.waitSignal(view.rows_loaded, timeout=5000):
        view.refresh_call(first)
    assert first not in shown_rows(view)


def test_saved_filter_is_stored_in_the_library_and_comes_back(
    qtbot: QtBot, populated_library: Library, runner: Store
) -> None:
    view = open_library(qtbot, runner)
    wanted = CallFilter(verdict="rushed", review_status=NOT_REVIEWED, team="Broadband")
    view.set_filter(wanted)
    expected = shown_rows(view)
    assert expected
    with qtbot.waitSignal(view.filters_loaded, timeout=5000):
        view.save_current_filter("Broadband to review")
    stored = populated_library.list_filters()
    assert [f.name for f in stored] == ["Broadband to review"]
    assert CallFilter.from_json(stored[0].query) == wanted

    again = open_library(qtbot, runner)
    assert "Broadband to review" in again.preset_names()
    again.apply_preset("Broadband to review")
    assert shown_rows(again) == expected
    assert again.filter_bar.preset_combo.currentText() == "Broadband to review"


def test_filter_bar_offers_needs_a_look(qtbot: QtBot, runner: Store) -> None:
    view = open_library(qtbot, runner)
    bar = view.filter_bar
    combo = bar.rushed_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts == [
        "Rushed or not",
        "Rushed",
        "Needs a look",
        "Not rushed",
    ]
    with qtbot.waitSignal(bar.filter_edited, timeout=2000) as edited:
        combo.setCurrentIndex(texts.index("Needs a look"))
    assert edited.args[0].verdict == "needs_a_look"
    view.apply_preset("Needs a look, not yet reviewed")
    assert bar.preset_combo.toolTip() == "Saved filter: Needs a look, not yet reviewed"
    bar.show_filter(CallFilter(verdict="not_rushed"))
    assert combo.currentText() == "Not rushed"
    assert bar.current_filter().verdict == "not_rushed"


def test_search_shows_highlighted_hits_and_opens_the_call(
    qtbot: QtBot, populated_library: Library, runner: Store
) -> None:
    view = open_library(qtbot, runner)
    with qtbot.waitSignal(view.search_finished, timeout=5000) as blocker:
        view.search("router")
    expected = populated_library.search("router")
    assert blocker.args == [len(expected)] and expected
    assert view.pages.currentIndex() == PAGE_SEARCH
    snippet = view.hit_model.index(0, hits.COL_SNIPPET).data()
    assert "background-color" in snippet and ">router</span>" in snippet.lower()
    plain = HighlightDelegate.plain_text(view.hit_model.index(0, hits.COL_SNIPPET))
    assert "router" in plain.lower() and "<mark>" not in plain
    assert "matching sentence" in view.search_label.text()

    # a phrase and a boolean query go to FTS5 as they are
    with qtbot.waitSignal(view.search_finished, timeout=5000) as blocker:
        view.search('"lights on your router" AND green')
    assert blocker.args[0] >= 1
    with qtbot.waitSignal(view.search_finished, timeout=5000) as blocker:
        view.search('"unbalanced')  # FTS5 cannot parse it: searched as plain words
    assert blocker.args == [0]
    assert "could not be read: a quote is not closed" in view.search_label.text()

    with qtbot.waitSignal(view.search_finished, timeout=5000):
        view.search("router")
    with qtbot.waitSignal(view.hit_opened) as blocker:
        view.on_hit_double_clicked(view.hit_model.index(0, hits.COL_SNIPPET))
    assert blocker.args == [expected[0].call_id, expected[0].sentence_id]
    view.clear_search()
    assert view.pages.currentIndex() == PAGE_CALLS


def test_empty_library_offers_import_and_demo(
    qtbot: QtBot, library: Library, runner: Store
) -> None:
    view = open_library(qtbot, runner)
    assert view.pages.currentIndex() == PAGE_EMPTY
    with qtbot.waitSignal(view.demo_requested):
        button = next(
            b
            for b in view.pages.widget(PAGE_EMPTY).findChildren(type(view.filter_bar.save_button))
            if b.text() == "Load demo calls"
        )
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_search_that_finds_nothing_shows_the_syntax_and_a_fix(
    qtbot: QtBot, populated_library: Library, runner: Store
) -> None:
    view = open_library(qtbot, runner)
    with qtbot.waitSignal(view.search_finished, timeout=10_000) as blocker:
        view.search("router* AND NOT zzzz")
    assert blocker.args == [0]
    text = view.search_label.text()
    # FTS5 cannot read "AND NOT": say so (not "Nothing matches") and show the fix
    assert text.startswith("The search router* AND NOT zzzz could not be read: NOT cannot")
    assert "Try: router* NOT zzzz." in text and "Nothing matches" not in text
    assert "refund* NOT rent" in text  # the syntax help
    with qtbot.waitSignal(view.search_finished, timeout=10_000) as blocker:
        view.search("router* NOT zzzz")  # the suggestion does find the sentences
    assert blocker.args[0] > 0
    assert "could not be read" not in view.search_label.text()


def test_a_search_that_cannot_be_read_says_why(
    qtbot: QtBot, populated_library: Library, runner: Store
) -> None:
    """Found by a tester: "rent' OR (" said "Nothing matches" though a call has "rent"."""
    view = open_library(qtbot, runner)
    with qtbot.waitSignal(view.search_finished, timeout=10_000) as blocker:
        view.search("router' OR (")
    text = view.search_label.text()
    assert "could not be read: the character ' cannot be used in a search" in text
    assert "Try: router." in text
    with qtbot.waitSignal(view.search_finished, timeout=10_000) as blocker:
        view.search("router")
    assert blocker.args[0] > 0
    with qtbot.waitSignal(view.search_finished, timeout=10_000) as blocker:
        view.search('"router')  # searched as plain words: found, and the note says so
    assert blocker.args[0] > 0
    assert "a quote is not closed" in view.search_label.text()
    with qtbot.waitSignal(view.search_finished, timeout=10_000) as blocker:
        view.search("zzzz")
    assert view.search_label.text().startswith("Nothing matches zzzz.")


def test_a_call_imported_meanwhile_does_not_move_the_row_under_the_cursor(
    qtbot: QtBot, populated_library: Library, runner: Store
) -> None:
    """Issue 12: rows moved under the cursor while an import added calls."""
    from datetime import date, timedelta

    from tests.fixtures.calls import load_scripts
    from tests.fixtures.library import add_scripted_call

    view = open_library(qtbot, runner)
    view.resize(1280, 300)  # a few rows in sight; the table scrolls
    qtbot.waitUntil(lambda: view.table.verticalScrollBar().maximum() > 0, timeout=3000)
    view.table.selectRow(3)
    on = view.table.currentIndex().data(CALL_ID_ROLE)
    top = view.table.visualRect(view.table.currentIndex()).top()
    scripts = load_scripts()
    for n in range(2):  # newer than every call: sorted above the one the user is on
        new = add_scripted_call(
            populated_library,
            scripts[n],
            source=f"/calls/new_{n}.wav",
            call_date=(date.today() + timedelta(days=1 + n)).isoformat(),
        )
        with qtbot.waitSignal(view.rows_loaded, timeout=5000):
            view.refresh_call(new)
        current = view.table.currentIndex()
        assert current.data(CALL_ID_ROLE) == on
        assert view.table.visualRect(current).top() == top
    assert view.model.rowCount() == 14
    view.table.scrollToTop()  # the new calls are there, above
    assert view.proxy.index(0, 0).data(CALL_ID_ROLE) == new
