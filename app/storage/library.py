"""The call library: one facade over the storage modules, one per concern.

`Library(path)` opens (creates, checks, migrates) a library and hands each
call to the module that owns it: calls.py, transcripts.py, analyses.py,
writer.py (a call's results in one transaction), corrections.py,
reviews.py, clips.py, filters.py, redactions.py and sqlite_search.py. They
all reach the database through one `Connection` (`self.connection`, SQL
with `?` placeholders). One `Library` per thread or process; WAL lets the
GUI read while the import worker writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from app.redaction.kinds import Redaction
from app.storage import (
    analyses,
    calls,
    clips,
    corrections,
    filters,
    redactions,
    reviews,
    sqlite_search,
    transcripts,
    writer,
)
from app.storage.records import CallMetadata, CallRecord, ClipRecord, SavedFilter, SearchHit
from app.storage.reviews import REVIEW_STATES as REVIEW_STATES
from app.storage.sqlite_connection import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from app.storage.sqlite_connection import SqliteConnection
from kernel.domain import CallAnalysis, CallSummary, Segment, Sentence, Transcript
from models.analysis.patterns import FAST_FIX_S


class Library:
    """Typed access to one library file; creates and migrates it on open.

    `connection` is what the storage modules use. `conn` (the sqlite3
    connection), `db` (sqlite-utils), `busy` and `transaction()` yielding
    `conn` are kept for callers that still reach SQLite directly.
    """

    def __init__(self, path: str | Path) -> None:
        self.connection = SqliteConnection(path)
        self.path = self.connection.path
        self.busy = self.connection.busy
        self.conn: sqlite3.Connection = self.connection.raw

    @property
    def db(self) -> sqlite_utils.Database:
        return sqlite_utils.Database(self.conn)

    # -- plumbing --------------------------------------------------------

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, outlast_writers: bool = False) -> Iterator[sqlite3.Connection]:
        """All or nothing (see SqliteConnection.transaction; joins an outer one); yields the
        sqlite3 connection."""
        with self.connection.transaction(outlast_writers=outlast_writers):
            yield self.conn

    # -- calls (calls.py) ------------------------------------------------

    def find_by_sha256(self, sha256: str) -> CallRecord | None:
        return calls.find_by_sha256(self.connection, sha256)

    def begin_call(
        self,
        source: str,
        sha256: str,
        *,
        duration_s: float,
        channels: int,
        agent_channel: str = "left",
        source_sample_rate: int | None = None,
        codec: str = "",
        metadata: CallMetadata | None = None,
    ) -> int:
        """Register a call as being processed (new, or resumed when not done yet)."""
        return calls.begin_call(
            self.connection,
            source,
            sha256,
            duration_s=duration_s,
            channels=channels,
            agent_channel=agent_channel,
            source_sample_rate=source_sample_rate,
            codec=codec,
            metadata=metadata,
        )

    def set_status(self, call_id: int, status: str, error: str = "") -> None:
        calls.set_status(self.connection, call_id, status, error)

    def record_timings(self, call_id: int, timings: dict[str, float]) -> None:
        calls.record_timings(self.connection, call_id, timings)

    def set_metadata(self, call_id: int, metadata: CallMetadata) -> None:
        calls.set_metadata(self.connection, call_id, metadata)

    def set_agent_channel(self, call_id: int, agent_channel: str) -> None:
        """Which channel ("left"/"right") is the agent's (a speaker swap)."""
        calls.set_agent_channel(self.connection, call_id, agent_channel)

    def forget_unfinished(self, call_id: int) -> None:
        """Remove a call that never finished (its first run failed on bad input)."""
        calls.forget_unfinished(self.connection, call_id)

    def delete_call(self, call_id: int) -> None:
        calls.delete_call(self.connection, call_id)

    def resumable_calls(self) -> list[CallRecord]:
        """Calls a run left unfinished (interrupted, crashed): the next run resumes them."""
        return calls.resumable_calls(self.connection)

    def list_calls(self) -> list[CallRecord]:
        return calls.list_calls(self.connection)

    def call_ids(self, status: str | None = None) -> list[int]:
        return calls.call_ids(self.connection, status)

    def get_call(self, call_id: int) -> CallRecord | None:
        return calls.get_call(self.connection, call_id)

    def count_calls(self) -> int:
        return calls.count_calls(self.connection)

    def call_summaries(
        self, date_from: str | None = None, date_to: str | None = None
    ) -> list[CallSummary]:
        return calls.call_summaries(self.connection, date_from, date_to)

    def summary(self, call_id: int) -> CallSummary | None:
        return calls.summary(self.connection, call_id)

    # -- transcripts and analyses (writer.py, transcripts.py, analyses.py) --

    def save_call(
        self,
        call_id: int,
        transcript: Transcript,
        analysis: CallAnalysis | None,
        *,
        timings: dict[str, float] | None = None,
        fast_fix_s: float = FAST_FIX_S,
        separate_channels: bool = True,
        keep_corrections: bool = False,
        redactions: Sequence[Redaction] | None = None,
    ) -> None:
        """Store a call's transcript and analysis, replacing any earlier ones, atomically.

        `redactions`: the transcript is redacted and these are its placeholders
        (None: stored as spoken).
        """
        writer.save_call(
            self.connection,
            call_id,
            transcript,
            analysis,
            timings=timings,
            fast_fix_s=fast_fix_s,
            separate_channels=separate_channels,
            keep_corrections=keep_corrections,
            redactions=redactions,
        )

    def save_analysis(
        self,
        call_id: int,
        analysis: CallAnalysis,
        *,
        fast_fix_s: float = FAST_FIX_S,
        separate_channels: bool | None = None,
    ) -> None:
        """Replace the model's analysis of a stored call (reanalysis); corrections stay."""
        writer.save_analysis(
            self.connection,
            call_id,
            analysis,
            fast_fix_s=fast_fix_s,
            separate_channels=separate_channels,
        )

    def get_transcript(self, call_id: int) -> Transcript | None:
        return transcripts.get_transcript(self.connection, call_id)

    def get_model_analysis(self, call_id: int) -> CallAnalysis | None:
        """The analysis exactly as the models made it (no corrections)."""
        return analyses.get_model_analysis(self.connection, call_id)

    def get_analysis(self, call_id: int) -> CallAnalysis | None:
        """The analysis with the supervisor's corrections applied (what they review)."""
        return corrections.effective(self.connection, call_id)

    def get_labelled_analysis(self, call_id: int) -> CallAnalysis | None:
        """The analysis with label corrections applied but not pattern marks.

        What the rules find on the corrected labels: the Review screen shows
        the supervisor's pattern marks beside it (a pattern marked wrong keeps
        its evidence there).
        """
        return corrections.effective(self.connection, call_id, with_marks=False)

    def analysis_settings(self, call_id: int) -> dict[str, Any] | None:
        """How the stored analysis was made: classifier version, P6 threshold, channels."""
        return analyses.analysis_settings(self.connection, call_id)

    # -- corrections (corrections.py) ----------------------------------

    def correct_label(self, call_id: int, sentence_idx: int, label: str) -> None:
        corrections.correct_label(self.connection, call_id, sentence_idx, label)

    def clear_label_correction(self, call_id: int, sentence_idx: int) -> None:
        corrections.clear_label_correction(self.connection, call_id, sentence_idx)

    def correct_pattern(self, call_id: int, pattern_id: str, present: bool | None) -> None:
        """Force a pattern in (True) or out (False); None returns it to the model's verdict."""
        corrections.correct_pattern(self.connection, call_id, pattern_id, present)

    def label_corrections(self, call_id: int) -> list[dict[str, Any]]:
        return corrections.label_corrections(self.connection, call_id)

    def pattern_corrections(self, call_id: int) -> list[dict[str, Any]]:
        return corrections.pattern_corrections(self.connection, call_id)

    def export_training_corrections(self) -> list[dict[str, Any]]:
        """Corrected agent sentences as classifier training rows (text, context, label)."""
        return corrections.export_training_corrections(self.connection)

    # -- review and redactions (reviews.py, redactions.py) -------------

    def set_review(self, call_id: int, status: str, score: int | None, notes: str) -> None:
        reviews.set_review(self.connection, call_id, status, score, notes)

    def redactions(self, call_id: int) -> list[Redaction]:
        """Where the call's placeholders are (empty for a call stored as spoken)."""
        return redactions.read_redactions(self.connection, call_id)

    def is_redacted(self, call_id: int) -> bool:
        """Whether the stored text went through redaction (False: kept as spoken)."""
        return redactions.is_redacted(self.connection, call_id)

    def store_redacted_text(
        self,
        call_id: int,
        segments: list[Segment],
        sentences: list[Sentence],
        before: list[Sentence],
        found: Sequence[Redaction],
    ) -> None:
        """Overwrite a stored call's text with its redacted text, in one transaction."""
        redactions.store_redacted_call(self.connection, call_id, segments, sentences, before, found)

    @contextmanager
    def erasing_deleted_text(self) -> Iterator[None]:
        """Text deleted inside the block is overwritten on disk, index and log included."""
        with self.connection.erasing_deleted_text():
            yield

    # -- clips (clips.py) ------------------------------------------------

    def add_clip(
        self,
        call_id: int,
        start_s: float,
        end_s: float,
        title: str,
        tags: Sequence[str] = (),
        note: str = "",
    ) -> int:
        return clips.add_clip(self.connection, call_id, start_s, end_s, title, tags, note)

    def update_clip(
        self,
        clip_id: int,
        *,
        title: str | None = None,
        tags: Sequence[str] | None = None,
        note: str | None = None,
    ) -> None:
        clips.update_clip(self.connection, clip_id, title=title, tags=tags, note=note)

    def list_clips(self) -> list[ClipRecord]:
        return clips.list_clips(self.connection)

    def get_clip(self, clip_id: int) -> ClipRecord | None:
        return clips.get_clip(self.connection, clip_id)

    def delete_clip(self, clip_id: int) -> None:
        clips.delete_clip(self.connection, clip_id)

    # -- saved filters (filters.py) and search (sqlite_search.py) ------

    def save_filter(self, name: str, query: str) -> None:
        filters.save_filter(self.connection, name, query)

    def list_filters(self) -> list[SavedFilter]:
        return filters.list_filters(self.connection)

    def delete_filter(self, name: str) -> None:
        filters.delete_filter(self.connection, name)

    def search(self, query: str, limit: int = 300) -> list[SearchHit]:
        """Sentences matching a full-text query (words, "phrases", AND/OR/NOT, prefix*)."""
        return sqlite_search.search(self.connection, query, limit)
