"""`analyze --cluster tcp://HOST:PORT`: the batch on an existing Dask cluster, stored here.

`connect` reaches the scheduler (or says in one line why not);
`run_on_cluster` runs the files through the one orchestrator with a
`DaskExecutor` (app/pipeline/dask_executor.py): each file's bytes travel with
its task, and this process stores every result (the one writer). Like a local
run: calls a previous run left unfinished are resumed first (analyze_paths
plans them), each call holds its lease while it is on the cluster, the first
Ctrl-C asks the running calls to stop (they are marked interrupted, for the
next run to resume), a second one stops at once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, TextIO

from app.pipeline.batch import BatchResult, _CtrlC, _report, _unique_content, one_line
from app.pipeline.dask_executor import DaskExecutor
from app.pipeline.options import AnalyzeOptions
from app.pipeline.orchestrator import FileRequest, Orchestrator
from app.pipeline.outcome import FileOutcome
from app.pipeline.writer import CallWriter

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0


class ClusterUnreachable(Exception):
    """The scheduler address cannot be reached (one line for the user)."""


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


def run_on_cluster(
    files: list[Path],
    writer: CallWriter,
    options: AnalyzeOptions,
    client: Any,
    result: BatchResult,
    out: TextIO,
    err: TextIO,
) -> None:
    """Analyse `files` on the cluster `client` is connected to; outcomes into `result`."""
    files, digests = _unique_content(files, result, out, err)
    if not files:
        return
    # The workers choose their Whisper threads (their preload's --asr-threads).
    options = AnalyzeOptions(**{**options.__dict__, "threads": None})
    executor = DaskExecutor(client)
    print(f"analysing {len(files)} files on {executor.workers} Dask worker(s)", file=err)
    if not executor.workers:  # the tasks wait on the scheduler; say so rather than look hung
        address = getattr(getattr(client, "scheduler", None), "address", "the scheduler")
        print(
            f"no Dask worker has joined {address} yet: the calls wait for one (start it with "
            f"`dask worker {address} --preload app.pipeline.dask_preload`; Ctrl-C stops)",
            file=err,
        )
    finished = [0]

    with _CtrlC() as ctrl_c:

        def on_outcome(_request: FileRequest, outcome: FileOutcome) -> None:
            _report(outcome, result, out, err)
            finished[0] += 1
            print(f"[{finished[0]}/{len(files)}] files finished", file=err)
            if ctrl_c.requested:
                raise KeyboardInterrupt  # handled by analyze_paths: report and exit 130

        def on_retry(request: FileRequest, reason: str) -> None:
            print(
                one_line(
                    f"warning: {request.path}: the analysing process {reason}; trying once more"
                ),
                file=err,
            )

        try:
            Orchestrator(writer, executor, send_audio=True).run(
                [FileRequest(p, options, sha256=digests.get(str(p))) for p in files],
                on_outcome=on_outcome,
                on_retry=on_retry,
                should_cancel=lambda: ctrl_c.requested,
            )
            if ctrl_c.requested:
                raise KeyboardInterrupt
        finally:
            executor.close()
