"""Style transforms: speech-recognizer text, casual, hesitant, formal, non-native, polite, rushed.

Each transform keeps the sentence's label (TAXONOMY.md precedence): words of hurry are
only added to labels that outrank rush_cue, and nothing turns a statement into a question.
"""

from __future__ import annotations

import random
import re

_CONTRACT = (
    ("I will", "I'll"),
    ("I am", "I'm"),
    ("I have", "I've"),
    ("do not", "don't"),
    ("does not", "doesn't"),
    ("is not", "isn't"),
    ("you are", "you're"),
    ("we will", "we'll"),
    ("that is", "that's"),
    ("it is", "it's"),
    ("what is", "what's"),
    ("going to", "gonna"),
    ("want to", "wanna"),
    ("let us", "let's"),
    ("cannot", "can't"),
)
_EXPAND = (
    ("I'll", "I will"),
    ("I'm", "I am"),
    ("I've", "I have"),
    ("don't", "do not"),
    ("doesn't", "does not"),
    ("isn't", "is not"),
    ("you're", "you are"),
    ("we'll", "we will"),
    ("that's", "that is"),
    ("it's", "it is"),
    ("what's", "what is"),
    ("can't", "cannot"),
    ("How's", "How is"),
    ("What's", "What is"),
    ("There's", "There is"),
    ("It's", "It is"),
    ("That's", "That is"),
    ("We'll", "We will"),
    ("Let's", "Let us"),
    ("we're", "we are"),
    ("We're", "We are"),
    ("haven't", "have not"),
    ("hasn't", "has not"),
    ("won't", "will not"),
)
_NUMBER_WORDS = {
    "3-5": "three to five",
    "2": "two",
    "3": "three",
    "5": "five",
    "10": "ten",
    "30": "thirty",
}
_WORD_NUMBERS = {
    "two": "2",
    "three": "3",
    "five": "5",
    "ten": "10",
    "thirty": "30",
    "forty": "40",
    "twenty-four": "24",
    "seventy-two": "72",
    "forty-eight": "48",
    "twelve": "12",
}
RUSH_OUTRANKED = {"impact_question", "problem_question", "resolution_check", "other_question"}


def lower_first(text: str) -> str:
    """Lower-case the first letter unless it starts the pronoun I."""
    if re.match(r"I\b|I'", text):
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# After these words "'s" means "has", so "that's sorted it" must not become "that is sorted it".
_HAS_NEXT = (
    r"(?!\s+(?:(?:this|that|it|all this|all that)\s+)?"
    r"(?:been|got|gone|done|sorted|fixed|cleared|happened|come|meant|put|taken|had|left"
    r"|changed|worked|helped|shown|arrived|caused|affected|hit|spilled|held|kept|cost|dropped))"
)


def _swap(text: str, pairs: tuple[tuple[str, str], ...], rng: random.Random, p: float) -> str:
    for old, new in pairs:
        if old in text and rng.random() < p:
            guard = _HAS_NEXT if old.endswith("'s") else ""
            text = re.sub(rf"\b{re.escape(old)}\b{guard}", new, text)
    return text


def asr(text: str, rng: random.Random, question_dots: bool = False) -> str:
    """What a speech recognizer may write: fewer commas, lower case, no final mark, 'uh';
    with `question_dots`, sometimes a "." for a "?" (Whisper's habit; off for the
    template set, whose files and test split stay as they were built)."""
    if rng.random() < 0.12:
        first, _, rest = text.partition(" ")
        if rest and first.isalpha():
            text = f"{first} {first.lower()} {rest}"
    if rng.random() < 0.3 and not re.match(r"(?i)(uh|um|so|okay|yeah|er|hmm)\b", text):
        fill = rng.choice(("uh", "um", "so yeah", "okay so", "uh so", "yeah so", "so um"))
        text = f"{fill} {lower_first(text)}"
    elif rng.random() < 0.25:
        words = text.split()
        if len(words) > 3:
            at = rng.randrange(1, len(words) - 1)
            words.insert(at, rng.choice(("uh", "um", "uh,", "you know")))
            text = " ".join(words)
    if rng.random() < 0.5:
        table = _NUMBER_WORDS if rng.random() < 0.5 else _WORD_NUMBERS
        for old, new in table.items():
            text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    if rng.random() < 0.7:
        text = text.replace(",", "")
    if rng.random() < 0.55:
        text = text.lower()
    elif text[:1].islower() and rng.random() < 0.5:
        text = upper_first(text)
    if rng.random() < 0.3:
        text = text.rstrip(".?!")
    elif question_dots and text.endswith("?") and rng.random() < 0.3:
        text = text[:-1] + "."
    if rng.random() < 0.05:
        text = text.replace("'", "")
    return re.sub(r"\s+", " ", text).strip()


def casual(text: str, rng: random.Random) -> str:
    text = _swap(text, _CONTRACT, rng, 0.8)
    if rng.random() < 0.6:
        text = rng.choice(
            ("So ", "Okay so ", "Alright, ", "Yeah, ", "Right, ", "Cool, ")
        ) + lower_first(text)
    return text


def hesitant(text: str, rng: random.Random) -> str:
    start = rng.choice(
        ("Um, so, like, ", "Uh, ", "So, um, ", "Um, ", "Er, so, ", "Uh, okay, so ", "Hmm, ")
    )
    text = start + lower_first(text)
    words = text.split()
    if len(words) > 6 and rng.random() < 0.4:
        at = rng.randrange(3, len(words) - 1)
        words.insert(at, rng.choice(("like,", "you know,", "um,", "sort of")))
        text = " ".join(words)
    return text


def formal(text: str, rng: random.Random) -> str:
    text = _swap(text, _EXPAND, rng, 0.9)
    if text.endswith("?") and rng.random() < 0.4:
        text = text[:-1] + rng.choice((", sir?", ", madam?", ", please?"))
    return text


_NONNATIVE_STARTS = (
    ("Could you ", "You can "),
    ("Can you ", "You can "),
    ("Have you ", "You have "),
    ("Do you ", "You "),
    ("Is it ", "It is "),
    ("Are you ", "You are "),
    ("Did you ", "You "),
    ("Please ", "Kindly "),
    ("I'll ", "I will "),
    ("I'm ", "I am "),
    ("I've ", "I have "),
)


def nonnative(text: str, rng: random.Random) -> str:
    """Slightly-off grammar: dropped articles, declarative word order, 'kindly'."""
    for old, new in _NONNATIVE_STARTS:
        if text.startswith(old) and rng.random() < 0.8:
            text = new + text[len(old) :]
            break
    words = text.split()
    kept = [w for w in words if not (w.lower() in ("the", "a") and rng.random() < 0.5)]
    text = " ".join(kept) if len(kept) > 1 else text
    if text.endswith("?") and rng.random() < 0.3:
        text = text[:-1] + rng.choice((", no?", ", yes?", " please?"))
    elif text.endswith(".") and rng.random() < 0.3:
        text = text[:-1] + rng.choice((" only.", " itself.", "."))
    return upper_first(text)


def polite(text: str, label: str, rng: random.Random) -> str:
    text = rng.choice(
        ("Okay, ", "Alright, ", "Right, ", "Sure, ", "And ", "So, ", "Now, ")
    ) + lower_first(text)
    asks = label in ("impact_question", "problem_question", "other_question")
    if asks and text.endswith("?") and rng.random() < 0.4:
        text = text[:-1] + rng.choice((", if you don't mind?", ", if that's okay?", " at all?"))
    return text


def _drop_leading_so(text: str) -> str:
    return text[3:] if text.startswith("So ") else text


def rushed(text: str, label: str, rng: random.Random) -> str:
    """Add words of hurry to a label that outranks rush_cue (the label stays)."""
    if label in RUSH_OUTRANKED:
        if text.endswith("?") and rng.random() < 0.3:
            return text[:-1] + rng.choice((", quickly?", ", real quick?", ", just quickly?"))
        start = rng.choice(
            (
                "Quickly, ",
                "Real quick, ",
                "Just quickly, ",
                "I'm short on time, so ",
                "We need to be fast, so ",
            )
        )
        return start + lower_first(_drop_leading_so(text))
    if label == "resolution_offer":
        if text.endswith(".") and rng.random() < 0.5:
            return text[:-1] + rng.choice(
                (
                    ", but I need to keep this short.",
                    ", and then we need to move on.",
                    ", so let's be quick.",
                )
            )
        return rng.choice(("To save time, ", "Quickly, ", "I'm in a rush, so ")) + lower_first(text)
    if label == "closing":
        start = rng.choice(
            ("It's busy today, so ", "I've got a queue, so ", "We're out of time, so ")
        )
        return start + lower_first(_drop_leading_so(text))
    return text


def empathic(text: str, rng: random.Random) -> str:
    start = rng.choice(
        ("Sorry to hear that, ", "Oh no, ", "I'm sorry about that, ", "That's not good, ")
    )
    return start + lower_first(text)
