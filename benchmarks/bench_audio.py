"""The audio the speed benchmarks run on, synthesized on demand (never committed).

- `call_set(layout)`: the twelve scripted two-voice calls of tests/data/calls
  (10.5 minutes in all, natural pauses, one talk-over each or so), as 8 kHz
  u-law phone recordings: stereo (agent left) or mono (both voices mixed).
- `two_minute_call()`: a 2-minute two-speaker stereo call (issue 2's
  benchmark), two scripted calls joined end to end.
- `long_recording(seconds)`: a multi-hour stereo 8 kHz u-law WAV made by
  looping the stereo calls with sox, for the memory run.

Everything lands in .cache/bench-audio and is reused while the scripts and
the synthesizer stay the same.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from scripts.callsynth import SynthesizedCall, synthesize_cached, truth_path

REPO_ROOT = Path(__file__).resolve().parent.parent
CALLS_DIR = REPO_ROOT / "tests" / "data" / "calls"
AUDIO_CACHE = REPO_ROOT / ".cache" / "bench-audio"
PHONE = {"sample_rate": 8_000, "encoding": "ulaw"}


def call_scripts() -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(CALLS_DIR.glob("*.json"))
    ]


def call_set(layout: str) -> list[SynthesizedCall]:
    """The scripted calls as 8 kHz u-law WAVs with their truth ("stereo" or "mono")."""
    return [
        synthesize_cached(script, AUDIO_CACHE, layout=layout, **PHONE) for script in call_scripts()
    ]


def two_minute_call() -> SynthesizedCall:
    """About two minutes of a two-speaker stereo phone call (two scripted calls joined)."""
    scripts = call_scripts()
    turns = [*scripts[1]["turns"], *scripts[3]["turns"]]
    script = {"id": "two_minute_call", "turns": turns}
    return synthesize_cached(script, AUDIO_CACHE, layout="stereo", **PHONE)


def long_recording(seconds: float) -> Path:
    """A stereo 8 kHz u-law WAV of at least `seconds`, the stereo calls looped (sox)."""
    calls = call_set("stereo")
    out = AUDIO_CACHE / f"long-{round(seconds)}s.wav"
    if out.exists():
        return out
    total = sum(c.truth["duration_s"] for c in calls)
    loops = max(1, int(-(-seconds // total)))
    inputs = [str(c.path) for _ in range(loops) for c in calls]
    tmp = out.with_name(f".{out.name}.tmp.wav")
    subprocess.run(
        ["sox", *inputs, "-e", "u-law", "-b", "8", str(tmp), "trim", "0", str(seconds)],
        check=True,
        capture_output=True,
    )
    tmp.replace(out)
    return out


def truth_of(path: Path) -> dict[str, Any]:
    return dict(json.loads(truth_path(path).read_text(encoding="utf-8")))
