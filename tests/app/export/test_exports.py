"""Exports from a real library of scripted calls: the JSON contract and text formats."""

from __future__ import annotations

import csv
import io
import json

import jsonschema

from app.export.call_json import call_to_dict, export_json, load_schema
from app.export.text_formats import sentences_csv, to_srt, to_txt, to_vtt
from app.storage.library import Library
from kernel.domain import AGENT, METRIC_KEYS, Segment
from tests.fixtures.library import scripted_call_id


def test_every_call_matches_the_schema_and_carries_the_analysis(
    populated_library: Library,
) -> None:
    ids = [c.id for c in populated_library.list_calls()]
    calls = json.loads(export_json(populated_library, ids))
    jsonschema.validate(calls, load_schema())
    for call in calls:
        assert set(METRIC_KEYS) == set(call["metrics"])
        sentence_ids = {s["id"] for s in call["sentences"]}
        for pattern in call["patterns"]:
            assert set(pattern["evidence"]) <= sentence_ids
        assert call["rushed"] == any(p["id"] in ("P1", "P2", "P3", "P4") for p in call["patterns"])


def test_corrections_are_exported_beside_the_model_output(populated_library: Library) -> None:
    call_id = scripted_call_id(populated_library, "airline_rebooking_p2")
    model = populated_library.get_model_analysis(call_id)
    assert model is not None
    offer = max(s.id for s in model.sentences if s.label == "resolution_offer")
    target = next(s for s in model.sentences if s.speaker == AGENT and s.id > offer)
    populated_library.correct_label(call_id, target.id, "resolution_check")
    populated_library.set_review(call_id, "reviewed", 70, "checked")
    call = call_to_dict(populated_library, call_id)
    jsonschema.validate([call], load_schema())
    exported = next(s for s in call["sentences"] if s["id"] == target.id)
    assert (exported["label"], exported["corrected_label"]) == (target.label, "resolution_check")
    assert call["review"]["status"] == "reviewed" and call["review"]["score"] == 70
    assert "P2" in [p["id"] for p in call["patterns"]]  # the model's verdict...
    assert "P2" not in call["review"]["patterns"]  # ...and the corrected one


def test_subtitle_and_text_formats() -> None:
    segments = [
        Segment(0.5, 2.25, "agent", " Hello, how can I help? "),
        Segment(3661.001, 3662.0, "customer", "My bill is wrong."),
    ]
    assert to_srt(segments) == (
        "1\n00:00:00,500 --> 00:00:02,250\nAgent: Hello, how can I help?\n\n"
        "2\n01:01:01,001 --> 01:01:02,000\nCustomer: My bill is wrong.\n"
    )
    assert to_vtt(segments).startswith("WEBVTT\n\n00:00:00.500 --> 00:00:02.250\n<v Agent>Hello")
    assert to_txt(segments).splitlines() == [
        "[00:00:00] Agent: Hello, how can I help?",
        "[01:01:01] Customer: My bill is wrong.",
    ]
    assert to_txt([]) == ""


def test_sentences_csv_has_one_row_per_sentence(populated_library: Library) -> None:
    ids = [c.id for c in populated_library.list_calls()][:2]
    rows = list(csv.DictReader(io.StringIO(sentences_csv(populated_library, ids))))
    expected = sum(len(populated_library.get_model_analysis(i).sentences) for i in ids)  # type: ignore[union-attr]
    assert len(rows) == expected
    assert all(r["label"] for r in rows if r["speaker"] == "agent")
