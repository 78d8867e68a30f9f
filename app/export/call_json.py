"""A stored call as the JSON object of the export contract (call.schema.json).

Model output (`sentences[].label`, `patterns`, `rushed`) is exported as the
models made it; a supervisor's corrections are exported beside it under
`review`, never mixed in, so both can be used (the corrections as training
data).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.storage.library import Library
from kernel.domain import AGENT, CallAnalysis, Transcript
from models.analysis.certainty import verdict

SCHEMA_PATH = Path(__file__).with_name("call.schema.json")
SCHEMA_VERSION = "1.0"
_DIGITS = 3


def _t(seconds: float) -> float:
    return round(float(seconds), _DIGITS)


def _segments(transcript: Transcript | None) -> list[dict[str, Any]]:
    if transcript is None:
        return []
    return [
        {
            "start": _t(s.start),
            "end": _t(s.end),
            "speaker": s.speaker,
            "text": s.text,
            "speaker_confidence": s.speaker_confidence,
            "channel": s.channel,
            "words": [
                {
                    "start": _t(w.start),
                    "end": _t(w.end),
                    "word": w.word,
                    "probability": round(float(w.probability), 4),
                }
                for w in s.words
            ],
        }
        for s in transcript.segments
    ]


def _sentences(analysis: CallAnalysis | None, fixes: dict[int, str]) -> list[dict[str, Any]]:
    if analysis is None:
        return []
    out = []
    for s in analysis.sentences:
        item: dict[str, Any] = {
            "id": s.id,
            "start": _t(s.start),
            "end": _t(s.end),
            "speaker": s.speaker,
            "text": s.text,
        }
        if s.speaker == AGENT:
            item["label"] = s.label
            item["confidence"] = None if s.confidence is None else round(s.confidence, 4)
            if s.id in fixes:
                item["corrected_label"] = fixes[s.id]
        else:
            item["is_question"] = s.is_question
            item["raises_concern"] = s.raises_concern
        out.append(item)
    return out


def call_to_dict(library: Library, call_id: int) -> dict[str, Any]:
    call = library.get_call(call_id)
    if call is None:
        raise LookupError(f"call {call_id} is not in the library")
    transcript = library.get_transcript(call_id)
    model = library.get_model_analysis(call_id)
    effective = library.get_analysis(call_id)
    fixes = {int(r["sentence_idx"]): str(r["label"]) for r in library.label_corrections(call_id)}
    return {
        "id": call.id,
        "source": call.source,
        "sha256": call.sha256,
        "duration_s": _t(call.duration_s),
        "channels": call.channels,
        "agent_channel": call.agent_channel if call.channels >= 2 else None,
        "asr_model": call.asr_model,
        "status": call.status,
        "agent": call.agent,
        "team": call.team,
        "call_date": call.call_date,
        "classifier_version": model.classifier_version if model else None,
        "diarization": call.diarization,
        "segments": _segments(transcript),
        "sentences": _sentences(model, fixes),
        "patterns": [
            {
                "id": p.id,
                "name": p.name,
                "evidence": list(p.evidence),
                "detail": p.detail,
                "confidence": p.confidence,
            }
            for p in (model.patterns if model else [])
        ],
        "rushed": model.rushed if model else None,
        "certainty": verdict(model.patterns) if model else None,
        "metrics": dict(model.metrics) if model else {},
        "redacted": library.is_redacted(call_id),
        "redactions": [
            {"start": _t(r.start), "end": _t(r.end), "kind": r.kind, "speaker": r.speaker}
            for r in library.redactions(call_id)
        ],
        "review": {
            "status": call.review_status,
            "score": call.review_score,
            "notes": call.review_notes,
            # issue 16: who set the review (None before reviewers were recorded)
            "reviewer": library.reviewed_by(call_id) if hasattr(library, "reviewed_by") else None,
            "label_corrections": library.label_corrections(call_id),
            "pattern_corrections": library.pattern_corrections(call_id),
            "rushed": effective.rushed if effective else None,
            "certainty": verdict(effective.patterns) if effective else None,
            "patterns": [p.id for p in effective.patterns] if effective else [],
        },
    }


def export_json(library: Library, call_ids: list[int]) -> str:
    return json.dumps([call_to_dict(library, i) for i in call_ids], indent=2, ensure_ascii=False)


def load_schema() -> dict[str, Any]:
    return dict(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
