"""Plain data shared by every step of the pipeline (no Qt, no torch).

Data flows one way: DecodedAudio -> Transcript (Segments with Words and
speakers) -> Sentences -> labels -> PatternHits and metrics -> CallAnalysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kernel.errors import CallscopeInputError  # noqa: F401  (re-exported: the domain's error)

SAMPLE_RATE = 16_000

AGENT = "agent"
CUSTOMER = "customer"
UNKNOWN = "unknown"
SPEAKERS: tuple[str, ...] = (AGENT, CUSTOMER, UNKNOWN)

# TAXONOMY.md section 1, in precedence order: where two fit, the first wins.
LABELS: tuple[str, ...] = (
    "impact_question",
    "problem_question",
    "resolution_check",
    "closing",
    "other_question",
    "resolution_offer",
    "rush_cue",
    "statement",
)

# TAXONOMY.md section 2.
PATTERN_NAMES: dict[str, str] = {
    "P1": "fix_before_impact",
    "P2": "no_resolution_check",
    "P3": "closing_over_open_concern",
    "P4": "rush_language",
    "P5": "talk_over",
    "P6": "fast_fix",
}
RUSH_DECIDING_PATTERNS: tuple[str, ...] = ("P1", "P2", "P3", "P4")

# TAXONOMY.md section 3.
METRIC_KEYS: tuple[str, ...] = (
    "agent_talk_ratio",
    "silence_ratio",
    "longest_agent_monologue_s",
    "talk_over_count",
    "problem_questions",
    "impact_questions",
    "impact_question_share",
    "first_impact_question_s",
)


@dataclass
class DecodedAudio:
    """Audio decoded and resampled to 16 kHz float32, one row per channel."""

    samples: np.ndarray  # shape (channels, n_samples), float32 in [-1, 1]
    source_sample_rate: int
    source_channels: int
    codec: str = ""
    sample_rate: int = SAMPLE_RATE
    # Doubts about the file that did not stop the decode (e.g. "the file is cut off").
    warnings: tuple[str, ...] = ()

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def duration_s(self) -> float:
        return float(self.samples.shape[1]) / self.sample_rate


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    word: str
    probability: float = 1.0


@dataclass
class Segment:
    """A stretch of one speaker's speech as the recognizer returned it."""

    start: float
    end: float
    speaker: str
    text: str
    words: list[Word] = field(default_factory=list)
    channel: int | None = None
    speaker_confidence: float | None = None


@dataclass
class Transcript:
    segments: list[Segment]
    asr_model: str
    duration_s: float
    language: str = "en"
    # Mono files: how sure the speaker split and role assignment are (issue 6).
    diarization: dict[str, Any] | None = None


@dataclass
class Prediction:
    label: str
    confidence: float
    scores: dict[str, float]


@dataclass
class Sentence:
    """One sentence of one speaker with word-level times; agent ones get a label."""

    id: int
    start: float
    end: float
    speaker: str
    text: str
    label: str | None = None
    confidence: float | None = None
    scores: dict[str, float] | None = None
    is_question: bool = False  # customer sentences: asks something ("?")
    raises_concern: bool = False  # customer sentences: but/still/worried... (P3)
    segment_index: int | None = None


@dataclass
class PatternHit:
    id: str  # "P1".."P6"
    name: str  # PATTERN_NAMES[id]
    evidence: list[int]  # sentence ids
    detail: str = ""  # one line a supervisor can read: why it holds
    # How sure the evidence is (0..1): the classifier's scores of the deciding
    # sentences combined (models/analysis/certainty.py); 1.0 for corrected labels.
    confidence: float = 1.0


@dataclass
class CallAnalysis:
    sentences: list[Sentence]
    patterns: list[PatternHit]
    rushed: bool
    metrics: dict[str, float | int | None]
    classifier_version: str = ""


@dataclass
class CallSummary:
    """One stored call as reports and the library list see it."""

    call_id: int
    source: str
    duration_s: float
    status: str
    agent: str | None = None
    team: str | None = None
    call_date: str | None = None  # ISO date, YYYY-MM-DD
    rushed: bool | None = None  # None until analysed
    patterns: list[str] = field(default_factory=list)  # pattern ids present
    metrics: dict[str, float | int | None] = field(default_factory=dict)
    review_status: str = "unreviewed"
