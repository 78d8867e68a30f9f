"""Development calls assembled from NON-AMI real voices (issue 14: a guard against overfitting).

Run `python -m scripts.build_real_voices_other` after scripts/build_real_voices.py
and scripts/build_real_voices_text.py (it reads their committed 16 kHz files).

The AMI-based calls all come from one corpus, one room type and one RTTM
convention. These calls pair three other single-speaker recordings already in
tests/data/real_voices (read Harvard sentences from the Open Speech
Repository and Real Python's example, President Kennedy's inaugural address
over a PA), each cut into its utterances at silences of at least 0.5 s. The
reference turn of an utterance runs from its first to its last frame within
40 dB of the recording's loudest and 10 dB over its background (pauses under
0.5 s inside it included), plus 50 ms either side. Two
speakers alternate with 0.35-0.9 s of quiet line between utterances, each at
its own level, as in scripts/build_real_voices.py; a speaker whose partner has
no utterance left speaks on alone (one speaker's consecutive utterances, with
the gap between them left empty). Written at 16 kHz PCM and 8 kHz mu-law
(sox) and appended to manifest.json with "group": "other".
"""

from __future__ import annotations

import json

import numpy as np

from scripts.build_real_voices import OUT, RATE, _read_wav, _write_both, alternate

HOP = 160  # 10 ms
SILENCE_DB = 40.0  # frames this far below the recording's loudest are silence ...
OVER_NOISE_DB = 10.0  # ... and so are frames less than this over its background (10th percentile)
SPLIT_S = 0.5  # a silence at least this long ends an utterance
MARGIN_S = 0.05  # audio kept around each utterance's loud span
MAX_CALL_S = 45.0

# (call name, (source, gain), (source, gain)): sources are real_voices/<name>_16k.wav
OTHER = [
    ("other_osr_harvard", ("osr_0034", 1.0), ("harvard_rp", 0.6)),
    ("other_harvard_jfk", ("harvard_rp", 1.0), ("jfk", 0.7)),
    ("other_jfk_osr", ("jfk", 0.8), ("osr_0034", 1.0)),
]


def utterances(audio: np.ndarray) -> list[np.ndarray]:
    """The utterances of one single-speaker recording, each trimmed to its loud span
    plus MARGIN_S (silences of SPLIT_S or more split them)."""
    n = len(audio) // HOP
    frames = audio[: n * HOP].reshape(n, HOP).astype(np.float64)
    level = 10 * np.log10((frames**2).mean(axis=1) + 1e-12)
    threshold = max(level.max() - SILENCE_DB, np.percentile(level, 10) + OVER_NOISE_DB)
    loud = np.flatnonzero(level >= threshold)
    if loud.size == 0:
        return []
    split = round(SPLIT_S / 0.01)
    breaks = np.flatnonzero(np.diff(loud) >= split)
    starts = np.r_[loud[0], loud[breaks + 1]]
    ends = np.r_[loud[breaks], loud[-1]] + 1
    margin = round(MARGIN_S * RATE)
    out = []
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end - start < 30:  # under 0.3 s: a click, not an utterance
            continue
        a = max(0, start * HOP - margin)
        b = min(len(audio), end * HOP + margin)
        out.append(audio[a:b])
    return out


def assemble(name: str, a: tuple[str, float], b: tuple[str, float]) -> tuple[np.ndarray, list]:
    rng = np.random.default_rng(len(name) + 100)
    queues = []
    for source, gain in (a, b):
        audio, rate = _read_wav((OUT / f"{source}_16k.wav").read_bytes())
        assert rate == RATE, (source, rate)
        pieces = utterances(audio)
        peak = max(float(np.percentile(np.abs(np.concatenate(pieces)), 99.5)), 1e-4)
        queues.append([p * (0.5 * gain / peak) for p in pieces])
    mix, turns = alternate(queues, rng, MAX_CALL_S)
    mix = mix + rng.standard_normal(len(mix)).astype(np.float32) * 3e-4  # line noise floor
    return mix, turns


def main() -> int:
    manifest_path = OUT / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    names = {spec[0] for spec in OTHER}
    calls = [c for c in manifest["calls"] if c["name"] not in names]
    for name, a, b in OTHER:
        mix, turns = assemble(name, a, b)
        calls.append(
            {
                "name": name,
                "group": "other",
                "files": _write_both(name, mix),
                "duration_s": round(len(mix) / RATE, 3),
                "turns": turns,
                "source": f"assembled from tests/data/real_voices {a[0]} and {b[0]} "
                "(see README: Open Speech Repository, Real Python MIT, whisper.cpp MIT)",
            }
        )
        print(name, round(len(mix) / RATE, 1), "s,", len(turns), "turns")
    manifest["calls"] = calls
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
