"""The analysis a supervisor sees: the model's, with their corrections applied (pure).

Label corrections re-run the pattern and metric rules on the corrected
labels; pattern marks then force a pattern in or out. A pattern marked present
is sure (confidence 1.0), also one the model found but was unsure of: a
person's confirmation turns "needs a look" into "rushed". The model's own output
is never changed, so corrections stay apart and can be undone. Storage keeps
the corrections and calls `effective_analysis`; no database here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from kernel.domain import AGENT, PATTERN_NAMES, CallAnalysis, PatternHit, Segment
from models.analysis.call_analyzer import analyze_sentences, with_labels
from models.analysis.patterns import is_rushed

REVIEWER_DETAIL = "marked present by the reviewer"


@dataclass(frozen=True)
class Corrections:
    """A supervisor's corrections of one call.

    `labels`: sentence id -> corrected label (agent sentences only count);
    `patterns`: pattern id -> True (present) or False (absent).
    """

    labels: Mapping[int, str] = field(default_factory=dict)
    patterns: Mapping[str, bool] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.labels) or bool(self.patterns)


def hits_after_marks(patterns: Sequence[PatternHit], marks: Mapping[str, bool]) -> list[PatternHit]:
    """`patterns` with the reviewer's marks applied, by id: marked False is dropped;
    marked True is sure (confidence 1.0), the model's hit if it found one, else a
    hit of the reviewer's own (no evidence)."""
    hits = [
        replace(h, confidence=1.0) if marks.get(h.id) is True else h
        for h in patterns
        if marks.get(h.id, True)
    ]
    present = {h.id for h in hits}
    for pattern_id, holds in sorted(marks.items()):
        if holds and pattern_id not in present and pattern_id in PATTERN_NAMES:
            hits.append(PatternHit(pattern_id, PATTERN_NAMES[pattern_id], [], REVIEWER_DETAIL))
    return sorted(hits, key=lambda h: h.id)


def effective_analysis(
    model: CallAnalysis,
    segments: Sequence[Segment],
    duration_s: float,
    corrections: Corrections,
    *,
    fast_fix_s: float,
    separate_channels: bool,
) -> CallAnalysis:
    """The model's analysis with `corrections` applied; `model` itself is left as it is.

    `segments`, `duration_s`, `fast_fix_s` and `separate_channels` are those the
    model's analysis was made with, so the rules see the same call again.
    """
    agent_ids = {s.id for s in model.sentences if s.speaker == AGENT}
    fixes = {idx: label for idx, label in corrections.labels.items() if idx in agent_ids}
    if fixes:
        analysis = analyze_sentences(
            with_labels(model.sentences, fixes),
            segments,
            duration_s,
            fast_fix_s=fast_fix_s,
            separate_channels=separate_channels,
            classifier_version=model.classifier_version,
        )
    else:
        analysis = model
    marks = corrections.patterns
    if not marks:
        return analysis
    hits = hits_after_marks(analysis.patterns, marks)
    return CallAnalysis(
        sentences=analysis.sentences,
        patterns=hits,
        rushed=is_rushed(hits),
        metrics=analysis.metrics,
        classifier_version=analysis.classifier_version,
    )
