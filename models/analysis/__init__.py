"""Call analysis: sentences, labels, rushed-resolution patterns and metrics (no Qt, no torch).

segments -> sentences.split_sentences -> call_analyzer (labels through the
classifier passed in) -> patterns.detect_patterns + metrics.compute_metrics
-> CallAnalysis; report.build_report aggregates stored calls.
"""

from models.analysis.call_analyzer import (
    SentenceLabeller,
    analyze_sentences,
    analyze_transcript,
    with_labels,
)
from models.analysis.metrics import compute_metrics
from models.analysis.patterns import detect_patterns
from models.analysis.sentences import split_sentences

__all__ = [
    "SentenceLabeller",
    "analyze_sentences",
    "analyze_transcript",
    "compute_metrics",
    "detect_patterns",
    "split_sentences",
    "with_labels",
]
