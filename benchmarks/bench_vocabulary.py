"""Custom vocabulary: WER and name recall with and without it (issue 14).

Run `python -m benchmarks.bench_vocabulary [--models tiny.en,base] [--layouts stereo]`.
Synthesizes the calls of benchmarks/vocabulary_calls.py (flite, 8 kHz
mu-law, cached under .cache/test-audio), transcribes each with the product's
Transcriber with no vocabulary, with the call's names, and with another
call's names (names never said: do they get inserted?), and reports the
pooled WER (Whisper's English normaliser), name recall (names said that
appear spelled exactly as given) and false names (names given but never
said that appear). Writes bench_results/vocabulary.json.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from benchmarks.real_voices import REPO_ROOT
from benchmarks.scoring import pooled_wer, segments_text, transcript_segments, truth_text
from benchmarks.vocabulary_calls import CALLS, name_hits, script_of

RESULTS = REPO_ROOT / "bench_results" / "vocabulary.json"
AUDIO_CACHE = REPO_ROOT / ".cache" / "test-audio"


def synthesized(layout: str) -> list[tuple[dict[str, Any], Any, dict[str, Any]]]:
    """(call, path, truth) for every vocabulary call at 8 kHz mu-law."""
    from scripts.callsynth import synthesize_cached

    out = []
    for call in CALLS:
        made = synthesize_cached(
            script_of(call), AUDIO_CACHE, layout=layout, sample_rate=8_000, encoding="ulaw"
        )
        out.append((call, made.path, made.truth))
    return out


def measure(model: str, layout: str, engine: str = "auto") -> list[dict[str, Any]]:
    from models.asr.transcriber import Transcriber
    from models.audio.decode import decode_audio

    transcriber = Transcriber(model, engine=engine)
    rows: list[dict[str, Any]] = []
    made = synthesized(layout)
    for index, (call, path, truth) in enumerate(made):
        audio = decode_audio(path)
        reference = truth_text(truth)
        other = made[(index + 1) % len(made)][0]["vocabulary"]
        for condition in ("without", "with", "other"):
            vocabulary = {"without": [], "with": call["vocabulary"], "other": other}[condition]
            started = time.perf_counter()
            transcript = transcriber.transcribe_call(audio, vocabulary=vocabulary)
            seconds = time.perf_counter() - started
            hypothesis = segments_text(transcript_segments(transcript))
            found, said = name_hits(reference, hypothesis, call["vocabulary"])
            false_names = name_hits(hypothesis, hypothesis, other)[0]
            rows.append(
                {
                    "model": model,
                    "engine": transcriber.engine_name,
                    "layout": layout,
                    "call": call["id"],
                    "vocabulary": condition,
                    "reference": reference,
                    "hypothesis": hypothesis,
                    "names_found": found,
                    "names_said": said,
                    "false_names": false_names,
                    "seconds": round(seconds, 2),
                }
            )
            print(
                f"{model:8} {layout:6} {call['id']:18} vocab={condition:7} "
                f"names {found}/{said} false {false_names} {seconds:.1f}s | {hypothesis}",
                flush=True,
            )
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    keys = sorted({(r["model"], r["engine"], r["layout"]) for r in rows})
    for model, engine, layout in keys:
        for condition in ("without", "with", "other"):
            mine = [
                r
                for r in rows
                if (r["model"], r["engine"], r["layout"]) == (model, engine, layout)
                and r["vocabulary"] == condition
            ]
            said = sum(r["names_said"] for r in mine)
            summary[f"{model}/{engine}/{layout}/{condition}"] = {
                "wer": round(pooled_wer([(r["reference"], r["hypothesis"]) for r in mine]), 4),
                "name_recall": round(sum(r["names_found"] for r in mine) / max(said, 1), 4),
                "names_said": said,
                "false_names": sum(r["false_names"] for r in mine),
                "seconds": round(sum(r["seconds"] for r in mine), 2),
            }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--layouts", default="stereo")
    parser.add_argument("--engine", default="auto", help="auto, faster-whisper or openai")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    for model in args.models.split(","):
        for layout in args.layouts.split(","):
            rows.extend(measure(model, layout, args.engine))
    summary = summarise(rows)
    for key, value in summary.items():
        print(
            f"{key:40} WER {value['wer']:.3f} name recall {value['name_recall']:.3f} "
            f"({value['names_said']} names), false names {value['false_names']}, "
            f"{value['seconds']:.1f} s"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"summary": summary, "rows": rows}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
