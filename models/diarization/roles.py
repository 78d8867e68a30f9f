"""Which of two voices is the agent: evidence from what each voice says.

Owns the arrow (voice, text) turns -> RoleDecision. Who speaks first is not
used (customers often do, on a callback or after a hold). The evidence:

- phrases only the service side says: greetings ("thank you for calling",
  "how can I help"), introductions, a turn opening with the business's and
  the agent's names ("Strike Zone, this is Tyler."), closings ("anything
  else I can help with", "have a great day"), service actions ("I will
  send", "let me check", "I can refund"), identity requests ("can I have
  your account number");
- phrases the caller says: "I am calling about", "I was charged", "my
  router keeps...", "no, that is all";
- how much each side says "you/your" against "I/my" and asks questions;
- optionally the sentence classifier (`role_hint`, e.g.
  `SentenceClassifier.load().predict`): the mean probability of an
  agent-only label (questions, offers, checks, closings) per voice.

Each cue adds its weight times the difference between the two voices (counts
capped so one chatty cue cannot decide alone) to a log-odds score that voice
0 is the agent; confidence is the logistic of its magnitude.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kernel.domain import Prediction

# Labels only an agent sentence gets in practice (TAXONOMY.md section 1).
AGENT_LIKE_LABELS: tuple[str, ...] = (
    "impact_question",
    "problem_question",
    "resolution_check",
    "closing",
    "resolution_offer",
    "rush_cue",
)
RoleHint = Callable[[list[tuple[str, str]]], list[Prediction]]

# (name, pattern, weight): positive weights point to the agent, negative to the customer.
_CUES: tuple[tuple[str, str, float], ...] = (
    (
        "greeting",
        r"\b(thanks?( you)? for (calling|contacting|holding|waiting|your patience)|welcome to"
        r"|you('re| are) (through|speaking|connected) to|how (can|may|could|might) i (help|assist)"
        r"|what can i (do|help you with)"
        r"|(good (morning|afternoon|evening)|hello),? (and )?welcome)",
        2.0,
    ),
    (
        "introduction",
        r"\b(my name is|this is \w+ (speaking|from|with|at|in)|\w+ speaking\b|i('m| am) \w+ and i"
        r"|from the \w+ (team|department))",
        1.0,
    ),
    (
        "closing",
        r"\b(anything else (i|we) can|is there anything else|have a (great|good|nice|lovely"
        r"|wonderful|pleasant) (day|evening|afternoon|weekend|one)|thanks for calling"
        r"|thank you for calling|you('re| are) welcome)",
        1.5,
    ),
    (
        "service_action",
        r"\b(i('ll| will)|let me|i can|i('ve| have)|we('ll| will)|i('m| am) going to) (just )?"
        r"(send|refund|arrange|book|booked|escalate|escalated|transfer|reset|check|pull up|look"
        r"|see|waive|close|credit|cancel|schedule|replace|fix|help you|raise|open|issue|apply"
        r"|process|note|put you)",
        1.0,
    ),
    (
        "identity_request",
        r"\b((can|could|may) i (have|get|take|confirm|ask for) (your|the)|(could|can) you"
        r" (confirm|verify|spell|give me|tell me)|what('s| is) (your|the) (account|tracking"
        r"|claim|order|reference|post ?code|phone|date))",
        1.0,
    ),
    (
        "calling_about",
        r"\b(i('m| am) calling (about|because|to|regarding|for)|i('d| would) like to (cancel"
        r"|complain|know|ask|report|speak)|i want (to|a) (cancel|complain|know|refund|speak)"
        r"|i need (help|someone|the money|a refund|to speak)|is anyone there|can anyone hear)",
        -1.5,
    ),
    (
        "own_problem",
        r"\b(my \w+( \w+)? (is|was|keeps|has|have|stopped|still|does|did|won't|isn't|doesn't)"
        r"|i (was|have been|got|keep getting) (charged|billed|overcharged|cut off)"
        r"|i (have|had) (a|an|the) (problem|issue|accident)|it (keeps|stopped|still))",
        -1.0,
    ),
    (
        "caller_thanks",
        r"\b(no,? (that('s| is) (all|everything|it)|thank you|thanks)|that('s| is) (all|everything)"
        r"( i needed)?|that works|thank you so much)",
        -1.0,
    ),
)
_COMPILED = tuple((name, re.compile(pattern, re.IGNORECASE), w) for name, pattern, w in _CUES)
# A turn that opens with a name, then "this is"/"it's" and a person's name: the
# business answering ("Strike Zone, this is Tyler."). Not a caller's "Hi Tyler,
# this is Rosa" or "Yeah, it's Mark": the turn's first word is no greeting or
# reply word. Counted per turn (the opening of a turn, not anywhere in it).
NAMED_OPENING_WEIGHT = 1.0
_NAMED_OPENING = re.compile(
    r"^(?i:(?!(hi|hiya|hello|hey|morning|afternoon|evening|good|yes|yeah|yep|no|oh|um|uh|er"
    r"|erm|well|sorry|right|okay|ok|so|and|but|anyway|thanks|thank|my|our|your|his|her|i|it"
    r"|we)\b)[a-z][\w'&.-]*( [\w'&.-]+){0,3}, (this is|it's|it is) )"
    r"(?!(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]+\b"
)


def _named_opening(text: str) -> bool:
    """Whether a turn opens like a business answering the phone (see _NAMED_OPENING)."""
    return _NAMED_OPENING.match(text.strip()) is not None


CUE_CAP = 2  # a cue counts at most twice per voice
PRONOUN_WEIGHT = 2.0  # times the difference in (you/your - I/my) share of words
QUESTION_WEIGHT = 0.4  # per question more than the other voice, capped
QUESTION_CAP = 3
CLASSIFIER_WEIGHT = 4.0  # times the difference in mean agent-like probability
# The classifier's term is at most CLASSIFIER_WEIGHT in size (softmax scores: each
# voice's mean agent-like probability lies in [0, 1]). When the phrases alone give a
# log-odds beyond CLASSIFIER_WEIGHT + HINT_MARGIN it is not asked: it could not change
# the agent, nor bring the confidence below logistic(HINT_MARGIN) = 0.95 (the diarizer
# flags roles below 0.8). Asking it costs about as much as the rest of diarization.
HINT_MARGIN = 3.0
HINT_MAX_SENTENCES = 24  # per voice, spread evenly over the call: bounded cost on long calls
_SECOND = re.compile(r"\b(you|your|yours|you're|you'll|you've)\b", re.IGNORECASE)
_FIRST = re.compile(r"\b(i|my|me|mine|i'm|i've|i'll|i'd)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@dataclass
class RoleDecision:
    """Which voice (0 or 1) is the agent, how sure, and why."""

    agent_voice: int
    confidence: float  # P(agent_voice is right), from the evidence margin
    score: float  # log-odds that voice 0 is the agent
    evidence: dict[str, Any] = field(default_factory=dict)


def sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation (the ASR's sentence boundaries)."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def voice_evidence(texts: Sequence[str]) -> dict[str, Any]:
    """Counts of each cue, questions, pronoun shares and sentences for one voice's turns."""
    joined = " ".join(texts)
    words = max(1, len(joined.split()))
    found: dict[str, Any] = {}
    for name, pattern, _ in _COMPILED:
        found[name] = len(pattern.findall(joined))
    all_sentences = [s for text in texts for s in sentences(text)]
    found["named_opening"] = sum(1 for text in texts if _named_opening(text))
    found["questions"] = sum(1 for s in all_sentences if s.endswith("?"))
    found["sentences"] = len(all_sentences)
    found["words"] = words
    found["you_share"] = round(len(_SECOND.findall(joined)) / words, 4)
    found["i_share"] = round(len(_FIRST.findall(joined)) / words, 4)
    return found


def _classifier_scores(
    turns: Sequence[tuple[int, str]], role_hint: RoleHint
) -> tuple[dict[int, float | None], int]:
    """(mean probability of an agent-like label over each voice's sentences, sentences asked).

    At most HINT_MAX_SENTENCES per voice, evenly spaced; each keeps the call's
    own previous sentence as its context.
    """
    items: list[tuple[int, str, str]] = []
    previous = ""
    for voice, text in turns:
        for sentence in sentences(text):
            items.append((voice, sentence, previous))
            previous = sentence
    chosen: list[tuple[int, str, str]] = []
    for v in (0, 1):
        mine = [item for item in items if item[0] == v]
        if len(mine) > HINT_MAX_SENTENCES:
            picks = np.linspace(0, len(mine) - 1, HINT_MAX_SENTENCES).round().astype(int)
            mine = [mine[i] for i in picks]
        chosen.extend(mine)
    if not chosen:
        return {0: None, 1: None}, 0
    predictions = role_hint([(text, context) for _, text, context in chosen])
    per_voice: dict[int, list[float]] = {0: [], 1: []}
    for (voice, _, _), prediction in zip(chosen, predictions, strict=True):
        per_voice[voice].append(sum(prediction.scores.get(lab, 0.0) for lab in AGENT_LIKE_LABELS))
    means = {v: (round(sum(p) / len(p), 4) if p else None) for v, p in per_voice.items()}
    return means, len(chosen)


def assign_roles(
    turns: Sequence[tuple[int, str]], role_hint: RoleHint | None = None
) -> RoleDecision:
    """Decide which voice (0/1) is the agent from their turns [(voice, text), ...]."""
    texts: dict[int, list[str]] = {0: [], 1: []}
    for voice, text in turns:
        texts[voice].append(text)
    evidence = {v: voice_evidence(texts[v]) for v in (0, 1)}
    contributions: dict[str, float] = {}
    for name, _, weight in _COMPILED:
        diff = min(evidence[0][name], CUE_CAP) - min(evidence[1][name], CUE_CAP)
        contributions[name] = weight * diff
    opened = min(evidence[0]["named_opening"], 1) - min(evidence[1]["named_opening"], 1)
    contributions["named_opening"] = NAMED_OPENING_WEIGHT * opened
    lean = {v: evidence[v]["you_share"] - evidence[v]["i_share"] for v in (0, 1)}
    contributions["pronouns"] = PRONOUN_WEIGHT * (lean[0] - lean[1])
    q_diff = evidence[0]["questions"] - evidence[1]["questions"]
    contributions["questions"] = QUESTION_WEIGHT * max(-QUESTION_CAP, min(QUESTION_CAP, q_diff))
    phrase_score = sum(contributions.values())
    hint: dict[str, Any] = {"asked": False}
    if role_hint is not None and abs(phrase_score) >= CLASSIFIER_WEIGHT + HINT_MARGIN:
        hint["why_not"] = (
            f"phrases decide: |{phrase_score:.2f}| >= {CLASSIFIER_WEIGHT + HINT_MARGIN:.1f},"
            f" more than the classifier's largest term ({CLASSIFIER_WEIGHT:.1f}) can undo"
        )
    elif role_hint is not None:
        scores, asked = _classifier_scores(turns, role_hint)
        hint = {"asked": True, "sentences": asked}
        for v in (0, 1):
            evidence[v]["classifier_agent_like"] = scores[v]
        if scores[0] is not None and scores[1] is not None:
            contributions["classifier"] = CLASSIFIER_WEIGHT * (scores[0] - scores[1])
    score = sum(contributions.values())
    confidence = 1.0 / (1.0 + math.exp(-abs(score)))
    return RoleDecision(
        agent_voice=0 if score >= 0 else 1,
        confidence=round(confidence, 4),
        score=round(score, 4),
        evidence={
            "voices": {str(v): evidence[v] for v in (0, 1)},
            "contributions": {k: round(v, 3) for k, v in contributions.items() if v},
            "score_voice0_is_agent": round(score, 3),
            **({"classifier": hint} if role_hint is not None else {}),
        },
    )
