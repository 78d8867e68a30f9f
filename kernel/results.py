"""What analysing one recording produces: plain, picklable data, no database.

`app.pipeline.analyze.analyze_file` returns a `CallResult`; it may be
computed in this process, a pool worker or a cluster node, and travels back
(pickled) to the one writer (`app.pipeline.writer`) that stores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kernel.domain import CallAnalysis, Transcript
from kernel.statuses import FailureKind


@dataclass(frozen=True)
class AudioFacts:
    """What decoding told about a recording (stored with the call as soon as it is known)."""

    source: str  # the path (or the name sent with the bytes)
    sha256: str
    duration_s: float
    channels: int  # channels in the file (at most two are analysed)
    source_sample_rate: int
    codec: str = ""
    warnings: tuple[str, ...] = ()  # doubts about the file that did not stop the decode


@dataclass
class CallResult:
    """One analysed recording: transcript, analysis, redactions, timings, model names."""

    audio: AudioFacts
    agent_channel: str  # "left" or "right": which stereo side is the agent
    transcript: Transcript  # redacted when `redactions` is not None
    analysis: CallAnalysis  # sentences (labelled), patterns, metrics, verdict
    separate_channels: bool  # whether P5 (talk-over) could be judged
    fast_fix_s: float  # the TAXONOMY P6 threshold the analysis used
    # app.redaction.kinds.Redaction values (kernel names no app type); None: stored as spoken
    redactions: tuple[Any, ...] | None = None
    timings: dict[str, float] = field(default_factory=dict)  # decode_s, asr_s, analysis_s...
    asr_model: str = ""
    classifier_version: str = ""
    elapsed_s: float = 0.0  # reading the audio to the finished result (the store adds its own)

    @property
    def source(self) -> str:
        return self.audio.source

    @property
    def sha256(self) -> str:
        return self.audio.sha256

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.audio.warnings


@dataclass(frozen=True)
class AnalysisFailure:
    """Why analysing one recording did not give a result (plain data: it may be pickled).

    `message` is the one line for the user; `reason` the part after the
    file name (what the library records).
    """

    kind: FailureKind
    message: str
    reason: str = ""
    audio: AudioFacts | None = None  # when decoding had got that far
