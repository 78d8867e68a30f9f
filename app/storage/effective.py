"""The analysis a supervisor sees: the model's, with their corrections applied.

Label corrections re-run the (pure) pattern and metric rules on the corrected
labels; pattern marks then force a pattern in or out. The model's own output
is never overwritten, so corrections stay apart and can be undone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kernel.domain import AGENT, PATTERN_NAMES, CallAnalysis, PatternHit, Segment
from models.analysis.call_analyzer import analyze_sentences, with_labels
from models.analysis.patterns import is_rushed

REVIEWER_DETAIL = "marked present by the reviewer"


def effective_analysis(
    model: CallAnalysis,
    segments: Sequence[Segment],
    duration_s: float,
    label_fixes: Mapping[int, str],
    pattern_marks: Mapping[str, bool],
    *,
    fast_fix_s: float,
    separate_channels: bool,
) -> CallAnalysis:
    agent_ids = {s.id for s in model.sentences if s.speaker == AGENT}
    fixes = {idx: label for idx, label in label_fixes.items() if idx in agent_ids}
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
    if not pattern_marks:
        return analysis
    hits = [h for h in analysis.patterns if pattern_marks.get(h.id, True)]
    present = {h.id for h in hits}
    for pattern_id, holds in sorted(pattern_marks.items()):
        if holds and pattern_id not in present and pattern_id in PATTERN_NAMES:
            hits.append(PatternHit(pattern_id, PATTERN_NAMES[pattern_id], [], REVIEWER_DETAIL))
    hits.sort(key=lambda h: h.id)
    return CallAnalysis(
        sentences=analysis.sentences,
        patterns=hits,
        rushed=is_rushed(hits),
        metrics=analysis.metrics,
        classifier_version=analysis.classifier_version,
    )
