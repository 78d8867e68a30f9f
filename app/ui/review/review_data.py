"""What the Review screen shows of one call, as plain data (no Qt).

`ReviewData` is assembled by `ReviewGateway` from the store; `SentenceRow`
is one line of the transcript as the list model serves it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from kernel.domain import (
    AGENT,
    CUSTOMER,
    PatternHit,
    Segment,
    Sentence,
)
from models.analysis.certainty import RUSHED, verdict
from models.analysis.corrections import hits_after_marks

QUESTION_LABELS: frozenset[str] = frozenset(
    {"impact_question", "problem_question", "resolution_check", "other_question"}
)
PATTERN_WRONG = "wrong"  # detected, the supervisor says it does not hold
PATTERN_MISSING = "missing"  # the supervisor says it holds (not detected, or detected unsure)
# review states, as app.storage.library.REVIEW_STATES
UNREVIEWED = "unreviewed"
IN_REVIEW = "in_review"  # the supervisor started (a correction, a score, notes)
REVIEWED = "reviewed"


def holds_after_mark(found: bool, mark: str | None) -> bool:
    """Whether a pattern holds once the supervisor's mark (if any) is applied."""
    return (found and mark != PATTERN_WRONG) or (not found and mark == PATTERN_MISSING)


def patterns_after_marks(patterns: Iterable[PatternHit], marks: dict[str, str]) -> list[PatternHit]:
    """The patterns that hold once the supervisor's marks are applied, by id: a found one
    not marked keeps its hit (and its confidence); one marked present (missed by the
    model, or found but unsure and confirmed) is sure, confidence 1.0 (a person's mark)."""
    return hits_after_marks(
        list(patterns), {pid: mark == PATTERN_MISSING for pid, mark in marks.items()}
    )


@dataclass
class SentenceRow:
    """One transcript line: the sentence with its current label and how it got it."""

    sentence: Sentence
    turn_start: bool = False  # first sentence of a speaker turn: draws the speaker header
    model_label: str | None = None  # the classifier's label
    corrected: bool = False  # the supervisor replaced the model's label
    corrected_by: str = ""  # who made the effective correction ("" before reviewers, issue 16)
    other_corrections: list[tuple[str, str]] = field(default_factory=list)  # (reviewer, label)
    evidence: list[str] = field(default_factory=list)  # pattern ids it is evidence of
    dismissed: list[str] = field(default_factory=list)  # ... of patterns marked wrong

    @property
    def is_agent(self) -> bool:
        return self.sentence.speaker == AGENT

    @property
    def label(self) -> str | None:
        return self.sentence.label


@dataclass
class ReviewData:
    """Everything the Review screen needs about one call, loaded in one go."""

    call_id: int
    source: str
    duration_s: float
    sentences: list[Sentence]
    patterns: list[PatternHit]
    segments: list[Segment] = field(default_factory=list)
    model_labels: dict[int, str | None] = field(default_factory=dict)
    corrected_ids: set[int] = field(default_factory=set)
    corrected_by: dict[int, str] = field(default_factory=dict)  # sentence id -> reviewer
    # sentence id -> the other reviewers' corrections still kept, as (reviewer, label)
    other_corrections: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    pattern_marks: dict[str, str] = field(default_factory=dict)  # id -> wrong/missing
    agent: str | None = None
    team: str | None = None
    call_date: str | None = None
    review_status: str = UNREVIEWED
    score: int | None = None
    notes: str = ""
    rushed: bool | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    analysed: bool = True
    status: str = "done"  # the call's processing status (app.storage.records)
    error: str = ""  # why processing failed, when it did

    @property
    def title(self) -> str:
        return PurePath(self.source).name if self.source else f"Call {self.call_id}"

    def rows(self) -> list[SentenceRow]:
        """Transcript rows in time order, with turn starts and pattern evidence marked.

        Evidence of a pattern the supervisor marked wrong is kept apart
        (`dismissed`): drawn struck out and grey, never as evidence.
        """
        evidence: dict[int, list[str]] = {}
        dismissed: dict[int, list[str]] = {}
        for hit in self.patterns:
            wrong = self.pattern_marks.get(hit.id) == PATTERN_WRONG
            for sentence_id in hit.evidence:
                (dismissed if wrong else evidence).setdefault(sentence_id, []).append(hit.id)
        rows: list[SentenceRow] = []
        previous_speaker: str | None = None
        for sentence in sorted(self.sentences, key=lambda s: (s.start, s.id)):
            rows.append(
                SentenceRow(
                    sentence=sentence,
                    turn_start=sentence.speaker != previous_speaker,
                    model_label=self.model_labels.get(sentence.id, sentence.label),
                    corrected=sentence.id in self.corrected_ids,
                    corrected_by=self.corrected_by.get(sentence.id, ""),
                    other_corrections=self.other_corrections.get(sentence.id, []),
                    evidence=sorted(evidence.get(sentence.id, [])),
                    dismissed=sorted(dismissed.get(sentence.id, [])),
                )
            )
            previous_speaker = sentence.speaker
        return rows

    def speech_spans(self, speaker: str) -> list[tuple[float, float]]:
        """Where `speaker` talks: their segments, or their sentences when there are none."""
        spans = [(s.start, s.end) for s in self.segments if s.speaker == speaker]
        if not spans:
            spans = [(s.start, s.end) for s in self.sentences if s.speaker == speaker]
        return sorted(spans)

    def voice_unassigned(self) -> bool:
        """One voice heard and given to neither role (mono diarization): the reviewer says who."""
        return bool(self.segments) and all(
            s.speaker not in (AGENT, CUSTOMER) for s in self.segments
        )

    def agent_channel(self) -> int | None:
        channels = {s.channel for s in self.segments if s.speaker == AGENT}
        channels.discard(None)
        return next(iter(channels)) if len(channels) == 1 else None

    def holding_patterns(self) -> list[str]:
        """Pattern ids that hold once the supervisor's marks are applied."""
        return [hit.id for hit in patterns_after_marks(self.patterns, self.pattern_marks)]

    def verdict_with_marks(self) -> str | None:
        """RUSHED, NEEDS_A_LOOK or NOT_RUSHED as the supervisor sees it (None: not analysed).

        A pattern the supervisor marked missing is sure; one the model found is
        sure when its evidence is (certainty.SURE_CONFIDENCE), else it asks for a look.
        """
        if not self.analysed:
            return None
        return verdict(patterns_after_marks(self.patterns, self.pattern_marks))

    def rushed_with_marks(self) -> bool | None:
        """Rushed as the supervisor sees it (None: not analysed); "needs a look" is not."""
        seen = self.verdict_with_marks()
        return None if seen is None else seen == RUSHED

    def mark_points(self) -> list[tuple[float, str, int, str]]:
        """(time, kind, sentence id, tip) for the timeline: questions, impact, evidence."""
        points: list[tuple[float, str, int, str]] = []
        for sentence in self.sentences:
            if sentence.speaker == AGENT and sentence.label in QUESTION_LABELS:
                kind = "impact" if sentence.label == "impact_question" else "question"
                tip = (sentence.label or "").replace("_", " ").capitalize()
                points.append((sentence.start, kind, sentence.id, tip))
        lookup = {s.id: s for s in self.sentences}
        for hit in self.patterns:
            wrong = self.pattern_marks.get(hit.id) == PATTERN_WRONG
            for sentence_id in hit.evidence:
                if sentence_id in lookup:
                    tip = f"{hit.id} {hit.name.replace('_', ' ')}"
                    kind = "dismissed" if wrong else "evidence"
                    tip += " (marked wrong)" if wrong else ""
                    points.append((lookup[sentence_id].start, kind, sentence_id, tip))
        return points

    def evidence_ids(self) -> set[int]:
        """Sentences that are evidence of a pattern that holds (J/K jump between them)."""
        return {
            sentence_id
            for hit in self.patterns
            if self.pattern_marks.get(hit.id) != PATTERN_WRONG
            for sentence_id in hit.evidence
        }


PATTERN_TITLES: dict[str, str] = {
    "P1": "Fix before impact",
    "P2": "No resolution check",
    "P3": "Closing over an open concern",
    "P4": "Rush language",
    "P5": "Talk-over",
    "P6": "Fast fix",
}


def applying_marks(marks: dict[str, str], patterns: Iterable[PatternHit]) -> dict[str, str]:
    """The marks that still say something: "wrong" on a detected pattern, "missing" (holds)
    on any. A correction can make the rules drop a pattern marked wrong: that stale mark
    is left out. One marked missing that the rules now find reads as confirmed (the
    supervisor said it holds), as a found but unsure pattern confirmed on its card."""
    found = {hit.id for hit in patterns}
    return {pid: mark for pid, mark in marks.items() if mark == PATTERN_MISSING or pid in found}


def suggest_clip_text(rows: list[SentenceRow], agent: str | None) -> tuple[str, list[str]]:
    """A clip title and tags from the selected rows: pattern evidence first, then impact."""
    patterns = sorted({pid for row in rows for pid in row.evidence})
    who = f" ({agent})" if agent else ""
    if patterns:
        return f"{patterns[0]} {PATTERN_TITLES.get(patterns[0], '')}{who}", patterns
    if any(row.is_agent and row.label == "impact_question" for row in rows):
        return f"Impact question{who}", ["impact question"]
    return "", []
