"""What the sentence classifier is told about the call around an agent sentence.

TAXONOMY.md lets context decide some labels: a symptom question after a fix
is a check, a "thanks for calling" in the first seconds is a greeting. The
classifier therefore sees, besides the sentence:

- the customer's last sentence before it (the only context of the first model);
- the agent's previous sentence;
- whether a fix was already offered or made earlier in this call;
- whether the sentence is in the call's opening (before the customer has said
  anything beyond a greeting, or in its first OPENING_S seconds);
- (format v2) whether it is in the agent's last turn of the call: wrap-ups
  such as "Right, I'll let you get back to your lunch." close a call there and
  nowhere else (TAXONOMY: the first closing decides P2 and P3).

`CallContext.render(input_format)` turns that into the second text of the
sentence pair; the same function serves training (models/data) and the app,
so both always build the same string. Format "text_context_pair" is the
customer sentence alone (models trained before the call context existed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kernel.domain import AGENT, CUSTOMER, Sentence

PLAIN_FORMAT = "text_context_pair"
CALL_FORMAT_V1 = "call_context_v1"  # models trained before the last-turn flag
CALL_FORMAT = "call_context_v2"
INPUT_FORMATS: tuple[str, ...] = (PLAIN_FORMAT, CALL_FORMAT_V1, CALL_FORMAT)
OPENING_S = 12.0
CUSTOMER_WORDS = 24  # the end of a long customer turn is what the agent answers
AGENT_WORDS = 14


def _tail(text: str, words: int) -> str:
    pieces = text.split()
    return " ".join(pieces[-words:])


@dataclass(frozen=True)
class CallContext:
    customer: str = ""
    previous_agent: str = ""
    fix_made: bool | None = None  # None: not known (e.g. a sentence without its call)
    opening: bool | None = None
    last_turn: bool | None = None  # in the agent's last turn of the call (v2 only)

    def render(self, input_format: str = CALL_FORMAT) -> str:
        """The pair's second text: flags first (never cut), customer, then the agent before."""
        if input_format == PLAIN_FORMAT:
            return self.customer
        if input_format not in (CALL_FORMAT, CALL_FORMAT_V1):
            raise ValueError(f"unknown input format {input_format!r}")
        parts = []
        if self.opening:
            parts.append("call start.")
        if self.fix_made is True:
            parts.append("fix made.")
        elif self.fix_made is False:
            parts.append("no fix yet.")
        if self.last_turn and input_format == CALL_FORMAT:
            parts.append("call end.")
        if self.customer.strip():
            parts.append(_tail(self.customer.strip(), CUSTOMER_WORDS))
        if self.previous_agent.strip():
            parts.append("agent before: " + _tail(self.previous_agent.strip(), AGENT_WORDS))
        return " ".join(parts)


def _is_small_talk(text: str) -> bool:
    from models.analysis.patterns import is_courtesy_or_introduction

    return is_courtesy_or_introduction(text)


def call_contexts(
    sentences: Sequence[Sentence], is_fix: Callable[[Sentence], bool] | None = None
) -> list[tuple[int, str, CallContext]]:
    """(sentence id, text, context) for each agent sentence, in time order.

    `is_fix(sentence)` says whether an earlier agent sentence is a fix (default:
    its label is `resolution_offer`); None labels count as no fix.
    """
    fix = is_fix or (lambda s: s.label == "resolution_offer")
    ordered = sorted(sentences, key=lambda s: s.id)
    last_turn_from = _last_agent_turn_start(ordered)
    out: list[tuple[int, str, CallContext]] = []
    customer = previous_agent = ""
    fix_made = False
    customer_spoke = False
    for index, sentence in enumerate(ordered):
        if sentence.speaker == CUSTOMER:
            customer = sentence.text
            if not _is_small_talk(sentence.text):
                customer_spoke = True
        elif sentence.speaker == AGENT:
            opening = not customer_spoke or sentence.start < OPENING_S
            out.append(
                (
                    sentence.id,
                    sentence.text,
                    CallContext(
                        customer, previous_agent, fix_made, opening, index >= last_turn_from
                    ),
                )
            )
            previous_agent = sentence.text
            fix_made = fix_made or fix(sentence)
    return out


def _last_agent_turn_start(ordered: Sequence[Sentence]) -> int:
    """Index of the first sentence of the agent's last turn (its run of agent
    sentences with no customer sentence between); len(ordered) when the agent never speaks."""
    last = max((i for i, s in enumerate(ordered) if s.speaker == AGENT), default=None)
    if last is None:
        return len(ordered)
    start = last
    while start > 0 and ordered[start - 1].speaker != CUSTOMER:
        start -= 1
    return start
