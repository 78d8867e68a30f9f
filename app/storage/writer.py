"""The one writer of a call's results: transcript, analysis and redactions in one transaction.

A crash never leaves a half-written call: either everything of a run is
stored and the call is `done`, or nothing of it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.redaction.kinds import Redaction
from app.storage import analyses, corrections, transcripts
from app.storage.connection import Connection
from app.storage.records import DONE
from app.storage.redactions import write_redactions
from kernel.domain import CallAnalysis, Transcript


def save_call(
    db: Connection,
    call_id: int,
    transcript: Transcript,
    analysis: CallAnalysis | None,
    *,
    timings: dict[str, float] | None,
    fast_fix_s: float,
    separate_channels: bool,
    keep_corrections: bool,
    redactions: Sequence[Redaction] | None,
) -> None:
    """Store a call's transcript and analysis, replacing any earlier ones, atomically.

    `redactions`: the transcript is redacted and these are its placeholders
    (None: stored as spoken).
    """
    with db.transaction(outlast_writers=True):
        if not keep_corrections:
            corrections.clear_corrections(db, call_id)
        transcripts.write_transcript(db, call_id, transcript, timings)
        if analysis is not None:
            analyses.write_model_analysis(db, call_id, analysis, fast_fix_s, separate_channels)
            corrections.refresh_effective(db, call_id, transcript, analysis)
        if redactions is not None:
            write_redactions(db, call_id, redactions)
        db.execute("UPDATE calls SET status = ?, error = '' WHERE id = ?", (DONE, call_id))


def save_analysis(
    db: Connection,
    call_id: int,
    analysis: CallAnalysis,
    *,
    fast_fix_s: float,
    separate_channels: bool | None,
) -> None:
    """Replace the model's analysis of a stored call (reanalysis); corrections stay."""
    transcript = transcripts.get_transcript(db, call_id)
    if transcript is None:
        raise LookupError(f"call {call_id} is not in the library")
    if separate_channels is None:
        separate_channels = analyses.stored_separate_channels(db, call_id)
    with db.transaction():
        analyses.write_model_analysis(db, call_id, analysis, fast_fix_s, separate_channels)
        corrections.refresh_effective(db, call_id, transcript, analysis)
