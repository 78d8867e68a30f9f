"""Redact calls already in a library (`python main.py redact`): their words,
segment and sentence text, pattern details and full-text index.

Redaction is idempotent: placeholders are never detected again, and the
redactions found earlier are kept beside the new ones. Deleted text is
overwritten on disk (secure_delete, an FTS merge, a WAL checkpoint), so the
card numbers are gone from the file, not just hidden.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from app.redaction import redact_call
from app.storage.library import Library
from app.storage.redactions import store_redacted_text
from kernel.statuses import CallStatus


@dataclass
class RedactOutcome:
    call_id: int
    found: int
    kinds: dict[str, int] = field(default_factory=dict)


def redact_stored_calls(library: Library, call_ids: list[int] | None = None) -> list[RedactOutcome]:
    """Redact the given calls (default: every analysed call); one transaction per call."""
    ids = call_ids if call_ids else library.call_ids(CallStatus.DONE)
    library.conn.execute("PRAGMA secure_delete = ON")
    outcomes: list[RedactOutcome] = []
    for call_id in ids:
        transcript = library.get_transcript(call_id)
        if transcript is None:
            continue
        analysis = library.get_model_analysis(call_id)
        result = redact_call(transcript, analysis)
        merged = sorted(
            set(library.redactions(call_id)) | set(result.redactions),
            key=lambda r: (r.start, r.end, r.kind),
        )
        before = analysis.sentences if analysis is not None else []
        after = result.analysis.sentences if result.analysis is not None else []
        with library.transaction() as conn:
            store_redacted_text(conn, call_id, result.transcript.segments, after, before, merged)
        outcomes.append(
            RedactOutcome(
                call_id, len(result.redactions), dict(Counter(r.kind for r in result.redactions))
            )
        )
    # Drop the old text from the index's pages and the write-ahead log as well.
    library.conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('optimize')")
    library.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return outcomes
