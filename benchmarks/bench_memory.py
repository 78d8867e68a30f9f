"""Issue 7's memory bound: a two-hour recording analysed under 2 GB peak RSS.

Run `python -m benchmarks.bench_memory`. Builds a two-hour stereo 8 kHz
u-law WAV by looping the scripted calls (sox; .cache/bench-audio, never
committed), then runs the real `python main.py analyze` on it in a child
process for each model asked for and reports peak RSS (kernel high-water
mark of the process), wall and CPU seconds and the real-time factor. A model
whose weights are not available offline (base.en: no installed package
ships it, and the benchmark never downloads) is reported as such, with the
reason, instead of a number. Writes bench_results/memory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.bench_speed import analyze, bench_env

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "memory.json"
LIMIT_MB = 2048.0


def model_available(model: str, engine: str, home: Path) -> str | None:
    """None when `model` can be loaded offline with `engine`; otherwise the reason."""
    os.environ.update({k: v for k, v in bench_env(home).items() if k.startswith("CALLSCOPE")})
    from models.asr.asr_engine import choose_engine, ct2_folder_for
    from models.asr.whisper_models import ModelUnavailableError, resolve_checkpoint

    try:
        if choose_engine(engine, model) == "faster-whisper":
            return None if ct2_folder_for(model) else f"{model}: no CTranslate2 weights"
        resolve_checkpoint(model)
    except ModelUnavailableError as exc:
        return str(exc)
    return None


def run(model: str, seconds: float, engine: str, work: Path) -> dict[str, Any]:
    from benchmarks.bench_audio import long_recording

    reason = model_available(model, engine, work)
    row: dict[str, Any] = {"model": model, "engine": engine, "audio_s": seconds}
    if reason is not None:
        row["unavailable"] = reason
        return row
    path = long_recording(seconds)
    measured = analyze([str(path)], work / f"long-{model}.db", work, engine=engine, model=model)
    row.update(
        {
            "file": path.name,
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "wall_s": measured.wall_s,
            "cpu_s": measured.cpu_s,
            "rtf": round(measured.wall_s / seconds, 4),
            "peak_rss_mb": measured.peak_rss_mb,
            "tree_peak_rss_mb": measured.tree_peak_rss_mb,
            "under_limit": measured.tree_peak_rss_mb < LIMIT_MB,
            "load_avg": [measured.load_before, measured.load_after],
        }
    )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--models", nargs="+", default=["tiny.en", "base.en"])
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--hours", type=float, default=2.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="callscope-bench-") as scratch:
        for model in args.models:
            rows.append(run(model, args.hours * 3600, args.engine, Path(scratch)))
            print(json.dumps(rows[-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"limit_mb": LIMIT_MB, "rows": rows}, indent=2), "utf-8")
    for row in rows:
        if "unavailable" in row:
            print(f"{row['model']:8} not available offline: {row['unavailable']}")
        else:
            hours = row["audio_s"] / 3600
            print(
                f"{row['model']:8} {hours:.1f} h: peak {row['tree_peak_rss_mb']:.0f} MB "
                f"(limit {LIMIT_MB:.0f}), {row['wall_s']:.0f} s, RTF {row['rtf']:.3f}"
            )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
