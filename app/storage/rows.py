"""Conversions between domain objects and library rows (no SQL here)."""

from __future__ import annotations

import json
from typing import Any

from kernel.domain import PATTERN_NAMES, PatternHit, Segment, Sentence, Word

SEGMENT_COLUMNS = (
    "call_id",
    "idx",
    "start",
    "end",
    "speaker",
    "channel",
    "speaker_confidence",
    "text",
)
WORD_COLUMNS = ("call_id", "segment_idx", "idx", "start", "end", "word", "probability")
SENTENCE_COLUMNS = (
    "call_id",
    "idx",
    "start",
    "end",
    "speaker",
    "text",
    "label",
    "confidence",
    "scores",
    "is_question",
    "raises_concern",
    "segment_index",
    "model_version",
)


def segment_rows(call_id: int, segments: list[Segment]) -> tuple[list[tuple], list[tuple]]:
    segs: list[tuple] = []
    words: list[tuple] = []
    for i, s in enumerate(segments):
        segs.append(
            (call_id, i, s.start, s.end, s.speaker, s.channel, s.speaker_confidence, s.text)
        )
        for j, w in enumerate(s.words):
            words.append((call_id, i, j, w.start, w.end, w.word, w.probability))
    return segs, words


def segments_from_rows(segs: list[dict[str, Any]], words: list[dict[str, Any]]) -> list[Segment]:
    by_segment: dict[int, list[Word]] = {}
    for w in words:
        by_segment.setdefault(int(w["segment_idx"]), []).append(
            Word(float(w["start"]), float(w["end"]), str(w["word"]), float(w["probability"]))
        )
    return [
        Segment(
            start=float(s["start"]),
            end=float(s["end"]),
            speaker=str(s["speaker"]),
            text=str(s["text"]),
            words=by_segment.get(int(s["idx"]), []),
            channel=None if s["channel"] is None else int(s["channel"]),
            speaker_confidence=(
                None if s["speaker_confidence"] is None else float(s["speaker_confidence"])
            ),
        )
        for s in segs
    ]


def sentence_rows(call_id: int, sentences: list[Sentence], version: str) -> list[tuple]:
    return [
        (
            call_id,
            s.id,
            s.start,
            s.end,
            s.speaker,
            s.text,
            s.label,
            s.confidence,
            None if s.scores is None else json.dumps(s.scores),
            int(s.is_question),
            int(s.raises_concern),
            s.segment_index,
            version if s.label else "",
        )
        for s in sentences
    ]


def sentence_from_row(row: dict[str, Any]) -> Sentence:
    return Sentence(
        id=int(row["idx"]),
        start=float(row["start"]),
        end=float(row["end"]),
        speaker=str(row["speaker"]),
        text=str(row["text"]),
        label=row["label"],
        confidence=None if row["confidence"] is None else float(row["confidence"]),
        scores=None if row["scores"] is None else json.loads(row["scores"]),
        is_question=bool(row["is_question"]),
        raises_concern=bool(row["raises_concern"]),
        segment_index=None if row["segment_index"] is None else int(row["segment_index"]),
    )


def patterns_json(hits: list[PatternHit]) -> str:
    return json.dumps(
        [
            {
                "id": h.id,
                "name": h.name,
                "evidence": list(h.evidence),
                "detail": h.detail,
                "confidence": h.confidence,
            }
            for h in hits
        ]
    )


def patterns_from_json(text: str) -> list[PatternHit]:
    return [
        PatternHit(
            id=str(p["id"]),
            name=str(p.get("name") or PATTERN_NAMES.get(str(p["id"]), "")),
            evidence=[int(e) for e in p.get("evidence", [])],
            detail=str(p.get("detail", "")),
            confidence=float(p.get("confidence", 1.0)),
        )
        for p in json.loads(text or "[]")
    ]
