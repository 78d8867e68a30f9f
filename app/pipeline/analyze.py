"""Analysing one recording is a function: audio in, a `CallResult` out, no database.

decode -> Whisper -> (mono) diarization -> sentences, labels, patterns,
metrics -> redaction. The audio comes as a path or as bytes with a file
name (a worker that cannot see the user's disk). Models come in an
`AnalysisModels` (loaded once per process by `shared_models`, never per
call). Bad input raises CallscopeInputError naming the file; a stop asked
for through `should_cancel` raises `AnalysisCanceled`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.pipeline.model_cache import AnalysisModels, shared_models
from app.pipeline.options import AnalyzeOptions
from app.redaction import redact_call
from kernel.domain import UNKNOWN, CallAnalysis, CallscopeInputError, DecodedAudio, Transcript
from kernel.results import AudioFacts, CallResult
from models.analysis.call_analyzer import (
    SentenceLabeller,
    analyze_sentences,
    has_separate_channels,
)
from models.analysis.sentences import split_sentences
from models.audio.decode import bytes_sha256, decode_audio, decode_audio_bytes, file_sha256

Progress = Callable[[float, str], None]  # fraction of this file 0..1, stage message
ShouldCancel = Callable[[], bool]
# Told what decoding found before Whisper starts; False: stop here (AnalysisCanceled).
OnDecoded = Callable[[AudioFacts], bool]

# Share of a file's progress bar each stage takes (ASR dominates).
_DECODE_END, _ASR_END, ANALYSIS_END = 0.05, 0.9, 0.97


class AnalysisCanceled(Exception):
    """`should_cancel` (or `on_decoded`) asked to stop before the result was ready."""


def analyze_file(
    audio: str | Path | bytes,
    options: AnalyzeOptions,
    models: AnalysisModels | None = None,
    *,
    name: str | None = None,
    source: str | None = None,
    sha256: str | None = None,
    vocabulary: str = "",
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    on_decoded: OnDecoded | None = None,
) -> CallResult:
    """Analyse one recording.

    `audio`: a path, or the file's bytes with `name` (its path or file name,
    which messages name). `source`: what the call is stored under (default:
    the resolved path, or `name`). `vocabulary`: the call's own
    names (its sidecar `vocabulary` column; the caller reads it, so this never
    looks beside the file). `sha256` saves hashing a file the caller already
    hashed. Reads nothing but the audio and writes nothing.
    """
    models = models or shared_models()
    report = progress or (lambda _f, _m: None)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    report(0.0, "reading")
    if isinstance(audio, bytes):
        if not name:
            raise ValueError("audio sent as bytes needs the file's name")
        shown = name
        source = source or name
        digest = sha256 or bytes_sha256(audio)
        report(0.01, "decoding")
        decoded = decode_audio_bytes(audio, name)
    else:
        path = Path(audio)
        shown = name or str(path)
        source = source or (str(path.resolve()) if path.exists() else str(path))
        digest = sha256 or file_sha256(path)
        report(0.01, "decoding")
        decoded = decode_audio(path)
    timings["decode_s"] = time.perf_counter() - started
    facts = AudioFacts(
        source=source,
        sha256=digest,
        duration_s=decoded.duration_s,
        channels=decoded.source_channels,
        source_sample_rate=decoded.source_sample_rate,
        codec=decoded.codec,
        warnings=tuple(decoded.warnings),
    )
    if on_decoded is not None and not on_decoded(facts):
        raise AnalysisCanceled()
    transcript, analysis, separate = _analyse(
        shown, decoded, options, models, vocabulary, timings, report, should_cancel
    )
    del decoded
    redactions: tuple[Any, ...] | None = None
    if options.redact:
        began = time.perf_counter()
        redacted = redact_call(transcript, analysis)
        transcript, redactions = redacted.transcript, tuple(redacted.redactions)
        analysis = redacted.analysis or analysis
        timings["redaction_s"] = time.perf_counter() - began
    return CallResult(
        audio=facts,
        agent_channel=options.agent_channel,
        transcript=transcript,
        analysis=analysis,
        separate_channels=separate,
        fast_fix_s=options.fast_fix_s,
        redactions=redactions,
        timings=timings,
        asr_model=transcript.asr_model,
        classifier_version=analysis.classifier_version,
        elapsed_s=time.perf_counter() - started,
    )


def _analyse(
    shown: str,
    audio: DecodedAudio,
    options: AnalyzeOptions,
    models: AnalysisModels,
    vocabulary: str,
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
        transcript = models.transcriber(options).transcribe_call(
            audio,
            agent_channel=options.agent_channel_index,
            progress=asr_progress,
            should_cancel=should_cancel,
            vocabulary=merge_terms(parse_terms(vocabulary), options.vocabulary),
        )
    except TranscriptionCanceled as exc:
        raise AnalysisCanceled() from exc
    timings["asr_s"] = time.perf_counter() - began
    if not any(segment.words or segment.text.strip() for segment in transcript.segments):
        raise CallscopeInputError(shown, "no speech found")
    if should_cancel is not None and should_cancel():
        raise AnalysisCanceled()
    if transcript.segments and all(s.speaker == UNKNOWN for s in transcript.segments):
        report(_ASR_END, "telling the speakers apart")
        from models.diarization.diarizer import diarize_transcript

        classifier = models.classifier  # loaded outside the timer: not diarization's cost
        models.warm_diarizer()
        began = time.perf_counter()
        transcript = diarize_transcript(audio.samples[0], transcript, role_hint=classifier.predict)
        timings["diarization_s"] = time.perf_counter() - began
    report(ANALYSIS_END - 0.04, "labelling sentences")
    began = time.perf_counter()
    analysis, separate = analyse_transcript(transcript, models.classifier, options)
    timings["analysis_s"] = time.perf_counter() - began
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
