"""Issue 16: 50+ calls through the local pool and through a two-worker Dask LocalCluster.

Run `python -m benchmarks.bench_cluster [--calls N] [--only local|cluster]`.
The calls are short two-voice 8 kHz u-law stereo phone calls synthesized from
the scripted calls (tests/data/calls: the first turns of each, in several
flite voice pairs so that every recording is different), cached in
.cache/bench-cluster/. Each executor analyses all of them into a fresh
library with the real models (tiny.en, one Whisper thread per worker):

- local: `analyze --jobs 2` (app/pipeline/job_pool.py: two spawned worker
  processes, each analysing and storing its own calls); its wall time
  includes starting the workers and loading their models;
- cluster: `analyze --cluster` (app/pipeline/dask_executor.py) on a
  `LocalCluster(n_workers=2, processes=True, threads_per_worker=1)` started
  with the worker preload; the cluster's start and model loading is timed
  apart (`startup_s`), as a team's cluster is running before a night's run.

Reported per executor: calls/min and audio-minutes per minute of wall time,
the writer's share (the seconds the one writer, in this process for both
executors, spends registering calls and storing results, commits included,
over the wall time: when it nears 1 the writer is the bound), and each
worker process's peak RSS (sampled every 0.2 s; the main process's too).
For the cluster also the plumbing alone: 300 tasks that carry a mean
call's bytes and do nothing, a window in flight (tasks/s: the most calls/s
one scheduler and this client pass, whatever the workers).
Writes bench_results/cluster.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

from app.pipeline.batch import analyze_paths
from app.pipeline.options import AnalyzeOptions
from app.storage.library import Library
from scripts.callsynth import synthesize_cached
from tests.fixtures.calls import load_scripts

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "cluster.json"
AUDIO_CACHE = REPO_ROOT / ".cache" / "bench-cluster"
VOICE_PAIRS = (("slt", "rms"), ("rms", "slt"), ("awb", "kal"), ("kal", "awb"), ("slt", "awb"))
TURNS = 6  # the first turns of each script: 15-40 s calls
SAMPLE_S = 0.2


def bench_calls(count: int) -> list[Path]:
    """`count` different short phone calls (synthesized once, then cached)."""
    calls: list[Path] = []
    for agent, customer in VOICE_PAIRS:
        for script in load_scripts():
            if len(calls) == count:
                return calls
            short = {
                "id": f"{script['id']}-{agent}-{customer}",
                "agent_voice": agent,
                "customer_voice": customer,
                "turns": script["turns"][:TURNS],
            }
            made = synthesize_cached(
                short, AUDIO_CACHE, layout="stereo", sample_rate=8_000, encoding="ulaw"
            )
            calls.append(made.path)
    if len(calls) < count:
        raise SystemExit(f"only {len(calls)} different calls can be made; ask for fewer")
    return calls


class RssSampler:
    """Peak RSS of every descendant process of this one (and of this one), sampled."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self.names: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for process in [me, *me.children(recursive=True)]:
                try:
                    rss = process.memory_info().rss / 2**20
                    if rss > self.peaks.get(process.pid, 0.0):
                        self.peaks[process.pid] = rss
                        self.names.setdefault(process.pid, " ".join(process.cmdline()[:3]))
                except psutil.Error:
                    continue
            self._stop.wait(SAMPLE_S)

    @contextmanager
    def running(self) -> Iterator[RssSampler]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join()


class WriterClock:
    """The one writer's whole time in this process: registering calls and storing
    results, commits included (CallWriter.begin and .store, wrapped while timed)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0

    @contextmanager
    def running(self) -> Iterator[WriterClock]:
        from app.pipeline.writer import CallWriter

        originals = {name: getattr(CallWriter, name) for name in ("begin", "store")}

        def timed(name: str) -> Callable[..., Any]:
            original = originals[name]

            def wrapper(*args: Any, **kwargs: Any) -> Any:
                began = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    self.seconds += time.perf_counter() - began
                    self.calls += name == "store"

            return wrapper

        for name in originals:
            setattr(CallWriter, name, timed(name))
        try:
            yield self
        finally:
            for name, original in originals.items():
                setattr(CallWriter, name, original)


def _figures(db: Path, wall: float) -> dict[str, Any]:
    with Library(db) as library:
        calls = library.list_calls()
    done = [c for c in calls if c.status == "done"]
    audio_s = sum(c.duration_s for c in done)
    writer_s = sum(float(c.timings.get("storage_s", 0.0)) for c in done)
    return {
        "calls": len(done),
        "not_done": len(calls) - len(done),
        "audio_min": round(audio_s / 60, 2),
        "wall_s": round(wall, 2),
        "calls_per_min": round(len(done) / wall * 60, 2),
        "audio_min_per_min": round(audio_s / wall, 2),
        "writer_s": round(writer_s, 3),
        "writer_share": round(writer_s / wall, 4),
        "mean_call_s": round(
            sum(float(c.timings.get("total_s", 0.0)) for c in done) / max(len(done), 1), 2
        ),
    }


def _timed(run: Callable[[Path], Any], exclude: set[int]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "library.db"
        sampler, writer = RssSampler(), WriterClock()
        with sampler.running(), writer.running():
            started = time.perf_counter()
            run(db)
            wall = time.perf_counter() - started
        figures = _figures(db, wall)
        # The writer's whole time (commits included), not only the stored storage_s.
        figures["writer_s"] = round(writer.seconds, 3)
        figures["writer_share"] = round(writer.seconds / wall, 4)
        figures["writer_ms_per_call"] = round(writer.seconds / max(writer.calls, 1) * 1000, 2)
    me = os.getpid()
    workers = {p: mb for p, mb in sampler.peaks.items() if p != me and p not in exclude}
    figures["main_peak_rss_mb"] = round(sampler.peaks.get(me, 0.0), 1)
    figures["worker_peak_rss_mb"] = sorted(round(mb, 1) for mb in workers.values() if mb > 150)
    return figures


def run_local(files: list[Path], jobs: int) -> dict[str, Any]:
    def run(db: Path) -> None:
        sink = io.StringIO()
        analyze_paths(files, db, AnalyzeOptions(), jobs=jobs, out=sink, err=sink)

    return {"executor": f"local pool, {jobs} jobs", **_timed(run, set())}


def run_cluster(files: list[Path], workers: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from app.pipeline.dask_worker import model_loads

    began = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            host="127.0.0.1",
            preload=["app.pipeline.dask_preload"],
            preload_argv=["--asr-threads", "1"],
        ) as cluster,
        Client(cluster) as client,
    ):
        client.wait_for_workers(workers)
        while set(client.run(model_loads).values()) != {2}:  # the preload's models loaded
            time.sleep(0.2)
        startup = time.perf_counter() - began
        nannies = {
            p.pid for p in psutil.Process().children() if "nanny" in " ".join(p.cmdline()).lower()
        }

        def run(db: Path) -> None:
            sink = io.StringIO()
            analyze_paths(files, db, AnalyzeOptions(), out=sink, err=sink, cluster=client)

        figures = _timed(run, nannies)
        figures["scheduler"] = _scheduler_round_trips(client, files)
    return {
        "executor": f"Dask LocalCluster, {workers} workers",
        "startup_s": round(startup, 2),
        **figures,
    }


def _scheduler_round_trips(client: Any, files: list[Path], tasks: int = 300) -> dict[str, Any]:
    """What the cluster's plumbing alone costs per call: `tasks` tasks that carry a
    mean call's bytes to a worker and return at once (no analysis), a window of
    them in flight as `analyze --cluster` keeps. Bounds calls/s from the
    scheduler and the transfer of the audio, whatever the number of workers."""
    size = round(sum(p.stat().st_size for p in files) / len(files))
    payload = bytes(size)
    window = 2 * (sum(client.nthreads().values()) or 1)
    started = time.perf_counter()
    running: list[Any] = []
    for _ in range(tasks):
        running.append(client.submit(len, payload, pure=False))
        if len(running) >= window:
            running.pop(0).result()
    client.gather(running)
    seconds = time.perf_counter() - started
    return {
        "tasks": tasks,
        "bytes_per_task": size,
        "seconds": round(seconds, 2),
        "tasks_per_s": round(tasks / seconds, 1),
        "ms_per_task": round(seconds / tasks * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=52, help="how many calls (default 52)")
    parser.add_argument("--workers", type=int, default=2, help="jobs / Dask workers (default 2)")
    parser.add_argument("--only", choices=("local", "cluster"), default=None)
    args = parser.parse_args()
    files = bench_calls(args.calls)
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": os.getloadavg()[0],
        },
        "calls": len(files),
        "runs": [],
    }
    if args.only in (None, "local"):
        results["runs"].append(run_local(files, args.workers))
    if args.only in (None, "cluster"):
        results["runs"].append(run_cluster(files, args.workers))
    results["machine"]["load_after"] = os.getloadavg()[0]
    for r in results["runs"]:
        print(
            f"{r['executor']}: {r['calls']} calls ({r['audio_min']} audio min) in {r['wall_s']} s: "
            f"{r['calls_per_min']} calls/min, {r['audio_min_per_min']} audio min/min; writer "
            f"{r['writer_share']:.2%} of the wall time ({r['writer_ms_per_call']} ms a call); "
            f"worker peak RSS {r['worker_peak_rss_mb']} MB"
            + (f"; cluster start + models {r['startup_s']} s" if "startup_s" in r else "")
            + (
                f"; plumbing alone {r['scheduler']['tasks_per_s']} tasks/s of "
                f"{r['scheduler']['bytes_per_task'] // 1000} kB"
                if "scheduler" in r
                else ""
            )
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
