"""Build `calls_train_asr.jsonl`: the training calls as the app hears them.

    python -m models.data.build_asr_rows [--limit N]

Every training call (development calls excluded) is synthesized by
scripts/callsynth.py and transcribed by Whisper tiny.en, the default engine,
through the evaluation's `AudioPath` (so with the same voices and layouts):
twice, stereo 16 kHz and mono 8 kHz mu-law, each with another pair of voices. The writer's
labels are carried over to Whisper's sentences by `models.data.asr_rows`.
Audio and transcripts are cached under `.cache/trainaudio/` (gitignored; about
15 minutes on two cores the first time); the rows are committed, so
`build_call_data` needs neither. A call whose audio cannot be made is skipped
with one line naming it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from models.classifier.callsets import LabelledCall, load_calls
from models.data.asr_rows import asr_rows
from models.data.build_call_data import CALLS_DIR, dev_ids

REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_FILE = Path(__file__).resolve().parent / "calls_train_asr.jsonl"
CACHE_DIR = REPO_ROOT / ".cache" / "trainaudio"
LAYOUT_CYCLE = ("stereo", "mono8k")


def training_calls() -> list[tuple[str, LabelledCall]]:
    """(writer, call) in the evaluation's interleaved order (voices follow the index)."""
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


def layout_of(index: int) -> str:
    """Pairs of calls alternate layouts (the cache was first filled by two workers)."""
    return LAYOUT_CYCLE[(index // 2) % len(LAYOUT_CYCLE)]


def renderings(index: int) -> list[tuple[str, int]]:
    """(layout, voice index) of each recording of call `index`: both layouts, each with
    its own pair of voices."""
    first = layout_of(index)
    second = next(layout for layout in LAYOUT_CYCLE if layout != first)
    return [(first, index), (second, index + 1)]


def build(limit: int | None = None) -> list[dict[str, str]]:
    from models.classifier.eval_calls import AudioPath

    path = AudioPath(cache_dir=CACHE_DIR)
    rows: list[dict[str, str]] = []
    for index, (writer, call) in enumerate(training_calls()[:limit]):
        for layout, voices in renderings(index):
            try:
                transcript, _ = path.transcript(call, layout, voices)
            except (OSError, RuntimeError, ValueError) as error:
                print(f"{call.id} ({layout}): skipped, no audio ({error})", file=sys.stderr)
                continue
            rows += asr_rows(call, transcript, writer, layout)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N calls")
    args = parser.parse_args(argv)
    rows = build(args.limit)
    with OUT_FILE.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {OUT_FILE}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
