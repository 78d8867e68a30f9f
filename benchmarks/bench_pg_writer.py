"""The writer's speed into the team library: calls stored per second, PostgreSQL vs SQLite.

Run `python -m benchmarks.bench_pg_writer [--calls 60] [--writers 1 2]`. Starts
a throw-away PostgreSQL server (initdb + pg_ctl, durable: fsync and
synchronous_commit on, as a real server), then stores the scripted calls
(tests/data/calls, analysed with their scripts' labels: about 60 words and
18 sentences each, the size of a 1-minute call) the way the pipeline's
writer does (begin_call, then save_call in one transaction), cycling the
scripts under new names until `--calls` are stored. Measures calls per
second for one writer on SQLite (WAL, synchronous=NORMAL) and on PostgreSQL
over TCP on localhost, and for N writer processes at once on PostgreSQL.
Writes bench_results/pg_writer.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "pg_writer.json"


def _prepared(count: int, offset: int = 0) -> list[tuple[str, str, Any, Any]]:
    import hashlib

    from tests.fixtures.calls import load_scripts
    from tests.fixtures.library import script_analysis

    scripts = load_scripts()
    analysed = [script_analysis(s) for s in scripts]
    out = []
    for n in range(count):
        transcript, analysis = analysed[n % len(analysed)]
        source = f"/bench/{offset + n:06d}_{scripts[n % len(scripts)]['id']}.wav"
        out.append((source, hashlib.sha256(source.encode()).hexdigest(), transcript, analysis))
    return out


def _store(target: str, calls: list[tuple[str, str, Any, Any]]) -> float:
    """Seconds to store `calls` through one library connection (opening not counted)."""
    from app.storage.engine import open_library

    with open_library(target, reviewer="bench") as library:
        start = time.perf_counter()
        for source, sha, transcript, analysis in calls:
            call_id = library.begin_call(source, sha, duration_s=transcript.duration_s, channels=2)
            library.save_call(call_id, transcript, analysis)
        return time.perf_counter() - start


def _writer(target: str, count: int, offset: int, queue: Any) -> None:
    calls = _prepared(count, offset)
    queue.put(_store(target, calls))


def _parallel(target: str, writers: int, per_writer: int, offset: int) -> float:
    """Wall seconds for `writers` processes each storing `per_writer` calls at once."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    procs = [
        context.Process(target=_writer, args=(target, per_writer, offset + i * 100_000, queue))
        for i in range(writers)
    ]
    start = time.perf_counter()
    for proc in procs:
        proc.start()
    times = [queue.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join()
    return max(times) if times else time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--writers", type=int, nargs="*", default=[2])
    parser.add_argument(
        "--no-fsync", action="store_true", help="the server without fsync (what durability costs)"
    )
    args = parser.parse_args()

    from tests.fixtures.postgres import PostgresServer

    calls = _prepared(args.calls)
    words = sum(len(w.words) for _, _, t, _ in calls[:1] for w in t.segments)
    sentences = len(calls[0][3].sentences)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        seconds = _store(str(Path(folder) / "bench.db"), calls)
        rows.append({"engine": "sqlite", "writers": 1, "calls": len(calls), "seconds": seconds})
    server = PostgresServer(durable=not args.no_fsync).start()
    try:
        url = server.create_database("bench")
        seconds = _store(url, calls)
        engine = "postgresql" + (" (fsync off)" if args.no_fsync else "")
        rows.append({"engine": engine, "writers": 1, "calls": len(calls), "seconds": seconds})
        for n, writers in enumerate(args.writers):
            per = max(1, args.calls // writers)
            seconds = _parallel(url, writers, per, offset=(n + 1) * 1_000_000)
            rows.append(
                {"engine": engine, "writers": writers, "calls": per * writers,
                 "seconds": seconds}
            )  # fmt: skip
    finally:
        server.stop()
    for row in rows:
        row["calls_per_s"] = round(row["calls"] / row["seconds"], 1)
        row["ms_per_call"] = round(1000 * row["seconds"] / row["calls"], 1)
        row["seconds"] = round(row["seconds"], 3)
    result = {
        "machine": {
            "cpus": os.cpu_count(),
            "load": os.getloadavg(),
            "python": platform.python_version(),
        },
        "words_per_call": words,
        "sentences_per_call": sentences,
        "rows": rows,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    for row in rows:
        print(
            f"{row['engine']:10} writers={row['writers']} {row['calls']} calls in "
            f"{row['seconds']:.2f} s: {row['calls_per_s']} calls/s ({row['ms_per_call']} ms/call)"
        )
    print(f"per call: {words} words, {sentences} sentences; load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
