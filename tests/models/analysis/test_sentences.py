"""split_sentences: turns, punctuation on word boundaries, times, fallbacks, customer flags."""

from __future__ import annotations

import pytest

from kernel.domain import AGENT, CUSTOMER, UNKNOWN, Segment, Word
from models.analysis.sentences import (
    asks_text,
    ends_sentence,
    is_question_text,
    raises_concern_text,
    split_sentences,
)
from tests.models.analysis.helpers import segment


def test_splits_a_turn_at_final_punctuation_with_word_times() -> None:
    seg = segment(AGENT, "I'm sorry to hear that. When did it start? Let me check!", 1.0)
    sentences = split_sentences([seg])
    assert [s.text for s in sentences] == [
        "I'm sorry to hear that.",
        "When did it start?",
        "Let me check!",
    ]
    assert [s.id for s in sentences] == [0, 1, 2]
    assert (sentences[0].start, sentences[0].end) == (1.0, pytest.approx(2.5))
    assert (sentences[1].start, sentences[1].end) == (pytest.approx(2.5), pytest.approx(3.7))
    assert all(s.speaker == AGENT and s.segment_index == 0 for s in sentences)


def test_merges_consecutive_segments_of_one_speaker_into_one_turn() -> None:
    # Whisper cut the sentence in the middle: the turn is joined before splitting.
    first = segment(AGENT, "I will send a technician", 0.0)
    second = segment(AGENT, "tomorrow morning. Okay?", 2.0)
    sentences = split_sentences([second, first])  # input order does not matter
    assert [s.text for s in sentences] == [
        "I will send a technician tomorrow morning.",
        "Okay?",
    ]
    assert sentences[0].start == 0.0 and sentences[0].segment_index == 1
    assert sentences[1].segment_index == 0


def test_turn_end_closes_an_unpunctuated_sentence() -> None:
    sentences = split_sentences(
        [segment(AGENT, "okay so", 0.0), segment(CUSTOMER, "yes it is", 1.0)]
    )
    assert [(s.speaker, s.text) for s in sentences] == [(AGENT, "okay so"), (CUSTOMER, "yes it is")]


def test_sentences_are_in_time_order_across_speakers() -> None:
    agent = segment(AGENT, "Hello there. How can I help?", 0.0)
    customer = segment(CUSTOMER, "My card is blocked.", 0.3)  # during the agent's turn
    sentences = split_sentences([agent, customer])
    assert [s.text for s in sentences] == ["Hello there.", "My card is blocked.", "How can I help?"]
    assert [s.id for s in sentences] == [0, 1, 2]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith called about it.",
        "Use a browser, e.g. Firefox or Chrome.",
        "It costs 3.50 a month.",
        "I live in the U.S. now.",
        "Well... I am not sure.",
    ],
)
def test_no_split_inside_abbreviations_decimals_and_ellipses(text: str) -> None:
    assert [s.text for s in split_sentences([segment(CUSTOMER, text, 0.0)])] == [text]


def test_decimal_split_over_two_words_stays_together() -> None:
    seg = Segment(
        0, 2, AGENT, "", [Word(0, 0.5, " It's"), Word(0.5, 1.0, " 3."), Word(1.0, 1.5, "5")]
    )
    assert [s.text for s in split_sentences([seg])] == ["It's 3.5"]


def test_closing_quote_after_punctuation_still_ends_a_sentence() -> None:
    sentences = split_sentences([segment(CUSTOMER, 'It said "invalid." Then it froze.', 0.0)])
    assert [s.text for s in sentences] == ['It said "invalid."', "Then it froze."]


def test_ends_sentence_rules() -> None:
    assert ends_sentence("today?")
    assert ends_sentence(" now!")
    assert ends_sentence("done.")
    assert ends_sentence('"done."')
    assert not ends_sentence("Mrs.")
    assert not ends_sentence("i.e.")
    assert not ends_sentence("so...")
    assert not ends_sentence("word")
    assert not ends_sentence("3.", "5")
    assert ends_sentence("3.", " Then")


def test_stripped_words_are_joined_with_spaces() -> None:
    seg = Segment(0, 1, AGENT, "", [Word(0, 0.4, "Thanks,"), Word(0.4, 0.8, "bye.")])
    assert split_sentences([seg])[0].text == "Thanks, bye."


def test_segment_without_words_splits_text_and_interpolates_times() -> None:
    seg = Segment(10.0, 14.0, AGENT, "Hi there. How are you?")
    first, second = split_sentences([seg])
    assert (first.text, second.text) == ("Hi there.", "How are you?")
    assert first.start == 10.0 and second.end == pytest.approx(14.0, abs=0.2)
    assert first.end <= second.start
    # Time is shared by character count: "Hi there. " is 10 of 23 characters.
    assert second.start == pytest.approx(10.0 + 4.0 * 10 / 23, abs=0.01)


def test_empty_segments_give_no_sentences() -> None:
    assert split_sentences([]) == []
    assert split_sentences([Segment(0, 1, AGENT, "   ")]) == []


def test_customer_flags() -> None:
    sentences = split_sentences(
        [
            segment(CUSTOMER, "Will it happen again? Okay. But the bill is wrong.", 0.0),
            segment(AGENT, "But why? Is that an issue?", 5.0),
        ]
    )
    flags = [(s.text, s.is_question, s.raises_concern) for s in sentences]
    assert flags == [
        ("Will it happen again?", True, False),
        ("Okay.", False, False),
        ("But the bill is wrong.", False, True),
        ("But why?", False, False),  # agent sentences are never flagged
        ("Is that an issue?", False, False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Now, the hotel in Keswick, does it have a lift, because he can't manage stairs.",
        "So what happens if it leaks again.",
        "Is that clear enough.",
        "I was wondering, will it be ready by Friday",
        "Oh, and how long will it take.",
        "How's that going to work then.",
        "Sorry, can't you just send it today.",
        "It's fixed now?",
        "And who's paying for the lawn",
        "Thanks, and can you email me the receipt?",
    ],
)
def test_customer_question_without_its_question_mark(text: str) -> None:
    assert asks_text(text)
    [sentence] = split_sentences([segment(CUSTOMER, text, 0.0)])
    assert sentence.is_question


@pytest.mark.parametrize(
    "text",
    [
        "That's very kind.",
        "What a day.",
        "It is what it is.",
        "That is how long it takes.",
        "There's a radiator, oh, perhaps a yard away.",
        "Yes, I can do that.",
        "No, that's everything, thanks.",
        "I move out on the 30th.",
        "Well, it cost me thirty pounds, which is lovely.",
        "Do that, please.",
        "Was my fault, really.",
        "Had my tea, then it went off again.",
        "No sailing season with my son, who's home from university.",
        # The recognizer's "?" on a thank-you (rising voice) asks nothing.
        "Right or thank you very much, young man?",
        "Cheers for that?",
    ],
)
def test_customer_statements_are_not_questions(text: str) -> None:
    assert not asks_text(text)


def test_unknown_speaker_sentences_are_kept_unflagged() -> None:
    (sentence,) = split_sentences([segment(UNKNOWN, "What about my refund?", 0.0)])
    assert sentence.speaker == UNKNOWN and not sentence.is_question


@pytest.mark.parametrize(
    "text",
    [
        "but it failed",
        "It STILL fails.",
        "Also the app.",
        "Wait, one second.",
        "I'm worried.",
        "Don't worry.",
        "My concern is the fee.",
        "No problem.",
        "That's the issue.",
        "What about the fee?",
        "what   if it breaks",
        "One more thing.",
        "And another thing, the charge.",
    ],
)
def test_concern_words(text: str) -> None:
    assert raises_concern_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Butter is fine.",
        "It stood still-ish",  # "still" is a whole word before the hyphen
        "Issues were fixed.",
        "Concerned? Not really.",
        "What about it",  # phrase present: counted
        "That works, thanks.",
        "What is the fee?",
        "One thing more.",
    ],
)
def test_concern_words_are_whole_words(text: str) -> None:
    expected = text in {"It stood still-ish", "What about it"}
    assert raises_concern_text(text) is expected


def test_question_text() -> None:
    assert is_question_text("Is it fixed?")
    assert is_question_text('He said "why?"')
    assert not is_question_text("Why? No idea.")


def test_agent_run_on_is_cut_into_clauses_before_labelling() -> None:
    from kernel.domain import AGENT, CUSTOMER
    from tests.models.analysis.helpers import segment

    run_on = "so I've raised the limit on your account, does that cover everything you need"
    sentences = split_sentences([segment(AGENT, run_on, 0.0)])
    assert [s.text for s in sentences] == [
        "so I've raised the limit on your account,",
        "does that cover everything you need",
    ]
    assert sentences[1].start > sentences[0].start
    past = "It had gone to your old address, so I've cancelled that card and sent a new one."
    assert [s.text for s in split_sentences([segment(AGENT, past, 0.0)])] == [
        "It had gone to your old address,",
        "so I've cancelled that card and sent a new one.",
    ]
    # "so" or "and" + a question start after a comma cuts too (Whisper's "." ends it).
    asked = "I'm sorry you sat in all morning for nothing, so did that cost you a day's pay."
    assert [s.text for s in split_sentences([segment(AGENT, asked, 0.0)])] == [
        "I'm sorry you sat in all morning for nothing,",
        "so did that cost you a day's pay.",
    ]
    # A question word with its verb and subject after a comma, and "so I can ...".
    for text, cut in (
        (
            "that bed will cook in a fortnight, how's it affecting things at the restaurant",
            "how's it affecting things at the restaurant",
        ),
        ("I'll post the form today, when is the move exactly?", "when is the move exactly?"),
        (
            "and it's free from March, so I can put you in there instead,",
            "so I can put you in there instead,",
        ),
    ):
        assert split_sentences([segment(AGENT, text, 0.0)])[-1].text == cut, text
    for text in (
        "I've booked it for Monday, so it's all done now.",  # "so" + no question
        "I'll refund it today, and we'll send a letter too.",
        "I'll ring you back tomorrow, when you get a chance to check it.",
        "Right, here's the plan, what I'll do is book you in with Sarah.",
        "There's a slot on Friday, which is the earliest we have.",
        "I'll pass your details to Sam, who is the manager here.",
    ):
        assert len(split_sentences([segment(AGENT, text, 0.0)])) == 1, text
    # Short lead-ins, commas without a question after them, and the customer stay whole.
    for text in ("Okay, can I have your account number?", "Yes, I have reset it, thanks."):
        assert len(split_sentences([segment(AGENT, text, 0.0)])) == 1
    assert len(split_sentences([segment(CUSTOMER, run_on, 0.0)])) == 1
    # Without a comma: a capitalised question start or "and" + a question start cuts.
    joined = (
        "no pressure on the upgrade the offer stays open until the end of the month "
        "Shall I confirm the Baltic sailing for you and does that date work with your flight?"
    )
    assert [s.text for s in split_sentences([segment(AGENT, joined, 0.0)])] == [
        "no pressure on the upgrade the offer stays open until the end of the month",
        "Shall I confirm the Baltic sailing for you",
        "and does that date work with your flight?",
    ]
    # A capitalised question word mid-sentence: the recognizer lost a full stop.
    lost = "that doesn't excuse nobody calling you What had you got planned with the van?"
    assert [s.text for s in split_sentences([segment(AGENT, lost, 0.0)])] == [
        "that doesn't excuse nobody calling you",
        "What had you got planned with the van?",
    ]
    for text in (
        "I can see it is in the system",  # lower-case "is" mid-sentence stays
        "I'll check what you were told and ring you back",  # lower-case "what" stays
        "I've checked the line and it is working now",  # "and" + a non-question
        "You can pay online and anything else goes by post",
    ):
        assert len(split_sentences([segment(AGENT, text, 0.0)])) == 1, text
    # A question with a yes/no tail that narrows it stays one question.
    for text in (
        "What's riding on this payment right now, is it the room for tonight?",
        "so what matters most to you right now, is it keeping the start date",
        "And how long has it been like that, was it before the update?",
    ):
        assert len(split_sentences([segment(AGENT, text, 0.0)])) == 1, text
