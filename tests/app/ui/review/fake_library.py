"""A stand-in for app.storage.library.Library with the calls the review screens make.

In memory; calls are built from the scripted test calls (tests/data/calls) with
fake word times and the script's labels, analysed by the real call analyzer,
and re-analysed after a label correction the way the store does it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from app.analysis.call_analyzer import analyze_sentences, analyze_transcript, with_labels
from app.domain import AGENT, CallAnalysis, CallSummary, Transcript
from tests.fixtures.calls import ScriptClassifier, load_scripts, script_transcript


@dataclass
class FakeCall:
    id: int
    source: str
    duration_s: float
    agent: str | None = None
    team: str | None = None
    call_date: str | None = None
    review_status: str = "unreviewed"
    review_score: int | None = None
    review_notes: str = ""
    status: str = "done"


@dataclass
class FakeClip:
    id: int
    call_id: int
    start_s: float
    end_s: float
    title: str
    tags: list[str] = field(default_factory=list)
    note: str = ""
    created: str = "2025-03-12T10:00:00"


class FakeLibrary:
    def __init__(self) -> None:
        self.calls: dict[int, FakeCall] = {}
        self.transcripts: dict[int, Transcript] = {}
        self.model_analyses: dict[int, CallAnalysis] = {}
        self.corrections: dict[int, dict[int, str]] = {}
        self.pattern_marks: dict[int, dict[str, bool]] = {}
        self.clips: dict[int, FakeClip] = {}

    def add_transcript(
        self, transcript: Transcript, analysis: CallAnalysis | None, source: str, **meta: Any
    ) -> int:
        call_id = len(self.calls) + 1
        self.calls[call_id] = FakeCall(call_id, source, transcript.duration_s, **meta)
        self.transcripts[call_id] = transcript
        if analysis is not None:
            self.model_analyses[call_id] = analysis
        return call_id

    def add_script(self, script: dict[str, Any], source: str = "", **meta: Any) -> int:
        transcript = script_transcript(script)
        labels = [tuple(pair) for pair in script["expect"]["labels"]]
        analysis = analyze_transcript(transcript, ScriptClassifier(labels, default="statement"))
        return self.add_transcript(
            transcript, analysis, source or f"/calls/{script['id']}.wav", **meta
        )

    # -- reading ---------------------------------------------------------

    def get_call(self, call_id: int) -> FakeCall | None:
        return self.calls.get(call_id)

    def get_transcript(self, call_id: int) -> Transcript | None:
        return self.transcripts.get(call_id)

    def get_analysis(self, call_id: int) -> CallAnalysis | None:
        model = self.model_analyses.get(call_id)
        if model is None:
            return None
        fixes = self.corrections.get(call_id, {})
        if not fixes:
            return model
        transcript = self.transcripts[call_id]
        return analyze_sentences(
            with_labels(model.sentences, fixes), transcript.segments, transcript.duration_s
        )

    def label_corrections(self, call_id: int) -> list[dict[str, Any]]:
        model = {s.id: s.label for s in self.model_analyses[call_id].sentences}
        return [
            {"sentence_idx": idx, "label": label, "model_label": model.get(idx)}
            for idx, label in sorted(self.corrections.get(call_id, {}).items())
        ]

    def pattern_corrections(self, call_id: int) -> list[dict[str, Any]]:
        return [
            {"pattern_id": pid, "present": present}
            for pid, present in self.pattern_marks.get(call_id, {}).items()
        ]

    # -- writing ---------------------------------------------------------

    def correct_label(self, call_id: int, sentence_idx: int, label: str) -> None:
        sentence = next(s for s in self.model_analyses[call_id].sentences if s.id == sentence_idx)
        assert sentence.speaker == AGENT
        self.corrections.setdefault(call_id, {})[sentence_idx] = label

    def clear_label_correction(self, call_id: int, sentence_idx: int) -> None:
        self.corrections.get(call_id, {}).pop(sentence_idx, None)

    def correct_pattern(self, call_id: int, pattern_id: str, present: bool | None) -> None:
        marks = self.pattern_marks.setdefault(call_id, {})
        if present is None:
            marks.pop(pattern_id, None)
        else:
            marks[pattern_id] = present

    def set_review(self, call_id: int, status: str, score: int | None, notes: str) -> None:
        call = self.calls[call_id]
        call.review_status, call.review_score, call.review_notes = status, score, notes

    def add_clip(self, call_id: int, start_s: float, end_s: float, title: str,
                 tags: list[str], note: str) -> int:  # fmt: skip
        clip_id = len(self.clips) + 1
        self.clips[clip_id] = FakeClip(clip_id, call_id, start_s, end_s, title, list(tags), note)
        return clip_id

    def list_clips(self) -> list[FakeClip]:
        return list(self.clips.values())

    def delete_clip(self, clip_id: int) -> None:
        self.clips.pop(clip_id, None)

    def call_summaries(self, date_from: str | None, date_to: str | None) -> list[CallSummary]:
        out = []
        for call_id, call in self.calls.items():
            analysis = self.get_analysis(call_id)
            out.append(
                CallSummary(
                    call_id=call_id,
                    source=call.source,
                    duration_s=call.duration_s,
                    status=call.status,
                    agent=call.agent,
                    team=call.team,
                    call_date=call.call_date,
                    rushed=analysis.rushed if analysis else None,
                    patterns=[p.id for p in analysis.patterns] if analysis else [],
                    metrics=dict(analysis.metrics) if analysis else {},
                    review_status=call.review_status,
                )
            )
        return out

    def export_training_corrections(self) -> list[dict[str, Any]]:
        rows = []
        for call_id, fixes in self.corrections.items():
            sentences = {s.id: s for s in self.model_analyses[call_id].sentences}
            for idx, label in fixes.items():
                rows.append({"text": sentences[idx].text, "label": label, "call_id": call_id})
        return rows


def scripted_library(count: int | None = None) -> FakeLibrary:
    """A fake library holding the scripted test calls (agents and dates spread out)."""
    library = FakeLibrary()
    agents = [("Dana", "Broadband"), ("Marco", "Billing"), ("Priya", "Broadband")]
    for n, script in enumerate(load_scripts()[:count]):
        agent, team = agents[n % 3]
        library.add_script(script, agent=agent, team=team, call_date=f"2025-03-{1 + 2 * n:02d}")
    return library


__all__ = ["FakeLibrary", "replace", "scripted_library"]
