"""Analyse many files for the command line: progress, Ctrl-C, resume, parallel jobs.

Calls a previous run left unfinished (Ctrl-C, a crash) are resumed first.
Ctrl-C stops cleanly: finished calls stay stored, the call in progress is
marked interrupted and the next run picks it up again.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from app.pipeline.discover import discover
from app.pipeline.executors import InProcessExecutor
from app.pipeline.job_pool import PoolExecutor
from app.pipeline.options import AnalyzeOptions
from app.pipeline.orchestrator import FileRequest, Orchestrator
from app.pipeline.outcome import FileOutcome
from app.pipeline.pg_lease import leases_for
from app.pipeline.process import CallProcessor
from app.pipeline.writer import CallWriter
from app.storage.engine import open_library
from app.storage.library import Library
from app.storage.records import CallRecord
from kernel.statuses import Outcome
from models.analysis.certainty import NEEDS_A_LOOK, RUSHED, stored_verdict

log = logging.getLogger(__name__)

EXIT_OK, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 0, 1, 130


@dataclass
class BatchResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # paths never started
    interrupted: bool = False

    def count(self, status: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.problems or self.count(Outcome.FAILED):
            return EXIT_SOME_FAILED
        return EXIT_OK


class ConsoleProgress:
    """One updating line on a terminal; stage changes only when piped to a file."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream
        self.total = total
        self.tty = stream.isatty()
        self._last = ""
        self._last_write = 0.0

    def file_progress(self, index: int, name: str, fraction: float, message: str) -> None:
        stage = message.split(":")[0]
        line = f"[{index}/{self.total}] {name}: {fraction:4.0%} {message}"
        if self.tty:
            now = time.monotonic()
            if now - self._last_write < 0.1 and fraction < 1.0:
                return
            self._last_write = now
            self.stream.write("\r\033[K" + line[:150])
            self.stream.flush()
        elif stage != self._last:
            self.stream.write(f"[{index}/{self.total}] {name}: {stage}\n")
            self.stream.flush()
        self._last = stage

    def end_line(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()
        self._last = ""


def describe(outcome: FileOutcome) -> str:
    if outcome.status == Outcome.STORED:
        verdict = {RUSHED: "rushed", NEEDS_A_LOOK: "needs a look"}.get(
            stored_verdict(outcome.rushed, outcome.patterns) or "", "not rushed"
        )
        found = ", ".join(outcome.patterns) or "no patterns"
        seconds = outcome.timings.get("total_s", 0.0)
        line = (
            f"{outcome.path}: call {outcome.call_id}, {outcome.duration_s:.0f} s audio, "
            f"{verdict} ({found}), analysed in {seconds:.1f} s"
        )
        if outcome.warnings:
            line += "; stored with a warning: " + "; ".join(outcome.warnings)
        return line
    return outcome.message


def one_line(text: str) -> str:
    """`text` with control characters escaped: a file name with a newline stays one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the decoder names it
        return path.absolute()


def orphaned_calls(library: Library) -> list[CallRecord]:
    """Unfinished calls no live run holds (a crash, Ctrl-C, a killed worker): to resume."""
    leases = leases_for(library)
    try:
        return [c for c in library.resumable_calls() if leases.holder(c.sha256) is None]
    finally:
        getattr(leases, "close", lambda: None)()


def plan_files(
    paths: Sequence[str | Path], library: Library, resumable: Sequence[CallRecord] = ()
) -> tuple[list[Path], BatchResult]:
    """Calls to resume first (when their file is still there), then the given paths."""
    result = BatchResult()
    discovery = discover(paths)
    result.problems.extend(discovery.problems)
    files: list[Path] = []
    seen: set[Path] = set()
    for call in resumable:
        source = Path(call.source)
        if source.is_file() and _key(source) not in seen:
            seen.add(_key(source))
            files.append(source)
    for path in discovery.files:
        if _key(path) not in seen:
            seen.add(_key(path))
            files.append(path)
    return files, result


def analyze_paths(
    paths: Sequence[str | Path],
    db_path: Path,
    options: AnalyzeOptions,
    *,
    jobs: int | None = 1,
    out: TextIO | None = None,
    err: TextIO | None = None,
    processor: CallProcessor | None = None,
    cluster: Any = None,
) -> BatchResult:
    """Analyse `paths` (files or folders) into the library at `db_path`.

    `cluster`: a distributed.Client (app.pipeline.dask_run.connect) to analyse on.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    library = processor.library if processor else open_library(db_path)
    resumable = orphaned_calls(library)
    files, result = plan_files(paths, library, resumable)
    for path, reason in result.problems:
        print(one_line(f"error: {path}: {reason}"), file=err)
    if resumable:
        print(f"resuming {len(resumable)} call(s) a previous run did not finish", file=err)
    if not files:
        if not result.problems:
            print("nothing to analyse", file=err)
        return result
    try:
        if jobs is None:  # auto: one job per core (each single-threaded), at most 4
            jobs = min(os.cpu_count() or 1, 4)
        writer = CallWriter(library)
        if cluster is not None:
            from app.pipeline.dask_run import run_on_cluster

            run_on_cluster(files, writer, options, cluster, result, out, err)
        elif jobs <= 1 or len(files) == 1:
            executor = InProcessExecutor(processor.models if processor else None)
            _run_here(files, Orchestrator(writer, executor), options, result, out, err)
        else:
            _run_parallel(files, writer, options, jobs, result, out, err)
    except KeyboardInterrupt:  # the orchestrator marked the calls in progress interrupted
        result.interrupted = True
        print(
            "\nstopped: finished calls are stored; what was in progress resumes on the next run",
            file=err,
        )
    finally:
        if processor is None:
            library.close()
    stored, skipped = result.count(Outcome.STORED), result.count(Outcome.SKIPPED)
    failed = result.count(Outcome.FAILED) + len(result.problems)
    warned = sum(1 for o in result.outcomes if o.status == Outcome.STORED and o.warnings)
    with_warning = f" ({warned} with a warning)" if warned else ""
    why_skipped = " (already in the library, or being analysed by another run)" if skipped else ""
    print(
        f"{stored} analysed{with_warning}, {skipped} skipped{why_skipped}, {failed} failed",
        file=err,
    )
    return result


def _report(outcome: FileOutcome, result: BatchResult, out: TextIO, err: TextIO) -> None:
    result.outcomes.append(outcome)
    if outcome.status == Outcome.FAILED:
        print(one_line(f"error: {outcome.message}"), file=err)
    elif outcome.status == Outcome.CANCELED:
        print(one_line(outcome.message), file=err)
    else:
        print(one_line(describe(outcome)), file=out)
    out.flush()
    err.flush()


class _CtrlC:
    """First Ctrl-C: stop at the next safe point (between Whisper batches, or after
    the call in progress is stored); a second one interrupts at once."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None

    def __enter__(self) -> _CtrlC:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, _signum: int, _frame: Any) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True


def _run_here(
    files: list[Path],
    orchestrator: Orchestrator,
    options: AnalyzeOptions,
    result: BatchResult,
    out: TextIO,
    err: TextIO,
) -> None:
    console = ConsoleProgress(err, len(files))
    with _CtrlC() as ctrl_c:

        def progress(request: FileRequest, fraction: float, message: str) -> None:
            console.file_progress(request.key, request.path.name, fraction, message)

        def finished(_request: FileRequest, outcome: FileOutcome) -> None:
            console.end_line()
            _report(outcome, result, out, err)
            if ctrl_c.requested:
                raise KeyboardInterrupt  # handled by analyze_paths: report and exit 130

        orchestrator.run(
            (FileRequest(path, options, key=i) for i, path in enumerate(files, start=1)),
            on_outcome=finished,
            on_progress=progress,
            should_cancel=lambda: ctrl_c.requested,
        )


def _unique_content(
    files: list[Path], result: BatchResult, out: TextIO, err: TextIO
) -> tuple[list[Path], dict[str, str]]:
    """One file per content: two jobs must never analyse the same recording at once.

    Returns the files and each one's content hash (where it could be read).
    """
    from kernel.domain import CallscopeInputError
    from models.audio.decode import file_sha256

    first_of: dict[str, Path] = {}
    digests: dict[str, str] = {}
    unique: list[Path] = []
    for path in files:
        try:
            digest = file_sha256(path)
        except CallscopeInputError as exc:  # no worker needed to say why
            _report(FileOutcome(str(path), Outcome.FAILED, message=str(exc)), result, out, err)
            continue
        except OSError:
            unique.append(path)  # the job reports why it cannot be read
            continue
        if digest in first_of:
            outcome = FileOutcome(
                str(path), Outcome.SKIPPED, message=f"{path}: same recording as {first_of[digest]}"
            )
            result.outcomes.append(outcome)
            print(one_line(outcome.message), file=out)
            continue
        first_of[digest] = path
        digests[str(path)] = digest
        unique.append(path)
    return unique, digests


def _run_parallel(
    files: list[Path],
    writer: CallWriter,
    options: AnalyzeOptions,
    jobs: int,
    result: BatchResult,
    out: TextIO,
    err: TextIO,
) -> None:
    files, digests = _unique_content(files, result, out, err)
    if not files:
        return
    jobs = min(jobs, len(files))
    threads = max(1, (os.cpu_count() or 1) // jobs)
    options = AnalyzeOptions(**{**options.__dict__, "threads": options.threads or threads})
    print(f"analysing {len(files)} files with {jobs} jobs", file=err)
    finished = [0]

    def on_outcome(_request: FileRequest, outcome: FileOutcome) -> None:
        _report(outcome, result, out, err)
        finished[0] += 1
        print(f"[{finished[0]}/{len(files)}] files finished", file=err)

    def on_retry(request: FileRequest, reason: str) -> None:
        print(
            one_line(f"warning: {request.path}: the analysing process {reason}; trying once more"),
            file=err,
        )

    executor = PoolExecutor(jobs)
    try:
        Orchestrator(writer, executor).run(
            [FileRequest(p, options, sha256=digests.get(str(p))) for p in files],
            on_outcome=on_outcome,
            on_retry=on_retry,
        )
    finally:
        executor.close()
