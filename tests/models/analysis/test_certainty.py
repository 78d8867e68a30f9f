"""Verdict certainty: a call is not rushed on evidence the classifier is unsure of."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kernel.domain import LABELS, PatternHit, Sentence
from models.analysis.call_analyzer import analyze_sentences, with_labels
from models.analysis.certainty import (
    NEEDS_A_LOOK,
    NOT_RUSHED,
    QUESTION_MARK_ONLY,
    RUSHED,
    SURE_CONFIDENCE,
    pattern_confidence,
    verdict,
)
from models.analysis.patterns import detect_patterns, is_rushed
from tests.models.analysis.helpers import dialogue


def scored(sentence: Sentence, label: str, p: float) -> Sentence:
    """`sentence` labelled `label` with score p, the rest spread over the other labels."""
    rest = (1.0 - p) / (len(LABELS) - 1)
    scores = {name: (p if name == label else rest) for name in LABELS}
    return replace(sentence, label=label, confidence=p, scores=scores)


GOOD_CALL = [
    ("a", "Thanks for calling, how can I help?", "problem_question"),
    ("c", "My card was declined."),
    ("a", "How is that affecting your week?", "impact_question"),
    ("c", "I can't pay for the train."),
    ("a", "Okay, let's take a look at that one as well.", "statement"),
    ("a", "I've removed the block.", "resolution_offer"),
    ("a", "Does it work now?", "resolution_check"),
    ("c", "Yes it does."),
    ("a", "Anything else I can help with?", "closing"),
]


def with_scores(lines: list, overrides: dict[int, tuple[str, float]]) -> list[Sentence]:
    sentences = dialogue(lines)
    out = []
    for s in sentences:
        if s.label is None:
            out.append(s)
        elif s.id in overrides:
            out.append(scored(s, *overrides[s.id]))
        else:
            out.append(scored(s, s.label, 0.98))
    return out


def test_one_unsure_rush_cue_makes_a_look_not_rushed() -> None:
    sentences = with_scores(GOOD_CALL, {4: ("rush_cue", 0.55)})
    analysis = analyze_sentences(sentences, [], 30.0)
    p4 = next(h for h in analysis.patterns if h.id == "P4")
    assert p4.confidence == 0.55
    assert verdict(analysis.patterns) == NEEDS_A_LOOK
    assert analysis.rushed is False


def test_a_sure_rush_cue_makes_the_call_rushed() -> None:
    sentences = with_scores(GOOD_CALL, {4: ("rush_cue", 0.97)})
    analysis = analyze_sentences(sentences, [], 30.0)
    assert verdict(analysis.patterns) == RUSHED
    assert analysis.rushed is True


def test_two_unsure_cues_together_are_sure() -> None:
    lines = [*GOOD_CALL[:5], ("a", "I need to keep this quick.", "rush_cue"), *GOOD_CALL[5:]]
    sentences = with_scores(lines, {4: ("rush_cue", 0.7), 5: ("rush_cue", 0.7)})
    p4 = next(h for h in detect_patterns(sentences) if h.id == "P4")
    assert SURE_CONFIDENCE > 0.7  # each alone would only be a look
    assert abs(p4.confidence - (1 - 0.3 * 0.3)) < 1e-6
    assert is_rushed([p4]) is True


def test_p1_is_unsure_when_an_earlier_sentence_may_be_an_impact_question() -> None:
    lines = [
        (s, t, "problem_question" if i == 2 else (lab[0] if lab else None))
        for i, (s, t, *lab) in enumerate(GOOD_CALL)
    ]
    sentences = with_scores(lines, {})
    # The would-be impact question read as a problem question, but with 0.45 on impact.
    doubtful = replace(
        sentences[2],
        scores={**{n: 0.01 for n in LABELS}, "problem_question": 0.48, "impact_question": 0.45},
    )
    sentences[2] = doubtful
    hits = detect_patterns(sentences)
    p1 = next(h for h in hits if h.id == "P1")
    assert p1.confidence < SURE_CONFIDENCE
    assert verdict(hits) == NEEDS_A_LOOK
    assert not is_rushed(hits)


def test_good_call_is_not_rushed_and_corrections_are_sure() -> None:
    sentences = with_scores(GOOD_CALL, {})
    assert verdict(analyze_sentences(sentences, [], 30.0).patterns) == NOT_RUSHED
    corrected = with_labels(sentences, {4: "rush_cue"})
    analysis = analyze_sentences(corrected, [], 30.0)
    assert analysis.rushed is True
    assert next(h for h in analysis.patterns if h.id == "P4").confidence == 1.0


def test_hits_without_confidence_and_labels_without_scores_count_as_sure() -> None:
    assert is_rushed([PatternHit("P2", "no_resolution_check", [1, 2])])
    sentences = dialogue(GOOD_CALL)
    hit = PatternHit("P4", "rush_language", [4])
    assert pattern_confidence(hit, sentences) == 0.0  # labelled statement, no scores
    assert pattern_confidence(PatternHit("P5", "talk_over", [4]), sentences) == 1.0


def test_p3_acknowledgement_after_a_question_is_certain_not_a_closing() -> None:
    sentences = dialogue(
        [
            ("a", "I'll book him in for Thursday.", "resolution_offer"),
            ("c", "Could you do his nails as well?"),
            ("a", "Right.", "statement"),
            ("a", "See you Thursday, bye.", "closing"),
        ]
    )
    sentences[2] = replace(sentences[2], scores={"statement": 0.99, "closing": 0.01})
    sentences[3] = replace(sentences[3], scores={"closing": 0.9, "statement": 0.1})
    [p3] = [h for h in detect_patterns(sentences) if h.id == "P3"]
    assert p3.confidence == 0.9


def test_stored_verdict_names_a_look_when_deciding_patterns_were_found_but_not_sure() -> None:
    from models.analysis.certainty import stored_verdict

    assert stored_verdict(None, ["P1"]) is None
    assert stored_verdict(True, ["P1"]) == RUSHED
    assert stored_verdict(False, ["P1", "P6"]) == NEEDS_A_LOOK
    assert stored_verdict(False, ["P5", "P6"]) == NOT_RUSHED  # evidence-only patterns
    assert stored_verdict(False, []) == NOT_RUSHED


def test_p3_on_a_question_mark_alone_needs_a_look() -> None:
    # The recognizer's "?" on a customer's echo is weak evidence of an open
    # question; a question by its word order, or a concern word, is not.
    def p3_of(customer: str) -> PatternHit:
        sentences = dialogue(
            [
                ("a", "I've moved the booking to Saturday.", "resolution_offer"),
                ("a", "Can you see the new email?", "resolution_check"),
                ("c", customer),
                ("a", "Thanks for calling, bye.", "closing"),
            ]
        )
        [p3] = [h for h in detect_patterns(sentences) if h.id == "P3"]
        return p3

    weak = p3_of("It came in Saturday the 13th?")
    assert weak.confidence == QUESTION_MARK_ONLY < SURE_CONFIDENCE
    assert verdict([weak]) == NEEDS_A_LOOK
    for asked in ("Is it Saturday the 13th?", "But what about the deposit?", "Is it Saturday."):
        assert p3_of(asked).confidence == 1.0, asked


def test_the_docs_state_the_sure_line_in_use() -> None:
    """EXPORT.md, UI.md and the README tell users the line; they must say the one in use
    (EXPORT.md said 0.8 all through the months the line was 0.95)."""
    root = Path(__file__).parents[3]
    percent = f"{round(SURE_CONFIDENCE * 100)} %"
    assert f"(pattern `confidence` >= {SURE_CONFIDENCE:g})" in (root / "docs/EXPORT.md").read_text(
        encoding="utf-8"
    )
    for doc in ("docs/UI.md", "README.md"):
        assert f"less than {percent} sure" in " ".join(
            (root / doc).read_text(encoding="utf-8").split()
        ), doc
