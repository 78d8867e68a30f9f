"""Build `calls_train_asr.jsonl`: the training calls as the app hears them.

    python -m models.data.build_asr_rows [--limit N] [--jobs N]

Every training call (development calls excluded) is synthesized by
scripts/callsynth.py and transcribed by Whisper tiny.en, the default engine,
through the evaluation's `AudioPath` (so with the same voices and layouts):
twice, stereo 16 kHz and mono 8 kHz mu-law, each with another pair of voices
(chosen from the call's id, so adding a writer leaves every other call's
recordings, and their cache, as they were). The writer's labels are carried
over to Whisper's sentences by `models.data.asr_rows`. Audio and transcripts
are cached under `.cache/trainaudio/` (gitignored; about 15 minutes per 100
calls on one core the first time, `--jobs 2` fills it on two); the rows are
committed, so `build_call_data` needs neither. A call whose audio cannot be
made is skipped with one line naming it.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from kernel.domain import Transcript
from models.classifier.callsets import LabelledCall, load_calls
from models.data.asr_rows import asr_rows
from models.data.build_call_data import CALLS_DIR, dev_ids

if TYPE_CHECKING:
    from models.classifier.eval_calls import AudioPath

REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_FILE = Path(__file__).resolve().parent / "calls_train_asr.jsonl"
CACHE_DIR = REPO_ROOT / ".cache" / "trainaudio"
LAYOUT_CYCLE = ("stereo", "mono8k")


def training_calls() -> list[tuple[str, LabelledCall]]:
    """(writer, call) in the evaluation's interleaved order."""
    from models.classifier.eval_calls import interleave

    held = dev_ids()
    writer_of: dict[str, str] = {}
    calls: list[LabelledCall] = []
    for path in sorted(CALLS_DIR.glob("*/calls.jsonl")):
        for call in load_calls(path):
            if call.id not in held:
                writer_of[call.id] = path.parent.name
                calls.append(call)
    return [(writer_of[c.id], c) for c in interleave(calls)]


def renderings(call_id: str) -> list[tuple[str, int]]:
    """(layout, voice index) of each recording of a call: both layouts, each with its own
    pair of voices, taken from a checksum of the id (stable whatever else is added)."""
    code = zlib.crc32(call_id.encode("utf-8"))
    first = LAYOUT_CYCLE[(code >> 8) % len(LAYOUT_CYCLE)]
    second = next(layout for layout in LAYOUT_CYCLE if layout != first)
    voices = code % 1024
    return [(first, voices), (second, voices + 1)]


@functools.cache
def _audio_path() -> AudioPath:
    """One per process: Whisper loads once, not once per call."""
    from models.classifier.eval_calls import AudioPath

    return AudioPath(cache_dir=CACHE_DIR)


def _heard(call: LabelledCall) -> list[tuple[str, Transcript | Exception]]:
    """Whisper's transcripts of one call's recordings (cached); (layout, transcript or error)."""
    path = _audio_path()
    out: list[tuple[str, Transcript | Exception]] = []
    for layout, voices in renderings(call.id):
        try:
            transcript, _ = path.transcript(call, layout, voices)
        except (OSError, RuntimeError, ValueError) as error:
            out.append((layout, error))
            continue
        out.append((layout, transcript))
    return out


def build(limit: int | None = None, jobs: int = 1) -> list[dict[str, str]]:
    calls = training_calls()[:limit]
    heard: list[list[tuple[str, Transcript | Exception]]] = []
    with ProcessPoolExecutor(jobs) as pool:
        for done in pool.map(_heard, [call for _, call in calls]):
            heard.append(done)
            print(f"\rheard {len(heard)}/{len(calls)} calls", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    rows: list[dict[str, str]] = []
    for (writer, call), recordings in zip(calls, heard, strict=True):
        for layout, transcript in recordings:
            if isinstance(transcript, Exception):
                print(f"{call.id} ({layout}): skipped, no audio ({transcript})", file=sys.stderr)
                continue
            rows += asr_rows(call, transcript, writer, layout)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N calls")
    parser.add_argument("--jobs", type=int, default=1, help="calls transcribed at once")
    args = parser.parse_args(argv)
    rows = build(args.limit, max(1, args.jobs))
    with OUT_FILE.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {OUT_FILE}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
