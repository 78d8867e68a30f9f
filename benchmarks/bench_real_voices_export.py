"""Real-voices DER through the product's own door: `analyze` + `export --format json`.

Run `python -m benchmarks.bench_real_voices_export [--keep DIR]`. Every
two-speaker call of tests/data/real_voices (16 kHz PCM and 8 kHz mu-law) is
analysed into a fresh library and exported; then DER (as bench_real_voices:
10 ms frames, no collar, overlap scored, best mapping) is scored three ways
from the export, as an outside reader could take the speakers from it:

* `turns`: the exported `diarization.turns`;
* `segments`: the exported segments as (start, end, speaker);
* `word_spans`: each segment from its first word's start to its last word's
  end (what segments were before their times followed the turns).

Writes bench_results/real_voices_export.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.real_voices import REPO_ROOT, der, load_calls

RESULTS = REPO_ROOT / "bench_results" / "real_voices_export.json"
WAYS = ("turns", "segments", "word_spans")


def timelines(exported: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """The three speaker timelines of one exported call (see the module doc)."""
    segments = exported["segments"]
    return {
        "turns": exported["diarization"]["turns"],
        "segments": [[s["start"], s["end"], s["speaker"]] for s in segments],
        "word_spans": [
            [s["words"][0]["start"], s["words"][-1]["end"], s["speaker"]]
            for s in segments
            if s.get("words")
        ],
    }


def analyse_and_export(folder: Path) -> dict[str, dict[str, Any]]:
    """Exported JSON per audio file name, after `analyze` of every real-voices call."""
    from app.cli import main

    calls_dir = folder / "calls"
    calls_dir.mkdir(parents=True, exist_ok=True)
    for call in load_calls():
        shutil.copy(call.path, calls_dir / call.path.name)
    db = folder / "library.db"
    out = folder / "export.json"
    if main(["analyze", str(calls_dir), "--db", str(db)]) != 0:
        raise SystemExit("analyze failed")
    if main(["export", "--db", str(db), "--format", "json", "--out", str(out)]) != 0:
        raise SystemExit("export failed")
    return {Path(c["source"]).name: c for c in json.loads(out.read_text(encoding="utf-8"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="analyse into this folder and keep it")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="real-voices-export-"))
    try:
        by_file = analyse_and_export(folder)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    rows: list[dict[str, Any]] = []
    for call in load_calls():
        exported = by_file[call.path.name]
        row: dict[str, Any] = {"call": call.name, "group": call.group, "variant": call.variant}
        row["status"] = exported["diarization"]["status"]
        for way, timeline in timelines(exported).items():
            row[way] = round(der(call, timeline)["der"], 4)
        rows.append(row)
        print(
            f"{call.name:18} {call.variant:8} "
            + " ".join(f"{way} {row[way]:.3f}" for way in WAYS)
            + f"  ({row['status']})",
            flush=True,
        )
    summary: dict[str, Any] = {}
    for variant in ("16k", "8k_ulaw"):
        for group in ("all", "ami", "other"):
            mine = [r for r in rows if r["variant"] == variant and group in ("all", r["group"])]
            key = f"{variant}/{group}"
            summary[key] = {way: round(statistics.mean(r[way] for r in mine), 4) for way in WAYS}
            print(key, summary[key])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": rows, "summary": summary}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
