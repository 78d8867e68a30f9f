"""Issue 2's benchmark: one 2-minute two-speaker call through `analyze`, stage by stage.

Run `python -m benchmarks.bench_call`. Analyses a 2-minute stereo 8 kHz
u-law call (two scripted calls joined; benchmarks/bench_audio.py) with
`python main.py analyze` in a child process, once per engine, and reports
the seconds the pipeline recorded for decode, ASR (model loading included:
it is the first call of the run), analysis and storage, the real-time
factor of ASR and of the whole process, and the process's peak RSS.
Writes bench_results/call.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.bench_speed import analyze

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "call.json"


def run(engine: str, model: str, work: Path) -> dict[str, Any]:
    from benchmarks.bench_audio import two_minute_call
    from benchmarks.library_results import stored_calls
    from benchmarks.scoring import call_wer, speaker_wer

    call = two_minute_call()
    db = work / f"call-{engine}.db"
    measured = analyze([str(call.path)], db, work, engine=engine, model=model)
    stored = next(iter(stored_calls(db).values()))
    duration = float(stored["duration_s"])
    timings = stored["timings"]
    items = [(call.truth, stored["segments"])]
    return {
        "engine": engine,
        "model": model,
        "audio_s": round(duration, 1),
        "decode_s": round(timings.get("decode_s", 0.0), 2),
        "asr_s": round(timings.get("asr_s", 0.0), 2),
        "analysis_s": round(timings.get("analysis_s", 0.0), 2),
        "storage_s": round(timings.get("storage_s", 0.0), 3),
        "process_wall_s": measured.wall_s,
        "process_cpu_s": measured.cpu_s,
        "asr_rtf": round(timings.get("asr_s", 0.0) / duration, 4),
        "process_rtf": round(measured.wall_s / duration, 4),
        "speed_x_real_time": round(duration / measured.wall_s, 1),
        "peak_rss_mb": measured.peak_rss_mb,
        "call_wer": round(call_wer(items), 4),
        "speaker_wer": round(speaker_wer(items), 4),
        "load_avg": [measured.load_before, measured.load_after],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--engines", nargs="+", default=["auto", "openai"])
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="callscope-bench-") as scratch:
        rows = [run(engine, args.model, Path(scratch)) for engine in args.engines]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"rows": rows}, indent=2), encoding="utf-8")
    print(
        f"{'engine':8} {'audio':>5} {'decode':>6} {'asr':>6} {'analysis':>8} {'storage':>7} "
        f"{'total':>6} {'asr RTF':>7} {'peak MB':>7} {'WER':>5}"
    )
    for r in rows:
        print(
            f"{r['engine']:8} {r['audio_s']:5.0f} {r['decode_s']:6.2f} {r['asr_s']:6.1f} "
            f"{r['analysis_s']:8.2f} {r['storage_s']:7.3f} {r['process_wall_s']:6.1f} "
            f"{r['asr_rtf']:7.3f} {r['peak_rss_mb']:7.0f} {r['call_wer']:5.3f}"
        )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
