"""Analyse many files for the command line: progress, Ctrl-C, resume, parallel jobs.

Calls a previous run left unfinished (Ctrl-C, a crash) are resumed first.
Ctrl-C stops cleanly: finished calls stay stored, the call in progress is
marked interrupted and the next run picks it up again.
"""

from __future__ import annotations

import multiprocessing
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
from app.pipeline.options import AnalyzeOptions
from app.pipeline.process import (
    CANCELED,
    FAILED_OUTCOME,
    SKIPPED,
    STORED,
    CallProcessor,
    FileOutcome,
)
from app.storage.library import Library
from app.storage.records import INTERRUPTED, PROCESSING

EXIT_OK, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 0, 1, 130


@dataclass
class BatchResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # paths never started
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.problems or self.count(FAILED_OUTCOME):
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
    if outcome.status == STORED:
        verdict = "rushed" if outcome.rushed else "not rushed"
        found = ", ".join(outcome.patterns) or "no patterns"
        seconds = outcome.timings.get("total_s", 0.0)
        return (
            f"{outcome.path}: call {outcome.call_id}, {outcome.duration_s:.0f} s audio, "
            f"{verdict} ({found}), analysed in {seconds:.1f} s"
        )
    return outcome.message


def plan_files(paths: Sequence[str | Path], library: Library) -> tuple[list[Path], BatchResult]:
    """Resumable calls first (when their file is still there), then the given paths."""
    result = BatchResult()
    discovery = discover(paths)
    result.problems.extend(discovery.problems)
    files: list[Path] = []
    seen: set[Path] = set()
    for call in library.resumable_calls():
        source = Path(call.source)
        if source.is_file() and source.resolve() not in seen:
            seen.add(source.resolve())
            files.append(source)
    for path in discovery.files:
        if path.resolve() not in seen:
            seen.add(path.resolve())
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
) -> BatchResult:
    """Analyse `paths` (files or folders) into the library at `db_path`."""
    out = out or sys.stdout
    err = err or sys.stderr
    library = processor.library if processor else Library(db_path)
    files, result = plan_files(paths, library)
    for path, reason in result.problems:
        print(f"error: {path}: {reason}", file=err)
    resumed = len(library.resumable_calls())
    if resumed:
        print(f"resuming {resumed} call(s) a previous run did not finish", file=err)
    if not files:
        if not result.problems:
            print("nothing to analyse", file=err)
        return result
    try:
        if jobs is None:  # auto: one job per core (each single-threaded), at most 4
            jobs = min(os.cpu_count() or 1, 4)
        if jobs <= 1 or len(files) == 1:
            _run_here(files, processor or CallProcessor(library, options), result, out, err)
        else:
            _run_parallel(files, db_path, options, jobs, result, out, err)
    except KeyboardInterrupt:
        result.interrupted = True
        _mark_in_flight_interrupted(library)
        print(
            "\nstopped: finished calls are stored; the interrupted one resumes on the next run",
            file=err,
        )
    finally:
        if processor is None:
            library.close()
    stored, skipped = result.count(STORED), result.count(SKIPPED)
    failed = result.count(FAILED_OUTCOME) + len(result.problems)
    print(f"{stored} analysed, {skipped} already in the library, {failed} failed", file=err)
    return result


def _report(outcome: FileOutcome, result: BatchResult, out: TextIO, err: TextIO) -> None:
    result.outcomes.append(outcome)
    if outcome.status == FAILED_OUTCOME:
        print(f"error: {outcome.message}", file=err)
    elif outcome.status == CANCELED:
        print(outcome.message, file=err)
    else:
        print(describe(outcome), file=out)
    out.flush()


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
    files: list[Path], processor: CallProcessor, result: BatchResult, out: TextIO, err: TextIO
) -> None:
    console = ConsoleProgress(err, len(files))
    with _CtrlC() as ctrl_c:
        for index, path in enumerate(files, start=1):

            def progress(fraction: float, message: str, i: int = index, n: str = path.name) -> None:
                console.file_progress(i, n, fraction, message)

            outcome = processor.process(
                path, progress=progress, should_cancel=lambda: ctrl_c.requested
            )
            console.end_line()
            _report(outcome, result, out, err)
            if ctrl_c.requested:
                raise KeyboardInterrupt  # handled by analyze_paths: report and exit 130


def _mark_in_flight_interrupted(library: Library) -> None:
    for call in library.resumable_calls():
        if call.status == PROCESSING:
            library.set_status(call.id, INTERRUPTED, "stopped by the user (Ctrl-C)")


# -- parallel jobs: one process per job, each with its own models and connection --

_worker_processor: CallProcessor | None = None


def _init_job(db_path: str, options: AnalyzeOptions) -> None:
    global _worker_processor
    from app.logging_setup import setup_logging

    setup_logging()  # tracebacks to the log file, never to a terminal
    _worker_processor = CallProcessor(Library(db_path), options)


def _job(path: str) -> FileOutcome:
    assert _worker_processor is not None
    try:
        return _worker_processor.process(Path(path))
    except KeyboardInterrupt:
        return FileOutcome(path, CANCELED, message=f"{path}: stopped")


def _unique_content(files: list[Path], result: BatchResult, out: TextIO) -> list[Path]:
    """One file per content: two jobs must never analyse the same recording at once."""
    from app.audio.decode import file_sha256
    from app.domain import CallscopeInputError

    first_of: dict[str, Path] = {}
    unique: list[Path] = []
    for path in files:
        try:
            digest = file_sha256(path)
        except (CallscopeInputError, OSError):
            unique.append(path)  # the job reports why it cannot be read
            continue
        if digest in first_of:
            outcome = FileOutcome(
                str(path), SKIPPED, message=f"{path}: same recording as {first_of[digest]}"
            )
            result.outcomes.append(outcome)
            print(outcome.message, file=out)
            continue
        first_of[digest] = path
        unique.append(path)
    return unique


def _run_parallel(
    files: list[Path],
    db_path: Path,
    options: AnalyzeOptions,
    jobs: int,
    result: BatchResult,
    out: TextIO,
    err: TextIO,
) -> None:
    files = _unique_content(files, result, out)
    if not files:
        return
    jobs = min(jobs, len(files))
    threads = max(1, (os.cpu_count() or 1) // jobs)
    options = AnalyzeOptions(**{**options.__dict__, "threads": options.threads or threads})
    context = multiprocessing.get_context("spawn")
    pool: Any = context.Pool(jobs, initializer=_init_job, initargs=(str(db_path), options))
    try:
        outcomes = pool.imap_unordered(_job, [str(p) for p in files])
        print(f"analysing {len(files)} files with {jobs} jobs", file=err)
        for done, outcome in enumerate(outcomes, start=1):
            _report(outcome, result, out, err)
            print(f"[{done}/{len(files)}] files finished", file=err)
        pool.close()
    except KeyboardInterrupt:
        pool.terminate()
        raise
    finally:
        pool.join()
