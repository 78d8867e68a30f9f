"""Issue 14 through the product's own door: real two-speaker mono recordings go through
`main.py analyze` and `export --format json`; the exported diarization turns must be
the benchmark's (benchmarks/bench_real_voices.py: the same timeline, the same DER)
and every labelled word must carry the speaker of the exported turn under it. The
exported segments, read as a speaker timeline (start, end, speaker), must score close
to the turns: their times follow the turns, pauses inside a turn included.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from benchmarks.bench_real_voices import run_hybrid
from benchmarks.real_voices import RealCall, _speaker_at, der, load_calls

pytestmark = pytest.mark.slow

# one live recording (AMI, 16 kHz) and one assembled call at 8 kHz mu-law
CALLS = {("ami_dev01", "16k"), ("assembled_m_f", "8k_ulaw")}
WORDS_WITH_THEIR_TURN_MIN = 0.9  # measured 45/48 and 101/104 (words under a laid-over turn)
# The exported segments against the turns, error by error (DER shares of the reference
# speech). Round 3 bounded their DER at 0.135 / 0.11 (measured 0.126 / 0.106); on a
# machine with other int8 instructions (twelfth session, AVX-512 VNNI) the same code
# and weights gave 0.183 / 0.124: tiny.en left one short AMI utterance unheard (no
# words, so no segment: missed 0.104 -> 0.160) and its word times ran further past the
# turn edges (false alarm 0.030 -> 0.051 on the assembled call), while confusion stayed
# the turns' (0.000 / 0.050). So the bound is per kind of error, relative to the turns:
# segments never give speech to the other speaker beyond the turns (confusion), run
# past them only by Whisper's word times (false alarm), and miss only what Whisper
# did not hear (missed).
SEGMENTS_OVER_TURNS_MAX = {"confusion": 0.01, "false_alarm": 0.03, "missed": 0.07}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[RealCall, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("real-voices")
    calls = [c for c in load_calls() if (c.name, c.variant) in CALLS]
    for call in calls:
        shutil.copy(call.path, folder / call.path.name)
    db = folder.parent / "library.db"
    assert main(["analyze", str(folder), "--db", str(db)]) == 0
    out = folder.parent / "export.json"
    assert main(["export", "--db", str(db), "--format", "json", "--out", str(out)]) == 0
    by_file = {Path(c["source"]).name: c for c in json.loads(out.read_text(encoding="utf-8"))}
    return [(call, by_file[call.path.name]) for call in calls]


def test_exported_turns_are_the_benchmarks(exported: list) -> None:
    assert len(exported) == len(CALLS)
    for call, data in exported:
        turns = data["diarization"]["turns"]
        assert {t[2] for t in turns} == {"agent", "customer"}, data["diarization"]["reason"]
        product = der(call, turns)["der"]
        bench = der(call, run_hybrid(call.samples()))["der"]
        assert product == pytest.approx(bench, abs=0.005), (call.name, product, bench)


def test_words_follow_the_exported_turns(exported: list) -> None:
    for call, data in exported:
        turns = data["diarization"]["turns"]
        words = [
            (w["start"], w["end"], s["speaker"])
            for s in data["segments"]
            for w in s.get("words") or []
            if s["speaker"] != "unknown"
        ]
        agree = [who == _speaker_at(turns, start, end) for start, end, who in words]
        assert len(agree) >= 40
        assert sum(agree) / len(agree) >= WORDS_WITH_THEIR_TURN_MIN, (call.name, agree)


def test_exported_segments_score_as_the_turns(exported: list) -> None:
    for call, data in exported:
        segments = data["segments"]
        timeline = [[s["start"], s["end"], s["speaker"]] for s in segments]
        from_segments = der(call, timeline)
        from_turns = der(call, data["diarization"]["turns"])
        for kind, most in SEGMENTS_OVER_TURNS_MAX.items():
            assert from_segments[kind] <= from_turns[kind] + most, (
                call.name,
                kind,
                from_segments,
                from_turns,
            )
        # Segments only widen around their words: every word stays inside its segment.
        for s in segments:
            for w in s.get("words") or []:
                assert s["start"] <= w["start"] and w["end"] <= s["end"], (call.name, s, w)
        word_spans = [
            [s["words"][0]["start"], s["words"][-1]["end"], s["speaker"]]
            for s in segments
            if s.get("words")
        ]
        assert der(call, word_spans)["der"] > from_segments["der"] + 0.05, call.name
