"""The one writer: a CallResult is stored in one transaction, or not at all."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from app.pipeline.analyze import analyze_file
from app.pipeline.options import AnalyzeOptions
from app.pipeline.writer import CallWriter
from app.storage.library import Library
from app.storage.records import CallMetadata
from kernel.results import CallResult
from kernel.statuses import CallStatus

from .fake_models import fake_models, noise_wav


@pytest.fixture
def result(tmp_path: Path) -> CallResult:
    return analyze_file(noise_wav(tmp_path / "call.wav"), AnalyzeOptions(), fake_models())


def _rows(library: Library, table: str) -> int:
    return int(library.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _fail_on_timings(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: Library, call_id: int, timings: dict[str, float]) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Library, "record_timings", full)


def test_a_result_is_stored_whole(tmp_path: Path, result: CallResult) -> None:
    with Library(tmp_path / "library.db") as library:
        writer = CallWriter(library)
        call_id = writer.begin(result.audio, agent_channel="left", metadata=CallMetadata("Dana"))
        assert library.get_call(call_id).status == CallStatus.PROCESSING
        stored_id, timings = writer.store(result, call_id=call_id)
        assert stored_id == call_id
        call = library.get_call(call_id)
        assert call.status == CallStatus.DONE and call.agent == "Dana" and call.error == ""
        assert library.get_transcript(call_id) == result.transcript
        assert library.get_model_analysis(call_id).patterns == result.analysis.patterns
        assert library.redactions(call_id) == list(result.redactions or ())
        assert {"storage_s", "total_s", "asr_s"} <= set(timings)
        assert set(library.get_call(call_id).timings) == set(timings)


def test_a_failure_mid_store_leaves_nothing_half_written(
    tmp_path: Path, result: CallResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library(tmp_path / "library.db") as library:
        writer = CallWriter(library)
        call_id = writer.begin(result.audio, agent_channel="left", metadata=None)
        _fail_on_timings(monkeypatch)  # after the transcript and analysis were written
        with pytest.raises(sqlite3.OperationalError):
            writer.store(result, call_id=call_id)
        call = library.get_call(call_id)
        assert call.status == CallStatus.PROCESSING  # as before the store: resumable
        assert _rows(library, "segments") == 0 and _rows(library, "words") == 0
        assert library.get_model_analysis(call_id) is None
        assert library.redactions(call_id) == []


def test_registering_and_storing_at_once_leaves_no_call_when_it_fails(
    tmp_path: Path, result: CallResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An executor that reports nothing before its result: begin and store in one go."""
    with Library(tmp_path / "library.db") as library:
        writer = CallWriter(library)
        _fail_on_timings(monkeypatch)
        with pytest.raises(sqlite3.OperationalError):
            writer.store(result)
        assert library.count_calls() == 0
        monkeypatch.undo()
        call_id, _timings = writer.store(result)
        assert library.get_call(call_id).status == CallStatus.DONE


def test_a_doubtful_file_is_stored_with_its_warning(tmp_path: Path, result: CallResult) -> None:
    audio = dataclasses.replace(result.audio, warnings=("the file is cut off",))
    doubtful = dataclasses.replace(result, audio=audio)
    with Library(tmp_path / "library.db") as library:
        call_id, _timings = CallWriter(library).store(doubtful)
        call = library.get_call(call_id)
        assert call.status == CallStatus.DONE and call.error == "warning: the file is cut off"


def test_bookkeeping_of_calls_that_end_early(tmp_path: Path, result: CallResult) -> None:
    with Library(tmp_path / "library.db") as library:
        writer = CallWriter(library)
        first = writer.begin(result.audio, agent_channel="left", metadata=None)
        writer.interrupted(first, "stopped before it finished")
        assert library.get_call(first).status == CallStatus.INTERRUPTED
        writer.drop_or_fail(first, was_new=False, reason="no speech found")
        assert (library.get_call(first).status, library.get_call(first).error) == (
            CallStatus.FAILED,
            "no speech found",
        )
        writer.drop_or_fail(first, was_new=True, reason="no speech found")
        assert library.get_call(first) is None
        again = writer.begin(result.audio, agent_channel="left", metadata=None)
        writer.interrupt_if_processing(result.sha256, "the analysing process died", final=True)
        assert library.get_call(again).status == CallStatus.FAILED
