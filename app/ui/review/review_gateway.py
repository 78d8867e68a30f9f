"""What the Review screen asks of the store, in one adapter (no Qt).

Wraps `app.storage.library.Library` on the thread that owns it (the GUI
thread's connection: every call here is one small query). Turns the store's
records into `ReviewData`, and writes the supervisor's corrections, pattern
marks, review and clips back. Views depend on this module, not on storage.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.clips.clip_spec import ClipSpec
from app.domain import AGENT, CallAnalysis, PatternHit, Sentence
from app.ui.review.review_data import (
    PATTERN_MISSING,
    PATTERN_WRONG,
    UNREVIEWED,
    ReviewData,
)


def field_of(record: Any, *names: str, default: Any = None) -> Any:
    """The first of `names` the record has (dataclass attribute or dict key)."""
    for name in names:
        if isinstance(record, dict):
            if name in record and record[name] is not None:
                return record[name]
        else:
            value = getattr(record, name, None)
            if value is not None:
                return value
    return default


class ReviewGateway:
    """Thin typed layer over the Library for the Review and Clips screens."""

    def __init__(self, library: Any) -> None:
        self.library = library

    # -- reading ---------------------------------------------------------

    def load(self, call_id: int) -> ReviewData:
        """One call with its transcript, analysis and the supervisor's changes."""
        call = self.library.get_call(call_id)
        if call is None:
            raise LookupError(f"call {call_id} is not in the library")
        analysis: CallAnalysis | None = self.library.get_analysis(call_id)
        transcript = self.library.get_transcript(call_id)
        segments = list(transcript.segments) if transcript is not None else []
        sentences: list[Sentence] = list(analysis.sentences) if analysis else []
        patterns: list[PatternHit] = list(analysis.patterns) if analysis else []
        model_labels, corrected = self._label_sources(call_id, sentences)
        score = field_of(call, "review_score", "score")
        return ReviewData(
            call_id=call_id,
            source=str(field_of(call, "source", "source_path", "path", default="")),
            duration_s=float(
                field_of(call, "duration_s", "duration", default=0.0)
                or (transcript.duration_s if transcript is not None else 0.0)
            ),
            sentences=sentences,
            patterns=patterns,
            segments=segments,
            model_labels=model_labels,
            corrected_ids=corrected,
            pattern_marks=self._pattern_marks(call_id, analysis),
            agent=field_of(call, "agent"),
            team=field_of(call, "team"),
            call_date=field_of(call, "call_date", "date"),
            review_status=str(field_of(call, "review_status", default=UNREVIEWED)),
            score=int(score) if score is not None else None,
            notes=str(field_of(call, "review_notes", "notes", default="")),
            rushed=analysis.rushed if analysis else None,
            metrics=dict(analysis.metrics) if analysis else {},
            analysed=analysis is not None,
        )

    def _label_sources(
        self, call_id: int, sentences: Iterable[Sentence]
    ) -> tuple[dict[int, str | None], set[int]]:
        """(model label per agent sentence, ids whose label the supervisor corrected)."""
        model: dict[int, str | None] = {}
        corrected: set[int] = set()
        corrections = self._corrections(call_id)
        for sentence in sentences:
            if sentence.speaker != AGENT:
                continue
            own = field_of(sentence, "model_label")
            if sentence.id in corrections:
                corrected.add(sentence.id)
                model[sentence.id] = own or corrections[sentence.id]
            else:
                model[sentence.id] = own or sentence.label
        return model, corrected

    def _corrections(self, call_id: int) -> dict[int, str | None]:
        """sentence id -> the model's label, for every corrected sentence."""
        getter = getattr(self.library, "label_corrections", None)
        if not callable(getter):
            return {}
        found: dict[int, str | None] = {}
        records = getter(call_id)
        items = records.items() if isinstance(records, dict) else enumerate(records)
        for key, record in items:
            if isinstance(records, dict) and isinstance(record, str | None):
                found[int(key)] = None  # a plain {idx: label} map: model label unknown
                continue
            idx = field_of(record, "sentence_idx", "sentence_id", default=key)
            found[int(idx)] = field_of(record, "model_label", "original_label")
        return found

    def _pattern_marks(self, call_id: int, analysis: CallAnalysis | None) -> dict[str, str]:
        getter = getattr(self.library, "pattern_corrections", None)
        if not callable(getter):
            return {}
        marks: dict[str, str] = {}
        records = getter(call_id)
        items = records.items() if isinstance(records, dict) else enumerate(records)
        for key, record in items:
            if isinstance(record, str):
                marks[str(key)] = record
                continue
            pattern = str(field_of(record, "pattern_id", "pattern", default=key))
            present = field_of(record, "present", "holds")
            state = field_of(record, "state", "mark", "verdict")
            if state in (PATTERN_WRONG, PATTERN_MISSING):
                marks[pattern] = str(state)
            elif present is not None:
                marks[pattern] = PATTERN_MISSING if present else PATTERN_WRONG
        return marks

    # -- writing ---------------------------------------------------------

    def correct_label(self, call_id: int, sentence_id: int, label: str | None) -> None:
        """Set the supervisor's label, or None to go back to the model's."""
        if label is None:
            self.library.clear_label_correction(call_id, sentence_id)
        else:
            self.library.correct_label(call_id, sentence_id, label)

    def mark_pattern(self, call_id: int, pattern_id: str, mark: str | None) -> None:
        """Mark a pattern wrong (detected, does not hold), missing, or clear the mark."""
        present = None if mark is None else mark == PATTERN_MISSING
        self.library.correct_pattern(call_id, pattern_id, present)

    def save_review(self, call_id: int, status: str, score: int | None, notes: str) -> None:
        self.library.set_review(call_id, status, score, notes)

    def add_clip(self, spec: ClipSpec) -> int:
        clip_id = self.library.add_clip(
            call_id=spec.call_id,
            start_s=spec.start_s,
            end_s=spec.end_s,
            title=spec.title,
            tags=list(spec.tags),
            note=spec.note,
        )
        return int(field_of(clip_id, "id", "clip_id", default=clip_id))

    def clip_tags(self) -> list[str]:
        tags: set[str] = set()
        for clip in self.library.list_clips():
            tags.update(field_of(clip, "tags", default=[]) or [])
        return sorted(tags, key=str.lower)
