"""Mono diarization on real human voices, candidates side by side (issue 14).

Run `python -m benchmarks.bench_real_voices [--systems mfcc,resemblyzer]`.
For every two-speaker call of tests/data/real_voices, at 16 kHz PCM and at
8 kHz mu-law: DER (10 ms frames, no collar, overlap scored, best speaker
mapping), words on the right speaker (Whisper tiny.en words, cached under
.cache/real_voices), and the diarization time; then the WER of Whisper
tiny.en and base on the calls with reference text. Systems:

* `mfcc`: the issue-6 diarizer (MFCC + F0 windows, Ward, GMM-HMM).
* `mfcc-two`: the same with the voice count forced to two.
* `resemblyzer`: the product's path (models/diarization/embedding.py): Resemblyzer
  embeddings and the MFCC split both seed the GMM-HMM resegmentation, one track kept.
* `senko`: senko 0.2.2 on CPU (needs senko and torch installed; not a project
  dependency: run with a Python that has it).

Writes bench_results/real_voices.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any

import numpy as np

from benchmarks.measure import peak_rss_mb
from benchmarks.real_voices import REPO_ROOT, RealCall, der, load_calls, words_right

RESULTS = REPO_ROOT / "bench_results" / "real_voices.json"
WORDS_CACHE = REPO_ROOT / ".cache" / "real_voices"


def _track_turns(track: Any, features: Any) -> list[list[Any]]:
    from models.diarization.timeline import speaker_turns

    return speaker_turns(
        track, features.loose_speech, features.n_frames, {0: "0", 1: "1"}, features.level_db
    )


def _one_voice(features: Any) -> list[list[Any]]:
    from models.diarization.clustering import SpeakerTrack

    frames = np.nonzero(features.speech)[0]
    zeros = np.zeros(len(frames), dtype=int)
    return _track_turns(SpeakerTrack(frames, zeros, zeros * 0.0, zeros * 0.0, 0.0), features)


def run_mfcc(samples: np.ndarray) -> list[list[Any]]:
    from models.diarization.clustering import count_voices, resegment
    from models.diarization.features import frame_features

    features = frame_features(samples)
    count = count_voices(features)
    track = resegment(features, count) if count.n_speakers == 2 else None
    return _track_turns(track, features) if track is not None else _one_voice(features)


def run_mfcc_two(samples: np.ndarray) -> list[list[Any]]:
    """The issue-6 path with the voice count forced to two."""
    from dataclasses import replace

    from models.diarization.clustering import count_voices, resegment
    from models.diarization.features import frame_features

    features = frame_features(samples)
    count = count_voices(features)
    track = resegment(features, replace(count, n_speakers=2)) if 2 in count.labels else None
    return _track_turns(track, features) if track is not None else _one_voice(features)


def run_hybrid(samples: np.ndarray) -> list[list[Any]]:
    """The product's path: Resemblyzer + MFCC seeds, GMM-HMM resegmentation, timeline."""
    from models.diarization.clustering import count_voices
    from models.diarization.embedding import embedding_track
    from models.diarization.features import frame_features

    features = frame_features(samples)
    _count, track = embedding_track(samples, features, count_voices(features))
    return _track_turns(track, features) if track is not None else _one_voice(features)


_SENKO: Any = None


def run_senko(samples: np.ndarray) -> list[list[Any]]:
    global _SENKO
    if _SENKO is None:
        import senko

        _SENKO = senko.Diarizer(device="cpu", warmup=True, quiet=True)
    out = _SENKO.diarize_samples(np.clip(samples, -1.0, 1.0), sample_rate=16_000)
    return [[s["start"], s["end"], s["speaker"]] for s in out.get("merged_segments") or []]


SYSTEMS = {
    "resemblyzer": run_hybrid,
    "mfcc": run_mfcc,
    "mfcc-two": run_mfcc_two,
    "senko": run_senko,
}


def whisper_words(call: RealCall, samples: np.ndarray) -> list[tuple[float, float]]:
    """Whisper tiny.en word times for the call (cached by name and variant)."""
    path = WORDS_CACHE / f"{call.name}-{call.variant}.words.json"
    if path.exists():
        return [tuple(w) for w in json.loads(path.read_text())]
    from kernel.domain import DecodedAudio
    from models.asr.transcriber import Transcriber

    transcriber = Transcriber("tiny.en")
    transcript = transcriber.transcribe_call(DecodedAudio(samples[None, :], 16_000, 1))
    words = [(w.start, w.end) for s in transcript.segments for w in s.words]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(words))
    return words


def wer_by_model(models: tuple[str, ...] = ("tiny.en", "base")) -> dict[str, Any]:
    """WER (Whisper's English normaliser) of each model on the calls with reference text."""
    from benchmarks.scoring import pooled_wer
    from kernel.domain import DecodedAudio
    from models.asr.transcriber import Transcriber

    calls = [c for c in load_calls(with_turns=False) if c.text]
    out: dict[str, Any] = {}
    texts: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for model in models:
        transcriber = Transcriber(model)
        for call in calls:
            samples = call.samples()
            started = time.perf_counter()
            transcript = transcriber.transcribe_call(DecodedAudio(samples[None, :], 16_000, 1))
            seconds = time.perf_counter() - started
            text = " ".join(s.text for s in transcript.segments)
            wer = pooled_wer([(call.text or "", text)])
            out[f"{model}/{call.name}/{call.variant}"] = {
                "wer": round(wer, 4),
                "seconds": round(seconds, 2),
            }
            texts.setdefault((model, call.variant), []).append((call.text or "", text))
            print(
                f"WER {model:8} {call.name} {call.variant:8} {wer:.3f} ({seconds:.1f} s)",
                flush=True,
            )
    for (model, variant), pairs in texts.items():  # all calls' words together
        out[f"{model}/all/{variant}"] = {"wer": round(pooled_wer(pairs), 4), "calls": len(pairs)}
        print(f"WER {model:8} all {variant:8} {out[f'{model}/all/{variant}']['wer']:.3f}")
    return out


def _summary(rows: list[dict[str, Any]], *, words: bool) -> dict[str, Any]:
    """Mean and max DER, mean of each error kind, words right, cost, over some rows."""
    return {
        "calls": len(rows),
        "der_mean": round(statistics.mean(r["der"] for r in rows), 4),
        "der_max": round(max(r["der"] for r in rows), 4),
        **{
            f"{kind}_mean": round(statistics.mean(r[kind] for r in rows), 4)
            for kind in ("missed", "false_alarm", "confusion")
        },
        "words_right_mean": round(statistics.mean(r["words_right"] for r in rows), 4)
        if words
        else None,
        "seconds_per_audio_minute": round(
            60 * sum(r["seconds"] for r in rows) / sum(r["audio_s"] for r in rows), 3
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", default="mfcc,resemblyzer")
    parser.add_argument("--no-words", action="store_true", help="skip Whisper words")
    parser.add_argument("--no-wer", action="store_true", help="skip WER of tiny.en vs base")
    args = parser.parse_args(argv)
    systems = args.systems.split(",")
    calls = load_calls()
    rows: list[dict[str, Any]] = []
    for call in calls:
        samples = call.samples()
        words = [] if args.no_words else whisper_words(call, samples)
        for name in systems:
            started = time.perf_counter()
            hypothesis = SYSTEMS[name](samples)
            seconds = time.perf_counter() - started
            score = der(call, hypothesis)
            right = (
                words_right(call, [(s, e, None) for s, e in words], hypothesis) if words else None
            )
            rows.append(
                {
                    "call": call.name,
                    "group": call.group,
                    "variant": call.variant,
                    "system": name,
                    "der": round(score["der"], 4),
                    "missed": round(score["missed"], 4),
                    "false_alarm": round(score["false_alarm"], 4),
                    "confusion": round(score["confusion"], 4),
                    "words_right": None if right is None else round(right, 4),
                    "seconds": round(seconds, 3),
                    "audio_s": call.duration_s,
                }
            )
            print(
                f"{call.name:14} {call.variant:8} {name:17} DER {score['der']:.3f} "
                f"(miss {score['missed']:.3f} fa {score['false_alarm']:.3f} "
                f"conf {score['confusion']:.3f})"
                f" words {'-' if right is None else f'{right:.3f}'} {seconds:.2f}s",
                flush=True,
            )
    summary: dict[str, Any] = {}
    for name in systems:
        for variant in ("16k", "8k_ulaw"):
            for group in ("all", "ami", "other"):
                mine = [
                    r
                    for r in rows
                    if r["system"] == name
                    and r["variant"] == variant
                    and group in ("all", r["group"])
                ]
                if not mine:
                    continue
                key = f"{name}/{variant}" + ("" if group == "all" else f"/{group}")
                summary[key] = _summary(mine, words=not args.no_words)
                print(key, summary[key])
    wer = {} if args.no_wer else wer_by_model()
    peak_mb = peak_rss_mb()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "rows": rows,
                "summary": summary,
                "wer": wer,
                "peak_rss_mb": round(peak_mb),
                "load": os.getloadavg(),
            },
            indent=1,
        )
    )
    print(f"peak RSS {peak_mb:.0f} MB, load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
