"""Issue 7: our full `analyze` against faster-whisper's bare transcription, same audio and weights.

Run `python -m benchmarks.bench_speed`. On the twelve scripted two-voice
calls (10.5 minutes, natural pauses; 8 kHz u-law, stereo and mono;
benchmarks/bench_audio.py), in one run and alternating, `repeats` times:

- ours: `python main.py analyze FILES --db NEW_DB --jobs N` in a child
  process, the whole thing: interpreter start, imports, model loading,
  decode, VAD, ASR, diarization (mono), sentence labels, patterns, metrics,
  storage; with one job and with two (one per core, each job one thread:
  the way to analyse a batch on this machine; the headline uses the most
  jobs asked for, the one-job ratio is printed beside it);
- the anchor: faster-whisper int8 greedy on the same tiny.en CTranslate2
  weights (benchmarks/fw_bare.py), given each file as it is: for a stereo
  file faster-whisper transcribes the downmix, the least work that yields
  every word (no speakers). Its time is the transcription alone, the model
  already loaded.

The ratio is ours (whole process) / anchor (transcription only), the best
of the repeats for each: the strictest reading of "full analysis at least
as fast as the bare transcriber". Also reported: the anchor per channel of
the stereo files (what a bare transcriber needs to know who spoke), CPU
seconds of both processes (less sensitive to other load on the machine),
and, once, the unoptimised path (`--asr-engine openai`) for WER, labels and
patterns. WER: call WER (speakers ignored) for all; speaker WER for ours.
Writes bench_results/speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.measure import Measured, run_measured

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "speed.json"


def bench_env(home: Path) -> dict[str, str]:
    """The child's environment: offline, its own home, the shared model cache."""
    env = dict(os.environ)
    env["CALLSCOPE_OFFLINE"] = "1"
    env["HF_HUB_OFFLINE"] = "1"
    env["CALLSCOPE_HOME"] = str(home)
    env.setdefault("CALLSCOPE_MODEL_CACHE", str(REPO_ROOT / ".cache" / "whisper"))
    env.pop("CALLSCOPE_DB", None)
    return env


def analyze(
    files: list[str], db: Path, home: Path, *, engine: str = "auto", model: str = "tiny.en",
    jobs: int = 1,
) -> Measured:  # fmt: skip
    """`main.py analyze` on `files` into a new library, measured."""
    command = [
        sys.executable, "main.py", "analyze", *files, "--db", str(db),
        "--asr-model", model, "--asr-engine", engine, "--jobs", str(jobs),
        # WER scores the recognizer: names must not count as errors for being
        # redacted ([name]); redaction itself costs 2-4 ms a call (bench_redaction).
        "--no-redact",
    ]  # fmt: skip
    measured = run_measured(command, env=bench_env(home), cwd=REPO_ROOT)
    if measured.returncode != 0:
        raise RuntimeError(f"analyze failed ({measured.returncode}): {measured.stderr[-2000:]}")
    return measured


def fw_bare(
    files: list[str], mode: str, home: Path, model: str = "tiny.en"
) -> tuple[Measured, dict[str, Any]]:
    command = [sys.executable, "-m", "benchmarks.fw_bare", "--model", model, mode, *files]
    measured = run_measured(command, env=bench_env(home), cwd=REPO_ROOT)
    if measured.returncode != 0:
        raise RuntimeError(f"fw_bare failed ({measured.returncode}): {measured.stderr[-2000:]}")
    return measured, json.loads(measured.stdout)


def _best(runs: list[Measured]) -> Measured:
    return min(runs, key=lambda m: m.wall_s)


def bench_layout(
    layout: str,
    repeats: int,
    work: Path,
    *,
    reference: bool,
    channels: bool,
    jobs: list[int],
    model: str = "tiny.en",
) -> dict[str, Any]:
    from benchmarks.bench_audio import call_set
    from benchmarks.library_results import agreement, stored_calls
    from benchmarks.scoring import call_wer, speaker_wer, word_time_errors

    calls = call_set(layout)
    files = [str(c.path.resolve()) for c in calls]
    truth = {str(c.path.resolve()): c.truth for c in calls}
    scripts = {
        str(c.path.resolve()): s["expect"]
        for c, s in zip(calls, _scripts(), strict=True)
        if "expect" in s
    }
    audio_s = sum(t["duration_s"] for t in truth.values())
    ours_runs: dict[int, list[Measured]] = {j: [] for j in jobs}
    fw_runs: list[tuple[Measured, dict[str, Any]]] = []
    for repeat in range(repeats):
        fw_runs.append(fw_bare(files, "downmix", work, model))
        for j in jobs:
            db = work / f"{layout}-{model}-j{j}-{repeat}.db"
            ours_runs[j].append(analyze(files, db, work, jobs=j, model=model))
            print(
                f"  {model} {layout} run {repeat + 1}, jobs {j}: "
                f"ours {ours_runs[j][-1].wall_s:.1f} s, "
                f"faster-whisper {fw_runs[-1][1]['transcribe_s']:.1f} s "
                f"(load {ours_runs[j][-1].load_after:.1f})",
                flush=True,
            )
    fw_measured, fw_out = min(fw_runs, key=lambda r: r[1]["transcribe_s"])
    fw_s = float(fw_out["transcribe_s"])
    by_jobs = {
        j: {
            "wall_s": _best(runs).wall_s,
            "cpu_s": _best(runs).cpu_s,
            "peak_rss_mb": _best(runs).tree_peak_rss_mb,
            "wall_runs": [m.wall_s for m in runs],
            "ratio": round(_best(runs).wall_s / fw_s, 3),
            "load_avg": [m.load_after for m in runs],
        }
        for j, runs in ours_runs.items()
    }
    headline = max(jobs)  # every core busy, as faster-whisper's threads keep them
    ours = _best(ours_runs[headline])
    best_repeat = ours_runs[headline].index(ours)
    stored = stored_calls(work / f"{layout}-{model}-j{headline}-{best_repeat}.db")
    items = [(truth[path], stored[path]["segments"]) for path in files if path in stored]
    fw_items = [(truth[f["path"]], f["segments"]) for f in fw_out["files"]]
    row: dict[str, Any] = {
        "layout": layout,
        "model": model,
        "calls": len(files),
        "audio_s": round(audio_s, 1),
        "jobs": headline,
        "ours_wall_s": ours.wall_s,
        "ours_cpu_s": ours.cpu_s,
        "ours_peak_rss_mb": ours.tree_peak_rss_mb,
        "ours_rtf": round(ours.wall_s / audio_s, 4),
        "ours_by_jobs": by_jobs,
        "fw_transcribe_s": round(fw_s, 2),
        "fw_process_wall_s": fw_measured.wall_s,
        "fw_process_cpu_s": fw_measured.cpu_s,
        "fw_rtf": round(fw_s / audio_s, 4),
        "fw_transcribe_runs": [round(r[1]["transcribe_s"], 2) for r in fw_runs],
        "ratio": round(ours.wall_s / fw_s, 3),
        "ratio_process": round(ours.wall_s / fw_measured.wall_s, 3),
        "ratio_cpu": round(ours.cpu_s / fw_measured.cpu_s, 3),
        "ours_call_wer": round(call_wer(items), 4),
        "ours_speaker_wer": round(speaker_wer(items), 4),
        "ours_word_times": word_time_errors(items),
        "ours_agreement": agreement(stored, scripts),
        "fw_call_wer": round(call_wer(fw_items), 4),
        "stage_s": _stage_totals(stored),
        "load_avg": [m.load_after for runs in ours_runs.values() for m in runs],
    }
    if channels and layout == "stereo":
        measured, out = fw_bare(files, "channels", work, model)
        per_channel = [(truth[f["path"]], f["segments"]) for f in out["files"]]
        row["fw_channels_transcribe_s"] = round(out["transcribe_s"], 2)
        row["ratio_vs_channels"] = round(ours.wall_s / out["transcribe_s"], 3)
        row["fw_channels_speaker_wer"] = round(speaker_wer(per_channel), 4)
    if reference:
        db = work / f"{layout}-openai.db"
        measured = analyze(files, db, work, engine="openai")
        ref = stored_calls(db)
        ref_items = [(truth[path], ref[path]["segments"]) for path in files if path in ref]
        row["reference"] = {
            "engine": "openai",
            "wall_s": measured.wall_s,
            "cpu_s": measured.cpu_s,
            "rtf": round(measured.wall_s / audio_s, 4),
            "peak_rss_mb": measured.tree_peak_rss_mb,
            "call_wer": round(call_wer(ref_items), 4),
            "speaker_wer": round(speaker_wer(ref_items), 4),
            "word_times": word_time_errors(ref_items),
            "agreement": agreement(ref, scripts),
            "same_patterns_as_ours": sum(
                1
                for path in files
                if path in ref
                and path in stored
                and ref[path]["patterns"] == stored[path]["patterns"]
                and ref[path]["rushed"] == stored[path]["rushed"]
            ),
        }
        row["wer_gap_points"] = round(100 * (row["ours_call_wer"] - ref_items_wer(row)), 2)
    return row


def ref_items_wer(row: dict[str, Any]) -> float:
    return float(row["reference"]["call_wer"])


def _scripts() -> list[dict[str, Any]]:
    from benchmarks.bench_audio import call_scripts

    return call_scripts()


def _stage_totals(stored: dict[str, dict[str, Any]]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for call in stored.values():
        for key, value in call["timings"].items():
            totals[key] = round(totals.get(key, 0.0) + float(value), 2)
    return totals


def print_table(rows: list[dict[str, Any]]) -> None:
    print()
    print(
        f"{'model':8} {'layout':7} {'audio':>6} {'ours s':>7} {'fw s':>6} {'ratio':>6} "
        f"{'jobs 1':>6} "
        f"{'cpu ratio':>9} "
        f"{'ours WER':>8} {'fw WER':>7} {'openai WER':>10} {'load':>5}"
    )
    for r in rows:
        ref = r.get("reference", {}).get("call_wer")
        print(
            f"{r.get('model', 'tiny.en'):8} {r['layout']:7} {r['audio_s']:6.0f} "
            f"{r['ours_wall_s']:7.1f} "
            f"{r['fw_transcribe_s']:6.1f} {r['ratio']:6.2f} "
            f"{r['ours_by_jobs'].get(1, {}).get('ratio', float('nan')):6.2f} {r['ratio_cpu']:9.2f} "
            f"{r['ours_call_wer']:8.3f} {r['fw_call_wer']:7.3f} "
            f"{'' if ref is None else f'{ref:.3f}':>10} {max(r['load_avg']):5.1f}"
        )
    print(
        "ours = whole `main.py analyze --jobs N` process (N = the largest asked; 'jobs 1': "
        "one job); fw = faster-whisper int8 greedy transcription alone (stereo: the downmix), "
        "model loaded, all cores; ratio = ours / fw, best of the repeats each"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--layouts", nargs="+", default=["stereo", "mono"])
    parser.add_argument(
        "--models", nargs="+", default=["tiny.en", "base"],
        help="Whisper models, each on both sides (targets: ratio <= 0.8 tiny.en, <= 1.0 base)",
    )  # fmt: skip
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument(
        "--jobs",
        type=int,
        nargs="+",
        default=[1, 2],
        help="analyze --jobs values to run; the ratio uses the largest",
    )
    parser.add_argument(
        "--no-reference", action="store_true", help="skip the openai-whisper reference run"
    )
    parser.add_argument(
        "--no-channels", action="store_true", help="skip faster-whisper per stereo channel"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="callscope-bench-") as scratch:
        for model in args.models:
            for layout in args.layouts:
                rows.append(
                    bench_layout(
                        layout,
                        args.repeats,
                        Path(scratch),
                        reference=not args.no_reference and model == "tiny.en",
                        channels=not args.no_channels,
                        jobs=args.jobs,
                        model=model,
                    )
                )
            print(json.dumps(rows[-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"rows": rows}, indent=2), encoding="utf-8")
    print_table(rows)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
