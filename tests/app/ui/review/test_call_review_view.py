"""The Review screen end to end on a library of analysed calls: what a supervisor does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from app.domain import AGENT
from app.ui.clips.clip_dialog import ClipDialog
from app.ui.review.call_review_view import CallReviewView
from app.ui.review.review_data import PATTERN_WRONG, REVIEWED
from app.ui.review.transcript_model import ROW_ROLE
from tests.app.ui.review.fake_library import FakeLibrary


def open_review(qtbot: QtBot, library: FakeLibrary, call_id: int) -> CallReviewView:
    view = CallReviewView(library)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitActive(view):
        view.activateWindow()
    assert view.show_call(call_id)
    view.transcript.doItemsLayout()
    return view


def click_row(
    qtbot: QtBot,
    view: CallReviewView,
    row: int,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    index = view.model.index(row)
    view.transcript.scrollTo(index)
    rect = view.transcript.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(view.transcript.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def first_agent_row(view: CallReviewView, label: str | None = None) -> int:
    for row in range(view.model.rowCount()):
        data = view.model.index(row).data(ROW_ROLE)
        if data.is_agent and (label is None or data.label == label):
            return row
    raise AssertionError(f"no agent row labelled {label}")


def test_opens_with_sentences_tags_and_patterns(qtbot: QtBot, review_library: FakeLibrary) -> None:
    view = open_review(qtbot, review_library, 1)
    analysis = review_library.get_analysis(1)
    assert analysis is not None
    assert view.model.rowCount() == len(analysis.sentences)
    rows = [view.model.index(r).data(ROW_ROLE) for r in range(view.model.rowCount())]
    assert [r.label for r in rows if r.is_agent] == [
        s.label for s in sorted(analysis.sentences, key=lambda s: s.start) if s.speaker == AGENT
    ]
    assert all(r.label is None for r in rows if not r.is_agent)
    found = {hit.id for hit in analysis.patterns}
    for pattern_id, card in view.pattern_panel.cards.items():
        assert ("not found" not in card.title.text()) == (pattern_id in found)
    assert view.header.title.text() == Path(review_library.calls[1].source).name
    assert set(view.legend.chips) >= {"impact_question", "statement"}
    assert view.banner.isVisible()  # the scripted calls have no audio on disk
    assert "no" in view.banner.text().lower()


def test_clicking_a_sentence_seeks(qtbot: QtBot, review_library: FakeLibrary) -> None:
    view = open_review(qtbot, review_library, 1)
    target = view.model.rowCount() - 2
    sentence = view.model.row_at(target).sentence
    with qtbot.waitSignal(view.player.position_changed) as blocker:
        click_row(qtbot, view, target)
    assert blocker.args == [pytest.approx(sentence.start)]
    assert view.player.requested_position_s == pytest.approx(sentence.start)
    assert view.timeline.position_s == pytest.approx(sentence.start)
    assert view.model.current_row == target


def test_correction_persists_is_undoable_and_exported(
    qtbot: QtBot, review_library: FakeLibrary
) -> None:
    view = open_review(qtbot, review_library, 1)
    row = first_agent_row(view, "problem_question")
    sentence_id = view.model.row_at(row).sentence.id
    click_row(qtbot, view, row)
    assert view.label_editor.combo.isEnabled()
    changed: list[int] = []
    view.call_changed.connect(changed.append)
    view.correct_label(sentence_id, "impact_question")
    assert changed == [1]
    stored = {s.id: s.label for s in review_library.get_analysis(1).sentences}
    assert stored[sentence_id] == "impact_question"
    shown = view.model.row_at(row)
    assert shown.corrected and shown.model_label == "problem_question"
    assert "model said Problem question" in view.label_editor.model_info.text()
    exported = review_library.export_training_corrections()
    assert {"text": shown.sentence.text, "label": "impact_question", "call_id": 1} in exported

    reopened = open_review(qtbot, review_library, 1)
    again = reopened.model.row_at(row)
    assert again.corrected and again.label == "impact_question"
    assert again.model_label == "problem_question"
    reopened.close()

    with qtbot.waitActive(view):
        view.activateWindow()
    view.transcript.setFocus()
    qtbot.keyClick(view.transcript, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.model.row_at(row).corrected)
    stored = {s.id: s.label for s in review_library.get_analysis(1).sentences}
    assert stored[sentence_id] == "problem_question"
    assert review_library.export_training_corrections() == []
    view.undo_stack.redo()
    assert view.model.row_at(row).label == "impact_question"


def test_correction_through_the_combo_and_back_to_the_model(
    qtbot: QtBot, review_library: FakeLibrary
) -> None:
    view = open_review(qtbot, review_library, 2)
    row = first_agent_row(view)
    view.transcript.setCurrentIndex(view.model.index(row))
    combo = view.label_editor.combo
    combo.activated.emit(combo.findData("rush_cue"))
    assert view.model.row_at(row).label == "rush_cue"
    assert "P4" in {hit.id for hit in review_library.get_analysis(2).patterns}
    assert "found" in view.pattern_panel.cards["P4"].title.text()
    assert view.label_editor.reset_button.isVisibleTo(view)
    view.label_editor.reset_button.click()
    assert not view.model.row_at(row).corrected
    assert review_library.corrections.get(2, {}) == {}


def test_marking_reviewed_with_score_and_notes(qtbot: QtBot, review_library: FakeLibrary) -> None:
    view = open_review(qtbot, review_library, 3)
    view.review_panel.score_group.button(4).click()
    view.review_panel.notes.setPlainText("Asked about impact late; good check at the end.")
    view.transcript.setFocus()
    with qtbot.waitSignal(view.call_changed):
        qtbot.keyClick(view.transcript, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    call = review_library.calls[3]
    assert call.review_status == REVIEWED
    assert call.review_score == 4
    assert call.review_notes.startswith("Asked about impact late")
    assert "Reviewed" in view.header.badges_text
    view.close()
    reopened = open_review(qtbot, review_library, 3)
    assert reopened.review_panel.status == REVIEWED
    assert reopened.review_panel.score() == 4
    reopened.review_panel.reviewed_button.click()
    assert review_library.calls[3].review_status == "unreviewed"


def test_pattern_marked_wrong_and_evidence_navigation(
    qtbot: QtBot, review_library: FakeLibrary
) -> None:
    call_id = next(cid for cid in review_library.calls if review_library.get_analysis(cid).rushed)
    view = open_review(qtbot, review_library, call_id)
    hits = review_library.get_analysis(call_id).patterns
    evidence_rows = sorted(view.model.row_of_sentence(s) for h in hits for s in h.evidence)
    view.transcript.setFocus()
    qtbot.keyClick(view.transcript, Qt.Key.Key_J)
    assert view.transcript.currentIndex().row() == evidence_rows[0]
    qtbot.keyClick(view.transcript, Qt.Key.Key_K)
    assert view.transcript.currentIndex().row() == evidence_rows[-1]  # wraps round

    card = view.pattern_panel.cards[hits[0].id]
    card.evidence.linkActivated.emit(str(hits[0].evidence[-1]))
    assert view.transcript.currentIndex().row() == view.model.row_of_sentence(hits[0].evidence[-1])
    card.mark_button.click()
    assert review_library.pattern_marks[call_id] == {hits[0].id: False}
    assert view.data is not None and view.data.pattern_marks == {hits[0].id: PATTERN_WRONG}
    view.undo_stack.undo()
    assert review_library.pattern_marks[call_id] == {}


def test_clip_from_selected_sentences(qtbot: QtBot, review_library: FakeLibrary) -> None:
    view = open_review(qtbot, review_library, 1)
    click_row(qtbot, view, 2)
    click_row(qtbot, view, 4, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_rows() == [2, 3, 4]
    assert view.clip_button.isEnabled()
    start, end = view.clip_range() or (0.0, 0.0)
    data = view.data
    assert data is not None
    dialog = ClipDialog(data.call_id, data.source, data.duration_s, start, end, data.sentences)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Good empathy")
    dialog.tags_edit.setText("empathy, good example, Empathy")
    dialog.note_edit.setPlainText("Notice the pause.")
    spec = dialog.spec()
    assert spec.start_s == pytest.approx(max(0.0, start - 1.0))
    assert spec.end_s == pytest.approx(min(data.duration_s, end + 1.0))
    assert spec.tags == ["empathy", "good example"]
    with qtbot.waitSignal(view.clip_saved) as blocker:
        view.store_clip(dialog)
    clip = review_library.clips[blocker.args[0]]
    assert (clip.title, clip.call_id, clip.tags) == ("Good empathy", 1, ["empathy", "good example"])


def test_context_menu_offers_label_correction(qtbot: QtBot, review_library: FakeLibrary) -> None:
    view = open_review(qtbot, review_library, 1)
    row = first_agent_row(view)
    rect = view.transcript.visualRect(view.model.index(row))
    view.on_transcript_context_menu(rect.center())
    actions = {a.text(): a for a in view.menu.actions()}
    assert "Correct label" in actions
    submenu = actions["Correct label"].menu()
    closing = next(a for a in submenu.actions() if a.text() == "Closing")
    closing.trigger()
    assert view.model.row_at(row).label == "closing"
    view.menu.close()


def test_real_audio_plays_seeks_and_draws_a_waveform(
    qtbot: QtBot, audio_library: tuple[FakeLibrary, int, Path]
) -> None:
    library, call_id, _path = audio_library
    view = open_review(qtbot, library, call_id)
    assert not view.banner.isVisible()
    qtbot.waitUntil(lambda: view.timeline.peaks is not None, timeout=20_000)
    assert view.timeline.peaks is not None and view.timeline.peaks.channels == 2
    player = view.player.media_player
    assert player is not None
    qtbot.waitUntil(
        lambda: (
            player.mediaStatus()
            in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
        ),
        timeout=10_000,
    )
    row = first_agent_row(view, "impact_question")
    target = view.model.row_at(row).sentence.start
    click_row(qtbot, view, row)
    qtbot.waitUntil(lambda: abs(player.position() / 1000 - target) < 0.1, timeout=5000)
    qtbot.keyClick(view.transcript, Qt.Key.Key_Right)
    assert view.player.requested_position_s == pytest.approx(target + 5.0, abs=0.05)
    # the timeline seeks too
    x = view.timeline.x_of(2.0)
    qtbot.mouseClick(view.timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(x), 60))
    assert view.player.requested_position_s == pytest.approx(2.0, abs=0.1)


def test_unknown_call_shows_a_message(qtbot: QtBot, review_library: FakeLibrary) -> None:
    view = CallReviewView(review_library)
    qtbot.addWidget(view)
    assert not view.show_call(999)
    assert "999" in view.empty_text.text()
