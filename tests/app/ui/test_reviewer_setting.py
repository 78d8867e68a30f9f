"""The reviewer's name, set once in Settings, is stamped on what they correct in the app."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.storage.library import Library
from app.ui.application import Application
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from kernel.domain import AGENT
from kernel.library_target import REVIEWER_ENV
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call


@pytest.fixture
def no_reviewer_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # setenv first: monkeypatch then restores the variable's absence after the test,
    # whatever the app set meanwhile
    monkeypatch.setenv(REVIEWER_ENV, "")
    monkeypatch.delenv(REVIEWER_ENV)
    yield


def test_the_dialog_saves_the_name(qtbot: QtBot, settings: Settings) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.reviewer_edit.text() == "" and dialog.reviewer_edit.placeholderText()
    dialog.reviewer_edit.setText("  Priya  ")
    dialog.accept()
    assert Settings(settings.file_path).reviewer == "Priya"


def test_the_apps_library_stamps_the_name_from_settings(
    qtbot: QtBot, library_path: Path, settings_path: Path, no_reviewer_env: None
) -> None:
    with Library(library_path) as library:
        call_id = add_scripted_call(library, load_scripts()[0])
        model = library.get_model_analysis(call_id)
    assert model is not None
    idx = next(s.id for s in model.sentences if s.speaker == AGENT)
    settings = Settings(settings_path)
    settings.reviewer = "Priya"
    app = Application(db_path=library_path, settings_path=settings_path, offer_demo=False)
    app.show()
    qtbot.waitUntil(lambda: app.job_runner.pending_count == 0, timeout=10_000)
    try:
        app.store.call(lambda lib: lib.correct_label(call_id, idx, "closing"))
        assert app.store.call(lambda lib: lib.label_corrections(call_id))[0]["reviewer"] == "Priya"
        app.settings.reviewer = "Marco"  # renamed in Settings: from the next correction on
        app.store.call(lambda lib: lib.correct_label(call_id, idx, "statement"))
        history = app.store.call(lambda lib: lib.label_correction_history(call_id))
        assert [(r["reviewer"], r["label"]) for r in history] == [
            ("Priya", "closing"),
            ("Marco", "statement"),
        ]
    finally:
        app.window.close()
        app.shutdown()
    assert os.environ[REVIEWER_ENV] == "Marco"  # worker processes the app starts inherit it


def test_the_environment_is_left_alone_after_the_app(no_reviewer_env: None) -> None:
    assert REVIEWER_ENV not in os.environ  # the previous test's name did not leak


def test_two_app_windows_on_a_team_library_see_each_others_work(
    qtbot: QtBot, pg_url: str, tmp_path: Path, no_reviewer_env: None
) -> None:
    """`gui --db postgresql://...`: two reviewers' apps on one PostgreSQL library."""
    from app.storage.engine import open_library

    with open_library(pg_url) as team:
        call_id = add_scripted_call(team, load_scripts()[0])
        model = team.get_model_analysis(call_id)
    assert model is not None
    idx = next(s.id for s in model.sentences if s.speaker == AGENT)
    apps = []
    for name in ("Priya", "Marco"):
        settings = Settings(tmp_path / f"{name}.ini")
        settings.reviewer = name
        settings.library_path = pg_url
        assert Settings(tmp_path / f"{name}.ini").library_path == pg_url  # kept as a URL
        app = Application(settings_path=tmp_path / f"{name}.ini", offer_demo=False)
        with qtbot.waitSignal(app.window.library_view.rows_loaded, timeout=10_000) as loaded:
            app.window.library_view.reload()
        assert loaded.args == [1]
        apps.append(app)
    priya, marco = apps
    try:
        assert priya.db_path == pg_url and "import-queue" in priya.import_queue.queue_file.name
        priya.store.call(lambda lib: lib.correct_label(call_id, idx, "closing"))
        marco.store.call(lambda lib: lib.correct_label(call_id, idx, "resolution_check"))
        for app in apps:  # both windows read both corrections, with their authors
            history = app.store.call(lambda lib: lib.label_correction_history(call_id))
            assert [(r["reviewer"], r["label"]) for r in history] == [
                ("Priya", "closing"),
                ("Marco", "resolution_check"),
            ]
    finally:
        for app in apps:
            qtbot.waitUntil(lambda a=app: a.job_runner.pending_count == 0, timeout=10_000)
            app.window.close()
            app.shutdown()


def test_the_review_screen_names_who_corrected_a_label(qtbot: QtBot, library_path: Path) -> None:
    from app.storage.engine import open_library
    from app.ui.review.label_editor import LabelEditor
    from app.ui.review.review_gateway import ReviewGateway

    with open_library(library_path, reviewer="Marco") as library:
        call_id = add_scripted_call(library, load_scripts()[0])
        model = library.get_model_analysis(call_id)
        assert model is not None
        idx = next(s.id for s in model.sentences if s.speaker == AGENT)
        library.correct_label(call_id, idx, "resolution_check")  # Marco first
        library.reviewer = "Priya"
        library.correct_label(call_id, idx, "closing")  # then Priya: hers is effective
        row = next(r for r in ReviewGateway(library).load(call_id).rows() if r.sentence.id == idx)
    assert row.corrected and row.corrected_by == "Priya"
    assert row.other_corrections == [("Marco", "resolution_check")]
    editor = LabelEditor()
    qtbot.addWidget(editor)
    editor.show_row(row)
    text = editor.model_info.text()
    assert text.startswith("Corrected by Priya · the model said") and "also Marco: " in text


def test_two_windows_correct_one_sentence_in_review_and_see_each_other_after_f5(
    qtbot: QtBot, pg_url: str, tmp_path: Path, no_reviewer_env: None
) -> None:
    """Through the Review screen's own widgets: each window sees the other's label after F5."""
    from PySide6.QtCore import QItemSelectionModel

    from app.storage.engine import open_library
    from app.ui.main_window import PAGE_REVIEW
    from app.ui.review.call_review_view import CallReviewView
    from app.ui.review.transcript_model import ROW_ROLE

    with open_library(pg_url) as team:
        call_id = add_scripted_call(team, load_scripts()[0])
    apps: list[Application] = []
    views: list[CallReviewView] = []
    for name in ("alice", "bob"):
        settings = Settings(tmp_path / f"{name}.ini")
        settings.reviewer = name
        settings.library_path = pg_url
        app = Application(settings_path=tmp_path / f"{name}.ini", offer_demo=False)
        app.window.open_call(call_id)
        view = app.window.page_widget(PAGE_REVIEW)
        assert isinstance(view, CallReviewView) and view.call_id == call_id
        apps.append(app)
        views.append(view)
    try:
        row = next(
            r for r in range(views[0].model.rowCount())
            if views[0].model.index(r).data(ROW_ROLE).is_agent
        )  # fmt: skip
        for view, label in zip(views, ("closing", "resolution_check"), strict=True):
            # select explicitly: setCurrentIndex would follow a modifier key left pressed
            view.transcript.selectionModel().setCurrentIndex(
                view.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            view.label_editor.combo.activated.emit(view.label_editor.combo.findData(label))
            assert view.model.row_at(row).label == label
        assert "also" not in views[0].label_editor.model_info.text()  # not re-read yet
        for app, view in zip(apps, views, strict=True):
            app.window.reload_action.trigger()  # View > Reload (F5); the selection is kept
            assert view.selected_rows() == [row]
            shown = view.model.row_at(row)
            assert (shown.label, shown.corrected_by) == ("resolution_check", "bob")
            assert shown.other_corrections == [("alice", "closing")]
            text = view.label_editor.model_info.text()
            assert text.startswith("Corrected by bob") and "also alice: Closing" in text
    finally:
        for app in apps:
            runner = app.job_runner
            qtbot.waitUntil(lambda: runner.pending_count == 0, timeout=10_000)  # noqa: B023
            app.window.close()
            app.shutdown()


def test_callscope_db_naming_a_team_library_is_what_the_app_opens(
    qtbot: QtBot, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`CALLSCOPE_DB=postgresql://... callscope gui`: the team library, not a SQLite file
    at ./postgresql:/... (what the app made of the URL before)."""
    from kernel import paths

    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("CALLSCOPE_DB", pg_url)
    settings = Settings(tmp_path / "s.ini")
    assert settings.library_path == pg_url
    assert paths.default_db_path().name == "library.db"  # a URL is no file path
    settings.library_path = pg_url  # the default: stored as empty
    assert Settings(tmp_path / "s.ini")._get_str("library/path", "") == ""
    app = Application(settings_path=tmp_path / "s.ini", offer_demo=False)
    try:
        assert app.db_path == pg_url
        assert app.store.call(lambda lib: lib.url) == pg_url  # opened on the server
    finally:
        qtbot.waitUntil(lambda: app.job_runner.pending_count == 0, timeout=10_000)
        app.window.close()
        app.shutdown()
    assert list(folder.iterdir()) == []
