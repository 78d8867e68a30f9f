"""Card numbers and IDs as real callers and Whisper garble them (issue 15, second round).

One test per failure class an independent writer's calls showed: a spoken
correction inside the number, digits Whisper dropped, digits it garbled into
letters, Social Security and National Insurance numbers in Whisper's spacing.
The strings are made up for these tests.
"""

from __future__ import annotations

import re

from app.redaction import redact_call

from .conftest import A, C, dialogue


def _text(transcript) -> str:
    return " ".join(s.text for s in transcript.segments)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_card_with_a_spoken_correction_is_one_card_though_luhn_fails():
    call = dialogue(
        (A, "Would you like to settle that now by card?"),
        (C, "Yes. It's 5 1 0 5 1 0 5 1 0 no sorry that's 6 1 0 and then 5 1 0 0."),
    )
    out = redact_call(call)
    assert _digits(_text(out.transcript)) == ""
    assert {r.kind for r in out.redactions} == {"card_number"}


def test_correction_keeps_a_long_number_open_without_any_question():
    call = dialogue(
        (C, "Here it is, 6011 0009 9013 9 wait not 9 it's 8 then 424."),
    )
    out = redact_call(call)
    assert _digits(_text(out.transcript)) == ""


def test_card_brand_named_makes_a_short_number_a_card():
    call = dialogue(
        (A, "Okay, what would you like to pay with?"),
        (C, "Mastercard. 55554444333311 and that's it."),  # 14 digits: Whisper dropped two
    )
    out = redact_call(call)
    assert "55554444333311" not in _text(out.transcript)
    assert [r.kind for r in out.redactions] == ["card_number"]
    call = dialogue((C, "It's a debit card, 49171234567."))  # 11 digits, Luhn fails
    assert _digits(_text(redact_call(call).transcript)) == ""


def test_twelve_digits_anywhere_are_a_card_unless_a_phone():
    out = redact_call(dialogue((C, "The number is 371449635398.")))
    assert [r.kind for r in out.redactions] == ["card_number"]
    out = redact_call(dialogue((C, "Ring me on 014155552671 after six.")))
    assert [r.kind for r in out.redactions] == ["phone_number"]
    out = redact_call(dialogue((C, "My order number is 482019375561.")))
    assert out.redactions == []


def test_garbled_digits_inside_an_asked_card_number_are_redacted():
    call = dialogue(
        (A, "Can I take the long number on the card please?"),
        (C, "Sure, 4916 double -E, double -E, 3 -E -2 -E -7 -X."),
        (A, "Thank you. Is there anything else I can help with?"),
        (C, "No, that's all, bye."),
    )
    out = redact_call(call)
    text = _text(out.transcript)
    assert "4916" not in text and "-E" not in text and "-X" not in text
    assert _digits(text) == ""
    assert "No, that's all, bye." in text
    assert {r.kind for r in out.redactions} == {"card_number"}


def test_payment_question_makes_the_answer_a_card():
    call = dialogue(
        (A, "The total is ninety dollars. Shall I take payment now?"),
        (C, "Go ahead, 3 7 1 4 4 9 6 3 -Q 3 9 8 4 3 1."),
    )
    out = redact_call(call)
    assert _digits(_text(out.transcript)) == ""
    assert "ninety dollars" in _text(out.transcript)


def test_numbers_that_are_not_personal_stay_in_a_card_call():
    call = dialogue(
        (A, "Which card would you like to use?"),
        (C, "The Visa please, give me about twenty minutes to find it."),
        (A, "Of course. Your room is two oh four on the second floor."),
        (C, "Great, and the parking is fifteen pounds?"),
        (A, "It is. And which card, the one you used in May?"),
        (C, "Yes, that one, I only have two."),
    )
    text = _text(redact_call(call).transcript)
    for kept in ("twenty minutes", "two oh four", "fifteen pounds", "only have two"):
        assert kept in text, kept
    call = dialogue(
        (A, "Do you have a visa for Canada?"), (C, "Yes, I got it in 2019, it's valid for years.")
    )
    assert redact_call(call).redactions == []


def test_social_security_number_in_whisper_spacing():
    for written in ("218 -64 -3390", "218-64-3390", "218, 64, 3390"):
        call = dialogue((A, "Thanks, I'll just look you up."), (C, f"Sure, it's {written}."))
        out = redact_call(call)
        assert _digits(_text(out.transcript)) == "", written
        assert {r.kind for r in out.redactions} == {"national_id"}, written


def test_national_id_answer_after_an_id_question_even_with_a_dropped_digit():
    call = dialogue(
        (A, "And the last four of your social?"),
        (C, "It's 7 7 1 9."),
        (A, "And your passport number, please?"),
        (C, "It's 318 -27 -455."),
    )
    out = redact_call(call)
    assert _digits(_text(out.transcript)) == ""
    assert {r.kind for r in out.redactions} == {"national_id"}


def test_national_insurance_number_shapes_anywhere():
    for written in ("KP 61 28 93 B", "KP 612 -89d", "K P, 612 893, B"):
        call = dialogue((A, "Okay."), (C, f"Right, it's {written}, I think."))
        out = redact_call(call)
        text = _text(out.transcript)
        assert "KP" not in text and "612" not in text, (written, text)
        assert "national_id" in {r.kind for r in out.redactions}, written


def test_agent_talking_on_after_the_question_does_not_close_the_answer():
    call = dialogue(
        (A, "That comes to eight pounds. Can you pay now? Then it goes out tonight."),
        (C, "Yes, 5 5 5 5 double Q double Q double Q double Q 4 4 4 4."),
    )
    out = redact_call(call)
    assert _digits(_text(out.transcript)) == ""
    assert "Q" not in _text(out.transcript).replace("[card number]", "")


def test_full_date_with_a_birth_year_is_a_date_of_birth_anywhere():
    for said in ("Fourth of July 1968.", "It's March 3rd, 1990.", "12/05/1977"):
        out = redact_call(dialogue((A, "And for security?"), (C, said)))
        assert {r.kind for r in out.redactions} == {"date_of_birth"}, said
    out = redact_call(dialogue((C, "It was delivered on the 4th of July 2024.")))
    assert out.redactions == []
    out = redact_call(dialogue((A, "And your day of birth?"), (C, "Ninth of the ninth.")))
    assert {r.kind for r in out.redactions} == {"date_of_birth"}


def test_north_american_phone_grouping_is_a_phone_number():
    out = redact_call(dialogue((A, "Which number on the account?"), (C, "It's 617 555 0144.")))
    assert [r.kind for r in out.redactions] == ["phone_number"]
    assert _digits(_text(out.transcript)) == ""


def test_last_four_of_the_social_security_number_is_a_national_id():
    call = dialogue((A, "And the last four of your social security number."), (C, "2, 0, 4, 6."))
    out = redact_call(call)
    assert [r.kind for r in out.redactions] == ["national_id"]


def test_a_card_read_with_a_long_restart_and_no_request_heard_is_still_a_card():
    """The request for the card was lost to the recognizer and the caller restarted
    the number with more words than a correction usually takes."""
    call = dialogue(
        (A, "Right, whenever you are set."),
        (C, "6762115, hang on, I read that bit wrong, let me go again. 6762 1155 0031 7."),
    )
    out = redact_call(call)
    assert _digits(_text(out.transcript)) == ""
    assert {r.kind for r in out.redactions} == {"card_number"}


def test_a_sort_code_and_account_read_together_keep_their_kinds():
    call = dialogue(
        (A, "Can I take your sort code and account number?"),
        (C, "Sort code 20 45 77, account number 31926600."),
    )
    kinds = {r.kind for r in redact_call(call).redactions}
    assert "card_number" not in kinds
