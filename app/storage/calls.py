"""The calls table: registering a call, its status, metadata and timings; listing and summaries."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from app.storage.connection import Connection
from app.storage.records import DONE, PROCESSING, RESUMABLE, CallMetadata, CallRecord
from app.storage.sql import marks, now, update_by_id
from kernel.domain import CallSummary

SUMMARY_SELECT = (
    "SELECT c.id, c.source, c.duration_s, c.status, c.agent, c.team, c.call_date, "
    "c.review_status, a.rushed, a.patterns, a.metrics FROM calls c "
    "LEFT JOIN analyses a ON a.call_id = c.id"
)


def find_by_sha256(db: Connection, sha256: str) -> CallRecord | None:
    row = db.query_one("SELECT * FROM calls WHERE sha256 = ?", (sha256,))
    return None if row is None else call_record(row)


def begin_call(
    db: Connection,
    source: str,
    sha256: str,
    *,
    duration_s: float,
    channels: int,
    agent_channel: str,
    source_sample_rate: int | None,
    codec: str,
    metadata: CallMetadata | None,
) -> int:
    """Register a call as being processed (new, or resumed when not done yet)."""
    meta = metadata or CallMetadata()
    stamp = now()
    with db.transaction(outlast_writers=True):
        row = db.query_one(
            "SELECT id, status, agent, team, call_date FROM calls WHERE sha256 = ?", (sha256,)
        )
        if row is not None and row["status"] == DONE:
            raise ValueError(f"{source}: already in the library as call {row['id']}")
        values: dict[str, Any] = dict(
            source=source,
            duration_s=duration_s,
            channels=channels,
            agent_channel=agent_channel,
            source_sample_rate=source_sample_rate,
            codec=codec,
            status=PROCESSING,
            error="",
            updated_at=stamp,
        )
        if row is None:
            values.update(
                sha256=sha256,
                imported_at=stamp,
                agent=meta.agent,
                team=meta.team,
                call_date=meta.call_date,
            )
            names = ", ".join(values)
            return db.insert(
                f"INSERT INTO calls ({names}) VALUES ({marks(len(values))})",
                tuple(values.values()),
            )
        values.update(
            agent=meta.agent or row["agent"],
            team=meta.team or row["team"],
            call_date=meta.call_date or row["call_date"],
        )
        update_by_id(db, "calls", int(row["id"]), values)
        return int(row["id"])


def set_status(db: Connection, call_id: int, status: str, error: str) -> None:
    with db.transaction(outlast_writers=True):
        db.execute(
            "UPDATE calls SET status = ?, error = ?, updated_at = ? WHERE id = ?",
            (status, error, now(), call_id),
        )


def timings_json(timings: dict[str, float]) -> str:
    return json.dumps({k: round(float(v), 4) for k, v in timings.items()})


def record_timings(db: Connection, call_id: int, timings: dict[str, float]) -> None:
    with db.transaction(outlast_writers=True):
        db.execute("UPDATE calls SET timings = ? WHERE id = ?", (timings_json(timings), call_id))


def set_metadata(db: Connection, call_id: int, metadata: CallMetadata) -> None:
    with db.transaction(outlast_writers=True):
        db.execute(
            "UPDATE calls SET agent = ?, team = ?, call_date = ?, updated_at = ? WHERE id = ?",
            (metadata.agent, metadata.team, metadata.call_date, now(), call_id),
        )


def set_agent_channel(db: Connection, call_id: int, agent_channel: str) -> None:
    db.execute("UPDATE calls SET agent_channel = ? WHERE id = ?", (agent_channel, call_id))


def forget_unfinished(db: Connection, call_id: int) -> None:
    """Remove a call that never finished (its first run failed on bad input)."""
    with db.transaction(outlast_writers=True):
        db.execute("DELETE FROM calls WHERE id = ? AND status != ?", (call_id, DONE))


def delete_call(db: Connection, call_id: int) -> None:
    with db.transaction():
        db.execute("DELETE FROM calls WHERE id = ?", (call_id,))


def resumable_calls(db: Connection) -> list[CallRecord]:
    """Calls a run left unfinished (interrupted, crashed): the next run resumes them."""
    found = db.query(
        f"SELECT * FROM calls WHERE status IN ({marks(len(RESUMABLE))}) ORDER BY id",
        tuple(RESUMABLE),
    )
    return [call_record(r) for r in found]


def list_calls(db: Connection) -> list[CallRecord]:
    return [call_record(r) for r in db.query("SELECT * FROM calls ORDER BY id")]


def call_ids(db: Connection, status: str | None) -> list[int]:
    if status is None:
        return [int(r["id"]) for r in db.query("SELECT id FROM calls ORDER BY id")]
    return [
        int(r["id"])
        for r in db.query("SELECT id FROM calls WHERE status = ? ORDER BY id", (status,))
    ]


def get_call(db: Connection, call_id: int) -> CallRecord | None:
    row = db.query_one("SELECT * FROM calls WHERE id = ?", (call_id,))
    return None if row is None else call_record(row)


def count_calls(db: Connection) -> int:
    row = db.query_one("SELECT count(*) AS n FROM calls")
    return int(row["n"]) if row else 0


def call_summaries(db: Connection, date_from: str | None, date_to: str | None) -> list[CallSummary]:
    where: list[str] = []
    params: list[Any] = []
    if date_from:
        where.append("c.call_date >= ?")
        params.append(date_from)
    if date_to:
        where.append("c.call_date <= ?")
        params.append(date_to)
    sql = SUMMARY_SELECT
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY c.id"
    return [call_summary(r) for r in db.query(sql, params)]


def summary(db: Connection, call_id: int) -> CallSummary | None:
    row = db.query_one(SUMMARY_SELECT + " WHERE c.id = ?", (call_id,))
    return None if row is None else call_summary(row)


_CALL_FIELDS = {f.name for f in fields(CallRecord)}


def call_record(row: dict[str, Any]) -> CallRecord:
    values = {k: v for k, v in row.items() if k in _CALL_FIELDS}
    values["diarization"] = json.loads(row["diarization"]) if row.get("diarization") else None
    values["timings"] = json.loads(row.get("timings") or "{}")
    return CallRecord(**values)


def call_summary(row: dict[str, Any]) -> CallSummary:
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
