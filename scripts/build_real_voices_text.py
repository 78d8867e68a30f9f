"""Add real recordings with reference text to the real-voices set (issue 14, WER).

Run once, after scripts/build_real_voices.py, with local clones:

    python -m scripts.build_real_voices_text --whisper-cpp PATH/whisper.cpp \
        --realpython PATH/python-speech-recognition

Adds to tests/data/real_voices/ (16 kHz PCM and 8 kHz mu-law, mono) and its
manifest.json, replacing earlier entries of the same name:

* `jfk`: whisper.cpp `samples/jfk.wav` (repository MIT), 11 s of President
  Kennedy's 1961 inaugural address (public domain), outdoor PA recording;
* `harvard_rp`: Real Python python-speech-recognition
  `audio_files/harvard.wav` (repository MIT), six Harvard sentences (list 8,
  public domain) read by one man, 18 s;
* `jackhammer_rp`: the same repository's `audio_files/jackhammer.wav`, one
  Harvard sentence over a jackhammer, 3.4 s: noisy speech.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from scripts.build_real_voices import OUT, RATE, _git_blob, _read_wav, _write_both

SOURCES = (
    (
        "jfk",
        "whisper_cpp",
        "samples/jfk.wav",
        "And so my fellow Americans, ask not what your country can do for you, "
        "ask what you can do for your country.",
        "whisper.cpp samples/jfk.wav (repository MIT; J. F. Kennedy inaugural address 1961, "
        "public domain)",
    ),
    (
        "harvard_rp",
        "realpython",
        "audio_files/harvard.wav",
        "The stale smell of old beer lingers. It takes heat to bring out the odor. "
        "A cold dip restores health and zest. A salt pickle tastes fine with ham. "
        "Tacos al pastor are my favorite. A zestful food is the hot cross bun.",
        "realpython/python-speech-recognition audio_files/harvard.wav (repository MIT; "
        "Harvard sentences list 8, public domain)",
    ),
    (
        "jackhammer_rp",
        "realpython",
        "audio_files/jackhammer.wav",
        "The stale smell of old beer lingers.",
        "realpython/python-speech-recognition audio_files/jackhammer.wav (repository MIT; "
        "Harvard sentence over jackhammer noise)",
    ),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--whisper-cpp", type=Path, required=True)
    parser.add_argument("--realpython", type=Path, required=True)
    args = parser.parse_args()
    repos = {"whisper_cpp": args.whisper_cpp, "realpython": args.realpython}
    manifest_path = OUT / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    names = {s[0] for s in SOURCES}
    calls = [c for c in manifest["calls"] if c["name"] not in names]
    for name, repo, path, text, source in SOURCES:
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "in.wav"
            raw.write_bytes(_git_blob(repos[repo], path))
            mono = Path(tmp) / "mono16.wav"
            cmd = ["sox", str(raw), "-b", "16", "-e", "signed-integer", "-r", str(RATE)]
            subprocess.run([*cmd, str(mono), "remix", "-"], check=True)
            samples, _rate = _read_wav(mono.read_bytes())
        files = _write_both(name, samples)
        calls.append(
            {
                "name": name,
                "files": files,
                "duration_s": round(len(samples) / RATE, 3),
                "turns": None,
                "text": text,
                "source": source,
            }
        )
        print(name, round(len(samples) / RATE, 2), "s")
    manifest_path.write_text(json.dumps({"calls": calls}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
