"""Sentences and the analyses table: the model's verdict and the stored effective one.

`analyses` keeps both the model's patterns, verdict and metrics and the
effective ones (after the supervisor's corrections, kept up to date by
corrections.py) so lists never recompute.
"""

from __future__ import annotations

import json
from typing import Any

from app.storage import rows
from app.storage.connection import Connection
from app.storage.sql import insert_many, now, upsert_sql
from kernel.domain import CallAnalysis

ANALYSIS_COLUMNS = (
    "call_id",
    "classifier_version",
    "fast_fix_s",
    "separate_channels",
    "analysed_at",
    "model_rushed",
    "model_patterns",
    "model_metrics",
    "rushed",
    "patterns",
    "metrics",
)
_UPSERT = upsert_sql("analyses", ANALYSIS_COLUMNS, ("call_id",))


def write_model_analysis(
    db: Connection,
    call_id: int,
    analysis: CallAnalysis,
    fast_fix_s: float,
    separate_channels: bool,
) -> None:
    """The model's sentences and verdict, replacing earlier ones (inside a transaction).

    The effective columns start as the model's; corrections.refresh_effective
    then applies any corrections kept.
    """
    db.execute("DELETE FROM sentences WHERE call_id = ?", (call_id,))
    insert_many(
        db,
        "sentences",
        rows.SENTENCE_COLUMNS,
        rows.sentence_rows(call_id, analysis.sentences, analysis.classifier_version),
    )
    patterns = rows.patterns_json(analysis.patterns)
    metrics = json.dumps(analysis.metrics)
    db.execute(
        _UPSERT,
        (
            call_id,
            analysis.classifier_version,
            fast_fix_s,
            int(separate_channels),
            now(),
            int(analysis.rushed),
            patterns,
            metrics,
            int(analysis.rushed),
            patterns,
            metrics,
        ),
    )


def write_effective(db: Connection, call_id: int, effective: CallAnalysis) -> None:
    db.execute(
        "UPDATE analyses SET rushed = ?, patterns = ?, metrics = ? WHERE call_id = ?",
        (
            int(effective.rushed),
            rows.patterns_json(effective.patterns),
            json.dumps(effective.metrics),
            call_id,
        ),
    )


def get_model_analysis(db: Connection, call_id: int) -> CallAnalysis | None:
    """The analysis exactly as the models made it (no corrections)."""
    row = db.query_one("SELECT * FROM analyses WHERE call_id = ?", (call_id,))
    if row is None:
        return None
    sentences = [
        rows.sentence_from_row(r)
        for r in db.query("SELECT * FROM sentences WHERE call_id = ? ORDER BY idx", (call_id,))
    ]
    return CallAnalysis(
        sentences=sentences,
        patterns=rows.patterns_from_json(row["model_patterns"]),
        rushed=bool(row["model_rushed"]),
        metrics=json.loads(row["model_metrics"]),
        classifier_version=str(row["classifier_version"]),
    )


def analysis_settings(db: Connection, call_id: int) -> dict[str, Any] | None:
    """How the stored analysis was made: classifier version, P6 threshold, channels."""
    return db.query_one(
        "SELECT classifier_version, fast_fix_s, separate_channels, analysed_at "
        "FROM analyses WHERE call_id = ?",
        (call_id,),
    )


def stored_separate_channels(db: Connection, call_id: int) -> bool:
    """Whether the stored analysis treated the channels as agent and customer (default True)."""
    row = db.query_one("SELECT separate_channels FROM analyses WHERE call_id = ?", (call_id,))
    return bool(row["separate_channels"]) if row else True
