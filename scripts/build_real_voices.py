"""Build the real-voices development set (issue 14) from public recordings.

Run once, with local clones of the two source repositories:

    python scripts/build_real_voices.py --pyannote PATH/pyannote-audio --joinly PATH/joinly

Writes tests/data/real_voices/: 16 kHz PCM and 8 kHz mu-law WAVs, and
manifest.json with the reference speaker turns (and reference text where it is
known). The sources and licences are in tests/data/real_voices/README.md.

* `ami_dev00`, `ami_dev01`: the first 30 s (the annotated part) of the two
  AMI excerpts in pyannote-audio's tests/data (two speakers, RTTM turns).
* `assembled_*`: calls assembled from stretches where exactly one person
  speaks (RTTM, no other speaker within 0.1 s) in the AMI training excerpts,
  two people from different meetings, alternating with pauses of
  0.35-0.9 s, each at its own level; one has a back-channel laid over the
  other speaker's turn (overlap, scored as both).
* `osr_0034`: Open Speech Repository Harvard list 72, one speaker, with its
  reference text (for WER only).
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "real_voices"
RATE = 16000
ANNOTATED_S = 30.0


def _git_blob(repo: Path, path: str) -> bytes:
    return subprocess.run(
        [
            "git",
            "--git-dir",
            str(repo / ".git") if (repo / ".git").exists() else str(repo),
            "show",
            f"HEAD:{path}",
        ],
        check=True,
        capture_output=True,
    ).stdout


def _read_wav(data: bytes) -> tuple[np.ndarray, int]:
    from scipy.io import wavfile  # reads the float WAVs too

    rate, raw = wavfile.read(io.BytesIO(data))
    if raw.ndim > 1:
        raw = raw.mean(axis=1)
    if raw.dtype == np.int16:
        return raw.astype(np.float32) / 32768.0, rate
    return raw.astype(np.float32), rate


def _write_pcm16(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())


def _write_both(name: str, samples: np.ndarray) -> dict[str, str]:
    wav16 = OUT / f"{name}_16k.wav"
    wav8 = OUT / f"{name}_8k_ulaw.wav"
    _write_pcm16(wav16, samples, RATE)
    subprocess.run(
        ["sox", "-R", str(wav16), "-r", "8000", "-e", "u-law", "-b", "8", str(wav8)], check=True
    )
    return {"16k": wav16.name, "8k_ulaw": wav8.name}


def _rttm(repo: Path) -> dict[str, list[tuple[float, float, str]]]:
    turns: dict[str, list[tuple[float, float, str]]] = {}
    for split in ("train", "development", "test"):
        for line in _git_blob(repo, f"tests/data/debug.{split}.rttm").decode().splitlines():
            f = line.split()
            start, dur = float(f[3]), float(f[4])
            turns.setdefault(f[1], []).append((start, min(start + dur, ANNOTATED_S), f[7]))
    return turns


def _solo_stretches(
    turns: list[tuple[float, float, str]], speaker: str
) -> list[tuple[float, float]]:
    """Stretches >= 1 s of `speaker` with nobody else within 0.1 s."""
    out = []
    for s, e, who in turns:
        if who != speaker:
            continue
        for s2, e2, w2 in turns:
            if w2 != speaker and s2 < e + 0.1 and e2 > s - 0.1:
                # cut the stretch to the longest side free of the other speaker
                left, right = (s, s2 - 0.1), (e2 + 0.1, e)
                s, e = left if left[1] - left[0] >= right[1] - right[0] else right
        if e - s >= 1.0:
            out.append((s, e))
    return out


# (call name, (meeting, speaker, gain), (meeting, speaker, gain), back-channel?)
ASSEMBLED = [
    ("assembled_m_f", ("trn03", "M\u00c9O069", 1.0), ("trn05", "FEE078", 0.6), False),
    ("assembled_f_f", ("trn06", "FEE083", 0.8), ("trn05", "FEE078", 1.0), True),
    ("assembled_m_m", ("trn03", "M\u00c9O069", 1.0), ("trn00", "MEE068", 0.7), False),
]


def alternate(
    queues: list[list[np.ndarray]], rng: np.random.Generator, max_s: float
) -> tuple[np.ndarray, list[list]]:
    """Speakers A and B (queues[0], queues[1]) take turns, one piece each, after 0.5 s
    of silence, with 0.35-0.9 s of silence between pieces, until both queues are
    empty or the call reaches `max_s`; a speaker whose partner has nothing left
    goes on alone. The queues are consumed. Returns the mix and its reference
    turns [[start_s, end_s, "A"|"B"], ...]."""
    out: list[np.ndarray] = [np.zeros(int(0.5 * RATE), np.float32)]
    turns: list[list] = []
    t = 0.5
    who = 0
    while any(queues) and t < max_s:
        if not queues[who]:
            who = 1 - who
            continue
        piece = queues[who].pop(0)
        out.append(piece.astype(np.float32))
        turns.append([round(t, 3), round(t + len(piece) / RATE, 3), "AB"[who]])
        t += len(piece) / RATE
        gap = float(rng.uniform(0.35, 0.9))
        out.append(np.zeros(int(gap * RATE), np.float32))
        t += gap
        who = 1 - who
    return np.concatenate(out), turns


def _assemble(repo: Path, rttm: dict, spec: tuple) -> tuple[np.ndarray, list[list]]:
    name, a, b, backchannel = spec
    rng = np.random.default_rng(len(name))
    pieces = []
    for meeting, speaker, gain in (a, b):
        fname = "tr\u00f100" if meeting == "trn00" else meeting  # stored under a non-ASCII name
        audio, rate = _read_wav(_git_blob(repo, f"tests/data/{fname}.wav"))
        assert rate == RATE
        stretches = []
        for s, e in _solo_stretches(rttm[meeting], speaker):
            while e - s >= 1.0:  # turns of 1.5-5 s
                cut = min(e, s + float(rng.uniform(1.5, 5.0)))
                cut = e if e - cut < 1.0 else cut
                stretches.append(audio[int(s * RATE) : int(cut * RATE)])
                s = cut
        peak = max(float(np.percentile(np.abs(np.concatenate(stretches)), 99.5)), 1e-4)
        pieces.append([x * (0.5 * gain / peak) for x in stretches])
    mix, turns = alternate([list(p) for p in pieces], rng, 40.0)
    if backchannel:
        # the shortest piece of B left over, laid over the middle of A's longest turn
        bc = min(pieces[1], key=len)[: int(0.8 * RATE)]
        a_turns = [tr for tr in turns if tr[2] == "A"]
        longest = max(a_turns, key=lambda tr: tr[1] - tr[0])
        start = (longest[0] + longest[1]) / 2
        i = int(start * RATE)
        mix[i : i + len(bc)] += bc
        turns.append([round(start, 3), round(start + len(bc) / RATE, 3), "B"])
        turns.sort()
    # line noise floor, so pauses are not digital silence
    mix = mix + rng.standard_normal(len(mix)).astype(np.float32) * 3e-4
    return mix, turns


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pyannote", type=Path, required=True, help="clone of pyannote/pyannote-audio"
    )
    parser.add_argument("--joinly", type=Path, required=True, help="clone of joinly-ai/joinly")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rttm = _rttm(args.pyannote)
    calls = []
    for uri in ("dev00", "dev01"):
        audio, rate = _read_wav(_git_blob(args.pyannote, f"tests/data/{uri}.wav"))
        files = _write_both(f"ami_{uri}", audio[: int(ANNOTATED_S * rate)])
        turns = [[s, round(e, 3), w] for s, e, w in sorted(rttm[uri])]
        calls.append(
            {
                "name": f"ami_{uri}",
                "files": files,
                "duration_s": ANNOTATED_S,
                "turns": turns,
                "source": f"pyannote-audio tests/data/{uri}.wav (AMI), MIT",
            }
        )
    for spec in ASSEMBLED:
        mix, turns = _assemble(args.pyannote, rttm, spec)
        files = _write_both(spec[0], mix)
        calls.append(
            {
                "name": spec[0],
                "files": files,
                "duration_s": round(len(mix) / RATE, 3),
                "turns": turns,
                "source": f"assembled from pyannote-audio tests/data {spec[1][0]} {spec[1][1]} and "
                f"{spec[2][0]} {spec[2][1]} (AMI), MIT",
            }
        )
    osr, rate = _read_wav(_git_blob(args.joinly, "tests/data/speech_audio/OSR_us_000_0034_8k.wav"))
    samples = json.loads(_git_blob(args.joinly, "tests/data/speech_audio/test_samples.json"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "osr.wav"
        _write_pcm16(src, osr, rate)
        up = Path(tmp) / "osr16.wav"
        subprocess.run(["sox", str(src), "-r", str(RATE), str(up)], check=True)
        osr16, _ = _read_wav(up.read_bytes())
    files = _write_both("osr_0034", osr16)
    calls.append(
        {
            "name": "osr_0034",
            "files": files,
            "duration_s": round(len(osr16) / RATE, 3),
            "turns": None,
            "text": samples[0]["transcription"],
            "source": "joinly tests/data OSR_us_000_0034_8k.wav (Open "
            "Speech Repository, Harvard sentences list 72); originally 8 kHz, so its 16k file "
            "is upsampled",
        }
    )
    (OUT / "manifest.json").write_text(json.dumps({"calls": calls}, indent=1) + "\n")
    for c in calls:
        print(c["name"], c["duration_s"], len(c["turns"] or []), "turns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
