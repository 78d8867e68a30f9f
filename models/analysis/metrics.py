"""Conversation metrics of one call (TAXONOMY.md section 3), exactly METRIC_KEYS.

Speaking time is the length of each speaker's speech intervals (word times,
gaps under 0.3 s merged: turns.speech_intervals); silence is the call time
covered by nobody's speech (the union, so overlapping talk counts once).
Ratios are rounded to 4 decimals, seconds to 3.
"""

from __future__ import annotations

from collections.abc import Sequence

from kernel.domain import AGENT, CUSTOMER, METRIC_KEYS, Segment, Sentence
from models.analysis.turns import (
    Interval,
    build_turns,
    merge_intervals,
    speech_intervals,
    talk_over_turns,
    total_length,
)

Metrics = dict[str, float | int | None]


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole > 0 else 0.0


def longest_monologue(agent: Sequence[Interval], customer: Sequence[Interval]) -> float:
    """Longest stretch of agent speech with no customer speech in it.

    Agent speech during customer speech is cut away; what is left is grouped
    into stretches that run, across the agent's own pauses, until the customer
    next speaks. A stretch lasts from its first word's start to its last
    word's end.
    """
    pieces: list[Interval] = []
    for start, end in agent:
        cursor = start
        for c_start, c_end in customer:
            if c_end <= cursor or c_start >= end:
                continue
            if c_start > cursor:
                pieces.append((cursor, c_start))
            cursor = max(cursor, c_end)
            if cursor >= end:
                break
        if cursor < end:
            pieces.append((cursor, end))
    longest = 0.0
    stretch: Interval | None = None
    for start, end in sorted(pieces):
        customer_between = stretch is not None and any(
            c_start < start and c_end > stretch[1] for c_start, c_end in customer
        )
        if stretch is None or customer_between:
            stretch = (start, end)
        else:
            stretch = (stretch[0], max(stretch[1], end))
        longest = max(longest, stretch[1] - stretch[0])
    return longest


def compute_metrics(
    sentences: Sequence[Sentence],
    segments: Sequence[Segment],
    duration_s: float,
    *,
    has_separate_channels: bool = True,
    talk_over_margin_s: float = 0.0,
) -> Metrics:
    """The metrics of one call, keyed exactly by METRIC_KEYS.

    Without segments (stored sentences only) sentence spans stand in for word
    times. `talk_over_count` is None when the speakers do not come from
    separate channels (a mono split cannot show who started over whom).
    """
    agent = speech_intervals(segments, AGENT, sentences=sentences)
    customer = speech_intervals(segments, CUSTOMER, sentences=sentences)
    everyone: list[Interval] = []
    speakers = {s.speaker for s in segments} | {s.speaker for s in sentences}
    for speaker in speakers:
        everyone.extend(speech_intervals(segments, speaker, sentences=sentences))
    spoken = merge_intervals(everyone, 0.0)
    call_length = max([duration_s, *(end for _, end in spoken)]) if spoken else duration_s
    heard = total_length((max(0.0, s), e) for s, e in spoken if e > 0)
    agent_time = total_length(agent)
    customer_time = total_length(customer)

    labels = [s.label for s in sentences if s.speaker == AGENT]
    problem = labels.count("problem_question")
    impact = labels.count("impact_question")
    first_impact = next(
        (s.start for s in sorted(sentences, key=lambda s: s.id) if s.speaker == AGENT
         and s.label == "impact_question"),
        None,
    )  # fmt: skip
    talk_over: int | None = None
    if has_separate_channels:
        turns = build_turns(sorted(sentences, key=lambda s: s.id))
        talk_over = len(talk_over_turns(turns, customer, margin_s=talk_over_margin_s))

    metrics: Metrics = {
        "agent_talk_ratio": _ratio(agent_time, agent_time + customer_time),
        "silence_ratio": _ratio(max(0.0, call_length - heard), call_length),
        "longest_agent_monologue_s": round(longest_monologue(agent, customer), 3),
        "talk_over_count": talk_over,
        "problem_questions": problem,
        "impact_questions": impact,
        "impact_question_share": _ratio(impact, problem + impact),
        "first_impact_question_s": None if first_impact is None else round(first_impact, 3),
    }
    assert tuple(metrics) == METRIC_KEYS
    return metrics
