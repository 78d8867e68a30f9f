"""The transcript list model without a view: rows, turns, evidence, time lookup, updates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytestqt.qtbot import QtBot

from app.ui.review.review_data import PATTERN_MISSING, PATTERN_WRONG, ReviewData
from app.ui.review.transcript_model import (
    CURRENT_ROLE,
    ROW_ROLE,
    SENTENCE_ID_ROLE,
    TranscriptModel,
)
from kernel.domain import PatternHit, Sentence

if TYPE_CHECKING:
    from app.ui.review.pattern_panel import PatternPanel


def _data() -> ReviewData:
    sentences = [
        Sentence(0, 0.5, 2.0, "agent", "How can I help?", label="problem_question"),
        Sentence(1, 2.0, 3.0, "agent", "Go ahead.", label="statement"),
        Sentence(2, 3.5, 6.0, "customer", "My internet drops."),
        Sentence(3, 6.5, 8.0, "agent", "I'll reset it.", label="resolution_offer"),
        Sentence(4, 7.5, 9.0, "customer", "Wait, but"),
    ]
    return ReviewData(
        call_id=1,
        source="/calls/a.wav",
        duration_s=10.0,
        sentences=sentences,
        patterns=[PatternHit("P1", "fix_before_impact", [3], "offer, no impact question")],
        model_labels={0: "problem_question", 1: "closing", 3: "resolution_offer"},
        corrected_ids={1},
    )


def test_rows_mark_turns_corrections_and_evidence(qtbot: QtBot) -> None:
    model = TranscriptModel()
    model.set_rows(_data().rows())
    assert model.rowCount() == 5
    rows = [model.index(r).data(ROW_ROLE) for r in range(5)]
    assert [r.turn_start for r in rows] == [True, False, True, True, True]
    assert rows[1].corrected and rows[1].model_label == "closing" and rows[1].label == "statement"
    assert rows[3].evidence == ["P1"]
    assert model.index(3).data(SENTENCE_ID_ROLE) == 3
    assert "the model said Closing" in model.index(1).data(0x03)  # ToolTipRole


def test_row_at_time_prefers_the_running_sentence(qtbot: QtBot) -> None:
    model = TranscriptModel()
    model.set_rows(_data().rows())
    assert model.row_at_time(0.1) == -1
    assert model.row_at_time(1.0) == 0
    assert model.row_at_time(4.0) == 2
    assert model.row_at_time(7.7) == 4  # overlap: the customer started last
    assert model.row_of_sentence(3) == 3
    assert model.row_of_sentence(99) == -1


def test_current_row_and_in_place_updates(qtbot: QtBot) -> None:
    model = TranscriptModel()
    data = _data()
    model.set_rows(data.rows())
    with qtbot.waitSignal(model.dataChanged):
        assert model.set_current_row(2)
    assert model.index(2).data(CURRENT_ROLE) is True
    assert not model.set_current_row(2)
    data.corrected_ids = set()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.dataChanged):
        model.update_rows(data.rows())
    assert resets == []  # same sentences: updated in place, selection survives
    assert not model.index(1).data(ROW_ROLE).corrected


def test_review_data_marks_and_verdict() -> None:
    data = _data()
    assert data.rushed_with_marks() is True
    data.pattern_marks = {"P1": PATTERN_WRONG}
    assert data.rushed_with_marks() is False
    data.pattern_marks["P4"] = PATTERN_MISSING
    assert data.holding_patterns() == ["P4"]
    kinds = sorted(kind for _t, kind, _id, _tip in data.mark_points())
    assert kinds == ["dismissed", "question"]  # P1's evidence, marked wrong: no red marker


def test_review_verdict_needs_a_look_on_unsure_evidence(qtbot: QtBot) -> None:
    from app.ui.review.review_header import ReviewHeader
    from models.analysis.certainty import NEEDS_A_LOOK, NOT_RUSHED, RUSHED

    data = _data()
    data.patterns[0].confidence = 0.7  # the offer read as an offer, 70 % sure
    assert data.verdict_with_marks() == NEEDS_A_LOOK
    assert data.rushed_with_marks() is False
    header = ReviewHeader()
    qtbot.addWidget(header)
    header.show_call(data)
    assert header.badges_text.startswith("Needs a look")
    data.pattern_marks = {"P4": PATTERN_MISSING}  # the supervisor's mark is sure
    assert data.verdict_with_marks() == RUSHED
    data.pattern_marks = {"P1": PATTERN_WRONG}
    assert data.verdict_with_marks() == NOT_RUSHED
    data.analysed = False
    assert data.verdict_with_marks() is None


def _panel_showing(qtbot: QtBot, hit: PatternHit) -> tuple[PatternPanel, ReviewData]:
    """A pattern panel showing `hit` (no marks) on the test call's sentences."""
    from app.ui.review.pattern_panel import PatternPanel

    data = _data()
    panel = PatternPanel()
    qtbot.addWidget(panel)
    panel.show_patterns([hit], {}, data.sentences)
    return panel, data


def test_pattern_panel_and_library_show_a_look_with_how_sure(qtbot: QtBot) -> None:
    from app.ui.library.call_table_model import COL_RUSHED, CallTableModel
    from kernel.domain import CallSummary

    unsure = PatternHit("P1", "fix_before_impact", [3], "offer, no impact question", 0.7)
    panel, data = _panel_showing(qtbot, unsure)
    assert "Needs a look" in panel.verdict.text() and "P1 70% sure" in panel.verdict.text()
    assert "70% sure" in panel.cards["P1"].title.text()
    unsure.confidence = 0.99
    panel.show_patterns([unsure], {}, data.sentences)
    assert "Rushed" in panel.verdict.text()
    unsure.confidence = 0.7  # the supervisor's marks decide as the header's verdict does
    panel.show_patterns([unsure], {"P4": PATTERN_MISSING}, data.sentences)
    assert "<b>Rushed</b>" in panel.verdict.text() and "(P1, P4)" in panel.verdict.text()
    panel.show_patterns([unsure], {"P1": PATTERN_WRONG}, data.sentences)
    assert "<b>Not rushed</b>" in panel.verdict.text()

    model = CallTableModel()
    model.set_rows(
        [
            CallSummary(1, "/a.wav", 60.0, "done", rushed=False, patterns=["P1"]),
            CallSummary(2, "/b.wav", 60.0, "done", rushed=True, patterns=["P1"]),
            CallSummary(3, "/c.wav", 60.0, "done", rushed=False, patterns=["P6"]),
        ]
    )
    shown = [model.index(r, COL_RUSHED).data() for r in range(3)]
    assert shown == ["Needs a look", "Rushed", "No"]


def test_an_unsure_pattern_can_be_confirmed_on_its_card(qtbot: QtBot) -> None:
    unsure = PatternHit("P3", "closing_over_open_concern", [3], "closed over a question", 0.5)
    panel, data = _panel_showing(qtbot, unsure)
    card = panel.cards["P3"]
    assert not card.confirm_button.isHidden() and card.confirm_button.text() == "Holds?"
    assert panel.cards["P1"].confirm_button.isHidden()  # not found: nothing to confirm
    with qtbot.waitSignal(panel.confirm_toggled) as signal:
        card.confirm_button.click()
    assert signal.args == ["P3", True]
    panel.show_patterns([unsure], {"P3": PATTERN_MISSING}, data.sentences)
    assert "<b>Rushed</b>" in panel.verdict.text()
    assert card.confirm_button.text() == "Holds ✓" and card.confirm_button.isChecked()
    assert "confirmed" in card.title.text() and card.mark_button.text() == "Wrong?"
    sure = PatternHit("P3", "closing_over_open_concern", [3], "closed over a question", 1.0)
    panel.show_patterns([sure], {}, data.sentences)
    assert card.confirm_button.isHidden()  # a sure pattern needs no confirming
