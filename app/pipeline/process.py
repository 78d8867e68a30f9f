"""One recorded file -> one analysed call in the library.

`CallProcessor` holds the loaded models (Whisper, the sentence classifier)
and is reused for every file of a batch. Bad input is reported as an
outcome naming the file and the reason; the library is only written when a
call is complete (one transaction), so a failure never leaves half a call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.pipeline.failures import failure_reason
from app.pipeline.metadata import metadata_for, vocabulary_for
from app.pipeline.options import AnalyzeOptions
from app.pipeline.pg_lease import leases_for
from app.redaction import redact_call
from app.storage.library import Library
from app.storage.records import DONE, FAILED, INTERRUPTED, CallMetadata
from kernel.domain import UNKNOWN, CallAnalysis, CallscopeInputError, DecodedAudio, Transcript
from kernel.statuses import Outcome
from models.analysis.call_analyzer import (
    SentenceLabeller,
    analyze_sentences,
    has_separate_channels,
)
from models.analysis.sentences import split_sentences
from models.audio.decode import decode_audio, file_sha256

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]  # fraction of this file 0..1, stage message
ShouldCancel = Callable[[], bool]

# Share of a file's progress bar each stage takes (ASR dominates).
_DECODE_END, _ASR_END, _ANALYSIS_END = 0.05, 0.9, 0.97

STORED, SKIPPED = Outcome.STORED, Outcome.SKIPPED
FAILED_OUTCOME, CANCELED = Outcome.FAILED, Outcome.CANCELED


class Canceled(Exception):
    """The caller asked to stop; the call was marked interrupted."""


@dataclass
class FileOutcome:
    path: str
    status: str  # stored, skipped, failed, canceled
    call_id: int | None = None
    message: str = ""
    rushed: bool | None = None
    patterns: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # stored anyway, but doubtful


class CallProcessor:
    """Loaded models + a library: `process(path)` turns a file into a stored call."""

    def __init__(
        self,
        library: Library,
        options: AnalyzeOptions,
        *,
        transcriber: Any | None = None,
        classifier: SentenceLabeller | None = None,
    ) -> None:
        self.library = library
        self.options = options
        self._transcriber = transcriber
        self._classifier = classifier
        self._diarizer_warm = False
        self.leases = leases_for(library)

    @property
    def loaded_models(self) -> tuple[Any | None, SentenceLabeller | None]:
        """(transcriber, classifier) loaded so far, for the next processor to reuse."""
        return self._transcriber, self._classifier

    # Models load on first use so a batch of duplicates or bad files costs nothing.
    @property
    def transcriber(self) -> Any:
        if self._transcriber is None:
            from models.asr.transcriber import Transcriber

            kwargs: dict[str, Any] = {"threads": self.options.threads}
            if self.options.asr_engine != "auto":
                kwargs["engine"] = self.options.asr_engine
            self._transcriber = Transcriber(self.options.asr_model, **kwargs)
        return self._transcriber

    @property
    def classifier(self) -> SentenceLabeller:
        if self._classifier is None:
            from models.classifier.predict import SentenceClassifier

            self._classifier = SentenceClassifier.load()
        return self._classifier

    def process(
        self,
        path: Path,
        *,
        metadata: CallMetadata | None = None,
        progress: Progress | None = None,
        should_cancel: ShouldCancel | None = None,
    ) -> FileOutcome:
        """Never raises for one file's trouble (bad input, storage errors): the
        outcome names the file and the reason, so the batch goes on."""
        try:
            return self._process(path, metadata, progress, should_cancel)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # the last line of defence: one line, details in the log
            log.exception("processing %s failed", path)
            return FileOutcome(str(path), FAILED_OUTCOME, message=f"{path}: {failure_reason(exc)}")

    def _process(
        self,
        path: Path,
        metadata: CallMetadata | None,
        progress: Progress | None,
        should_cancel: ShouldCancel | None,
    ) -> FileOutcome:
        report = progress or (lambda _f, _m: None)
        source = str(path.resolve()) if path.exists() else str(path)
        timings: dict[str, float] = {}
        started = time.perf_counter()
        report(0.0, "reading")
        try:
            sha256 = file_sha256(path)
        except CallscopeInputError as exc:
            return FileOutcome(str(path), FAILED_OUTCOME, message=str(exc))
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return FileOutcome(str(path), FAILED_OUTCOME, message=f"{path}: cannot read ({reason})")
        try:
            lease = self.leases.acquire(sha256)
        except OSError as exc:
            reason = f"cannot write in the library's folder ({exc.strerror or exc})"
            return FileOutcome(str(path), FAILED_OUTCOME, message=f"{path}: {reason}")
        if lease is None:
            holder = self.leases.holder(sha256) or "another process"
            return FileOutcome(
                str(path),
                SKIPPED,
                message=f"{path}: skipped, another Callscope run is analysing it ({holder})",
            )
        try:
            return self._process_leased(
                path, source, sha256, metadata, report, should_cancel, timings, started
            )
        finally:
            lease.release()

    def _process_leased(
        self,
        path: Path,
        source: str,
        sha256: str,
        metadata: CallMetadata | None,
        report: Progress,
        should_cancel: ShouldCancel | None,
        timings: dict[str, float],
        started: float,
    ) -> FileOutcome:
        existing = self.library.find_by_sha256(sha256)
        if existing is not None and existing.status == DONE:
            return FileOutcome(
                str(path),
                SKIPPED,
                existing.id,
                f"{path}: already in the library as call {existing.id}",
                duration_s=existing.duration_s,
            )
        try:
            report(0.01, "decoding")
            audio = decode_audio(path)
            timings["decode_s"] = time.perf_counter() - started
        except CallscopeInputError as exc:
            return FileOutcome(str(path), FAILED_OUTCOME, message=str(exc))
        warnings = list(audio.warnings)
        meta = metadata_for(path, metadata)
        call_id = self.library.begin_call(
            source,
            sha256,
            duration_s=audio.duration_s,
            channels=audio.source_channels,
            agent_channel=self.options.agent_channel,
            source_sample_rate=audio.source_sample_rate,
            codec=audio.codec,
            metadata=meta,
        )
        was_new = existing is None
        try:
            transcript, analysis, separate = self._analyse(
                path, audio, timings, report, should_cancel
            )
            del audio
            redactions = None
            if self.options.redact:
                began = time.perf_counter()
                redacted = redact_call(transcript, analysis)
                transcript, redactions = redacted.transcript, redacted.redactions
                analysis = redacted.analysis or analysis
                timings["redaction_s"] = time.perf_counter() - began
            stored_at = time.perf_counter()
            self.library.save_call(
                call_id,
                transcript,
                analysis,
                timings=timings,
                fast_fix_s=self.options.fast_fix_s,
                separate_channels=separate,
                redactions=redactions,
            )
            timings["storage_s"] = time.perf_counter() - stored_at
            timings["total_s"] = time.perf_counter() - started
            self.library.record_timings(call_id, timings)
            if warnings:  # kept with the call, so the app can show it too
                self.library.set_status(call_id, DONE, "warning: " + "; ".join(warnings))
        except Canceled:
            self.library.set_status(call_id, INTERRUPTED, "stopped before it finished")
            return FileOutcome(str(path), CANCELED, call_id, f"{path}: stopped before it finished")
        except CallscopeInputError as exc:
            self._drop_or_fail(call_id, was_new, exc.reason)
            message = str(exc) + "".join(f" ({w})" for w in warnings)
            return FileOutcome(str(path), FAILED_OUTCOME, None if was_new else call_id, message)
        except KeyboardInterrupt:
            self.library.set_status(call_id, INTERRUPTED, "stopped by the user (Ctrl-C)")
            raise
        except Exception as exc:
            log.exception("processing %s failed", path)
            reason = failure_reason(exc)
            try:
                self._drop_or_fail(call_id, was_new, reason)
            except Exception:  # the library itself is failing: the reason above says why
                log.exception("could not record the failure of %s", path)
            return FileOutcome(
                str(path), FAILED_OUTCOME, None if was_new else call_id, f"{path}: {reason}"
            )
        report(1.0, "done")
        return FileOutcome(
            str(path),
            STORED,
            call_id,
            f"{path}: stored as call {call_id}",
            rushed=analysis.rushed,
            patterns=[p.id for p in analysis.patterns],
            duration_s=transcript.duration_s,
            timings=timings,
            warnings=warnings,
        )

    def _drop_or_fail(self, call_id: int, was_new: bool, reason: str) -> None:
        if was_new:
            self.library.forget_unfinished(call_id)
        else:
            self.library.set_status(call_id, FAILED, reason)

    def _analyse(
        self,
        path: Path,
        audio: DecodedAudio,
        timings: dict[str, float],
        report: Progress,
        should_cancel: ShouldCancel | None,
    ) -> tuple[Transcript, CallAnalysis, bool]:
        from models.asr.transcriber import TranscriptionCanceled
        from models.asr.vocabulary import merge_terms, parse_terms

        def asr_progress(fraction: float, message: str) -> None:
            report(_DECODE_END + (_ASR_END - _DECODE_END) * fraction, message)

        began = time.perf_counter()
        try:
            transcript = self.transcriber.transcribe_call(
                audio,
                agent_channel=self.options.agent_channel_index,
                progress=asr_progress,
                should_cancel=should_cancel,
                vocabulary=merge_terms(parse_terms(vocabulary_for(path)), self.options.vocabulary),
            )
        except TranscriptionCanceled as exc:
            raise Canceled() from exc
        timings["asr_s"] = time.perf_counter() - began
        if not any(segment.words or segment.text.strip() for segment in transcript.segments):
            raise CallscopeInputError(str(path), "no speech found")
        if should_cancel is not None and should_cancel():
            raise Canceled()
        if transcript.segments and all(s.speaker == UNKNOWN for s in transcript.segments):
            report(_ASR_END, "telling the speakers apart")
            from models.diarization.diarizer import diarize_transcript, warm_up

            classifier = self.classifier  # loaded outside the timer: not diarization's cost
            if not self._diarizer_warm:
                warm_up()
                self._diarizer_warm = True
            began = time.perf_counter()
            transcript = diarize_transcript(
                audio.samples[0], transcript, role_hint=classifier.predict
            )
            timings["diarization_s"] = time.perf_counter() - began
        report(_ANALYSIS_END - 0.04, "labelling sentences")
        began = time.perf_counter()
        analysis, separate = analyse_transcript(transcript, self.classifier, self.options)
        timings["analysis_s"] = time.perf_counter() - began
        report(_ANALYSIS_END, "storing")
        return transcript, analysis, separate


def analyse_transcript(
    transcript: Transcript, classifier: SentenceLabeller, options: AnalyzeOptions
) -> tuple[CallAnalysis, bool]:
    """Sentences, labels, patterns and metrics; and whether P5 could be judged."""
    separate = has_separate_channels(transcript.segments, transcript.diarization)
    analysis = analyze_sentences(
        split_sentences(transcript.segments),
        transcript.segments,
        transcript.duration_s,
        classifier,
        fast_fix_s=options.fast_fix_s,
        separate_channels=separate,
    )
    return analysis, separate
