"""What runs inside a Dask worker: the models, loaded once per process, and one call's analysis.

The audio travels with the task as the file's bytes (workers need not see the
user's disk); the worker writes them to a private temporary file only for the
decoder, analyses them and returns a picklable result. Nothing here touches
the library: the main process stores what comes back (one writer).

Models are kept per process in `_CACHE`, keyed by what selects them (Whisper
model, engine, threads), so a worker loads Whisper and the sentence
classifier once (eagerly when started with `--preload app.pipeline.dask_preload`,
else on its first call) and reuses them for every call it gets.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.pipeline.failures import failure_reason
from app.pipeline.options import AnalyzeOptions
from kernel.domain import UNKNOWN, CallAnalysis, CallscopeInputError, Transcript
from models.analysis.call_analyzer import SentenceLabeller

log = logging.getLogger(__name__)

# The run's stop flag (a distributed.Event, one round trip to the scheduler) is asked
# at most this often.
_CANCEL_POLL_S = 0.25
DONE, FAILED, CANCELED = "done", "failed", "canceled"


@dataclass
class RemoteAnalysis:
    """One call analysed on a worker: everything the writer needs, no database ids."""

    name: str  # the file's path on the user's machine (for messages)
    status: str  # done, failed, canceled
    message: str = ""
    transcript: Transcript | None = None
    analysis: CallAnalysis | None = None
    separate_channels: bool = False
    redactions: list[Any] | None = None
    duration_s: float = 0.0
    channels: int = 0
    source_sample_rate: int = 0
    codec: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    worker: str = ""  # host:pid that analysed it
    input_error: bool = False  # bad input (the file's fault), not the worker's


class _ModelCache:
    """The loaded models of this process; one analysis at a time uses them."""

    def __init__(self) -> None:
        self.transcribers: dict[tuple[str, str, int | None], Any] = {}
        self.classifier: SentenceLabeller | None = None
        self.diarizer_warm = False
        self.lock = threading.Lock()  # Whisper and torch are not shared between threads
        self.loads = 0  # how many models this process loaded (tests: once per worker)
        self.default_threads = 1  # Whisper threads when the call does not say (the preload's)

    def transcriber(self, options: AnalyzeOptions) -> Any:
        key = (options.asr_model, options.asr_engine, options.threads)
        if key not in self.transcribers:
            from models.asr.transcriber import Transcriber

            kwargs: dict[str, Any] = {"threads": options.threads}
            if options.asr_engine != "auto":
                kwargs["engine"] = options.asr_engine
            self.transcribers[key] = Transcriber(options.asr_model, **kwargs)
            self.loads += 1
        return self.transcribers[key]

    def sentence_classifier(self) -> SentenceLabeller:
        if self.classifier is None:
            from models.classifier.predict import SentenceClassifier

            self.classifier = SentenceClassifier.load()
            self.loads += 1
        return self.classifier

    def warm(self, options: AnalyzeOptions) -> None:
        """Load everything a call needs now (the preload does, before any task)."""
        with self.lock:
            self.transcriber(options)
            self.sentence_classifier()
            if not self.diarizer_warm:
                from models.diarization.diarizer import warm_up

                warm_up()
                self.diarizer_warm = True


_CACHE = _ModelCache()


def set_default_threads(threads: int) -> None:
    _CACHE.default_threads = max(1, threads)


def warm_models(options: AnalyzeOptions) -> None:
    _CACHE.warm(_with_threads(options))


def _with_threads(options: AnalyzeOptions) -> AnalyzeOptions:
    if options.threads is None:
        return replace(options, threads=_CACHE.default_threads)
    return options


def model_loads() -> int:
    """Models this worker process has loaded so far (run with client.run)."""
    return _CACHE.loads


def worker_id() -> str:
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def _stop_flag(stop_event: str | None) -> Callable[[], bool]:
    """A should_cancel that asks the run's distributed.Event, at most once a second."""
    if not stop_event:
        return lambda: False
    try:
        from distributed import Event

        event = Event(stop_event)
    except Exception:  # not inside a worker (tests call analyse_bytes directly)
        return lambda: False
    asked = [0.0, False]

    def should_cancel() -> bool:
        now = time.monotonic()
        if not asked[1] and now - asked[0] >= _CANCEL_POLL_S:
            asked[0] = now
            try:
                asked[1] = bool(event.is_set())
            except Exception:  # the scheduler is gone: the client is gone too
                asked[1] = True
        return bool(asked[1])

    return should_cancel


def analyse_bytes(
    data: bytes,
    name: str,
    options: AnalyzeOptions,
    vocabulary: tuple[str, ...] = (),
    stop_event: str | None = None,
) -> RemoteAnalysis:
    """Analyse one recording given as its file's bytes; never raises for the call's trouble.

    `name` is the file's path on the user's machine (messages name it, and its
    suffix helps the decoder); `vocabulary` the names for Whisper already
    merged with the call's sidecar terms; `stop_event` the name of the run's
    distributed.Event that asks running calls to stop (Ctrl-C).
    """
    started = time.perf_counter()
    options = _with_threads(options)
    should_cancel = _stop_flag(stop_event)
    suffix = Path(name).suffix[:16] if Path(name).suffix.isascii() else ""
    descriptor, temporary = tempfile.mkstemp(prefix="callscope-", suffix=suffix)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        del data
        with _CACHE.lock:
            return _analyse_file(Path(temporary), name, options, vocabulary, should_cancel, started)
    except CallscopeInputError as exc:
        return RemoteAnalysis(
            name, FAILED, f"{name}: {exc.reason}", worker=worker_id(), input_error=True
        )
    except Exception as exc:  # one line for the user, details in the worker's log
        log.exception("analysing %s failed", name)
        return RemoteAnalysis(name, FAILED, f"{name}: {failure_reason(exc)}", worker=worker_id())
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _analyse_file(
    path: Path,
    name: str,
    options: AnalyzeOptions,
    vocabulary: tuple[str, ...],
    should_cancel: Callable[[], bool],
    started: float,
) -> RemoteAnalysis:
    from app.pipeline.process import analyse_transcript
    from models.asr.transcriber import TranscriptionCanceled
    from models.audio.decode import decode_audio

    timings: dict[str, float] = {}
    try:
        audio = decode_audio(path)
    except CallscopeInputError as exc:
        raise CallscopeInputError(name, exc.reason) from None
    timings["decode_s"] = time.perf_counter() - started
    result = RemoteAnalysis(
        name,
        DONE,
        duration_s=audio.duration_s,
        channels=audio.source_channels,
        source_sample_rate=audio.source_sample_rate,
        codec=audio.codec,
        warnings=list(audio.warnings),
        worker=worker_id(),
    )
    canceled = RemoteAnalysis(name, CANCELED, f"{name}: stopped before it finished")
    transcriber = _CACHE.transcriber(options)
    began = time.perf_counter()
    try:
        transcript = transcriber.transcribe_call(
            audio,
            agent_channel=options.agent_channel_index,
            should_cancel=should_cancel,
            vocabulary=vocabulary,
        )
    except TranscriptionCanceled:
        return canceled
    timings["asr_s"] = time.perf_counter() - began
    if not any(segment.words or segment.text.strip() for segment in transcript.segments):
        raise CallscopeInputError(name, "no speech found")
    if should_cancel():
        return canceled
    classifier = _CACHE.sentence_classifier()
    if transcript.segments and all(s.speaker == UNKNOWN for s in transcript.segments):
        from models.diarization.diarizer import diarize_transcript, warm_up

        if not _CACHE.diarizer_warm:
            warm_up()
            _CACHE.diarizer_warm = True
        began = time.perf_counter()
        transcript = diarize_transcript(audio.samples[0], transcript, role_hint=classifier.predict)
        timings["diarization_s"] = time.perf_counter() - began
    del audio
    if should_cancel():
        return canceled
    began = time.perf_counter()
    analysis, separate = analyse_transcript(transcript, classifier, options)
    timings["analysis_s"] = time.perf_counter() - began
    if options.redact:
        from app.redaction import redact_call

        began = time.perf_counter()
        redacted = redact_call(transcript, analysis)
        transcript, result.redactions = redacted.transcript, redacted.redactions
        analysis = redacted.analysis or analysis
        timings["redaction_s"] = time.perf_counter() - began
    result.transcript, result.analysis, result.separate_channels = transcript, analysis, separate
    result.timings = timings
    return result
