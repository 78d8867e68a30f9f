"""Run a command as a child process and measure it: wall time, CPU time, peak memory.

Peak RSS comes from two places: the kernel's own high-water mark for the
child (`os.wait4` rusage, exact, the largest single process of the tree)
and a /proc poll every 0.1 s summing the RSS of the child and all its
descendants (for `--jobs N`, where several processes hold models at once).
The machine's load average is recorded with every measurement: on a shared
2-core machine it says how far to trust the seconds.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Measured:
    command: list[str]
    returncode: int
    wall_s: float
    cpu_s: float  # user + system of the child and its waited-for descendants
    peak_rss_mb: float  # largest single process (kernel high-water mark)
    tree_peak_rss_mb: float  # largest sum over the process tree (sampled)
    load_before: float
    load_after: float
    stdout: str
    stderr: str

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("stdout")
        data["stderr_tail"] = data.pop("stderr")[-400:]
        return data


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found.extend(int(p) for p in text.split())
    except OSError:
        pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
        return int(fields[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and all its descendants, in MB."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss_kb(current)
        stack.extend(_children(current))
    return total / 1024


def run_measured(
    command: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout_s: float | None = None,
) -> Measured:
    """Run `command` to completion and measure it (its output is captured)."""
    load_before = os.getloadavg()[0]
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}-{time.time_ns()}"
    with open(f"{out_path}.out", "w+b") as out, open(f"{out_path}.err", "w+b") as err:
        started = time.perf_counter()
        child = subprocess.Popen(list(command), stdout=out, stderr=err, env=env, cwd=cwd)
        peak = [0.0]
        stop = threading.Event()

        def poll() -> None:
            while not stop.wait(0.1):
                peak[0] = max(peak[0], tree_rss_mb(child.pid))

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        try:
            deadline = None if timeout_s is None else started + timeout_s
            while True:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid:
                    break
                if deadline is not None and time.perf_counter() > deadline:
                    child.kill()
                time.sleep(0.05)
        finally:
            stop.set()
            poller.join()
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    return Measured(
        command=list(command),
        returncode=child.returncode,
        wall_s=round(wall, 2),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 2),
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),
        tree_peak_rss_mb=round(max(peak[0], usage.ru_maxrss / 1024), 1),
        load_before=round(load_before, 2),
        load_after=round(os.getloadavg()[0], 2),
        stdout=stdout,
        stderr=stderr,
    )


def peak_rss_mb() -> float:
    """This process's own peak RSS in MB: /proc's VmHWM. ru_maxrss is not used where
    /proc answers: on Linux it keeps the peak of the process that forked it across
    exec, so a small child of a big parent reports the parent's peak."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
