"""`analyze --cluster tcp://HOST:PORT`: the analysis on an existing Dask cluster, stored here.

The main process reads each file, sends its bytes with the task (workers need
not see this disk), and stores every result that comes back itself: the one
writer, so the library never leaves this machine. At most `window` calls are
on the cluster at once (twice its worker threads), which keeps the
scheduler's memory (it holds each waiting task's audio) and a Ctrl-C's loss small.

Like a local run: calls a previous run left unfinished are resumed first; each
call holds its lease while it is on the cluster, so two runs never analyse one
recording at once; Ctrl-C sets the run's stop event (workers stop the call at
their next check, between pieces of Whisper's work), cancels what has not started and
marks what was in flight interrupted, for the next run to resume. A worker lost
mid-call costs that call a retry: the scheduler runs it again elsewhere
(`distributed.scheduler.allowed-failures`, 3 by default, before it gives up
on the call, which is then reported failed).
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from app.pipeline.batch import BatchResult, _CtrlC, describe, one_line, orphaned_calls, plan_files
from app.pipeline.dask_worker import CANCELED as REMOTE_CANCELED
from app.pipeline.dask_worker import DONE as REMOTE_DONE
from app.pipeline.dask_worker import RemoteAnalysis, analyse_bytes
from app.pipeline.lease import CallLeases, Lease
from app.pipeline.metadata import metadata_for, vocabulary_for
from app.pipeline.options import AnalyzeOptions
from app.pipeline.process import CANCELED, FAILED_OUTCOME, SKIPPED, STORED, FileOutcome
from app.storage.library import Library
from app.storage.records import DONE, FAILED, INTERRUPTED, CallMetadata
from kernel.domain import CallscopeInputError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0
_POLL_S = 0.1  # how often the main process looks for finished calls (and Ctrl-C)
STOP_GRACE_S = 5.0  # how long a Ctrl-C waits for running calls to say they stopped


class ClusterUnreachable(Exception):
    """The scheduler address cannot be reached (one line for the user)."""


@dataclass
class _Pending:
    path: Path
    sha256: str
    call_id: int
    was_new: bool
    lease: Lease
    submitted: float


def connect(address: str, timeout: float = CONNECT_TIMEOUT_S) -> Any:
    """A Client on the scheduler at `address`, or ClusterUnreachable with the reason."""
    from distributed import Client

    if not address.strip():
        raise ClusterUnreachable("no cluster address given (tcp://HOST:PORT)")
    _check_reachable(address, timeout)
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterUnreachable(f"cannot reach the Dask cluster at {address} ({reason})") from None


def _check_reachable(address: str, timeout: float) -> None:
    """Fail at once, with the reason, on a refused or unknown tcp:// address (Dask
    itself retries until its timeout and then only says it timed out)."""
    import socket
    from urllib.parse import urlsplit

    if "://" not in address:
        address = "tcp://" + address
    parts = urlsplit(address)
    if parts.scheme != "tcp":
        return  # tls:// and others: left to Dask
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if not host or not port:
        raise ClusterUnreachable(f"{address} is not a cluster address (tcp://HOST:PORT)")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise ClusterUnreachable(f"cannot reach the Dask cluster at {address} ({reason})") from None


def analyze_on_cluster(
    paths: Sequence[str | Path],
    db_path: Path,
    options: AnalyzeOptions,
    address: str,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    client: Any | None = None,
) -> BatchResult:
    """Analyse `paths` on the cluster at `address` into the library at `db_path`."""
    out = out or sys.stdout
    err = err or sys.stderr
    own_client = client is None
    client = client or connect(address)
    library = Library(db_path)
    try:
        resumable = orphaned_calls(library)
        files, result = plan_files(paths, library, resumable)
        for path, reason in result.problems:
            print(one_line(f"error: {path}: {reason}"), file=err)
        if resumable:
            print(f"resuming {len(resumable)} call(s) a previous run did not finish", file=err)
        if not files and not result.problems:
            print("nothing to analyse", file=err)
        if files:
            run = ClusterRun(client, library, options, files, ConsoleEvents(result, out, err))
            run.run()
            result.interrupted, result.in_flight = run.interrupted, run.in_flight
    finally:
        library.close()
        if own_client:
            client.close()
    stored, skipped = result.count(STORED), result.count(SKIPPED)
    failed = result.count(FAILED_OUTCOME) + len(result.problems)
    print(f"{stored} analysed, {skipped} skipped, {failed} failed", file=err)
    return result


class ConsoleEvents:
    """What a cluster run says on the terminal (the CLI's `analyze --cluster`)."""

    def __init__(self, result: BatchResult, out: TextIO, err: TextIO) -> None:
        self.result, self.out, self.err = result, out, err
        self.total = 0
        self.finished = 0

    def starting(self, files: int, workers: int) -> None:
        self.total = files
        print(f"analysing {files} files on {workers} Dask worker(s)", file=self.err)

    def submitted(self, path: Path) -> None:
        pass

    def outcome(self, outcome: FileOutcome, analysed: bool) -> None:
        """`analysed`: the call came back from the cluster (else it never went)."""
        self.result.outcomes.append(outcome)
        if outcome.status == FAILED_OUTCOME:
            print(one_line(f"error: {outcome.message}"), file=self.err)
        elif outcome.status == CANCELED:
            print(one_line(outcome.message), file=self.err)
        elif outcome.status == SKIPPED:
            print(one_line(outcome.message), file=self.out)
        else:
            print(one_line(describe(outcome)), file=self.out)
        if analysed:
            self.finished += 1
            print(f"[{self.finished}/{self.total}] files finished", file=self.err)
        self.out.flush()
        self.err.flush()

    def stopped(self) -> None:
        print(
            "\nstopped: finished calls are stored; what was in progress resumes on the next run",
            file=self.err,
        )


class ClusterRun:
    """One batch on the cluster: submit within the window, store what comes back, stop.

    `events` is told what happens (ConsoleEvents, or the app's import worker);
    `metadata(path)` gives a call's agent, team and date (default: its sidecar
    sheet and file name).
    """

    def __init__(
        self,
        client: Any,
        library: Library,
        options: AnalyzeOptions,
        files: list[Path],
        events: Any,
        metadata: Callable[[Path], CallMetadata] | None = None,
    ) -> None:
        self.client, self.library, self.files, self.events = client, library, files, events
        # The workers choose their own Whisper threads (their preload's --asr-threads).
        self.options = AnalyzeOptions(**{**options.__dict__, "threads": None})
        self.fast_fix_s = options.fast_fix_s
        self.agent_channel = options.agent_channel
        self.metadata = metadata or (lambda path: metadata_for(path, None))
        self.leases = CallLeases(library.path)
        self.pending: dict[Any, _Pending] = {}
        self.seen: dict[str, Path] = {}
        self.interrupted = False
        self.in_flight: list[str] = []  # calls a stop cut short (marked interrupted)
        self.writer_s = 0.0  # time the one writer spent storing results

    def window(self) -> int:
        threads = sum(self.client.nthreads().values()) or 1
        return max(2, 2 * threads)

    def run(self) -> None:
        from distributed import Event

        stop = Event(f"callscope-stop-{uuid.uuid4().hex}", client=self.client)
        queue = list(self.files)
        self.events.starting(len(queue), len(self.client.nthreads()))
        with _CtrlC() as ctrl_c:
            try:
                while queue or self.pending:
                    while queue and len(self.pending) < self.window():
                        self._submit(queue.pop(0), stop.name)
                    done = [f for f in self.pending if f.done()]
                    for future in done:
                        self._collect(future)
                    if ctrl_c.requested:
                        raise KeyboardInterrupt
                    if not done:
                        time.sleep(_POLL_S)
            except KeyboardInterrupt:
                self.interrupted = True
                self._stop(stop)
                self.events.stopped()

    def _submit(self, path: Path, stop_name: str) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            self._report(
                FileOutcome(str(path), FAILED_OUTCOME, message=f"{path}: cannot read ({reason})")
            )
            return
        sha256 = hashlib.sha256(data).hexdigest()
        if sha256 in self.seen:
            message = f"{path}: same recording as {self.seen[sha256]}"
            self._report(FileOutcome(str(path), SKIPPED, message=message))
            return
        self.seen[sha256] = path
        existing = self.library.find_by_sha256(sha256)
        if existing is not None and existing.status == DONE:
            message = f"{path}: already in the library as call {existing.id}"
            self._report(FileOutcome(str(path), SKIPPED, existing.id, message))
            return
        lease = self.leases.acquire(sha256)
        if lease is None:
            holder = self.leases.holder(sha256) or "another process"
            message = f"{path}: skipped, another Callscope run is analysing it ({holder})"
            self._report(FileOutcome(str(path), SKIPPED, message=message))
            return
        try:
            call_id = self._begin(path, sha256)
        except CallscopeInputError as exc:
            lease.release()
            self._report(FileOutcome(str(path), FAILED_OUTCOME, message=str(exc)))
            return
        from models.asr.vocabulary import merge_terms, parse_terms

        vocabulary = merge_terms(parse_terms(vocabulary_for(path)), self.options.vocabulary)
        future = self.client.submit(
            analyse_bytes,
            data,
            str(path),
            self.options,
            vocabulary,
            stop_name,
            pure=False,
            retries=1,
        )
        self.events.submitted(path)
        self.pending[future] = _Pending(
            path, sha256, call_id, existing is None, lease, time.perf_counter()
        )

    def _begin(self, path: Path, sha256: str) -> int:
        """The call's row, marked in progress (from the header: the worker decodes it all)."""
        from models.audio.decode import probe_audio

        info = probe_audio(path)
        source = str(path.resolve())
        return self.library.begin_call(
            source,
            sha256,
            duration_s=info.duration_s,
            channels=info.channels,
            agent_channel=self.agent_channel,
            source_sample_rate=info.sample_rate,
            codec=info.codec,
            metadata=self.metadata(path),
        )

    def _collect(self, future: Any) -> None:
        pending = self.pending.pop(future)
        try:
            remote: RemoteAnalysis | None = future.result()
            lost = ""
        except Exception as exc:  # KilledWorker: the call took down its workers each time
            remote, lost = None, _lost_reason(exc)
        try:
            outcome = self._store(pending, remote, lost)
        finally:
            pending.lease.release()
        self.events.outcome(outcome, True)

    def _store(self, pending: _Pending, remote: RemoteAnalysis | None, lost: str) -> FileOutcome:
        """The one writer: the call and everything about it, or its failure."""
        path, call_id = pending.path, pending.call_id
        if remote is None:
            self.library.set_status(call_id, FAILED, lost)
            return FileOutcome(str(path), FAILED_OUTCOME, call_id, f"{path}: {lost}")
        if remote.status == REMOTE_CANCELED:
            self.library.set_status(call_id, INTERRUPTED, "stopped before it finished")
            return FileOutcome(str(path), CANCELED, call_id, remote.message)
        if remote.status != REMOTE_DONE or remote.transcript is None:
            reason = remote.message.removeprefix(f"{path}: ")
            if pending.was_new:
                self.library.forget_unfinished(call_id)
            else:
                self.library.set_status(call_id, FAILED, reason)
            return FileOutcome(
                str(path), FAILED_OUTCOME, None if pending.was_new else call_id, remote.message
            )
        began = time.perf_counter()
        timings = dict(remote.timings)
        self.library.begin_call(  # what the full decode found, not the header's guess
            str(path.resolve()),
            pending.sha256,
            duration_s=remote.duration_s,
            channels=remote.channels,
            agent_channel=self.agent_channel,
            source_sample_rate=remote.source_sample_rate,
            codec=remote.codec,
            metadata=self.metadata(path),
        )
        self.library.save_call(
            call_id,
            remote.transcript,
            remote.analysis,
            timings=timings,
            fast_fix_s=self.fast_fix_s,
            separate_channels=remote.separate_channels,
            redactions=remote.redactions,
        )
        timings["storage_s"] = time.perf_counter() - began
        timings["total_s"] = time.perf_counter() - pending.submitted
        self.library.record_timings(call_id, timings)
        if remote.warnings:
            self.library.set_status(call_id, DONE, "warning: " + "; ".join(remote.warnings))
        self.writer_s += time.perf_counter() - began
        assert remote.analysis is not None
        return FileOutcome(
            str(path),
            STORED,
            call_id,
            f"{path}: stored as call {call_id}",
            rushed=remote.analysis.rushed,
            patterns=[p.id for p in remote.analysis.patterns],
            duration_s=remote.transcript.duration_s,
            timings=timings,
            warnings=list(remote.warnings),
        )

    def _stop(self, stop: Any) -> None:
        """Ctrl-C: ask running calls to stop, drop waiting ones, mark the rest resumable.

        A call that finishes anyway within the grace time is stored as usual.
        """
        try:
            stop.set()
            futures = list(self.pending)
            deadline = time.monotonic() + STOP_GRACE_S
            while time.monotonic() < deadline and not all(f.done() for f in futures):
                time.sleep(_POLL_S)
            for future in futures:
                if future.status == "finished":
                    self._collect(future)
            self.client.cancel(list(self.pending), force=True)
        except Exception:  # the cluster went away: the calls are marked all the same
            log.exception("stopping the cluster's calls")
        for future, pending in list(self.pending.items()):
            self.in_flight.append(str(pending.path))
            try:
                self.library.set_status(
                    pending.call_id, INTERRUPTED, "stopped by the user (Ctrl-C)"
                )
            except Exception:
                log.exception("could not mark %s interrupted", pending.path)
            finally:
                pending.lease.release()
            del self.pending[future]

    def _report(self, outcome: FileOutcome) -> None:
        self.events.outcome(outcome, False)


def _lost_reason(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return "the Dask workers analysing it died each time it was tried; skipped"
    if "deserializ" in str(exc).lower():
        return (
            "the cluster cannot load Callscope's code: start its scheduler and workers from "
            "the same Callscope install as this one (README: analysis on a Dask cluster)"
        )
    if name == "CancelledError":
        return "the cluster dropped the call (scheduler restarted?)"
    detail = str(exc).splitlines()[0][:120] if str(exc) else name
    return f"the cluster could not analyse it ({detail})"
