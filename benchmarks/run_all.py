"""`make bench`: every benchmark in one run, figures in bench_results/, a summary table.

Run `python -m benchmarks.run_all [--quick] [--skip NAME...] [--only NAME...]`.
Each benchmark runs as its own child process (`python -m benchmarks.NAME`)
and writes bench_results/<name>.json; this script prints one summary table
and writes bench_results/summary.json with the machine's core count and
load average (on a shared 2-core machine the seconds depend on what else
runs: compare the load column before trusting a number).

Benchmarks, in order (about 25 minutes in all on a quiet 2-core machine):

- call: issue 2, a 2-minute two-speaker call per stage (decode, ASR,
  analysis, storage), real-time factor, peak memory; both engines;
- speed: issue 7, full `analyze` against faster-whisper's bare
  transcription on 10.5 minutes of calls, stereo and mono, with WER and the
  openai-whisper reference (the longest part);
- memory: issue 7, a two-hour recording under 2 GB peak RSS (tiny.en; base.en
  when its weights are available offline);
- pipeline: each stage's share on the scripted calls (issues 4 and 6);
- classifier_runtime: issue 14, the sentence classifier's old (torch) and
  new (onnxruntime, numpy) runtimes side by side: import + load time,
  sentences/s at batch 1/8/32, peak memory, logit difference;
- classifier, review, ui: the sentence classifier's speed, the review
  screen, a 10,000-call library (the first ui run builds it: minutes);
- redaction: issue 15, recall and precision per kind of personal data on
  written calls with planted card numbers, codes, addresses... (8 kHz, stereo
  and mono, through Whisper; about 2 minutes);
- diarization: mono speaker separation quality and cost (long: skip with
  `--skip diarization`).
- real_voices: issue 14, DER on real human voices, WER tiny.en vs base;
- real_voices_export: the same calls through `analyze` + `export`, DER from
  the exported turns, segments and word spans;
- vocabulary: issue 14, WER and name recall on calls naming made-up
  companies, products and agents, with and without the custom vocabulary;
- pg_writer: issue 16, calls stored per second by the writer into a real
  PostgreSQL server (one writer, two at once) and into SQLite;
- cluster: issue 16, 52 short calls through the local pool (2 jobs) and a
  two-worker Dask LocalCluster: calls/min, the writer's share, worker RSS.

`--quick` runs each with less (one repeat, no reference run, no 2-hour
file, no diarization stress pass) for a first look in a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results"
ORDER = (
    "call", "speed", "memory", "pipeline", "classifier_runtime", "classifier", "call_labelling",
    "review", "ui",
    "redaction", "diarization", "real_voices", "real_voices_export", "vocabulary", "pg_writer",
    "cluster",
)  # fmt: skip


def commands(quick: bool) -> dict[str, list[str]]:
    """Each benchmark's module and arguments (the full or the quick variant)."""
    full: dict[str, list[str]] = {
        "call": ["benchmarks.bench_call"],
        "speed": ["benchmarks.bench_speed"],
        "memory": ["benchmarks.bench_memory"],
        "pipeline": ["benchmarks.bench_pipeline", "--mono"],
        "classifier_runtime": ["benchmarks.bench_classifier_runtime"],
        "classifier": ["benchmarks.bench_classifier"],
        "call_labelling": ["benchmarks.bench_call_labelling"],
        "review": ["benchmarks.bench_review"],
        "ui": ["benchmarks.bench_ui"],
        "redaction": ["benchmarks.bench_redaction"],
        "diarization": ["benchmarks.bench_diarization", "--no-stress"],
        "real_voices": ["benchmarks.bench_real_voices"],
        "real_voices_export": ["benchmarks.bench_real_voices_export"],
        "vocabulary": ["benchmarks.bench_vocabulary"],
        "pg_writer": ["benchmarks.bench_pg_writer"],
        "cluster": ["benchmarks.bench_cluster"],
    }
    if quick:
        full["call"] += ["--engines", "auto"]
        full["speed"] += ["--repeats", "1", "--no-reference", "--no-channels"]
        full["memory"] += ["--hours", "0.5", "--models", "tiny.en"]
        full["classifier_runtime"] += ["--repeats", "1", "--n", "128"]
        full["classifier"] += ["--n", "500", "--threads", "2"]
        full["call_labelling"] += ["--repeat", "1"]
        full["review"] += ["--repeats", "2"]
        full["pipeline"] = ["benchmarks.bench_pipeline", "--limit", "3"]
        full["ui"] += ["--repeats", "2"]
        full["redaction"] += ["--layouts", "stereo"]
        full["vocabulary"] += ["--models", "tiny.en"]
        full["pg_writer"] += ["--calls", "20"]
        full["cluster"] += ["--calls", "12"]
    return full


def summarise(name: str, data: dict[str, Any]) -> list[str]:
    """Lines for the summary table from one benchmark's JSON."""
    lines: list[str] = []
    if name == "call":
        for r in data.get("rows", []):
            lines.append(
                f"call       {r['engine']:14} 2-min call: decode {r['decode_s']:.2f} s, ASR "
                f"{r['asr_s']:.1f} s (RTF {r['asr_rtf']:.3f}), analysis {r['analysis_s']:.2f} s, "
                f"storage {r['storage_s']:.3f} s, whole run {r['process_wall_s']:.1f} s, "
                f"peak {r['peak_rss_mb']:.0f} MB"
            )
    elif name == "speed":
        for r in data.get("rows", []):
            ref = r.get("reference", {})
            ref_text = f", openai WER {ref['call_wer']:.3f}" if ref else ""
            lines.append(
                f"speed      {r.get('model', 'tiny.en') + ' ' + r['layout']:14} "
                f"ours {r['ours_wall_s']:.1f} s vs faster-whisper "
                f"{r['fw_transcribe_s']:.1f} s: ratio {r['ratio']:.2f} (CPU {r['ratio_cpu']:.2f}); "
                f"WER ours {r['ours_call_wer']:.3f}, faster-whisper {r['fw_call_wer']:.3f}"
                f"{ref_text}"
            )
    elif name == "memory":
        for r in data.get("rows", []):
            if "unavailable" in r:
                lines.append(f"memory     {r['model']:14} not available offline")
            else:
                lines.append(
                    f"memory     {r['model']:14} {r['audio_s'] / 3600:.1f} h: peak "
                    f"{r['tree_peak_rss_mb']:.0f} MB (limit 2048), RTF {r['rtf']:.3f}"
                )
    elif name == "classifier_runtime":
        for runtime in ("torch", "numpy", "onnxruntime", "onnxruntime-int8"):
            r = data.get(runtime)
            if not r:
                continue
            speeds = "/".join(f"{v:.0f}" for v in r["sentences_per_s"].values())
            per_cpu = "/".join(f"{v:.0f}" for v in r["sentences_per_cpu_s"].values())
            lines.append(
                f"classifier {runtime:14} import+load {r['import_plus_load_s']:.2f} s, sentences/s "
                f"at batch {'/'.join(map(str, data['batch_sizes']))}: {speeds} (per CPU-s "
                f"{per_cpu}), peak {r['peak_rss_mb']:.0f} MB, torch imported "
                f"{r['torch_imported']}, max logit diff {r['max_abs_logit_diff_vs_torch']:.1e}"
            )
    elif name == "call_labelling":
        lines.append(
            f"labelling  {data['precision']:14} {data['calls']} whole calls: "
            f"{data['agent_sentences_per_cpu_s']:.0f} agent sentences per CPU-second "
            f"(target 150), {data['relabelled_share'] * 100:.0f} % labelled twice, "
            f"peak {data['peak_rss_mb']:.0f} MB"
        )
    elif name == "redaction":
        for layout, table in data.get("per_kind", {}).items():
            parts = [
                f"{kind} {v['recall'] if v['recall'] is not None else '-'}/"
                f"{v['precision'] if v['precision'] is not None else '-'}"
                for kind, v in table.items()
            ]
            lines.append(f"redaction  {layout:14} recall/precision: " + ", ".join(parts))
    elif name == "real_voices":
        for key, r in data.get("summary", {}).items():
            lines.append(
                f"voices     {key:24} DER {r['der_mean']:.3f} (max {r['der_max']:.3f}; "
                f"missed {r.get('missed_mean', '-')}, "
                f"false alarm {r.get('false_alarm_mean', '-')}, "
                f"confusion {r.get('confusion_mean', '-')}), words on the "
                f"right speaker {r['words_right_mean']}, {r['seconds_per_audio_minute']:.2f} s/min"
            )
        for key, r in data.get("wer", {}).items():
            lines.append(f"voices     WER {key:34} {r['wer']:.3f}")
    elif name == "real_voices_export":
        for key, r in data.get("summary", {}).items():
            lines.append(
                f"voices     export {key:17} DER from turns {r['turns']:.3f}, from segments "
                f"{r['segments']:.3f}, from word spans {r['word_spans']:.3f}"
            )
    elif name == "vocabulary":
        for key, r in data.get("summary", {}).items():
            lines.append(
                f"vocabulary {key:36} WER {r['wer']:.3f}, name recall {r['name_recall']:.3f} "
                f"({r['names_said']} names), false names {r.get('false_names', 0)}"
            )
    elif name == "pg_writer":
        for r in data.get("rows", []):
            lines.append(
                f"pg_writer  {r['engine']:10} {r['writers']} writer(s): "
                f"{r['calls_per_s']} calls/s ({r['ms_per_call']} ms a call)"
            )
    elif name == "cluster":
        for r in data.get("runs", []):
            start = f", start {r['startup_s']:.0f} s" if "startup_s" in r else ""
            lines.append(
                f"cluster    {r['executor']:30} {r['calls']} calls: {r['calls_per_min']:.1f} "
                f"calls/min, {r['audio_min_per_min']:.1f} audio min/min, writer "
                f"{r['writer_share']:.2%} ({r.get('writer_ms_per_call', 0):.1f} ms a call), "
                f"worker peak {max(r['worker_peak_rss_mb'] or [0]):.0f} MB"
                f"{start}"
            )
    else:
        lines.append(f"{name:10} see bench_results/{name}.json")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="less of everything (minutes)")
    parser.add_argument("--skip", nargs="+", default=[], choices=ORDER, metavar="NAME")
    parser.add_argument("--only", nargs="+", default=[], choices=ORDER, metavar="NAME")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    plan = commands(args.quick)
    chosen = [n for n in ORDER if n not in args.skip and (not args.only or n in args.only)]
    summary: dict[str, Any] = {
        "cores": os.cpu_count(),
        "quick": args.quick,
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "benchmarks": {},
    }
    failed = []
    for name in chosen:
        out = RESULTS / f"{name}.json"  # every benchmark's default output
        command = [sys.executable, "-m", *plan[name]]
        load = os.getloadavg()[0]
        print(f"== {name}: {' '.join(command[1:])} (load {load:.1f})", flush=True)
        began = time.perf_counter()
        code = subprocess.call(command, cwd=REPO_ROOT)
        seconds = time.perf_counter() - began
        entry: dict[str, Any] = {"seconds": round(seconds, 1), "exit": code, "load": load}
        if code == 0 and out.exists():
            entry["results"] = json.loads(out.read_text(encoding="utf-8"))
        else:
            failed.append(name)
        summary["benchmarks"][name] = entry
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print("\n== summary (load average when each started)")
    for name, entry in summary["benchmarks"].items():
        lines = summarise(name, entry.get("results", {})) if "results" in entry else []
        for line in lines or [f"{name:10} failed (exit {entry['exit']})"]:
            print(f"{line}  [load {entry['load']:.1f}, {entry['seconds']:.0f} s]")
    print(f"wrote {RESULTS / 'summary.json'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
