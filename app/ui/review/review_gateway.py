"""What the Review screen asks of the store, in one adapter (no Qt).

Runs on the store's thread (`app/ui/store.py`: the view holds
`store.gateway(ReviewGateway)`, whose every method is run there and waited
for; each is a few small queries). Turns the store's records into
`ReviewData`, and writes the supervisor's corrections, pattern marks, review
and clips back. Views depend on this module, not on storage.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.clips.clip_spec import ClipSpec
from app.redaction.audio import padded_spans
from app.ui.review.review_data import PATTERN_MISSING, PATTERN_WRONG, ReviewData, applying_marks
from kernel.domain import AGENT, Sentence

if TYPE_CHECKING:
    from app.ui.store import StoredLibrary


class ReviewGateway:
    """Thin typed layer over the Library for the Review and Clips screens."""

    def __init__(self, library: StoredLibrary) -> None:
        self.library = library

    # -- reading ---------------------------------------------------------

    def muted_spans(self, call_id: int | None) -> list[tuple[float, float]]:
        """Redacted words of the call, padded: the player is silent there (issue 15)."""
        return [] if call_id is None else padded_spans(self.library.redactions(call_id))

    def load(self, call_id: int) -> ReviewData:
        """One call with its transcript, analysis and the supervisor's changes.

        The sentences and patterns are what the rules find on the labels as
        corrected; the pattern marks are kept beside them (not applied), so a
        pattern marked wrong still shows its evidence.
        """
        call = self.library.get_call(call_id)
        if call is None:
            raise LookupError(f"call {call_id} is not in the library")
        analysis = self.library.get_labelled_analysis(call_id)
        transcript = self.library.get_transcript(call_id)
        sentences: list[Sentence] = list(analysis.sentences) if analysis else []
        corrections = {
            int(row["sentence_idx"]): row["model_label"]
            for row in self.library.label_corrections(call_id)
        }
        return ReviewData(
            call_id=call_id,
            source=call.source,
            duration_s=float(call.duration_s or (transcript.duration_s if transcript else 0.0)),
            sentences=sentences,
            patterns=list(analysis.patterns) if analysis else [],
            segments=list(transcript.segments) if transcript is not None else [],
            model_labels=_model_labels(sentences, corrections),
            corrected_ids=set(corrections),
            pattern_marks=applying_marks(
                self.pattern_marks(call_id), analysis.patterns if analysis else []
            ),
            agent=call.agent,
            team=call.team,
            call_date=call.call_date,
            review_status=call.review_status,
            score=call.review_score,
            notes=call.review_notes or "",
            rushed=analysis.rushed if analysis else None,
            metrics=dict(analysis.metrics) if analysis else {},
            analysed=analysis is not None,
            status=call.status,
            error=call.error,
        )

    def pattern_marks(self, call_id: int) -> dict[str, str]:
        """pattern id -> wrong (forced out) or missing (forced in)."""
        return {
            str(row["pattern_id"]): PATTERN_MISSING if row["present"] else PATTERN_WRONG
            for row in self.library.pattern_corrections(call_id)
        }

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
        """Store the verdict: status unreviewed/in_review/reviewed, score 0..100 or None."""
        self.library.set_review(call_id, status, score, notes)

    def add_clip(self, spec: ClipSpec) -> int:
        if spec.call_id is None:
            raise ValueError("a clip made in Review belongs to a call")
        return self.library.add_clip(
            spec.call_id, spec.start_s, spec.end_s, spec.title, list(spec.tags), spec.note
        )

    def clip_tags(self) -> list[str]:
        tags: set[str] = set()
        for clip in self.library.list_clips():
            tags.update(clip.tags)
        return sorted(tags, key=str.lower)


def _model_labels(
    sentences: Iterable[Sentence], corrections: dict[int, str | None]
) -> dict[int, str | None]:
    """The classifier's label of every agent sentence (corrected ones: as stored then)."""
    return {s.id: corrections.get(s.id, s.label) for s in sentences if s.speaker == AGENT}
