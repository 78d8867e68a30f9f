"""Numbers as Whisper writes spoken digits: "4539", "453-9,", "four five",
"forty five", "double five", "oh nine", "5th" -> digit strings.

`token_number` reads one word; `join_digits` joins a run of them the way a
listener would ("forty" + "five" -> "45", "double" + "five" -> "55").
"""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "zero": 0, "nought": 0, "naught": 0, "nil": 0, "one": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30,
}  # fmt: skip
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
# "oh" is a zero only between other numbers ("oh nine", "four oh one").
WEAK_ZERO = frozenset({"oh", "o"})
MULTIPLIERS: dict[str, int] = {"double": 2, "triple": 3}
# Said between digit groups without ending the number.
JOINERS = frozenset({"and", "dash", "hyphen", "slash", "uh", "um", "er", "erm", "ah", "then"})

_EDGE = "\"'“”‘’()[]{}.,;:!?"
_NUMERIC = re.compile(r"^\+?\d[\d\-/.,: ]*$")
_ORDINAL_DIGITS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")


def clean(word: str) -> str:
    """Lower case without surrounding punctuation or quotes."""
    return word.strip().strip(_EDGE).lower()


def token_number(word: str) -> str | None:
    """The digits one word stands for, or None when it is not a number.

    Tens words return a trailing "0" marked by `join_digits` for merging;
    multipliers return "x2"/"x3"; a weak zero ("oh") returns "o".
    """
    text = clean(word)
    if not text:
        return None
    if _NUMERIC.match(text):
        digits = re.sub(r"\D", "", text)
        return digits or None
    match = _ORDINAL_DIGITS.match(text)
    if match:
        return match.group(1)
    if text in MULTIPLIERS:
        return f"x{MULTIPLIERS[text]}"
    if text in WEAK_ZERO:
        return "o"
    parts = [p for p in re.split(r"[-‐]", text) if p]
    if not parts:
        return None
    out = ""
    for part in parts:
        piece = _word_value(part)
        if piece is None:
            return None
        out = _merge(out, piece)
    return out


def _word_value(part: str) -> str | None:
    if part in UNITS:
        return str(UNITS[part])
    if part in TEENS:
        return str(TEENS[part])
    if part in TENS:
        return f"{TENS[part] // 10}_"  # "_": a tens word waiting for its unit
    if part in ORDINALS:
        value = ORDINALS[part]
        return f"{value // 10}_" if value in (20, 30) else str(value)
    if part in ("hundred",):
        return "00"
    if part in ("thousand",):
        return "000"
    if part.isdigit():
        return part
    return None


def _merge(out: str, piece: str) -> str:
    """Append `piece`, filling a waiting tens word with a single unit digit."""
    if out.endswith("_") and len(piece) == 1 and piece != "0":
        return out[:-1] + piece
    return out.replace("_", "0") + piece


def join_digits(pieces: list[str]) -> str:
    """Digits of a run of number words: multipliers repeat, tens take their unit."""
    out = ""
    repeat = 1
    for index, piece in enumerate(pieces):
        if piece.startswith("x"):
            repeat = int(piece[1:])
            continue
        if piece == "o":
            piece = "0"
        if repeat > 1 and len(piece) == 1:
            piece = piece * repeat
        repeat = 1
        out = _merge(out, piece)
        del index
    return out.replace("_", "0")


def luhn_valid(digits: str) -> bool:
    """Payment card check digit (stdnum.luhn)."""
    from stdnum import luhn

    return len(digits) >= 12 and luhn.is_valid(digits)


def month_number(word: str) -> int | None:
    return MONTHS.get(clean(word))
