"""What an `analyze` run stored, read back for scoring (through app.storage.Library)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from benchmarks.scoring import normalise, transcript_segments


def stored_calls(db: Path) -> dict[str, dict[str, Any]]:
    """Per source path: segments, agent sentence labels, patterns, rushed, timings."""
    from app.storage.library import Library

    found: dict[str, dict[str, Any]] = {}
    with Library(db) as library:
        for record in library.list_calls():
            transcript = library.get_transcript(record.id)
            analysis = library.get_model_analysis(record.id)
            if transcript is None or analysis is None:
                continue
            found[str(Path(record.source).resolve())] = {
                "status": record.status,
                "duration_s": record.duration_s,
                "timings": dict(record.timings),
                "segments": transcript_segments(transcript),
                "labels": [
                    (s.text, s.label)
                    for s in analysis.sentences
                    if s.speaker == "agent" and s.label
                ],
                "patterns": sorted(p.id for p in analysis.patterns),
                "rushed": analysis.rushed,
            }
    return found


def label_accuracy(expected: list[list[str]], labels: list[tuple[str, str]]) -> tuple[int, int]:
    """(right, matched): expected (sentence, label) pairs whose recognised sentence agrees.

    Each expected agent sentence is matched to the most similar recognised
    agent sentence (after normalising; similarity at least 0.6).
    """
    right = matched = 0
    recognised = [(normalise(text), label) for text, label in labels]
    for text, label in expected:
        want = normalise(text)
        best, best_ratio = None, 0.6
        for have, have_label in recognised:
            ratio = difflib.SequenceMatcher(None, want, have).ratio()
            if ratio >= best_ratio:
                best, best_ratio = have_label, ratio
        if best is not None:
            matched += 1
            right += int(best == label)
    return right, matched


def agreement(
    calls: dict[str, dict[str, Any]], expect: dict[str, dict[str, Any]]
) -> dict[str, float | int]:
    """Rushed, pattern presences and labels against each script's expect block."""
    rushed_right = pattern_right = pattern_total = label_right = label_total = 0
    for source, want in expect.items():
        got = calls.get(source)
        if got is None:
            continue
        rushed_right += int(got["rushed"] == bool(want.get("rushed")))
        expected_patterns = set(want.get("patterns", []))
        for pattern in ("P1", "P2", "P3", "P4", "P5", "P6"):
            pattern_total += 1
            pattern_right += int((pattern in got["patterns"]) == (pattern in expected_patterns))
        right, _matched = label_accuracy(want.get("labels", []), got["labels"])
        label_right += right
        label_total += len(want.get("labels", []))
    return {
        "calls": len(expect),
        "rushed_right": rushed_right,
        "pattern_presence_accuracy": round(pattern_right / max(pattern_total, 1), 3),
        "label_accuracy": round(label_right / max(label_total, 1), 3),
    }
