"""The Library facade: every public method of the one-class library still there, same signature.

FROZEN is the public surface of app/storage/library.py before it was split
(787 lines, one class), written out by inspect.signature: callers in
app/pipeline, app/ui, app/cli and app/export rely on it. Each method hands
the work to one concern module with the library's one Connection.
"""

# ruff: noqa: E501
# (FROZEN: one signature per line, as inspect writes it, so a change is one line in a diff)

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from app.storage import library as library_module
from app.storage.library import Library
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call

FROZEN: dict[str, str] = {
    "__enter__": "(self) -> 'Library'",
    "__exit__": "(self, *_exc: 'object') -> 'None'",
    "__init__": "(self, path: 'str | Path') -> 'None'",
    "add_clip": "(self, call_id: 'int', start_s: 'float', end_s: 'float', title: 'str', tags: 'Sequence[str]' = (), note: 'str' = '') -> 'int'",
    "analysis_settings": "(self, call_id: 'int') -> 'dict[str, Any] | None'",
    "begin_call": "(self, source: 'str', sha256: 'str', *, duration_s: 'float', channels: 'int', agent_channel: 'str' = 'left', source_sample_rate: 'int | None' = None, codec: 'str' = '', metadata: 'CallMetadata | None' = None) -> 'int'",
    "call_ids": "(self, status: 'str | None' = None) -> 'list[int]'",
    "call_summaries": "(self, date_from: 'str | None' = None, date_to: 'str | None' = None) -> 'list[CallSummary]'",
    "clear_label_correction": "(self, call_id: 'int', sentence_idx: 'int') -> 'None'",
    "close": "(self) -> 'None'",
    "correct_label": "(self, call_id: 'int', sentence_idx: 'int', label: 'str') -> 'None'",
    "correct_pattern": "(self, call_id: 'int', pattern_id: 'str', present: 'bool | None') -> 'None'",
    "count_calls": "(self) -> 'int'",
    "delete_call": "(self, call_id: 'int') -> 'None'",
    "delete_clip": "(self, clip_id: 'int') -> 'None'",
    "delete_filter": "(self, name: 'str') -> 'None'",
    "export_training_corrections": "(self) -> 'list[dict[str, Any]]'",
    "find_by_sha256": "(self, sha256: 'str') -> 'CallRecord | None'",
    "forget_unfinished": "(self, call_id: 'int') -> 'None'",
    "get_analysis": "(self, call_id: 'int') -> 'CallAnalysis | None'",
    "get_call": "(self, call_id: 'int') -> 'CallRecord | None'",
    "get_clip": "(self, clip_id: 'int') -> 'ClipRecord | None'",
    "get_labelled_analysis": "(self, call_id: 'int') -> 'CallAnalysis | None'",
    "get_model_analysis": "(self, call_id: 'int') -> 'CallAnalysis | None'",
    "get_transcript": "(self, call_id: 'int') -> 'Transcript | None'",
    "is_redacted": "(self, call_id: 'int') -> 'bool'",
    "label_corrections": "(self, call_id: 'int') -> 'list[dict[str, Any]]'",
    "list_calls": "(self) -> 'list[CallRecord]'",
    "list_clips": "(self) -> 'list[ClipRecord]'",
    "list_filters": "(self) -> 'list[SavedFilter]'",
    "pattern_corrections": "(self, call_id: 'int') -> 'list[dict[str, Any]]'",
    "record_timings": "(self, call_id: 'int', timings: 'dict[str, float]') -> 'None'",
    "redactions": "(self, call_id: 'int') -> 'list[Redaction]'",
    "resumable_calls": "(self) -> 'list[CallRecord]'",
    "save_analysis": "(self, call_id: 'int', analysis: 'CallAnalysis', *, fast_fix_s: 'float' = 30.0, separate_channels: 'bool | None' = None) -> 'None'",
    "save_call": "(self, call_id: 'int', transcript: 'Transcript', analysis: 'CallAnalysis | None', *, timings: 'dict[str, float] | None' = None, fast_fix_s: 'float' = 30.0, separate_channels: 'bool' = True, keep_corrections: 'bool' = False, redactions: 'Sequence[Redaction] | None' = None) -> 'None'",
    "save_filter": "(self, name: 'str', query: 'str') -> 'None'",
    "search": "(self, query: 'str', limit: 'int' = 300) -> 'list[SearchHit]'",
    "set_metadata": "(self, call_id: 'int', metadata: 'CallMetadata') -> 'None'",
    "set_review": "(self, call_id: 'int', status: 'str', score: 'int | None', notes: 'str') -> 'None'",
    "set_status": "(self, call_id: 'int', status: 'str', error: 'str' = '') -> 'None'",
    "summary": "(self, call_id: 'int') -> 'CallSummary | None'",
    "transaction": "(self, *, outlast_writers: 'bool' = False) -> 'Iterator[sqlite3.Connection]'",
    "update_clip": "(self, clip_id: 'int', *, title: 'str | None' = None, tags: 'Sequence[str] | None' = None, note: 'str | None' = None) -> 'None'",
}
# Attributes callers and tests use besides the methods.
FROZEN_ATTRIBUTES = ("path", "conn", "db", "busy")
PLUMBING = {"__init__", "__enter__", "__exit__", "close", "transaction", "erasing_deleted_text"}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_every_public_method_of_the_old_class_is_kept(name: str) -> None:
    assert str(inspect.signature(getattr(Library, name))) == FROZEN[name]


def test_the_attributes_callers_use_are_kept(library: Library) -> None:
    for name in FROZEN_ATTRIBUTES:
        assert getattr(library, name) is not None, name
    assert library_module.REVIEW_STATES == ("unreviewed", "in_review", "reviewed")
    assert library_module.BUSY_TIMEOUT_MS == 10_000


def _methods() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(Path(library_module.__file__).read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Library")
    return {n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)}


def test_each_method_is_one_call_into_a_concern_module_with_the_connection() -> None:
    modules = {
        "analyses", "calls", "clips", "corrections", "filters",
        "redactions", "reviews", "sqlite_search", "transcripts", "writer",
    }  # fmt: skip
    thin = {name: node for name, node in _methods().items() if name not in PLUMBING | {"db"}}
    assert set(FROZEN) - PLUMBING <= set(thin)
    for name, node in thin.items():
        body = [
            s
            for s in node.body
            if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        ]
        assert len(body) == 1, name
        call = body[0].value
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute), name
        target = call.func.value
        assert isinstance(target, ast.Name) and target.id in modules, name
        assert ast.unparse(call.args[0]) == "self.connection", name


def test_a_call_through_the_facade_reaches_its_module(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.storage import corrections

    seen: list[tuple] = []
    monkeypatch.setattr(corrections, "correct_pattern", lambda *args: seen.append(args))
    library.correct_pattern(7, "P4", True)
    assert seen == [(library.connection, 7, "P4", True)]


def test_the_facade_still_works_end_to_end(library: Library) -> None:
    call_id = add_scripted_call(library, load_scripts()[0])
    assert library.get_call(call_id) is not None
    assert library.count_calls() == 1
    assert library.summary(call_id) == library.call_summaries()[0]
    with library.transaction() as conn:  # still the sqlite3 connection for SQLite-only callers
        conn.execute("UPDATE calls SET agent = 'X' WHERE id = ?", (call_id,))
    assert library.get_call(call_id).agent == "X"
    library.set_agent_channel(call_id, "right")
    assert library.get_call(call_id).agent_channel == "right"


def test_redacting_a_stored_call_through_the_facade_erases_the_old_text(
    library: Library,
) -> None:
    from dataclasses import replace

    call_id = add_scripted_call(library, load_scripts()[0])
    transcript = library.get_transcript(call_id)
    before = library.get_model_analysis(call_id).sentences
    secret = "Zyxwvutsecret"
    library.store_redacted_text(  # plant the word first, as spoken text
        call_id,
        transcript.segments,
        [replace(s, text=f"{s.text} {secret}") if s.id == 0 else s for s in before],
        before,
        [],
    )
    planted = library.get_model_analysis(call_id).sentences
    assert [h.sentence_id for h in library.search(secret)] == [0]
    with library.erasing_deleted_text():
        library.store_redacted_text(call_id, transcript.segments, before, planted, [])
    assert library.search(secret) == []
    assert library.get_model_analysis(call_id).sentences[0].text == before[0].text
    assert library.is_redacted(call_id) and library.redactions(call_id) == []
    stored = b"".join(p.read_bytes() for p in library.path.parent.glob(library.path.name + "*"))
    assert secret.encode() not in stored
