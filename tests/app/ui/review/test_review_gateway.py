"""ReviewGateway on the real library: what Review reads (labels corrected, marks beside)."""

from __future__ import annotations

from app.storage.library import Library
from app.ui.review.review_data import IN_REVIEW, PATTERN_MISSING, PATTERN_WRONG
from app.ui.review.review_gateway import ReviewGateway
from tests.fixtures.library import scripted_call_id


def test_load_keeps_marked_patterns_with_their_evidence(populated_library: Library) -> None:
    call_id = scripted_call_id(populated_library, "isp_line_reset_p1_p2_p6")
    gateway = ReviewGateway(populated_library)
    before = gateway.load(call_id)
    assert [p.id for p in before.patterns] == ["P1", "P2", "P6"]
    p1 = next(p for p in before.patterns if p.id == "P1")
    gateway.mark_pattern(call_id, "P1", PATTERN_WRONG)
    gateway.mark_pattern(call_id, "P4", PATTERN_MISSING)

    # the store's verdict applies the marks ...
    effective = populated_library.get_analysis(call_id)
    assert effective is not None and [p.id for p in effective.patterns] == ["P2", "P4", "P6"]
    # ... Review gets the rules' findings with the marks beside them
    labelled = populated_library.get_labelled_analysis(call_id)
    assert labelled is not None and [p.id for p in labelled.patterns] == ["P1", "P2", "P6"]
    data = gateway.load(call_id)
    assert [p.id for p in data.patterns] == ["P1", "P2", "P6"]
    assert next(p for p in data.patterns if p.id == "P1").evidence == p1.evidence
    assert data.pattern_marks == {"P1": PATTERN_WRONG, "P4": PATTERN_MISSING}
    assert data.holding_patterns() == ["P2", "P4", "P6"]
    assert data.rushed_with_marks() is True


def test_load_reports_label_sources_review_and_processing_state(
    populated_library: Library,
) -> None:
    gateway = ReviewGateway(populated_library)
    data = gateway.load(1)
    agent = next(s for s in data.sentences if s.speaker == "agent")
    gateway.correct_label(1, agent.id, "rush_cue")
    gateway.save_review(1, IN_REVIEW, 65, "note")
    data = gateway.load(1)
    assert data.corrected_ids == {agent.id}
    assert data.model_labels[agent.id] == agent.label
    assert next(s for s in data.sentences if s.id == agent.id).label == "rush_cue"
    assert (data.review_status, data.score, data.notes) == (IN_REVIEW, 65, "note")
    assert (data.agent, data.team, data.status) == ("Dana", "Broadband", "done")
    gateway.correct_label(1, agent.id, None)
    assert gateway.load(1).corrected_ids == set()

    failed = populated_library.begin_call("/calls/broken.wav", "f" * 64, duration_s=0.0, channels=1)
    populated_library.set_status(failed, "failed", "could not decode")
    data = gateway.load(failed)
    assert not data.analysed and data.sentences == []
    assert (data.status, data.error) == ("failed", "could not decode")


def test_a_mark_the_rules_have_overtaken_is_not_shown(populated_library: Library) -> None:
    """Issue 12: a stale "Missing" mark was shown beside "Wrong" on a pattern.

    A pattern marked wrong that the rules no longer find says nothing more; one
    marked missing that they now find (after a label correction) reads as
    confirmed: the supervisor said it holds, and it counts as sure.
    """
    call_id = scripted_call_id(populated_library, "isp_line_reset_p1_p2_p6")
    gateway = ReviewGateway(populated_library)
    populated_library.correct_pattern(call_id, "P1", True)  # "missing", but P1 is found
    populated_library.correct_pattern(call_id, "P4", False)  # "wrong", but P4 is not found
    gateway.mark_pattern(call_id, "P2", PATTERN_WRONG)  # a mark that applies stays
    data = gateway.load(call_id)
    assert data.pattern_marks == {"P1": PATTERN_MISSING, "P2": PATTERN_WRONG}
    assert data.holding_patterns() == ["P1", "P6"]


def test_the_pattern_cards_show_no_overtaken_mark(qtbot, populated_library: Library) -> None:
    from app.ui.review.pattern_panel import PatternPanel

    call_id = scripted_call_id(populated_library, "isp_line_reset_p1_p2_p6")
    populated_library.correct_pattern(call_id, "P1", True)
    populated_library.correct_pattern(call_id, "P4", False)
    data = ReviewGateway(populated_library).load(call_id)
    panel = PatternPanel()
    qtbot.addWidget(panel)
    panel.show_patterns(data.patterns, data.pattern_marks, data.sentences)
    p1, p4 = panel.cards["P1"], panel.cards["P4"]
    assert (p1.mark_button.text(), p1.mark_button.isChecked()) == ("Wrong?", False)
    assert "marked" not in p1.title.text() and "confirmed" in p1.title.text()
    assert (p4.mark_button.text(), p4.mark_button.isChecked()) == ("Missing?", False)
    assert "marked" not in p4.title.text()
