"""The library store: round trips, one transaction per call, corrections apart, search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.storage.library import Library
from app.storage.migrations import SCHEMA_VERSION
from app.storage.records import DONE, INTERRUPTED, PROCESSING, CallMetadata
from kernel.domain import AGENT, CallscopeInputError
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call, script_analysis, scripted_call_id


def test_new_library_is_migrated_with_wal(library_path: Path) -> None:
    with Library(library_path) as library:
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert library.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = set(library.db.table_names())
    assert {
        "calls",
        "segments",
        "words",
        "sentences",
        "analyses",
        "label_corrections",
        "pattern_corrections",
        "clips",
        "saved_filters",
        "sentences_fts",
    } <= tables


def test_reopening_keeps_data_and_does_not_migrate_again(library_path: Path) -> None:
    with Library(library_path) as library:
        add_scripted_call(library, load_scripts()[0])
    with Library(library_path) as library:
        assert library.count_calls() == 1


def test_not_a_database_is_a_clear_error_and_the_file_is_untouched(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"these are my notes, not a database" * 200)
    before = bogus.read_bytes()
    with pytest.raises(CallscopeInputError, match="not a Callscope library"):
        Library(bogus)
    assert bogus.read_bytes() == before


def test_transcript_and_analysis_round_trip(library: Library) -> None:
    script = load_scripts()[0]
    transcript, analysis = script_analysis(script)
    call_id = add_scripted_call(library, script, agent="Dana", call_date="2025-03-04")
    call = library.get_call(call_id)
    assert call is not None and call.status == DONE and call.agent == "Dana"
    stored = library.get_transcript(call_id)
    assert stored is not None
    assert [(s.speaker, s.text, s.channel) for s in stored.segments] == [
        (s.speaker, s.text, s.channel) for s in transcript.segments
    ]
    assert stored.segments[0].words == transcript.segments[0].words
    got = library.get_analysis(call_id)
    assert got is not None
    assert [(s.id, s.label, s.speaker) for s in got.sentences] == [
        (s.id, s.label, s.speaker) for s in analysis.sentences
    ]
    assert [(p.id, p.evidence) for p in got.patterns] == [
        (p.id, p.evidence) for p in analysis.patterns
    ]
    assert got.rushed == analysis.rushed and got.metrics == analysis.metrics
    summary = library.summary(call_id)
    assert summary is not None and summary.rushed == analysis.rushed
    assert summary.patterns == [p.id for p in analysis.patterns]


def test_a_failed_write_leaves_nothing_half_written(library: Library) -> None:
    script = load_scripts()[0]
    transcript, analysis = script_analysis(script)
    call_id = library.begin_call("/calls/x.wav", "f" * 64, duration_s=10, channels=2)
    broken = analysis.__class__(
        analysis.sentences, analysis.patterns, analysis.rushed, {"bad": object()}
    )  # not JSON: fails mid-transaction
    with pytest.raises(TypeError):
        library.save_call(call_id, transcript, broken)
    assert library.get_transcript(call_id).segments == []  # type: ignore[union-attr]
    assert library.get_model_analysis(call_id) is None
    assert library.get_call(call_id).status == PROCESSING  # type: ignore[union-attr]


def test_begin_call_resumes_unfinished_and_refuses_done(library: Library) -> None:
    first = library.begin_call("/a.wav", "a" * 64, duration_s=5, channels=1)
    library.set_status(first, INTERRUPTED, "Ctrl-C")
    assert [c.id for c in library.resumable_calls()] == [first]
    again = library.begin_call(
        "/a.wav", "a" * 64, duration_s=5, channels=1, metadata=CallMetadata(agent="Ann")
    )
    assert again == first and library.get_call(first).agent == "Ann"  # type: ignore[union-attr]
    script = load_scripts()[0]
    transcript, analysis = script_analysis(script)
    library.save_call(first, transcript, analysis)
    assert library.resumable_calls() == []
    with pytest.raises(ValueError, match="already in the library"):
        library.begin_call("/a.wav", "a" * 64, duration_s=5, channels=1)


def test_label_correction_is_kept_apart_and_changes_the_verdict(library: Library) -> None:
    scripts = {s["id"]: s for s in load_scripts()}
    call_id = add_scripted_call(library, scripts["airline_rebooking_p2"])
    model = library.get_model_analysis(call_id)
    assert model is not None and "P2" in [p.id for p in model.patterns]
    fix = next(s for s in model.sentences if s.speaker == AGENT and s.label == "statement")
    library.correct_label(call_id, fix.id, "resolution_check")
    assert library.get_model_analysis(call_id).sentences[fix.id].label == "statement"  # type: ignore[union-attr]
    effective = library.get_analysis(call_id)
    assert effective is not None
    assert next(s for s in effective.sentences if s.id == fix.id).label == "resolution_check"
    assert library.label_corrections(call_id)[0]["model_label"] == "statement"
    rows = library.export_training_corrections()
    assert rows == [
        {
            "text": fix.text,
            "context": rows[0]["context"],
            "label": "resolution_check",
            "model_label": "statement",
            "call_id": call_id,
            "sentence_id": fix.id,
            "source": "supervisor_correction",
        }
    ]
    library.clear_label_correction(call_id, fix.id)
    assert library.get_analysis(call_id).metrics == model.metrics  # type: ignore[union-attr]
    assert library.export_training_corrections() == []


def test_correction_rejects_customer_sentences_and_unknown_labels(library: Library) -> None:
    call_id = add_scripted_call(library, load_scripts()[0])
    model = library.get_model_analysis(call_id)
    assert model is not None
    customer = next(s for s in model.sentences if s.speaker != AGENT)
    with pytest.raises(ValueError, match="only agent sentences"):
        library.correct_label(call_id, customer.id, "statement")
    with pytest.raises(ValueError, match="unknown label"):
        library.correct_label(call_id, 0, "smalltalk")


def test_pattern_marks_force_patterns_and_rushed(library: Library) -> None:
    scripts = {s["id"]: s for s in load_scripts()}
    call_id = add_scripted_call(library, scripts["airline_rebooking_p2"])
    library.correct_pattern(call_id, "P2", False)
    summary = library.summary(call_id)
    assert summary is not None and "P2" not in summary.patterns
    library.correct_pattern(call_id, "P4", True)
    summary = library.summary(call_id)
    assert summary is not None and "P4" in summary.patterns and summary.rushed is True
    library.correct_pattern(call_id, "P4", None)
    library.correct_pattern(call_id, "P2", None)
    model = library.get_model_analysis(call_id)
    assert library.summary(call_id).patterns == [p.id for p in model.patterns]  # type: ignore[union-attr]


def test_reanalysis_keeps_corrections_attached(library: Library) -> None:
    call_id = add_scripted_call(library, load_scripts()[0])
    model = library.get_model_analysis(call_id)
    assert model is not None
    agent = next(s for s in model.sentences if s.speaker == AGENT)
    library.correct_label(call_id, agent.id, "closing")
    library.save_analysis(call_id, model)
    assert library.label_corrections(call_id)[0]["label"] == "closing"


def test_review_clips_and_filters(library: Library) -> None:
    call_id = add_scripted_call(library, load_scripts()[0])
    library.set_review(call_id, "reviewed", 85, "asked about impact late")
    call = library.get_call(call_id)
    assert call is not None and (call.review_status, call.review_score) == ("reviewed", 85)
    with pytest.raises(ValueError):
        library.set_review(call_id, "reviewed", 101, "")
    clip = library.add_clip(call_id, 1.0, 4.5, "Impact question", ["impact", " good "], "note")
    got = library.get_clip(clip)
    assert got is not None and got.tags == ["impact", "good"] and got.end_s == 4.5
    with pytest.raises(ValueError):
        library.add_clip(call_id, 5.0, 5.0, "empty", [], "")
    library.save_filter("rushed this week", '{"rushed": true}')
    library.save_filter("rushed this week", '{"rushed": true, "reviewed": false}')
    assert [(f.name, f.query) for f in library.list_filters()] == [
        ("rushed this week", '{"rushed": true, "reviewed": false}')
    ]
    library.delete_filter("rushed this week")
    library.delete_call(call_id)
    assert library.list_clips()[0].call_id is None  # the clip outlives its call's row


def test_search_phrases_booleans_and_bad_syntax(populated_library: Library) -> None:
    hits = populated_library.search("help")
    assert hits and all("<mark>" in h.snippet for h in hits)
    phrase = populated_library.search('"anything else"')
    assert phrase and all(
        "anything else" in h.snippet.replace("<mark>", "").replace("</mark>", "").lower()
        for h in phrase
    )
    both = populated_library.search("anything AND else")
    assert {(h.call_id, h.sentence_id) for h in phrase} <= {
        (h.call_id, h.sentence_id) for h in both
    }
    without = populated_library.search("help NOT anything")
    assert all("anything" not in h.snippet.lower() for h in without)
    assert populated_library.search('"unbalanced') is not None  # no exception
    assert populated_library.search("   ") == []


def test_summaries_filter_by_date(populated_library: Library) -> None:
    everything = populated_library.call_summaries()
    dates = sorted(s.call_date for s in everything if s.call_date)
    middle = dates[len(dates) // 2]
    recent = populated_library.call_summaries(middle, None)
    assert recent and all(s.call_date and s.call_date >= middle for s in recent)
    assert len(recent) < len(everything)


def test_scripted_call_lookup(populated_library: Library) -> None:
    call_id = scripted_call_id(populated_library, "airline_rebooking_p2")
    assert populated_library.get_call(call_id) is not None


def test_wal_lets_a_reader_see_committed_calls_while_another_connection_writes(
    library_path: Path,
) -> None:
    writer = Library(library_path)
    reader = Library(library_path)
    try:
        add_scripted_call(writer, load_scripts()[0])
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("UPDATE calls SET agent = 'X'")
        assert reader.count_calls() == 1  # not blocked by the open write
        writer.conn.execute("ROLLBACK")
    finally:
        writer.close()
        reader.close()
    assert sqlite3.connect(library_path).execute("SELECT count(*) FROM calls").fetchone()[0] == 1
