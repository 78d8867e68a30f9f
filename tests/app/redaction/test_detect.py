"""Detection: each kind of personal data as customers say it and Whisper writes it."""

from __future__ import annotations

import re

import pytest

from app.redaction import redact_call
from app.redaction.numbers import join_digits, token_number

from .conftest import A, C, dialogue

CARD = "4539 8821 0417 6650"  # Luhn-valid test number (written for these tests)


def _text(transcript) -> str:
    return " ".join(s.text for s in transcript.segments)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_spoken_numbers_become_digits():
    pieces = [token_number(w) for w in ["forty", "five", "double", "three", "oh", "nine"]]
    assert join_digits([p for p in pieces if p]) == "453309"
    assert token_number("453-9,") == "4539"
    assert token_number("twenty-first") == "21"
    assert token_number("hello") is None


@pytest.mark.parametrize(
    "spoken",
    [
        "4539 8821 0417 6650.",
        "453-9, 882-1, 041-7, 665-0.",
        "four five three nine, eight eight two one, oh four one seven, six six five oh.",
        "forty five thirty nine, eighty eight twenty one, zero four seventeen, sixty six fifty.",
        "4539, 8821. 0417, 6650.",
    ],
)
def test_card_number_however_written_is_redacted(spoken):
    call = dialogue((A, "Sure, I can help with that."), (C, f"It's {spoken}"))
    out = redact_call(call)
    assert "[card number]" in _text(out.transcript)
    assert _digits(_text(out.transcript)) == ""
    assert {r.kind for r in out.redactions} == {"card_number"}


def test_card_split_across_segments_and_speakers_without_a_request():
    call = dialogue(
        (C, "The number is 4539 8821"),
        (A, "Okay."),
        (C, "0417 6650."),
        (A, "So 4539 8821 0417 6650, correct?"),
    )
    out = redact_call(call)
    assert "4539" not in _text(out.transcript) and "6650" not in _text(out.transcript)
    assert all(r.kind == "card_number" for r in out.redactions)


def test_answer_after_request_is_sensitive_even_without_pattern():
    call = dialogue(
        (A, "Could I take the security code on the back?"),
        (C, "Yes it's seven one two."),
        (A, "And the expiry date?"),
        (C, "Oh nine twenty seven."),
        (A, "Can I have your date of birth please?"),
        (C, "The fifth of March, nineteen eighty five."),
        (A, "And the first line of your address?"),
        (C, "Yes, fourteen Elm Street, Leeds."),
        (A, "Thank you. How is the weather?"),
        (C, "Sunny, thanks for asking."),
    )
    out = redact_call(call)
    text = _text(out.transcript)
    for gone in ("seven one two", "twenty seven", "March", "eighty five", "Elm", "Leeds"):
        assert gone not in text
    assert "Sunny, thanks for asking." in text
    assert [r.kind for r in out.redactions] == [
        "security_code",
        "expiry_date",
        "date_of_birth",
        "address",
    ]


def test_patterns_without_context():
    call = dialogue(
        (C, "Send it to jane.doe@example.com please."),
        (C, "My name is Jane Doe and I live at 22 Baker Street, London NW1 6XE."),
        (C, "My IBAN is GB82 WEST 1234 5698 7654 32 thanks."),
        (C, "Call me on 07700 900123 any time."),
    )
    out = redact_call(call)
    text = _text(out.transcript)
    for gone in ("jane.doe", "Jane", "Baker", "NW1", "WEST", "900123"):
        assert gone not in text, gone
    kinds = {r.kind for r in out.redactions}
    assert {"email", "name", "address", "iban", "phone_number"} <= kinds


def test_ordinary_talk_is_left_alone():
    call = dialogue(
        (A, "Thank you for calling, how can I help you today?"),
        (C, "My internet has been down for two days and I work from home."),
        (A, "I'm sorry to hear that. I'll send a technician tomorrow at 10."),
    )
    out = redact_call(call)
    assert out.redactions == []
    assert out.transcript is call


def test_card_read_straight_into_its_code_is_split_by_the_luhn_check():
    call = dialogue(
        (A, "Go ahead with the card details."),
        (C, "4539 8821 0417 6659 712."),  # 4539882104176659 passes Luhn; 712 is the code
    )
    out = redact_call(call)
    assert [r.kind for r in out.redactions] == ["card_number", "security_code"]
    assert _digits(_text(out.transcript)) == ""


def test_mono_call_whose_speakers_are_unknown_is_still_redacted():
    from kernel.domain import UNKNOWN as U

    call = dialogue(
        (U, "Can I have your date of birth please?"),
        (U, "The fifth of March, nineteen eighty five."),
        (U, "And the first line of your address?"),
        (U, "Fourteen Elm Street, Leeds."),
        (U, "And the card number?"),
        (U, "4539 8821 0417 6650."),
        channels=False,
    )
    text = _text(redact_call(call).transcript)
    for gone in ("March", "eighty five", "Elm", "Leeds", "4539"):
        assert gone not in text, gone


def test_pattern_details_quote_the_redacted_sentence():
    from kernel.domain import CallAnalysis, PatternHit
    from models.analysis.sentences import split_sentences

    call = dialogue((A, "What is the card number?"), (C, "It's 4539 8821 0417 6650."))
    sentences = split_sentences(call.segments)
    hit = PatternHit("P3", "closing_over_open_concern", [1], f'Concern "{sentences[1].text}" left')
    analysis = CallAnalysis(sentences, [hit], True, {})
    out = redact_call(call, analysis)
    assert out.analysis is not None
    assert out.analysis.patterns[0].detail == 'Concern "It\'s [card number]." left'
    assert out.analysis.sentences[1].text == "It's [card number]."
    assert out.analysis.sentences[0].text == sentences[0].text


def test_card_groups_read_slowly_without_any_question_stay_one_number():
    call = dialogue(
        (C, "Right, here goes."), (C, "4539."), (C, "8821."), (C, "0417."), (C, "6650."),
        gap=5.0,
    )  # fmt: skip
    out = redact_call(call)
    assert _digits(_text(out.transcript)) == ""
    assert {r.kind for r in out.redactions} == {"card_number"}
