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


def utterances(fmt: str, content: str) -> list[str]:
    """The spoken text of an export, one string per utterance (no times, ids or hashes)."""
    import csv
    import io
    import json

    if fmt == "json":
        out: list[str] = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ("text", "word", "detail", "notes") and isinstance(value, str):
                        out.append(value)
                    else:
                        walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(json.loads(content))
        return out
    if fmt == "csv":
        return [row["text"] for row in csv.DictReader(io.StringIO(content))]
    lines = []
    for line in content.splitlines():
        line = re.sub(r"^\[\d\d:\d\d:\d\d\]\s*", "", line.strip())
        if not line or line == "WEBVTT" or line.isdigit() or "-->" in line:
            continue
        lines.append(line)
    return lines


def leaks_in_export(fmt: str, content: str, pieces: tuple[str, ...] | list[str]) -> list[str]:
    """Planted pieces (digit groups, words) found in any utterance of an export."""
    found = []
    for text in utterances(fmt, content):
        said = digits_said(text)
        found += [p for p in pieces if (p in said if p.isdigit() else p.lower() in text.lower())]
    return found
