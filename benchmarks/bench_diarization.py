"""Mono diarization quality and cost on synthesized 8 kHz u-law calls (issue 6).

Run `python -m benchmarks.bench_diarization`. Every script in
tests/data/mono_calls is synthesized as one mixed u-law channel,
transcribed with Whisper tiny.en, then diarized. Reported per call and in
summary: DER (0.25 s collar, and without collar), word-level speaker
attribution, whether the roles are right, the status against the expected
one (one voice -> single_speaker, three -> too_many_speakers, sustained
talk-over -> heavy_overlap), and the time diarization adds relative to
transcription. A stress pass re-diarizes the two-voice calls with added
noise (20 and 10 dB SNR) and with the customer 12 dB quieter (Whisper words
from the clean audio). Writes bench_results/diarization.json.
Targets on the two-voice calls: DER <= 10 %, words >= 95 %, every role
right, diarization < 15 % of transcription time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "diarization.json"
AUDIO_CACHE = REPO_ROOT / ".cache" / "test-audio"
TRANSCRIPT_CACHE = REPO_ROOT / ".cache" / "diarization"
TARGETS = {"der": 0.10, "word_accuracy": 0.95, "overhead": 0.15}


def expected_status(turns: list[dict[str, Any]], name: str) -> str:
    voices = {t["voice"] for t in turns}
    if len(voices) == 1:
        return "single_speaker"
    if len(voices) >= 3:
        return "too_many_speakers"
    return "heavy_overlap" if "heavy_overlap" in name else "ok"


def add_noise(samples: np.ndarray, snr_db: float, seed: int = 0) -> np.ndarray:
    """Pinkish noise at `snr_db` below the speech level (RMS of samples above -40 dBFS)."""
    from scipy.signal import lfilter

    rng = np.random.default_rng(seed)
    noise = lfilter([1.0], [1.0, -0.9], rng.standard_normal(len(samples)))
    noise /= np.sqrt(np.mean(noise**2))
    speech_rms = float(np.sqrt(np.mean(samples[np.abs(samples) > 0.01] ** 2)))
    return (samples + noise * speech_rms * 10 ** (-snr_db / 20)).astype(np.float32)


def quieter_side(
    samples: np.ndarray, turns: list[dict[str, Any]], role: str, db: float
) -> np.ndarray:
    """Attenuate `role`'s turns by `db` where the other side is silent (a far-end line)."""
    out = samples.copy()
    gain = 10 ** (-db / 20)
    for turn in turns:
        if turn["role"] != role:
            continue
        if any(
            u["role"] != role and u["start"] < turn["end"] and u["end"] > turn["start"]
            for u in turns
        ):
            continue
        out[int(turn["start"] * 16_000) : int(turn["end"] * 16_000)] *= gain
    return out


def score(result: Any, call: Any) -> dict[str, Any]:
    from models.diarization.scoring import diarization_error_rate, roles_correct, word_attribution

    block = result.diarization
    row: dict[str, Any] = {
        "status": block["status"],
        "num_speakers_detected": block["num_speakers_detected"],
        "role_confidence": block["confidence"],
        "overlap_share": block["overlap_share"],
        "voice_split_gains": block["voice_split_gains"],
    }
    if block["turns"]:
        der = diarization_error_rate(call.turns, block["turns"], call.duration_s)
        strict = diarization_error_rate(call.turns, block["turns"], call.duration_s, collar_s=0)
        row["der"] = round(der["der"], 4)
        row["der_parts"] = {k: round(v, 4) for k, v in der.items() if k != "der"}
        row["der_no_collar"] = round(strict["der"], 4)
    words = word_attribution(result, call.turns)
    row["words"] = words["words"]
    row["word_accuracy"] = round(float(words["accuracy"]), 4)
    row["word_accuracy_outside_overlap"] = round(float(words["accuracy_outside_overlap"]), 4)
    row["unknown_share"] = round(float(words["unknown_share"]), 4)
    row["roles_correct"] = roles_correct(result, call.turns)
    return row


def load_role_hint() -> tuple[Callable[..., Any] | None, str]:
    try:
        from models.classifier.predict import SentenceClassifier

        return SentenceClassifier.load().predict, "sentence classifier"
    except Exception as error:
        return None, f"unavailable ({type(error).__name__})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--calls", nargs="*", help="script names (default: all)")
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument(
        "--reuse-transcripts",
        action="store_true",
        help="reuse cached transcripts and the Whisper time measured when they were made",
    )
    parser.add_argument("--no-stress", action="store_true", help="skip noise/level variants")
    parser.add_argument("--classifier", action="store_true", help="also use the classifier hint")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO_ROOT))
    from models.asr.transcriber import Transcriber
    from models.diarization.diarizer import METHOD, diarize_transcript
    from tests.models.diarization.mono_calls import make_call, script_names, transcribe_cached

    names = args.calls or script_names()
    transcriber = Transcriber(args.model)
    role_hint, hint_name = load_role_hint() if args.classifier else (None, "not used")
    started = time.perf_counter()
    warm_call = make_call(names[0], AUDIO_CACHE)
    diarize_transcript(
        warm_call.samples, transcribe_cached(warm_call, transcriber, TRANSCRIPT_CACHE)[0]
    )
    first_call_s = time.perf_counter() - started

    rows: list[dict[str, Any]] = []
    for name in names:
        call = make_call(name, AUDIO_CACHE)
        transcript, asr_s = transcribe_cached(
            call, transcriber, TRANSCRIPT_CACHE, reuse=args.reuse_transcripts
        )
        begin = time.perf_counter()
        result = diarize_transcript(call.samples, transcript, role_hint=role_hint)
        diarize_s = time.perf_counter() - begin
        row = {
            "call": name,
            "duration_s": round(call.duration_s, 2),
            "voices": sorted({t["voice"] for t in call.turns}),
            "expected_status": expected_status(call.turns, name),
            **score(result, call),
            "asr_s": round(asr_s, 3),
            "diarize_s": round(diarize_s, 3),
            "overhead": round(diarize_s / asr_s, 4) if asr_s > 0 else None,
        }
        row["status_right"] = row["status"] == row["expected_status"]
        if not args.no_stress and row["expected_status"] == "ok":
            variants = {
                "snr20": add_noise(call.samples, 20),
                "snr10": add_noise(call.samples, 10),
                "customer_minus12db": quieter_side(call.samples, call.turns, "customer", 12),
            }
            row["stress"] = {
                label: {
                    k: v
                    for k, v in score(diarize_transcript(samples, transcript), call).items()
                    if k in ("status", "der", "word_accuracy", "roles_correct")
                }
                for label, samples in variants.items()
            }
        rows.append(row)
        print(
            f"{name:28s} {row['status']:17s} (want {row['expected_status']:17s}) "
            f"DER {row.get('der', float('nan')):.3f} words {row['word_accuracy']:.3f} "
            f"roles {row['roles_correct']!s:5s} asr {asr_s:5.1f}s diarize {diarize_s:4.2f}s",
            flush=True,
        )

    two = [r for r in rows if r["expected_status"] == "ok"]
    summary: dict[str, Any] = {
        "two_voice_calls": len(two),
        "der_mean": round(statistics.mean(r.get("der", 1.0) for r in two), 4) if two else None,
        "der_max": round(max(r.get("der", 1.0) for r in two), 4) if two else None,
        "der_no_collar_mean": (
            round(statistics.mean(r.get("der_no_collar", 1.0) for r in two), 4) if two else None
        ),
        "word_accuracy_mean": (
            round(statistics.mean(r["word_accuracy"] for r in two), 4) if two else None
        ),
        "word_accuracy_min": round(min(r["word_accuracy"] for r in two), 4) if two else None,
        "word_accuracy_outside_overlap_mean": (
            round(statistics.mean(r["word_accuracy_outside_overlap"] for r in two), 4)
            if two
            else None
        ),
        "roles_correct": f"{sum(r['roles_correct'] for r in two)}/{len(two)}",
        "status_right": f"{sum(r['status_right'] for r in rows)}/{len(rows)}",
        "overhead_mean": round(
            sum(r["diarize_s"] for r in rows) / max(sum(r["asr_s"] for r in rows), 1e-9), 4
        ),
        "overhead_max": round(max(r["overhead"] or 0.0 for r in rows), 4),
        "first_call_s": round(first_call_s, 2),
    }
    if not args.no_stress and two:
        summary["stress"] = {
            label: {
                "status_ok": sum(r["stress"][label]["status"] == "ok" for r in two),
                "word_accuracy_mean": round(
                    statistics.mean(r["stress"][label]["word_accuracy"] for r in two), 4
                ),
                "roles_correct": sum(r["stress"][label]["roles_correct"] for r in two),
            }
            for label in two[0]["stress"]
        }
    summary["targets_met"] = bool(
        two
        and summary["der_max"] <= TARGETS["der"]
        and summary["word_accuracy_min"] >= TARGETS["word_accuracy"]
        and all(r["roles_correct"] for r in two)
        and summary["overhead_max"] < TARGETS["overhead"]
    )
    report = {
        "benchmark": "diarization",
        "method": METHOD,
        "asr_model": args.model,
        "role_hint": hint_name,
        "reused_transcripts": args.reuse_transcripts,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
        },
        "targets": TARGETS,
        "summary": summary,
        "calls": rows,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(summary, indent=2))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
