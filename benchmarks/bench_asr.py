"""The two ASR engines side by side on the same calls and weights (issue 7's evidence).

Run `python -m benchmarks.bench_asr`. Transcribes the twelve scripted calls
(8 kHz u-law, stereo and mono; benchmarks/bench_audio.py) with
`Transcriber(engine=...)` for each engine, the model loaded once, and
reports per engine and layout: transcription seconds (decoding excluded),
real-time factor, call and speaker WER, and word-time accuracy at the turn
edges. Writes bench_results/asr_engines.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "asr_engines.json"


def run_engine(engine: str, model: str, layouts: list[str]) -> list[dict[str, Any]]:
    from benchmarks.bench_audio import call_set
    from benchmarks.scoring import (
        call_wer,
        speaker_wer,
        transcript_segments,
        word_time_errors,
    )
    from models.asr.transcriber import Transcriber
    from models.audio.decode import decode_audio

    began = time.perf_counter()
    transcriber = Transcriber(model, engine=engine)
    load_s = time.perf_counter() - began
    rows: list[dict[str, Any]] = []
    for layout in layouts:
        calls = call_set(layout)
        items = []
        seconds = audio_s = 0.0
        for call in calls:
            audio = decode_audio(call.path)
            began = time.perf_counter()
            transcript = transcriber.transcribe_call(audio)
            seconds += time.perf_counter() - began
            audio_s += audio.duration_s
            items.append((call.truth, transcript_segments(transcript)))
        stereo = layout == "stereo"
        row: dict[str, Any] = {
            "engine": transcriber.engine_name,
            "model": transcriber.model_name,
            "layout": layout,
            "calls": len(calls),
            "audio_s": round(audio_s, 1),
            "load_s": round(load_s, 2),
            "asr_s": round(seconds, 2),
            "rtf": round(seconds / audio_s, 4),
            "call_wer": round(call_wer(items), 4),
            "speaker_wer": round(speaker_wer(items), 4) if stereo else None,
            **word_time_errors(items, by_speaker=stereo),
            "retried_pieces": getattr(transcriber.engine, "retried", 0),
            "load_avg": round(os.getloadavg()[0], 2),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--engines", nargs="+", default=["faster-whisper", "openai"])
    parser.add_argument("--layouts", nargs="+", default=["stereo", "mono"])
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rows = [row for engine in args.engines for row in run_engine(engine, args.model, args.layouts)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"rows": rows}, indent=2), encoding="utf-8")
    print(f"{'engine':16} {'layout':7} {'rtf':>7} {'callWER':>8} {'spkWER':>7} {'edge s':>7}")
    for r in rows:
        spk = "" if r["speaker_wer"] is None else f"{r['speaker_wer']:.3f}"
        print(
            f"{r['engine']:16} {r['layout']:7} {r['rtf']:7.3f} {r['call_wer']:8.3f} "
            f"{spk:>7} {r['edge_error_mean_s']:7.3f}"
        )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
