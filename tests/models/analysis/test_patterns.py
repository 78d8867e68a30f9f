"""P1-P6 exactly as TAXONOMY.md section 2, each rule's edges."""

from __future__ import annotations

from typing import Any

import pytest

from kernel.domain import PATTERN_NAMES, PatternHit, Sentence
from models.analysis.patterns import (
    detect_patterns,
    fast_fix,
    first_problem_description,
    is_courtesy_or_introduction,
    is_rushed,
)
from tests.models.analysis.helpers import Line, dialogue, retime

GREETING = ("a", "Thanks for calling, this is Dana.", "statement")
ASK = ("a", "How can I help you today?", "problem_question")
DESCRIBE = ("c", "My internet keeps dropping since yesterday.")
IMPACT = ("a", "How is this affecting your work?", "impact_question")
OFFER = ("a", "I'll reset your line now.", "resolution_offer")
CHECK = ("a", "Does it work now?", "resolution_check")
CLOSE = ("a", "Is there anything else I can help you with?", "closing")
BYE = ("a", "Thanks for calling, goodbye.", "closing")
OK = ("c", "Okay.")


def ids(hits: list[PatternHit]) -> list[str]:
    return [h.id for h in hits]


def hit(sentences: list[Sentence], pattern: str, **kwargs: Any) -> PatternHit | None:
    found = [h for h in detect_patterns(sentences, **kwargs) if h.id == pattern]
    return found[0] if found else None


# P1 fix_before_impact


def test_p1_offer_without_any_impact_question() -> None:
    calls = dialogue([GREETING, ASK, DESCRIBE, OFFER, OK, CHECK, OK, CLOSE])
    p1 = hit(calls, "P1")
    assert p1 is not None and p1.evidence == [3] and p1.name == "fix_before_impact"
    assert "no impact question" in p1.detail


def test_p1_offer_before_a_later_impact_question() -> None:
    p1 = hit(dialogue([ASK, DESCRIBE, OFFER, OK, IMPACT]), "P1")
    assert p1 is not None and p1.evidence == [2]
    assert "first impact question only at" in p1.detail


def test_no_p1_when_impact_question_comes_first() -> None:
    assert hit(dialogue([ASK, DESCRIBE, IMPACT, OK, OFFER]), "P1") is None


def test_no_p1_without_an_offer() -> None:
    assert hit(dialogue([ASK, DESCRIBE, CLOSE]), "P1") is None


def test_p1_looks_only_at_the_first_offer() -> None:
    calls = dialogue([ASK, DESCRIBE, OFFER, OK, IMPACT, OK, OFFER])
    p1 = hit(calls, "P1")
    assert p1 is not None and p1.evidence == [2]


def test_customer_sentences_never_count_as_impact_questions() -> None:
    calls = dialogue([ASK, ("c", "How is this affecting my work?"), OFFER])
    assert hit(calls, "P1") is not None


# P2 no_resolution_check


def test_p2_offer_then_closing_without_check() -> None:
    p2 = hit(dialogue([ASK, DESCRIBE, IMPACT, OK, OFFER, OK, CLOSE]), "P2")
    assert p2 is not None and p2.evidence == [4, 6] and p2.name == "no_resolution_check"


def test_no_p2_with_a_check_between_offer_and_closing() -> None:
    assert hit(dialogue([ASK, DESCRIBE, OFFER, CHECK, OK, CLOSE]), "P2") is None


def test_no_p2_without_a_closing_after_the_offer() -> None:
    assert hit(dialogue([ASK, DESCRIBE, OFFER, OK]), "P2") is None
    assert hit(dialogue([ASK, CLOSE, DESCRIBE, OFFER, OK]), "P2") is None


def test_p2_uses_the_first_closing_after_the_offer() -> None:
    calls = dialogue([CLOSE, DESCRIBE, OFFER, OK, BYE, CHECK, CLOSE])
    p2 = hit(calls, "P2")
    assert p2 is not None and p2.evidence == [2, 4]  # the check after it comes too late


def test_p2_check_before_the_offer_does_not_count() -> None:
    calls = dialogue([ASK, DESCRIBE, CHECK, OFFER, CLOSE])
    assert hit(calls, "P2") is not None


def test_p2_customer_saying_it_works_does_not_count() -> None:
    calls = dialogue([ASK, DESCRIBE, OFFER, ("c", "That works, it loads now."), CLOSE])
    assert hit(calls, "P2") is not None


def test_p2_no_offer_no_p2() -> None:
    assert hit(dialogue([ASK, DESCRIBE, CLOSE]), "P2") is None


# P3 closing_over_open_concern


def test_p3_customer_question_then_closing_only_turn() -> None:
    calls = dialogue([ASK, DESCRIBE, OFFER, CHECK, ("c", "Yes. Will it happen again?"), CLOSE, BYE])
    p3 = hit(calls, "P3")
    assert p3 is not None and p3.name == "closing_over_open_concern"
    # The customer's open sentence plus the whole closing turn.
    assert p3.evidence == [4, 5, 6]
    assert "asked" in p3.detail


def test_p3_customer_concern_word_without_question() -> None:
    for text in [
        "But I'm still worried about the fee.",
        "And my refund is still missing.",
        "One more thing.",
    ]:
        p3 = hit(dialogue([ASK, DESCRIBE, OFFER, ("c", text), CLOSE]), "P3")
        assert p3 is not None and p3.evidence == [3, 4], text
        assert "raised" in p3.detail


def test_p3_only_open_sentences_of_the_customer_turn_are_evidence() -> None:
    calls = dialogue(
        [OFFER, ("c", "Thanks."), ("c", "But the fee is wrong."), ("c", "Right."), BYE]
    )
    p3 = hit(calls, "P3")
    assert p3 is not None and p3.evidence == [2, 4]


def test_no_p3_when_the_closing_turn_answers_first() -> None:
    answer = ("a", "Yes, it will stay fixed.", "statement")
    calls = dialogue([OFFER, ("c", "Will it happen again?"), answer, CLOSE])
    assert hit(calls, "P3") is None


def test_no_p3_when_the_closing_turn_has_anything_else_after_the_closing() -> None:
    calls = dialogue([OFFER, ("c", "But what about the fee?"), CLOSE, OFFER])
    assert hit(calls, "P3") is None


def test_p3_bare_acknowledgement_before_closing_does_not_answer_a_question() -> None:
    # The recognizer cut "Right, see you Thursday, bye." into two sentences.
    for ack in ["Right.", "Okay, lovely.", "Oh, brilliant, thanks."]:
        calls = dialogue(
            [OFFER, ("c", "Could you do his nails as well?"), ("a", ack, "statement"), BYE]
        )
        p3 = hit(calls, "P3")
        assert p3 is not None and p3.evidence == [1, 2, 3], ack


def test_no_p3_when_a_short_reply_answers_the_question() -> None:
    for reply in ["Yes.", "Sure.", "Of course.", "No, that's all included.", "Okay, I'll do that."]:
        calls = dialogue(
            [OFFER, ("c", "Could you do his nails too?"), ("a", reply, "statement"), BYE]
        )
        assert hit(calls, "P3") is None, reply


def test_no_p3_when_an_acknowledgement_meets_a_concern_word_only() -> None:
    # "also" marks a concern, but no question is left open: "Brilliant." is a fair reply.
    calls = dialogue(
        [
            OFFER,
            ("c", "I see the messages. And her message also."),
            ("a", "Brilliant.", "statement"),
            CLOSE,
        ]
    )
    assert hit(calls, "P3") is None


def test_p3_customer_question_whose_question_mark_the_recognizer_dropped() -> None:
    asked = "Now, the hotel in Keswick, does it have a lift, because he can't manage stairs."
    p3 = hit(dialogue([OFFER, ("c", "That's kind."), ("c", asked), BYE]), "P3")
    assert p3 is not None and p3.evidence == [2, 3]
    assert "asked" in p3.detail


def test_no_p3_when_the_customer_turn_is_not_open() -> None:
    assert hit(dialogue([OFFER, ("c", "That works, thank you."), CLOSE]), "P3") is None


def test_p3_looks_only_at_the_first_closing() -> None:
    calls = dialogue([OFFER, OK, CLOSE, ("c", "Actually, what about the fee?"), BYE])
    assert hit(calls, "P3") is None


def test_no_p3_without_closing_or_customer_turn() -> None:
    assert hit(dialogue([OFFER, ("c", "Why?")]), "P3") is None
    assert hit(dialogue([CLOSE, BYE]), "P3") is None


def test_p3_skips_an_unknown_speaker_turn_to_the_customer() -> None:
    calls = dialogue([OFFER, ("c", "Is it fixed?"), ("unknown", "Hmm."), CLOSE])
    assert hit(calls, "P3") is not None


# P4 rush_language


def test_p4_every_rush_cue_is_evidence() -> None:
    rush = ("a", "I need to keep this quick.", "rush_cue")
    p4 = hit(dialogue([rush, ASK, DESCRIBE, rush]), "P4")
    assert p4 is not None and p4.evidence == [0, 3] and "+1 more" in p4.detail
    assert hit(dialogue([ASK, DESCRIBE]), "P4") is None


# P5 talk_over


def _talk_over_call() -> list[Sentence]:
    return dialogue([ASK, DESCRIBE, ("a", "Okay.", "statement"), DESCRIBE, OFFER, OK])


def test_p5_needs_two_agent_turns_starting_in_customer_speech() -> None:
    calls = _talk_over_call()  # customer speaks 3-5 and 9-11
    one = retime(calls, {2: (4.0, 5.5)})
    assert hit(one, "P5") is None
    two = retime(calls, {2: (4.0, 5.5), 4: (10.2, 12.0)})
    p5 = hit(two, "P5")
    assert p5 is not None and p5.evidence == [2, 4] and p5.name == "talk_over"
    assert "2 times" in p5.detail


def test_p5_starting_exactly_when_the_customer_stops_is_not_talk_over() -> None:
    calls = retime(_talk_over_call(), {2: (5.0, 6.0), 4: (11.0, 12.0)})
    assert hit(calls, "P5") is None


def test_p5_uses_the_speech_intervals_given() -> None:
    calls = retime(_talk_over_call(), {2: (4.0, 5.5), 4: (10.2, 12.0)})
    # Word times say the customer stopped at 3.9 and 10.1: nobody was talked over.
    assert hit(calls, "P5", customer_speech=[(3.0, 3.9), (9.0, 10.1)]) is None


def test_p5_not_evaluated_without_separate_channels() -> None:
    calls = retime(_talk_over_call(), {2: (4.0, 5.5), 4: (10.2, 12.0)})
    assert hit(calls, "P5", has_separate_channels=False) is None


# P6 fast_fix


def _fast_fix_call(offer_at: float, questions: int = 0) -> list[Sentence]:
    lines: list[Line] = [GREETING, ASK, ("c", "Hi."), DESCRIBE]
    lines += [("a", f"Question {i}?", "problem_question") for i in range(questions)]
    lines += [OFFER]
    calls = dialogue(lines)
    described = calls[3].start
    return retime(calls, {calls[-1].id: (described + offer_at, described + offer_at + 2)})


@pytest.mark.parametrize(
    ("offer_at", "expected"), [(29.0, True), (29.99, True), (30.0, False), (31.0, False)]
)
def test_p6_threshold(offer_at: float, expected: bool) -> None:
    p6 = hit(_fast_fix_call(offer_at), "P6")
    assert (p6 is not None) is expected
    if p6 is not None:
        assert p6.evidence == [3, 4] and p6.name == "fast_fix"  # "Hi." is not the problem


@pytest.mark.parametrize(("questions", "expected"), [(0, True), (1, True), (2, False)])
def test_p6_fewer_than_two_questions(questions: int, expected: bool) -> None:
    assert (hit(_fast_fix_call(20.0, questions), "P6") is not None) is expected


def test_p6_threshold_is_a_setting() -> None:
    assert hit(_fast_fix_call(40.0), "P6", fast_fix_s=45.0) is not None
    assert hit(_fast_fix_call(20.0), "P6", fast_fix_s=15.0) is None


def test_p6_questions_count_by_label_or_question_mark() -> None:
    calls = dialogue([ASK, DESCRIBE, ("a", "Can we be quick?", "rush_cue"), IMPACT, OFFER])
    assert hit(calls, "P6") is None  # two questions: one by label, one by "?"
    calls = dialogue([ASK, DESCRIBE, ("c", "Why?"), ("c", "And how?"), OFFER])
    assert hit(calls, "P6") is not None  # customer questions do not count


def test_p6_no_offer_or_no_description() -> None:
    assert hit(dialogue([ASK, DESCRIBE, CLOSE]), "P6") is None
    assert hit(dialogue([GREETING, OFFER, ("c", "Thanks.")]), "P6") is None


def test_p6_description_after_the_offer_is_no_fast_fix() -> None:
    assert hit(dialogue([OFFER, DESCRIBE, OFFER]), "P6") is None


def test_first_description_skips_courtesy_and_identity_answers() -> None:
    calls = dialogue(
        [
            ("a", "Thanks for calling. Can I have your name?", "other_question"),
            ("c", "Sure, it's Peter Brown, and my card was declined."),  # answers identity
            ("a", "Thank you.", "statement"),
            ("c", "Hello."),
            ("c", "This is Peter."),
            ("c", "My card was declined at the shop."),
        ]
    )
    found = first_problem_description(calls)
    assert found is not None and found.id == 5


def test_first_description_is_none_when_the_customer_only_greets() -> None:
    assert first_problem_description(dialogue([ASK, ("c", "Hi."), OFFER])) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi.", True),
        ("Yes, thank you.", True),
        ("Hi Dana.", True),
        ("Good morning.", True),
        ("This is Sam Jones.", True),
        ("Hi, my name is Ann from Acme Bakery.", True),
        ("Yes, it's Peter Brown here.", True),
        ("This is terrible.", False),
        ("I'm locked out.", False),
        ("Hello, my card is blocked.", False),
        ("It's broken.", False),
        ("My name is Ann, and my card was declined.", False),
    ],
)
def test_courtesy_or_introduction(text: str, expected: bool) -> None:
    assert is_courtesy_or_introduction(text) is expected


def test_fast_fix_accepts_turns() -> None:
    calls = _fast_fix_call(10.0)
    assert fast_fix(calls) is not None


# detect_patterns and rushed


def test_detect_patterns_order_names_and_rushed() -> None:
    rush = ("a", "I need to keep this quick.", "rush_cue")
    calls = dialogue([rush, ASK, DESCRIBE, OFFER, ("c", "Is that it?"), CLOSE])
    hits = detect_patterns(calls)
    assert ids(hits) == ["P1", "P2", "P3", "P4", "P6"]
    assert all(h.name == PATTERN_NAMES[h.id] and h.detail for h in hits)
    assert is_rushed(hits)


def test_p5_and_p6_alone_do_not_make_a_call_rushed() -> None:
    hits = [PatternHit("P5", "talk_over", [1]), PatternHit("P6", "fast_fix", [1, 2])]
    assert not is_rushed(hits)
    assert is_rushed([PatternHit("P3", "closing_over_open_concern", [1])])


def test_a_good_call_has_no_patterns() -> None:
    calls = dialogue(
        [
            GREETING,
            ASK,
            DESCRIBE,
            IMPACT,
            OK,
            ("a", "When?", "problem_question"),
            OK,
            OFFER,
            OK,
            CHECK,
            OK,
            CLOSE,
            OK,
            BYE,
        ]
    )
    assert detect_patterns(calls) == []


def test_sentence_order_follows_ids_not_list_order() -> None:
    calls = dialogue([ASK, DESCRIBE, IMPACT, OFFER, CHECK, CLOSE])
    assert detect_patterns(list(reversed(calls))) == detect_patterns(calls)


def test_p5_speech_from_segments_word_times() -> None:
    from tests.models.analysis.helpers import segment

    calls = retime(_talk_over_call(), {2: (4.0, 5.5), 4: (10.2, 12.0)})
    # The customer's words run 3.0-4.8 and 9.0-10.8: both agent turns start inside.
    segments = [segment("customer", "a b c d e f", 3.0), segment("customer", "g h i j k l", 9.0)]
    assert hit(calls, "P5", customer_speech=segments) is not None
    # Words ending before the agent starts: no talk-over.
    early = [segment("customer", "a b c", 3.0), segment("customer", "g h", 9.0)]
    assert hit(calls, "P5", customer_speech=early) is None
