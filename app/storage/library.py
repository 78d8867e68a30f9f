"""The call library: a SQLite file opened through sqlite-utils.

One `Library` per thread or process (SQLite connections are not shared
across threads by the callers). WAL lets the GUI read while the import
worker writes. Every write that spans tables runs in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from app.redaction.kinds import Redaction
from app.storage import rows
from app.storage.busy import BusyRetry
from app.storage.effective import effective_analysis
from app.storage.migrations import NewerLibraryError, migrate
from app.storage.opening import (
    LibraryOpenError,
    check_library_file,
    create_private_file,
    database_error_reason,
    register_closed,
    register_open,
)
from app.storage.records import (
    DONE,
    PROCESSING,
    RESUMABLE,
    CallMetadata,
    CallRecord,
    ClipRecord,
    SavedFilter,
    SearchHit,
)
from app.storage.redactions import read_redactions, redacted_at, write_redactions
from kernel.domain import (
    AGENT,
    LABELS,
    PATTERN_NAMES,
    CallAnalysis,
    CallSummary,
    Transcript,
)
from models.analysis.patterns import FAST_FIX_S

BUSY_TIMEOUT_MS = 10_000
REVIEW_STATES = ("unreviewed", "in_review", "reviewed")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Library:
    """Typed access to one library file; creates and migrates it on open."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self.busy = BusyRetry(self.path)
        # Everything that could refuse the file runs before anything writes to it.
        if check_library_file(self.path):
            create_private_file(self.path)
        try:
            conn = sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except NewerLibraryError as exc:  # written by a newer Callscope since the check
            raise LibraryOpenError(str(self.path), str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise LibraryOpenError(str(self.path), database_error_reason(exc, self.path)) from exc
        self.conn = conn
        self._live_key = register_open(self.path)
        self.db = sqlite_utils.Database(conn)

    # -- plumbing --------------------------------------------------------

    def close(self) -> None:
        self.conn.close()
        key, self._live_key = self._live_key, None
        register_closed(key)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, outlast_writers: bool = False) -> Iterator[sqlite3.Connection]:
        """All or nothing: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error.

        BEGIN IMMEDIATE takes the write lock before the body runs, so it is the
        one statement that waits for another writer (busy_timeout, 10 s). With
        `outlast_writers` (the writes that store a call's finished analysis) it
        is asked again, with a notice, until BusyRetry's bound; the body runs
        once. Interactive writes keep the plain 10 s so a screen never waits long.
        Inside another transaction it joins that one (the pipeline's writer
        stores a call with several of these methods, all or nothing).
        """
        if self.conn.in_transaction:
            yield self.conn
            return
        if outlast_writers:
            self.busy.run(lambda: self.conn.execute("BEGIN IMMEDIATE"))
        else:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else dict(row)

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    # -- calls -----------------------------------------------------------

    def find_by_sha256(self, sha256: str) -> CallRecord | None:
        row = self._one("SELECT * FROM calls WHERE sha256 = ?", (sha256,))
        return None if row is None else _call_record(row)

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
        meta = metadata or CallMetadata()
        now = _now()
        with self.transaction(outlast_writers=True) as conn:
            row = conn.execute(
                "SELECT id, status, agent, team, call_date FROM calls WHERE sha256 = ?", (sha256,)
            ).fetchone()
            if row is not None and row["status"] == DONE:
                raise ValueError(f"{source}: already in the library as call {row['id']}")
            values = dict(
                source=source,
                duration_s=duration_s,
                channels=channels,
                agent_channel=agent_channel,
                source_sample_rate=source_sample_rate,
                codec=codec,
                status=PROCESSING,
                error="",
                updated_at=now,
            )
            if row is None:
                values.update(
                    sha256=sha256,
                    imported_at=now,
                    agent=meta.agent,
                    team=meta.team,
                    call_date=meta.call_date,
                )
                names = ", ".join(values)
                marks = ", ".join("?" for _ in values)
                cursor = conn.execute(
                    f"INSERT INTO calls ({names}) VALUES ({marks})", tuple(values.values())
                )
                return int(cursor.lastrowid or 0)
            values.update(
                agent=meta.agent or row["agent"],
                team=meta.team or row["team"],
                call_date=meta.call_date or row["call_date"],
            )
            self._update_call(conn, int(row["id"]), values)
            return int(row["id"])

    @staticmethod
    def _update_call(conn: sqlite3.Connection, call_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        conn.execute(f"UPDATE calls SET {assignments} WHERE id = ?", (*values.values(), call_id))

    def set_status(self, call_id: int, status: str, error: str = "") -> None:
        with self.transaction(outlast_writers=True) as conn:
            conn.execute(
                "UPDATE calls SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                (status, error, _now(), call_id),
            )

    def record_timings(self, call_id: int, timings: dict[str, float]) -> None:
        with self.transaction(outlast_writers=True) as conn:
            conn.execute(
                "UPDATE calls SET timings = ? WHERE id = ?",
                (json.dumps({k: round(float(v), 4) for k, v in timings.items()}), call_id),
            )

    def set_metadata(self, call_id: int, metadata: CallMetadata) -> None:
        with self.transaction(outlast_writers=True) as conn:
            conn.execute(
                "UPDATE calls SET agent = ?, team = ?, call_date = ?, updated_at = ? WHERE id = ?",
                (metadata.agent, metadata.team, metadata.call_date, _now(), call_id),
            )

    def forget_unfinished(self, call_id: int) -> None:
        """Remove a call that never finished (its first run failed on bad input)."""
        with self.transaction(outlast_writers=True) as conn:
            conn.execute("DELETE FROM calls WHERE id = ? AND status != ?", (call_id, DONE))

    def delete_call(self, call_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM calls WHERE id = ?", (call_id,))

    def resumable_calls(self) -> list[CallRecord]:
        """Calls a run left unfinished (interrupted, crashed): the next run resumes them."""
        marks = ", ".join("?" for _ in RESUMABLE)
        return [
            _call_record(r)
            for r in self._all(
                f"SELECT * FROM calls WHERE status IN ({marks}) ORDER BY id", RESUMABLE
            )
        ]

    def list_calls(self) -> list[CallRecord]:
        return [_call_record(r) for r in self._all("SELECT * FROM calls ORDER BY id")]

    def call_ids(self, status: str | None = None) -> list[int]:
        if status is None:
            return [int(r["id"]) for r in self._all("SELECT id FROM calls ORDER BY id")]
        return [
            int(r["id"])
            for r in self._all("SELECT id FROM calls WHERE status = ? ORDER BY id", (status,))
        ]

    def get_call(self, call_id: int) -> CallRecord | None:
        row = self._one("SELECT * FROM calls WHERE id = ?", (call_id,))
        return None if row is None else _call_record(row)

    def count_calls(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM calls").fetchone()[0])

    # -- transcripts and analyses ---------------------------------------

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
        seg_rows, word_rows = rows.segment_rows(call_id, transcript.segments)
        with self.transaction(outlast_writers=True) as conn:
            conn.execute("DELETE FROM words WHERE call_id = ?", (call_id,))
            conn.execute("DELETE FROM segments WHERE call_id = ?", (call_id,))
            if not keep_corrections:
                conn.execute("DELETE FROM label_corrections WHERE call_id = ?", (call_id,))
                conn.execute("DELETE FROM pattern_corrections WHERE call_id = ?", (call_id,))
            _insert_many(conn, "segments", rows.SEGMENT_COLUMNS, seg_rows)
            _insert_many(conn, "words", rows.WORD_COLUMNS, word_rows)
            values: dict[str, Any] = dict(
                asr_model=transcript.asr_model,
                duration_s=transcript.duration_s,
                diarization=None
                if transcript.diarization is None
                else json.dumps(transcript.diarization),
                updated_at=_now(),
            )
            if timings is not None:
                values["timings"] = json.dumps({k: round(float(v), 4) for k, v in timings.items()})
            self._update_call(conn, call_id, values)
            if analysis is not None:
                self._write_analysis(
                    conn, call_id, transcript, analysis, fast_fix_s, separate_channels
                )
            if redactions is not None:
                write_redactions(conn, call_id, redactions)
            conn.execute("UPDATE calls SET status = ?, error = '' WHERE id = ?", (DONE, call_id))

    def save_analysis(
        self,
        call_id: int,
        analysis: CallAnalysis,
        *,
        fast_fix_s: float = FAST_FIX_S,
        separate_channels: bool | None = None,
    ) -> None:
        """Replace the model's analysis of a stored call (reanalysis); corrections stay."""
        transcript = self.get_transcript(call_id)
        if transcript is None:
            raise LookupError(f"call {call_id} is not in the library")
        if separate_channels is None:
            row = self._one("SELECT separate_channels FROM analyses WHERE call_id = ?", (call_id,))
            separate_channels = bool(row["separate_channels"]) if row else True
        with self.transaction() as conn:
            self._write_analysis(conn, call_id, transcript, analysis, fast_fix_s, separate_channels)

    def _write_analysis(
        self,
        conn: sqlite3.Connection,
        call_id: int,
        transcript: Transcript,
        analysis: CallAnalysis,
        fast_fix_s: float,
        separate_channels: bool,
    ) -> None:
        conn.execute("DELETE FROM sentences WHERE call_id = ?", (call_id,))
        _insert_many(
            conn,
            "sentences",
            rows.SENTENCE_COLUMNS,
            rows.sentence_rows(call_id, analysis.sentences, analysis.classifier_version),
        )
        conn.execute(
            "INSERT OR REPLACE INTO analyses (call_id, classifier_version, fast_fix_s, "
            "separate_channels, analysed_at, model_rushed, model_patterns, model_metrics, "
            "rushed, patterns, metrics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                call_id,
                analysis.classifier_version,
                fast_fix_s,
                int(separate_channels),
                _now(),
                int(analysis.rushed),
                rows.patterns_json(analysis.patterns),
                json.dumps(analysis.metrics),
                int(analysis.rushed),
                rows.patterns_json(analysis.patterns),
                json.dumps(analysis.metrics),
            ),
        )
        self._refresh_effective(conn, call_id, transcript, analysis)

    def _refresh_effective(
        self,
        conn: sqlite3.Connection,
        call_id: int,
        transcript: Transcript | None = None,
        model: CallAnalysis | None = None,
    ) -> None:
        """Recompute the stored effective verdict after a correction (same transaction)."""
        effective = self._effective(call_id, transcript, model)
        if effective is None:
            return
        conn.execute(
            "UPDATE analyses SET rushed = ?, patterns = ?, metrics = ? WHERE call_id = ?",
            (
                int(effective.rushed),
                rows.patterns_json(effective.patterns),
                json.dumps(effective.metrics),
                call_id,
            ),
        )

    def get_transcript(self, call_id: int) -> Transcript | None:
        call = self._one(
            "SELECT asr_model, duration_s, diarization FROM calls WHERE id = ?", (call_id,)
        )
        if call is None:
            return None
        segs = self._all("SELECT * FROM segments WHERE call_id = ? ORDER BY idx", (call_id,))
        words = self._all(
            'SELECT segment_idx, start, "end", word, probability FROM words '
            "WHERE call_id = ? ORDER BY segment_idx, idx",
            (call_id,),
        )
        return Transcript(
            segments=rows.segments_from_rows(segs, words),
            asr_model=str(call["asr_model"]),
            duration_s=float(call["duration_s"]),
            diarization=None if call["diarization"] is None else json.loads(call["diarization"]),
        )

    def get_model_analysis(self, call_id: int) -> CallAnalysis | None:
        """The analysis exactly as the models made it (no corrections)."""
        row = self._one("SELECT * FROM analyses WHERE call_id = ?", (call_id,))
        if row is None:
            return None
        sentences = [
            rows.sentence_from_row(r)
            for r in self._all("SELECT * FROM sentences WHERE call_id = ? ORDER BY idx", (call_id,))
        ]
        return CallAnalysis(
            sentences=sentences,
            patterns=rows.patterns_from_json(row["model_patterns"]),
            rushed=bool(row["model_rushed"]),
            metrics=json.loads(row["model_metrics"]),
            classifier_version=str(row["classifier_version"]),
        )

    def get_analysis(self, call_id: int) -> CallAnalysis | None:
        """The analysis with the supervisor's corrections applied (what they review)."""
        return self._effective(call_id)

    def get_labelled_analysis(self, call_id: int) -> CallAnalysis | None:
        """The analysis with label corrections applied but not pattern marks.

        What the rules find on the corrected labels: the Review screen shows
        the supervisor's pattern marks beside it (a pattern marked wrong keeps
        its evidence there).
        """
        return self._effective(call_id, with_marks=False)

    def _effective(
        self,
        call_id: int,
        transcript: Transcript | None = None,
        model: CallAnalysis | None = None,
        with_marks: bool = True,
    ) -> CallAnalysis | None:
        model = model or self.get_model_analysis(call_id)
        if model is None:
            return None
        fixes = {int(r["sentence_idx"]): str(r["label"]) for r in self.label_corrections(call_id)}
        marks = (
            {str(r["pattern_id"]): bool(r["present"]) for r in self.pattern_corrections(call_id)}
            if with_marks
            else {}
        )
        if not fixes and not marks:
            return model
        transcript = transcript or self.get_transcript(call_id)
        settings = self._one(
            "SELECT fast_fix_s, separate_channels FROM analyses WHERE call_id = ?", (call_id,)
        )
        assert transcript is not None and settings is not None
        return effective_analysis(
            model,
            transcript.segments,
            transcript.duration_s,
            fixes,
            marks,
            fast_fix_s=float(settings["fast_fix_s"]),
            separate_channels=bool(settings["separate_channels"]),
        )

    def analysis_settings(self, call_id: int) -> dict[str, Any] | None:
        """How the stored analysis was made: classifier version, P6 threshold, channels."""
        return self._one(
            "SELECT classifier_version, fast_fix_s, separate_channels, analysed_at "
            "FROM analyses WHERE call_id = ?",
            (call_id,),
        )

    # -- summaries (library list, reports) -----------------------------

    def call_summaries(
        self, date_from: str | None = None, date_to: str | None = None
    ) -> list[CallSummary]:
        where, params = [], []
        if date_from:
            where.append("c.call_date >= ?")
            params.append(date_from)
        if date_to:
            where.append("c.call_date <= ?")
            params.append(date_to)
        sql = (
            "SELECT c.id, c.source, c.duration_s, c.status, c.agent, c.team, c.call_date, "
            "c.review_status, a.rushed, a.patterns, a.metrics FROM calls c "
            "LEFT JOIN analyses a ON a.call_id = c.id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.id"
        return [_summary(r) for r in self.conn.execute(sql, params)]

    def summary(self, call_id: int) -> CallSummary | None:
        row = self.conn.execute(
            "SELECT c.id, c.source, c.duration_s, c.status, c.agent, c.team, c.call_date, "
            "c.review_status, a.rushed, a.patterns, a.metrics FROM calls c "
            "LEFT JOIN analyses a ON a.call_id = c.id WHERE c.id = ?",
            (call_id,),
        ).fetchone()
        return None if row is None else _summary(row)

    # -- corrections and review ----------------------------------------

    def correct_label(self, call_id: int, sentence_idx: int, label: str) -> None:
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}; one of {', '.join(LABELS)}")
        sentence = self._one(
            "SELECT speaker, label FROM sentences WHERE call_id = ? AND idx = ?",
            (call_id, sentence_idx),
        )
        if sentence is None:
            raise LookupError(f"call {call_id} has no sentence {sentence_idx}")
        if sentence["speaker"] != AGENT:
            raise ValueError(
                f"sentence {sentence_idx} is the {sentence['speaker']}'s: "
                "only agent sentences have labels"
            )
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO label_corrections (call_id, sentence_idx, label, "
                "model_label, corrected_at) VALUES (?, ?, ?, ?, ?)",
                (call_id, sentence_idx, label, sentence["label"], _now()),
            )
            self._refresh_effective(conn, call_id)

    def clear_label_correction(self, call_id: int, sentence_idx: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM label_corrections WHERE call_id = ? AND sentence_idx = ?",
                (call_id, sentence_idx),
            )
            self._refresh_effective(conn, call_id)

    def correct_pattern(self, call_id: int, pattern_id: str, present: bool | None) -> None:
        """Force a pattern in (True) or out (False); None returns it to the model's verdict."""
        if pattern_id not in PATTERN_NAMES:
            raise ValueError(f"unknown pattern {pattern_id!r}")
        with self.transaction() as conn:
            if present is None:
                conn.execute(
                    "DELETE FROM pattern_corrections WHERE call_id = ? AND pattern_id = ?",
                    (call_id, pattern_id),
                )
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO pattern_corrections (call_id, pattern_id, "
                    "present, corrected_at) VALUES (?, ?, ?, ?)",
                    (call_id, pattern_id, int(present), _now()),
                )
            self._refresh_effective(conn, call_id)

    def label_corrections(self, call_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT sentence_idx, label, model_label, corrected_at FROM "
            "label_corrections WHERE call_id = ? ORDER BY sentence_idx",
            (call_id,),
        )

    def pattern_corrections(self, call_id: int) -> list[dict[str, Any]]:
        found = self._all(
            "SELECT pattern_id, present, corrected_at FROM pattern_corrections "
            "WHERE call_id = ? ORDER BY pattern_id",
            (call_id,),
        )
        for row in found:
            row["present"] = bool(row["present"])
        return found

    def export_training_corrections(self) -> list[dict[str, Any]]:
        """Corrected agent sentences as classifier training rows (text, context, label)."""
        out: list[dict[str, Any]] = []
        for fix in self._all("SELECT * FROM label_corrections ORDER BY call_id, sentence_idx"):
            call_id, idx = int(fix["call_id"]), int(fix["sentence_idx"])
            sentence = self._one(
                "SELECT text FROM sentences WHERE call_id = ? AND idx = ?", (call_id, idx)
            )
            if sentence is None:
                continue
            context = self._one(
                "SELECT text FROM sentences WHERE call_id = ? AND idx < ? AND "
                "speaker = 'customer' ORDER BY idx DESC LIMIT 1",
                (call_id, idx),
            )
            out.append(
                {
                    "text": sentence["text"],
                    "context": context["text"] if context else "",
                    "label": fix["label"],
                    "model_label": fix["model_label"],
                    "call_id": call_id,
                    "sentence_id": idx,
                    "source": "supervisor_correction",
                }
            )
        return out

    def set_review(self, call_id: int, status: str, score: int | None, notes: str) -> None:
        if status not in REVIEW_STATES:
            raise ValueError(f"unknown review status {status!r}")
        if score is not None and not 0 <= int(score) <= 100:
            raise ValueError("score must be between 0 and 100")
        reviewed_at = _now() if status == "reviewed" else None
        self.conn.execute(
            "UPDATE calls SET review_status = ?, review_score = ?, review_notes = ?, "
            "reviewed_at = ? WHERE id = ?",
            (status, score, notes, reviewed_at, call_id),
        )

    def redactions(self, call_id: int) -> list[Redaction]:
        """Where the call's placeholders are (empty for a call stored as spoken)."""
        return read_redactions(self.conn, call_id)

    def is_redacted(self, call_id: int) -> bool:
        """Whether the stored text went through redaction (False: kept as spoken)."""
        return redacted_at(self.conn, call_id) is not None

    # -- clips -----------------------------------------------------------

    def add_clip(
        self,
        call_id: int,
        start_s: float,
        end_s: float,
        title: str,
        tags: Sequence[str] = (),
        note: str = "",
    ) -> int:
        if end_s <= start_s:
            raise ValueError("a clip must end after it starts")
        call = self.get_call(call_id)
        if call is None:
            raise LookupError(f"call {call_id} is not in the library")
        cursor = self.conn.execute(
            "INSERT INTO clips (call_id, source, start_s, end_s, title, tags, note, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                call_id,
                call.source,
                float(start_s),
                float(end_s),
                title.strip() or "Untitled clip",
                json.dumps([t.strip() for t in tags if t.strip()]),
                note,
                _now(),
            ),
        )
        return int(cursor.lastrowid or 0)

    def update_clip(
        self,
        clip_id: int,
        *,
        title: str | None = None,
        tags: Sequence[str] | None = None,
        note: str | None = None,
    ) -> None:
        values: dict[str, Any] = {}
        if title is not None:
            values["title"] = title
        if tags is not None:
            values["tags"] = json.dumps(list(tags))
        if note is not None:
            values["note"] = note
        if values:
            assignments = ", ".join(f"{k} = ?" for k in values)
            self.conn.execute(
                f"UPDATE clips SET {assignments} WHERE id = ?", (*values.values(), clip_id)
            )

    def list_clips(self) -> list[ClipRecord]:
        return [_clip(r) for r in self._all("SELECT * FROM clips ORDER BY id")]

    def get_clip(self, clip_id: int) -> ClipRecord | None:
        row = self._one("SELECT * FROM clips WHERE id = ?", (clip_id,))
        return None if row is None else _clip(row)

    def delete_clip(self, clip_id: int) -> None:
        self.conn.execute("DELETE FROM clips WHERE id = ?", (clip_id,))

    # -- saved filters --------------------------------------------------

    def save_filter(self, name: str, query: str) -> None:
        name = name.strip()
        if not name:
            raise ValueError("a saved filter needs a name")
        self.db["saved_filters"].upsert(  # type: ignore[union-attr]
            {"name": name, "query": query, "created": _now()}, pk="name"
        )

    def list_filters(self) -> list[SavedFilter]:
        return [
            SavedFilter(str(r["name"]), str(r["query"]))
            for r in self._all("SELECT name, query FROM saved_filters ORDER BY name")
        ]

    def delete_filter(self, name: str) -> None:
        self.conn.execute("DELETE FROM saved_filters WHERE name = ?", (name,))

    # -- full-text search -----------------------------------------------

    def search(self, query: str, limit: int = 300) -> list[SearchHit]:
        """Sentences matching an FTS5 query (words, "phrases", AND/OR/NOT, prefix*).

        A query FTS5 cannot parse (a stray quote, a lone operator) is searched
        as plain words instead of failing.
        """
        query = query.strip()
        if not query:
            return []
        sql = (
            "SELECT s.call_id, s.idx AS sentence_id, s.start, s.speaker, "
            "snippet(sentences_fts, 0, '<mark>', '</mark>', '…', 16) AS snippet, "
            "c.source, c.agent, c.call_date FROM sentences_fts "
            "JOIN sentences s ON s.id = sentences_fts.rowid JOIN calls c ON c.id = s.call_id "
            "WHERE sentences_fts MATCH ? ORDER BY c.id DESC, s.idx LIMIT ?"
        )
        try:
            found = self._all(sql, (query, limit))
        except sqlite3.OperationalError:
            found = self._all(sql, (_as_plain_words(query), limit))
        return [
            SearchHit(
                int(r["call_id"]),
                int(r["sentence_id"]),
                float(r["start"]),
                str(r["speaker"]),
                str(r["snippet"]),
                str(r["source"]),
                r["agent"],
                r["call_date"],
            )
            for r in found
        ]


def _as_plain_words(query: str) -> str:
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in query).split() if w]
    return " ".join(f'"{w}"' for w in words) or '""'


def _insert_many(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], values: list[tuple]
) -> None:
    if not values:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)


_CALL_FIELDS = {f.name for f in fields(CallRecord)}


def _call_record(row: dict[str, Any]) -> CallRecord:
    values = {k: v for k, v in row.items() if k in _CALL_FIELDS}
    values["diarization"] = json.loads(row["diarization"]) if row.get("diarization") else None
    values["timings"] = json.loads(row.get("timings") or "{}")
    return CallRecord(**values)


def _clip(row: dict[str, Any]) -> ClipRecord:
    return ClipRecord(
        id=int(row["id"]),
        call_id=row["call_id"],
        start_s=float(row["start_s"]),
        end_s=float(row["end_s"]),
        title=str(row["title"]),
        tags=json.loads(row["tags"] or "[]"),
        note=str(row["note"]),
        created=str(row["created"]),
        source=str(row["source"]),
    )


def _summary(row: sqlite3.Row) -> CallSummary:
    patterns = [str(p["id"]) for p in json.loads(row["patterns"])] if row["patterns"] else []
    return CallSummary(
        call_id=int(row["id"]),
        source=str(row["source"]),
        duration_s=float(row["duration_s"]),
        status=str(row["status"]),
        agent=row["agent"],
        team=row["team"],
        call_date=row["call_date"],
        rushed=None if row["rushed"] is None else bool(row["rushed"]),
        patterns=patterns,
        metrics=json.loads(row["metrics"]) if row["metrics"] else {},
        review_status=str(row["review_status"]),
    )
