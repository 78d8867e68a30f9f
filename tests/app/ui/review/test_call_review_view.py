"""The Review screen end to end on the real test library: what a supervisor does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from app.storage.library import Library
from app.ui.clips.clip_dialog import ClipDialog
from app.ui.review.call_review_view import CallReviewView
from app.ui.review.review_data import IN_REVIEW, PATTERN_WRONG, REVIEWED
from app.ui.review.transcript_model import ROW_ROLE
from kernel.domain import AGENT
from tests.app.ui.stores import store_of


def activate(qtbot: QtBot, view: CallReviewView) -> None:
    """Make the view the active window (its shortcuts only work there)."""
    view.raise_()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=3000)


def open_review(qtbot: QtBot, library: Library, call_id: int) -> CallReviewView:
    view = CallReviewView(store_of(library))
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    qtbot.waitExposed(view)
    activate(qtbot, view)
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


def test_opens_with_sentences_tags_and_patterns(qtbot: QtBot, review_library: Library) -> None:
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
    call = review_library.get_call(1)
    assert call is not None and view.header.title.text() == Path(call.source).name
    assert set(view.legend.chips) >= {"impact_question", "statement"}
    assert view.banner.isVisible()  # the scripted calls have no audio on disk
    assert "no" in view.banner.text().lower()


def test_clicking_a_sentence_seeks(qtbot: QtBot, review_library: Library) -> None:
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
    qtbot: QtBot, review_library: Library
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
    shown = view.model.row_at(row)
    assert shown.corrected and shown.model_label == "problem_question"
    assert "model said Problem question" in view.label_editor.model_info.text()

    # in the SQLite file, seen through a second connection (the app's other threads)
    with Library(review_library.path) as other:
        fixes = [
            (c["sentence_idx"], c["label"], c["model_label"]) for c in other.label_corrections(1)
        ]
        assert fixes == [(sentence_id, "impact_question", "problem_question")]
        stored = {s.id: s.label for s in other.get_analysis(1).sentences}  # type: ignore[union-attr]
        assert stored[sentence_id] == "impact_question"
        model = {s.id: s.label for s in other.get_model_analysis(1).sentences}  # type: ignore[union-attr]
        assert model[sentence_id] == "problem_question"  # the model's output is kept apart
        call = other.get_call(1)
        assert call is not None and call.review_status == IN_REVIEW  # a correction starts it
        exported = other.export_training_corrections()
    assert len(exported) == 1
    assert exported[0]["text"] == shown.sentence.text
    assert (exported[0]["label"], exported[0]["model_label"]) == (
        "impact_question",
        "problem_question",
    )
    assert (exported[0]["call_id"], exported[0]["sentence_id"]) == (1, sentence_id)

    reopened = open_review(qtbot, review_library, 1)
    again = reopened.model.row_at(row)
    assert again.corrected and again.label == "impact_question"
    assert again.model_label == "problem_question"
    assert "In review" in reopened.header.badges_text
    reopened.close()

    activate(qtbot, view)
    view.transcript.setFocus()
    qtbot.keyClick(view.transcript, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.model.row_at(row).corrected)
    stored = {s.id: s.label for s in review_library.get_analysis(1).sentences}  # type: ignore[union-attr]
    assert stored[sentence_id] == "problem_question"
    assert review_library.export_training_corrections() == []
    view.undo_stack.redo()
    assert view.model.row_at(row).label == "impact_question"
    assert len(review_library.export_training_corrections()) == 1


def test_correction_through_the_combo_and_back_to_the_model(
    qtbot: QtBot, review_library: Library
) -> None:
    view = open_review(qtbot, review_library, 2)
    row = first_agent_row(view)
    view.transcript.setCurrentIndex(view.model.index(row))
    combo = view.label_editor.combo
    combo.activated.emit(combo.findData("rush_cue"))
    assert view.model.row_at(row).label == "rush_cue"
    assert "P4" in {hit.id for hit in review_library.get_analysis(2).patterns}  # type: ignore[union-attr]
    summary = review_library.summary(2)
    assert summary is not None and summary.rushed and "P4" in summary.patterns
    assert "found" in view.pattern_panel.cards["P4"].title.text()
    assert "Rushed" in view.header.badges_text
    assert view.label_editor.reset_button.isVisibleTo(view)
    view.label_editor.reset_button.click()
    assert not view.model.row_at(row).corrected
    assert review_library.label_corrections(2) == []
    summary = review_library.summary(2)
    assert summary is not None and not summary.rushed and summary.patterns == []


def test_marking_reviewed_with_score_and_notes(qtbot: QtBot, review_library: Library) -> None:
    view = open_review(qtbot, review_library, 3)
    assert view.review_panel.score() is None
    view.review_panel.score_spin.setFocus()
    view.review_panel.set_score(80)
    view.review_panel.notes.setPlainText("Asked about impact late; good check at the end.")
    assert view.review_panel.flush()  # what leaving the screen does
    call = review_library.get_call(3)
    assert call is not None and (call.review_status, call.review_score) == (IN_REVIEW, 80)
    view.transcript.setFocus()
    with qtbot.waitSignal(view.call_changed):
        qtbot.keyClick(view.transcript, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    call = review_library.get_call(3)
    assert call is not None
    assert (call.review_status, call.review_score) == (REVIEWED, 80)
    assert call.review_notes.startswith("Asked about impact late")
    assert call.reviewed_at
    summary = review_library.summary(3)
    assert summary is not None and summary.review_status == REVIEWED
    assert "Reviewed" in view.header.badges_text
    view.close()
    reopened = open_review(qtbot, review_library, 3)
    assert reopened.review_panel.status == REVIEWED
    assert reopened.review_panel.score() == 80
    reopened.review_panel.reviewed_button.click()
    call = review_library.get_call(3)
    assert call is not None and call.review_status == IN_REVIEW
    assert reopened.reviewed_button.text() == "✔ Mark reviewed"
    reopened.reviewed_button.click()  # the header's button, always in sight
    call = review_library.get_call(3)
    assert call is not None and call.review_status == REVIEWED
    assert reopened.reviewed_button.text() == "Reopen review"
    reopened.review_panel.set_score(None)
    reopened.review_panel.flush()
    call = review_library.get_call(3)
    assert call is not None and call.review_score is None


def test_pattern_marked_wrong_and_evidence_navigation(
    qtbot: QtBot, review_library: Library
) -> None:
    call_id = next(s.call_id for s in review_library.call_summaries() if s.rushed)
    view = open_review(qtbot, review_library, call_id)
    hits = review_library.get_analysis(call_id).patterns  # type: ignore[union-attr]
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
    marks = review_library.pattern_corrections(call_id)
    assert [(m["pattern_id"], m["present"]) for m in marks] == [(hits[0].id, False)]
    assert view.data is not None and view.data.pattern_marks == {hits[0].id: PATTERN_WRONG}
    assert "marked wrong" in card.title.text()
    assert card.evidence.isVisibleTo(view)  # the evidence stays to read
    summary = review_library.summary(call_id)
    assert summary is not None and hits[0].id not in summary.patterns
    view.undo_stack.undo()
    assert review_library.pattern_corrections(call_id) == []
    summary = review_library.summary(call_id)
    assert summary is not None and hits[0].id in summary.patterns


def test_pattern_marked_missing_makes_the_call_rushed(
    qtbot: QtBot, review_library: Library
) -> None:
    call_id = next(s.call_id for s in review_library.call_summaries() if not s.patterns)
    view = open_review(qtbot, review_library, call_id)
    assert "Not rushed" in view.header.badges_text
    view.pattern_panel.cards["P4"].mark_button.click()
    summary = review_library.summary(call_id)
    assert summary is not None and summary.rushed and summary.patterns == ["P4"]
    assert "marked missing" in view.pattern_panel.cards["P4"].title.text()
    assert view.header.badges_text.startswith("Rushed")


def test_clip_from_selected_sentences(qtbot: QtBot, review_library: Library) -> None:
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
    clip = review_library.get_clip(blocker.args[0])
    assert clip is not None
    assert (clip.title, clip.call_id, clip.tags) == ("Good empathy", 1, ["empathy", "good example"])
    assert (clip.start_s, clip.end_s) == (pytest.approx(spec.start_s), pytest.approx(spec.end_s))
    assert clip.note == "Notice the pause."


def test_context_menu_offers_label_correction(qtbot: QtBot, review_library: Library) -> None:
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
    qtbot: QtBot, audio_library: tuple[Library, int, Path]
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


def test_unknown_call_shows_a_message(qtbot: QtBot, review_library: Library) -> None:
    view = CallReviewView(store_of(review_library))
    qtbot.addWidget(view)
    assert not view.show_call(999)
    assert "999" in view.empty_text.text()


def test_playback_position_highlights_the_sentence(qtbot: QtBot, review_library: Library) -> None:
    view = open_review(qtbot, review_library, 1)
    target = view.model.rowCount() // 2
    sentence = view.model.row_at(target).sentence
    view.player.position_changed.emit((sentence.start + sentence.end) / 2)
    assert view.model.current_row == target
    assert view.timeline.position_s == pytest.approx((sentence.start + sentence.end) / 2)


def test_clip_from_a_timeline_stretch(qtbot: QtBot, review_library: Library) -> None:
    view = open_review(qtbot, review_library, 1)
    assert not view.clip_button.isEnabled()
    timeline = view.timeline
    x0, x1 = int(timeline.x_of(5.0)), int(timeline.x_of(15.0))
    with qtbot.waitSignal(timeline.range_selected):
        qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x0, 60))
        qtbot.mouseMove(timeline, QPoint(x1, 60))
        qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x1, 60))
    start, end = view.clip_range() or (0.0, 0.0)
    assert (start, end) == (pytest.approx(5.0, abs=0.2), pytest.approx(15.0, abs=0.2))
    assert view.clip_button.isEnabled()
    assert "Timeline stretch" in view.selection_label.text()


def test_undo_after_mark_reviewed_undoes_the_mark_and_says_what_it_undid(
    qtbot: QtBot, review_library: Library
) -> None:
    """Found by a tester: Ctrl+Z after "Mark reviewed" silently undid an earlier "P2 marked
    wrong" (scrolled out of view) while the call stayed Reviewed."""
    call_id = next(s.call_id for s in review_library.call_summaries() if s.rushed)
    view = open_review(qtbot, review_library, call_id)
    hits = review_library.get_analysis(call_id).patterns  # type: ignore[union-attr]
    view.pattern_panel.cards[hits[0].id].mark_button.click()
    assert len(review_library.pattern_corrections(call_id)) == 1
    view.reviewed_button.click()
    call = review_library.get_call(call_id)
    assert call is not None and call.review_status == REVIEWED
    view.transcript.setFocus()
    qtbot.keyClick(view.transcript, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    call = review_library.get_call(call_id)
    assert call is not None and call.review_status == IN_REVIEW  # the mark itself undone
    assert len(review_library.pattern_corrections(call_id)) == 1  # the earlier mark kept
    assert view.reviewed_button.text() == "✔ Mark reviewed"
    assert view.status_line.text() == "Undone: mark reviewed."
    view.undo()
    assert review_library.pattern_corrections(call_id) == []
    assert view.status_line.text() == f"Undone: {hits[0].id} marked wrong."
    view.redo()
    assert len(review_library.pattern_corrections(call_id)) == 1
    assert view.status_line.text() == f"Redone: {hits[0].id} marked wrong."


def test_a_pattern_marked_wrong_is_no_longer_shown_as_evidence(
    qtbot: QtBot, review_library: Library
) -> None:
    """Found by a tester: after "P2 marked wrong" the transcript still tagged its sentences
    P2 (red) and the timeline kept its red marker."""
    call_id = next(s.call_id for s in review_library.call_summaries() if s.rushed)
    view = open_review(qtbot, review_library, call_id)
    hit = review_library.get_analysis(call_id).patterns[0]  # type: ignore[union-attr]
    sentence_id = hit.evidence[0]
    row = view.model.row_at(view.model.row_of_sentence(sentence_id))
    assert hit.id in row.evidence
    assert any(m.kind == "evidence" and m.sentence_id == sentence_id for m in view.timeline.marks)
    view.pattern_panel.cards[hit.id].mark_button.click()
    row = view.model.row_at(view.model.row_of_sentence(sentence_id))
    assert hit.id not in row.evidence and hit.id in row.dismissed  # drawn grey, struck out
    assert "marked wrong" in (view.model.index(view.model.row_of_sentence(sentence_id))
                              .data(Qt.ItemDataRole.ToolTipRole) or "")  # fmt: skip
    kinds = {
        (m.kind, m.tip.split()[0]) for m in view.timeline.marks if m.sentence_id == sentence_id
    }
    assert ("evidence", hit.id) not in kinds and ("dismissed", hit.id) in kinds
    image = view.timeline.grab()  # the grey outline paints
    assert not image.isNull()
    view.transcript.viewport().grab()
    view.undo()
    row = view.model.row_at(view.model.row_of_sentence(sentence_id))
    assert hit.id in row.evidence and not row.dismissed


def test_opening_another_call_starts_its_side_panel_at_the_top(
    qtbot: QtBot, review_library: Library
) -> None:
    """Issue 12: Review kept the previous call's side-panel scroll position."""
    view = open_review(qtbot, review_library, 1)
    view.resize(1280, 520)  # the side panel scrolls
    qtbot.waitUntil(lambda: view.side.verticalScrollBar().maximum() > 0, timeout=3000)
    bar = view.side.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert view.show_call(1)  # the same call again (a refresh) keeps the place
    assert bar.value() == bar.maximum() > 0
    assert view.show_call(2)
    assert bar.value() == 0


def test_confirming_a_found_pattern_is_stored_and_undone(
    qtbot: QtBot, review_library: Library
) -> None:
    call_id = next(s.call_id for s in review_library.call_summaries() if s.rushed)
    view = open_review(qtbot, review_library, call_id)
    found = review_library.get_analysis(call_id).patterns[0].id  # type: ignore[union-attr]
    view.on_pattern_confirm_toggled(found, True)
    assert view.undo_stack.undoText() == f"{found} confirmed"
    marks = review_library.pattern_corrections(call_id)
    assert [(m["pattern_id"], m["present"]) for m in marks] == [(found, True)]
    assert "confirmed" in view.pattern_panel.cards[found].title.text()
    summary = review_library.summary(call_id)
    assert summary is not None and summary.rushed and found in summary.patterns
    view.undo_stack.undo()
    assert review_library.pattern_corrections(call_id) == []
