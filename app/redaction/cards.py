"""Card numbers as callers really read them: with corrections ("sorry, that's
seven three oh six, not ..."), with digits Whisper garbled ("4012 double -A"),
with digits it dropped (eleven left of sixteen).

In a card context (the card number asked for, a card brand named, a payment
taken, or a card-length number already found) every digit-bearing stretch
of the answer is the card: from its first number to its last, across the
short garbled or correcting words between them. Luhn raises confidence
elsewhere (detect.py); here it gates nothing, since a misheard or corrected
number fails it and must not let the card through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.redaction import kinds as k
from app.redaction.context import UNITS, Window
from app.redaction.numbers import JOINERS, MULTIPLIERS, WEAK_ZERO, clean, join_digits
from app.redaction.tokens import Token

if TYPE_CHECKING:
    from app.redaction.detect import Flags

Value = Callable[[int], "str | None"]  # a stream position's digits

# Words a caller corrects a digit group with; a number read on through them is one number.
CORRECTIONS = frozenset(
    {"sorry", "no", "not", "that's", "thats", "it's", "its", "i", "mean", "actually", "wait",
     "oops", "correction", "let", "me", "start", "again", "instead", "rather", "is"}
)  # fmt: skip
# The other speaker's words that do not end a read-out ("okay", "go on").
_BACKCHANNEL = frozenset(
    {"ok", "okay", "yes", "yeah", "yep", "right", "mhm", "mm-hmm", "uh-huh", "got", "it",
     "go", "on", "sure", "next", "then", "and"}
)  # fmt: skip
MAX_GAP = 4  # soft words in a row inside one read-out
GAP_S = 8.0  # a pause longer than this ends it
# Several read-outs by one speaker, each within this many seconds of the last, holding
# at least this many digits between them, are one card number read with restarts.
DENSE_GAP_S = 6.0
DENSE_MIN_DIGITS = 13
CONTEXT_MIN_DIGITS = 4  # in a card context, a stretch with this many digits is the card
# Card data already found keeps its kind (a code or expiry read on after the number).
_KEEP = frozenset({k.IBAN, k.SECURITY_CODE, k.EXPIRY_DATE, k.NATIONAL_ID})


def _soft(token: Token) -> bool:
    """A word that may sit inside a read-out: joiner, correction, backchannel or garble.

    A garble is what Whisper makes of a digit it did not understand: a
    one- or two-letter piece ("-A", "O", "X") or a word with a digit in it.
    """
    word = clean(token.text)
    if not word or word in JOINERS or word in CORRECTIONS or word in _BACKCHANNEL:
        return True
    if word in MULTIPLIERS or word in WEAK_ZERO:  # "double" before a garbled digit
        return True
    return _garble(word)


def _garble(word: str) -> bool:
    letters = word.lstrip("-‐")
    return len(letters) <= 2 or any(ch.isdigit() for ch in word)


def stretches(stream: list[Token], positions: list[int], value: Value) -> list[list[int]]:
    """Positions from a first number to a last, over soft words, in stream order.

    `value(i)` gives a token's digits (or None); a number followed by a unit
    ("twenty minutes", "forty pounds") is no digit of a stretch.
    """
    out: list[list[int]] = []
    current: list[int] = []
    gap: list[int] = []
    for n, i in enumerate(positions):
        token = stream[i]
        following = clean(stream[positions[n + 1]].text) if n + 1 < len(positions) else ""
        word = clean(token.text)
        # "double" before a digit Whisper garbled ("double -A") still says two digits
        number = (value(i) is not None or word in MULTIPLIERS) and following not in UNITS
        if number:
            if current and token.start - stream[current[-1]].end > GAP_S:
                out.append(current)
                current = []
            if current:  # the other speaker's "okay" in between stays
                readers = {token.speaker, stream[current[-1]].speaker}
                current.extend(g for g in gap if stream[g].speaker in readers)
            current.append(i)
            gap = []
        elif current and len(gap) < MAX_GAP and _soft(token):
            gap.append(i)
        else:
            if current:
                out.append(current + _trailing_garbles(stream, gap))
            current, gap = [], []
    if current:
        out.append(current + _trailing_garbles(stream, gap))
    return out


def _dense_read_outs(
    stream: list[Token], found: list[list[int]], value: Value
) -> list[list[list[int]]]:
    """One speaker's number read-outs close together holding a card's worth of digits.

    A caller who restarts a card number part-way ("4539 88, no sorry, let me start
    that bit again, 4539 8821 ...") breaks it into stretches none of which is long
    enough alone, and the request for the card may be lost to the recognizer.
    """
    out: list[list[list[int]]] = []
    group: list[list[int]] = []

    def close() -> None:
        total = sum(len(digits_of(stream, g, value)) for g in group)
        if len(group) > 1 and total >= DENSE_MIN_DIGITS:
            out.append(group)

    for stretch in found:
        first = stream[stretch[0]]
        if group:
            last = stream[group[-1][-1]]
            if first.speaker != last.speaker or first.start - last.end > DENSE_GAP_S:
                close()
                group = []
        group.append(stretch)
    if group:
        close()
    return out


def _trailing_garbles(stream: list[Token], gap: list[int]) -> list[int]:
    """The garbled digits read after the last one Whisper understood ("... 7 -X.")."""
    out: list[int] = []
    for i in gap:
        word = clean(stream[i].text)
        if not word.startswith(("-", "‐")) or not _garble(word):
            break
        out.append(i)
    return out


def digits_of(stream: list[Token], stretch: list[int], value: Value) -> str:
    return join_digits([v for v in (value(i) for i in stretch) if v is not None])


def flag_card_stretches(
    stream: list[Token], windows: list[Window], flags: Flags, value: Value
) -> None:
    """Card number over every digit-bearing stretch of a card answer or a found card.

    `value` is detect._number_value bound to `stream`.
    """
    found = {p for p, kind in flags.kinds.items() if kind == k.CARD_NUMBER}
    marked: list[list[int]] = []
    for stretch in stretches(stream, list(range(len(stream))), value):
        if any(p in found for p in stretch):
            marked.append(stretch)
    for window in windows:
        if k.CARD_NUMBER not in window.request.kinds:
            continue
        positions = sorted(
            t.position
            for s in window.sentences
            for t in s.tokens
            if window.request.after < t.position < window.until
        )
        for stretch in stretches(stream, positions, value):
            if len(digits_of(stream, stretch, value)) >= CONTEXT_MIN_DIGITS:
                marked.append(stretch)
    every = stretches(stream, list(range(len(stream))), value)
    for group in _dense_read_outs(stream, every, value):
        # a phone, or a sort code and account read together, stay what they were found to be
        claimed = {flags.kinds[p] for stretch in group for p in stretch if p in flags.kinds}
        if claimed <= {k.CARD_NUMBER}:
            marked.extend(group)
    for stretch in marked:
        # "okay", "go on" bridge a read-out (a mono call may give them to the reader) but stay
        keep = [p for p in stretch if clean(stream[p].text) not in _BACKCHANNEL]
        flags.set([p for p in keep if flags.kinds.get(p) not in _KEEP], k.CARD_NUMBER)
