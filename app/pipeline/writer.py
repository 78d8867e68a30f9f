"""The one writer of analysed calls: bookkeeping and a `CallResult` stored in one transaction.

Lives in the orchestrator's process (the CLI's main process, the app's
import worker); executors and their workers never open the library. It
speaks only `Library`'s public methods, so it is the same whichever
storage backs the library; it sits in the pipeline, not in storage,
because what a result means for a call's status (processing, interrupted,
failed, done with a warning) is the pipeline's vocabulary.
"""

from __future__ import annotations

import time

from app.storage.library import Library
from app.storage.records import CallMetadata, CallRecord
from kernel.results import AudioFacts, CallResult
from kernel.statuses import CallStatus


class CallWriter:
    """Writes one library's analysed calls; one per orchestrator (and its thread)."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def find(self, sha256: str) -> CallRecord | None:
        return self.library.find_by_sha256(sha256)

    def begin(self, audio: AudioFacts, *, agent_channel: str, metadata: CallMetadata | None) -> int:
        """The call is being analysed ("processing"): new, or an unfinished one resumed."""
        return self.library.begin_call(
            audio.source,
            audio.sha256,
            duration_s=audio.duration_s,
            channels=audio.channels,
            agent_channel=agent_channel,
            source_sample_rate=audio.source_sample_rate,
            codec=audio.codec,
            metadata=metadata,
        )

    def store(
        self,
        result: CallResult,
        *,
        call_id: int | None = None,
        metadata: CallMetadata | None = None,
    ) -> tuple[int, dict[str, float]]:
        """Store `result` (transcript, analysis, redactions, timings, status) all or nothing.

        `call_id`: the call `begin` registered; None registers it in the same
        transaction (an executor that reports nothing before its result).
        Returns the call's id and the timings stored (with storage_s, total_s).
        """
        began = time.perf_counter()
        timings = dict(result.timings)
        library = self.library
        with library.transaction(outlast_writers=True):
            if call_id is None:
                call_id = self.begin(
                    result.audio, agent_channel=result.agent_channel, metadata=metadata
                )
            library.save_call(
                call_id,
                result.transcript,
                result.analysis,
                timings=timings,
                fast_fix_s=result.fast_fix_s,
                separate_channels=result.separate_channels,
                redactions=None if result.redactions is None else list(result.redactions),
            )
            timings["storage_s"] = time.perf_counter() - began
            timings["total_s"] = result.elapsed_s + timings["storage_s"]
            library.record_timings(call_id, timings)
            if result.warnings:  # kept with the call, so the app can show it too
                warning = "warning: " + "; ".join(result.warnings)
                library.set_status(call_id, CallStatus.DONE, warning)
        return call_id, timings

    def interrupted(self, call_id: int, reason: str) -> None:
        """Stopped mid-call; the next run resumes it."""
        self.library.set_status(call_id, CallStatus.INTERRUPTED, reason)

    def failed(self, call_id: int, reason: str) -> None:
        self.library.set_status(call_id, CallStatus.FAILED, reason)

    def drop_or_fail(self, call_id: int, was_new: bool, reason: str) -> None:
        """A call that failed: forgotten if this run registered it, else kept as failed."""
        if was_new:
            self.library.forget_unfinished(call_id)
        else:
            self.failed(call_id, reason)

    def interrupt_if_processing(self, sha256: str, reason: str, *, final: bool = False) -> None:
        """A call left "processing" by a stop or a lost worker: interrupted (or failed)."""
        call = self.library.find_by_sha256(sha256)
        if call is not None and call.status == CallStatus.PROCESSING:
            status = CallStatus.FAILED if final else CallStatus.INTERRUPTED
            self.library.set_status(call.id, status, reason)
