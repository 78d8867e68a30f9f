"""train_calls.jsonl: writers' calls in their call context, dev calls never trained on."""

from __future__ import annotations

import json

from models.data.build_call_data import OUT_FILE, build, dev_ids


def test_dev_calls_never_enter_training_and_contexts_are_rendered() -> None:
    rows, dev_lines = build()
    held = dev_ids()
    assert len(held) >= 10 and len(dev_lines) == len(held)
    sources = {r["source"] for r in rows}
    assert not any(f":{call_id}" in source for call_id in held for source in sources)
    from_calls = [r for r in rows if r["source"].startswith("call:")]
    assert len(from_calls) > 1000
    assert any(r["context"].startswith("call start.") for r in from_calls)
    assert any(r["context"].startswith("fix made.") for r in from_calls)
    assert any(" agent before: " in r["context"] for r in from_calls)
    checks = [r for r in from_calls if r["label"] == "resolution_check"]
    # Checks follow a fix, except in information-only calls (writer L's notes:
    # "Does that cover everything you were wondering about?" with no offer).
    after_fix = [r for r in checks if "fix made." in r["context"]]
    assert checks and len(after_fix) >= 0.95 * len(checks)
    heard = [r for r in rows if r["source"].startswith("asr:")]
    assert len(heard) > 2000, "the calls as Whisper heard them (calls_train_asr.jsonl)"


def test_committed_file_is_what_the_builder_writes() -> None:
    rows, _ = build()
    lines = OUT_FILE.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == rows
