"""What each pipeline stage costs on the scripted calls (issues 2, 4 and 6).

Run `python -m benchmarks.bench_pipeline [--limit N] [--mono]`. Every script in
tests/data/calls is synthesized as a two-voice 8 kHz u-law stereo call (and,
with --mono, as one mixed channel) and analysed through the real pipeline
(`analyze_paths`: decode, Whisper, diarization for mono, classifier, patterns,
metrics, SQLite) into a fresh library. The stage times each call stores are
summed: the analysis after transcription must add under 10 % to the
transcription time (issue 4), diarization under 15 % (issue 6). It also
reports whether each call's rushed verdict and pattern presences match the
script (issue 4's targets: rushed right on every call, >= 90 % of pattern
presences). Writes bench_results/pipeline.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from app.pipeline.batch import analyze_paths
from app.pipeline.options import AnalyzeOptions
from app.storage.library import Library
from kernel.domain import PATTERN_NAMES
from scripts.callsynth import synthesize_cached
from tests.fixtures.calls import load_scripts

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "pipeline.json"
AUDIO_CACHE = REPO_ROOT / ".cache" / "test-audio"


def _expected(script: dict[str, Any]) -> tuple[bool, set[str]]:
    expect = script["expect"]
    return bool(expect["rushed"]), set(expect.get("patterns", []))


def run(layout: str, limit: int | None) -> dict[str, Any]:
    scripts = load_scripts()[:limit]
    paths = {}
    for script in scripts:
        synth = synthesize_cached(
            script, AUDIO_CACHE, layout=layout, sample_rate=8_000, encoding="ulaw"
        )
        paths[str(synth.path.resolve())] = script
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "library.db"
        started = time.perf_counter()
        analyze_paths(list(paths), db, AnalyzeOptions(), out=io.StringIO(), err=io.StringIO())
        wall = time.perf_counter() - started
        rows = []
        with Library(db) as library:
            for call in library.list_calls():
                script = paths[call.source]
                rushed, patterns = _expected(script)
                summary = library.summary(call.id)
                assert summary is not None
                found = set(summary.patterns)
                judged = [p for p in PATTERN_NAMES if not (layout == "mono" and p == "P5")]
                rows.append(
                    {
                        "call": script["id"],
                        "duration_s": call.duration_s,
                        **call.timings,
                        "rushed_right": summary.rushed == rushed,
                        "patterns_right": sum((p in found) == (p in patterns) for p in judged),
                        "patterns_judged": len(judged),
                        "expected": sorted(patterns),
                        "found": sorted(found),
                    }
                )
    total = {
        key: sum(float(r.get(key, 0.0)) for r in rows)
        for key in (
            "duration_s",
            "decode_s",
            "asr_s",
            "diarization_s",
            "analysis_s",
            "storage_s",
            "total_s",
        )
    }
    asr = max(total["asr_s"], 1e-9)
    return {
        "layout": layout,
        "calls": len(rows),
        "wall_s": round(wall, 2),
        "totals": {k: round(v, 3) for k, v in total.items()},
        "real_time_factor": round(total["total_s"] / max(total["duration_s"], 1e-9), 3),
        "analysis_over_asr": round((total["analysis_s"] + total["storage_s"]) / asr, 4),
        "diarization_over_asr": round(total["diarization_s"] / asr, 4),
        "rushed_right": sum(r["rushed_right"] for r in rows),
        "pattern_presence_right": round(
            sum(r["patterns_right"] for r in rows)
            / max(sum(r["patterns_judged"] for r in rows), 1),
            4,
        ),
        "per_call": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="first N scripted calls only")
    parser.add_argument("--mono", action="store_true", help="also the mono mixes")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load": os.getloadavg()[0],
        },
        "runs": [],
    }
    for layout in ["stereo", "mono"] if args.mono else ["stereo"]:
        result = run(layout, args.limit)
        results["runs"].append(result)
        print(
            f"{layout}: {result['calls']} calls, {result['totals']['duration_s']:.0f} s audio, "
            f"RTF {result['real_time_factor']:.3f}; analysis+storage / ASR "
            f"{result['analysis_over_asr']:.1%} (target < 10 %), diarization / ASR "
            f"{result['diarization_over_asr']:.1%} (target < 15 %); rushed right "
            f"{result['rushed_right']}/{result['calls']}, pattern presences right "
            f"{result['pattern_presence_right']:.1%}"
        )
        for row in result["per_call"]:
            if not row["rushed_right"] or row["expected"] != row["found"]:
                print(f"  {row['call']}: expected {row['expected']}, found {row['found']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
