"""The planted personal data of the leak tests and a check that finds it in any text.

The card number and details below were written for these tests. The card
number deliberately fails the Luhn check: a misheard digit must not let a
card through.
"""

from __future__ import annotations

import re

from .conftest import A, C

CARD_GROUPS = ("4539", "8821", "0417", "6650")
# Words that must not survive anywhere (other planted items than the card digits).
PLANTED_WORDS = ("Elm Street", "LS1", "March", "twenty seven", "seven one two", "1985")

PAYMENT_CALL = (
    (A, "Thank you for calling Northwind, how can I help?"),
    (C, "I want to pay my bill by card."),
    (A, "Of course. Can I take the long number on the card?"),
    (C, "It's four five three nine, eight eight two one,"),
    (A, "Okay."),
    (C, "041-7, 665-0."),
    (A, "And the expiry date?"),
    (C, "Oh nine twenty seven."),
    (A, "And the three digit security code on the back?"),
    (C, "Seven one two."),
    (A, "Thank you. Can I have your date of birth please?"),
    (C, "The fifth of March, 1985."),
    (A, "And the first line of your address and postcode?"),
    (C, "Fourteen Elm Street, Leeds, LS1 4AB."),
    (A, "Thank you, the payment has gone through. Is there anything else?"),
    (C, "No, that's all, thanks."),
)

_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip


def digits_said(text: str) -> str:
    """Every digit in the text, spoken or written, in order (punctuation dropped)."""
    words = re.findall(r"[a-z]+|\d", text.lower())
    return "".join(
        _WORDS.get(w, w) if not w.isdigit() else w for w in words if w in _WORDS or w.isdigit()
    )


def leaks(text: str) -> list[str]:
    """The planted card groups and words found in `text`."""
    said = digits_said(text)
    found = [group for group in CARD_GROUPS if group in said]
    lowered = text.lower()
    found += [word for word in PLANTED_WORDS if word.lower() in lowered]
    return found
