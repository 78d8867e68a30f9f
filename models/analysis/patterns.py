"""Rushed-resolution patterns P1-P6 of one call (TAXONOMY.md section 2).

Works on labelled sentences (agent sentences carry `label`; the label
precedence is the classifier's job) plus who-speaks-when. Every hit names
the sentence ids that show it and one readable line of why.

Choices where TAXONOMY.md leaves room (documented in the report too):
- "before"/"after"/"between" follow sentence order (ids are time order).
- P3 looks at the last customer turn before the agent turn holding the call's
  first `closing`; it is open when any of its sentences asks (a "?", or a
  question's word order where the recognizer dropped the "?") or raises a
  concern. After a customer question, a bare acknowledgement in the agent's
  turn ("Okay, lovely.", "Right.") does not count as answering first: the
  recognizer often cuts it off the front of one closing sentence ("Right,
  see you Thursday, bye.").
- P5 counts agent turns whose first word starts strictly inside the customer's
  speech (word times, gaps < 0.3 s merged); only with separate channels.
- P6 measures from the start of the customer's first problem description to
  the start of the first offer; the questions in between are the agent's
  sentences labelled as a question (impact, problem, check, other) or ending
  in "?". See `first_problem_description` for what counts as the description.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kernel.domain import (
    AGENT,
    CUSTOMER,
    PATTERN_NAMES,
    PatternHit,
    Segment,
    Sentence,
)
from models.analysis.certainty import RUSHED, verdict, with_confidence
from models.analysis.sentences import is_acknowledgement
from models.analysis.turns import Interval, Turn, build_turns, speech_intervals, talk_over_turns

QUESTION_LABELS: frozenset[str] = frozenset(
    {"impact_question", "problem_question", "resolution_check", "other_question"}
)
FAST_FIX_S = 30.0
TALK_OVER_MIN_TURNS = 2

# A customer sentence made only of these is a greeting or courtesy, not the problem.
_COURTESY_WORDS: frozenset[str] = frozenset(
    {
        "hi", "hello", "hey", "hiya", "yes", "yeah", "yep", "yup", "no", "nope", "sure",
        "okay", "ok", "alright", "right", "fine", "great", "good", "morning", "afternoon",
        "evening", "day", "thanks", "thank", "you", "cheers", "please", "well", "so", "um",
        "uh", "er", "hmm", "oh", "ah", "sir", "madam", "there", "and", "that's", "that",
        "is", "it's", "speaking", "this", "me",
    }
)  # fmt: skip
_GREETINGS: frozenset[str] = frozenset({"hi", "hello", "hey", "hiya", "morning", "good"})
_WORD_RE = re.compile(r"[a-z']+")
# "This is Sam Jones." / "Hi, my name is Ann from Acme Bakery." (names are capitalised).
_NAME = r"[A-Z][\w'&.-]*"
_SELF_INTRODUCTION = re.compile(
    rf"^(?:\w+[,!]?\s+){{0,2}}?(?i:this is|my name is|my name's|it's|i'm|i am)\s+"
    rf"{_NAME}(?:\s+{_NAME}){{0,2}}(?:\s+(?:here|speaking))?"
    rf"(?:,?\s+(?:from|at|with)\s+(?:the\s+)?{_NAME}(?:\s+{_NAME}){{0,3}})?[.!]?$"
)


def _clock(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _quote(sentence: Sentence, limit: int = 60) -> str:
    text = sentence.text if len(sentence.text) <= limit else sentence.text[: limit - 1] + "…"
    return f'"{text}"'


def _agent(sentences: Sequence[Sentence], label: str) -> list[Sentence]:
    return [s for s in sentences if s.speaker == AGENT and s.label == label]


def _first(sentences: Sequence[Sentence], label: str, after: int = -1) -> Sentence | None:
    return next((s for s in _agent(sentences, label) if s.id > after), None)


def _is_agent_question(sentence: Sentence) -> bool:
    return sentence.speaker == AGENT and (
        sentence.label in QUESTION_LABELS or sentence.text.rstrip().endswith("?")
    )


def _hit(pattern_id: str, evidence: list[int], detail: str) -> PatternHit:
    return PatternHit(pattern_id, PATTERN_NAMES[pattern_id], sorted(set(evidence)), detail)


def fix_before_impact(sentences: Sequence[Sentence]) -> PatternHit | None:
    """P1: the first resolution_offer has no impact_question before it."""
    offer = _first(sentences, "resolution_offer")
    if offer is None:
        return None
    impacts = _agent(sentences, "impact_question")
    if any(s.id < offer.id for s in impacts):
        return None
    later = (
        f"; first impact question only at {_clock(impacts[0].start)}"
        if impacts
        else "; no impact question in the call"
    )
    detail = f"Fix offered at {_clock(offer.start)} {_quote(offer)} before any impact question"
    return _hit("P1", [offer.id], detail + later)


def no_resolution_check(sentences: Sequence[Sentence]) -> PatternHit | None:
    """P2: no resolution_check between the first offer and the first closing after it."""
    offer = _first(sentences, "resolution_offer")
    if offer is None:
        return None
    closing = _first(sentences, "closing", after=offer.id)
    if closing is None:
        return None
    if any(offer.id < s.id < closing.id for s in _agent(sentences, "resolution_check")):
        return None
    detail = (
        f"Closed at {_clock(closing.start)} {_quote(closing)} without checking the fix "
        f"offered at {_clock(offer.start)} worked"
    )
    return _hit("P2", [offer.id, closing.id], detail)


def _open_sentences(turn: Turn, by_id: dict[int, Sentence]) -> list[Sentence]:
    sentences = [by_id[i] for i in turn.sentence_ids]
    return [s for s in sentences if s.is_question or s.raises_concern]


def closing_over_open_concern(
    sentences: Sequence[Sentence], turns: Sequence[Turn] | None = None
) -> PatternHit | None:
    """P3: the first closing's agent turn is all closing, right after an open customer turn."""
    closing = _first(sentences, "closing")
    if closing is None:
        return None
    turns = list(turns) if turns is not None else build_turns(sentences)
    by_id = {s.id: s for s in sentences}
    position = next(i for i, t in enumerate(turns) if closing.id in t.sentence_ids)
    agent_turn = turns[position]
    customer_turn = next((t for t in reversed(turns[:position]) if t.speaker == CUSTOMER), None)
    if customer_turn is None:
        return None
    open_ones = _open_sentences(customer_turn, by_id)
    if not open_ones:
        return None
    asked = any(s.is_question for s in open_ones)
    # A bare "Okay, lovely." answers no question; after a concern word alone
    # ("And her message also.") it may be the agent's fair reply, so it counts.
    if any(
        by_id[i].label != "closing" and not (asked and is_acknowledgement(by_id[i].text))
        for i in agent_turn.sentence_ids
    ):
        return None  # the agent answered (or said something else) before closing
    what = "asked" if asked else "raised"
    detail = (
        f"Closed at {_clock(closing.start)} {_quote(closing)} right after the customer "
        f"{what} {_quote(open_ones[0])}"
    )
    return _hit("P3", [s.id for s in open_ones] + list(agent_turn.sentence_ids), detail)


def rush_language(sentences: Sequence[Sentence]) -> PatternHit | None:
    """P4: any rush_cue sentence."""
    cues = _agent(sentences, "rush_cue")
    if not cues:
        return None
    first = cues[0]
    more = f" (+{len(cues) - 1} more)" if len(cues) > 1 else ""
    return _hit("P4", [s.id for s in cues], f"Hurry at {_clock(first.start)} {_quote(first)}{more}")


def talk_over(
    sentences: Sequence[Sentence],
    customer_speech: Sequence[Interval],
    turns: Sequence[Turn] | None = None,
    *,
    margin_s: float = 0.0,
) -> PatternHit | None:
    """P5: two or more agent turns start while the customer is still speaking."""
    turns = list(turns) if turns is not None else build_turns(sentences)
    over = talk_over_turns(turns, customer_speech, margin_s=margin_s)
    if len(over) < TALK_OVER_MIN_TURNS:
        return None
    times = ", ".join(_clock(t.start) for t in over)
    detail = f"Agent started speaking over the customer {len(over)} times ({times})"
    return _hit("P5", [t.sentence_ids[0] for t in over], detail)


def is_courtesy_or_introduction(text: str) -> bool:
    """Greeting, thanks, yes/no or filler only ("Hi.", "Yes, thank you."), a short
    greeting with a name ("Hi Dana."), or a self-introduction ("This is Sam Jones.")."""
    words = _WORD_RE.findall(text.lower().replace("’", "'"))
    if all(w in _COURTESY_WORDS for w in words):
        return True
    if words and words[0] in _GREETINGS and len(words) <= 3:
        return True
    return _SELF_INTRODUCTION.match(text.strip().replace("’", "'")) is not None


def first_problem_description(
    sentences: Sequence[Sentence], turns: Sequence[Turn] | None = None
) -> Sentence | None:
    """The customer's first description of the problem (the start of P6's clock).

    The first customer sentence that is neither courtesy nor a self-introduction
    (`is_courtesy_or_introduction`), nor part of an answer to an identity or
    procedure question (a customer turn right after an agent turn whose last
    sentence is an `other_question`, e.g. "Can I have your account number?").
    None when the customer never says anything else.
    """
    turns = list(turns) if turns is not None else build_turns(sentences)
    by_id = {s.id: s for s in sentences}
    previous: Turn | None = None
    for turn in turns:
        answers_identity = (
            previous is not None
            and previous.speaker == AGENT
            and by_id[previous.sentence_ids[-1]].label == "other_question"
        )
        if turn.speaker == CUSTOMER and not answers_identity:
            for sentence_id in turn.sentence_ids:
                if not is_courtesy_or_introduction(by_id[sentence_id].text):
                    return by_id[sentence_id]
        previous = turn
    return None


def fast_fix(
    sentences: Sequence[Sentence],
    turns: Sequence[Turn] | None = None,
    *,
    fast_fix_s: float = FAST_FIX_S,
) -> PatternHit | None:
    """P6: first offer under `fast_fix_s` after the problem description, < 2 questions between."""
    offer = _first(sentences, "resolution_offer")
    described = first_problem_description(sentences, turns)
    if offer is None or described is None or described.id > offer.id:
        return None
    gap = offer.start - described.start
    if gap >= fast_fix_s:
        return None
    asked = [s for s in sentences if described.id < s.id < offer.id and _is_agent_question(s)]
    if len(asked) >= 2:
        return None
    plural = "" if len(asked) == 1 else "s"
    detail = (
        f"Fix offered {gap:.0f} s after the customer described the problem "
        f"({_clock(described.start)}), after {len(asked)} question{plural}"
    )
    return _hit("P6", [described.id, offer.id], detail)


def detect_patterns(
    sentences: Sequence[Sentence],
    customer_speech: Sequence[Interval] | Sequence[Segment] | None = None,
    *,
    fast_fix_s: float = FAST_FIX_S,
    has_separate_channels: bool = True,
    talk_over_margin_s: float = 0.0,
) -> list[PatternHit]:
    """All patterns that hold, in P1..P6 order.

    `customer_speech` says when the customer speaks (for P5): their speech
    intervals (turns.speech_intervals), or the call's segments to build them
    from word times; None uses the customer's sentence spans. P5 is only
    evaluated when the two speakers come from separate channels.
    """
    ordered = sorted(sentences, key=lambda s: s.id)
    turns = build_turns(ordered)
    speech: list[Interval]
    if customer_speech and isinstance(customer_speech[0], Segment):
        segments = [s for s in customer_speech if isinstance(s, Segment)]
        speech = speech_intervals(segments, CUSTOMER, sentences=ordered)
    elif customer_speech is None:
        speech = speech_intervals([], CUSTOMER, sentences=ordered)
    else:
        speech = [(float(i[0]), float(i[1])) for i in customer_speech if not isinstance(i, Segment)]
    hits = [
        fix_before_impact(ordered),
        no_resolution_check(ordered),
        closing_over_open_concern(ordered, turns),
        rush_language(ordered),
        talk_over(ordered, speech, turns, margin_s=talk_over_margin_s)
        if has_separate_channels
        else None,
        fast_fix(ordered, turns, fast_fix_s=fast_fix_s),
    ]
    return with_confidence([hit for hit in hits if hit is not None], ordered)


def is_rushed(hits: Sequence[PatternHit]) -> bool:
    """A call is rushed when any of P1-P4 holds on sure evidence (certainty.verdict).

    P1-P4 holding only on evidence the classifier is unsure of makes the call
    "needs a look", not rushed. Hits without a confidence count as sure.
    """
    return verdict(hits) == RUSHED
