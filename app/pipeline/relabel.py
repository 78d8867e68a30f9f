"""Re-run analysis on stored calls without transcribing again.

`reanalyze_calls`: a newer classifier relabels every stored call (sentence
ids stay, so supervisors' corrections stay attached). `change_speakers`:
a swapped role or a reassigned segment re-splits the sentences and analyses
them again; corrections made on the old split no longer apply and are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.pipeline.analyze import analyse_transcript
from app.pipeline.options import AnalyzeOptions
from app.storage.library import Library
from kernel.domain import AGENT, CUSTOMER, CallAnalysis
from kernel.statuses import CallStatus
from models.analysis.call_analyzer import SentenceLabeller, analyze_sentences
from models.analysis.patterns import FAST_FIX_S


@dataclass
class Relabelled:
    call_id: int
    previous_version: str
    changed_labels: int
    rushed_before: bool | None
    rushed_after: bool


def reanalyze_calls(
    library: Library,
    classifier: SentenceLabeller,
    call_ids: Iterable[int] | None = None,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Relabelled]:
    """Relabel stored calls whose labels came from another classifier version (or all)."""
    ids = list(call_ids) if call_ids is not None else library.call_ids(CallStatus.DONE)
    done: list[Relabelled] = []
    for n, call_id in enumerate(ids, start=1):
        if progress:
            progress(n, len(ids))
        transcript = library.get_transcript(call_id)
        if transcript is None or not transcript.segments:
            continue
        settings = library.analysis_settings(call_id)
        model = library.get_model_analysis(call_id)
        if (
            settings is not None
            and not force
            and settings["classifier_version"] == classifier.version
        ):
            continue
        fast_fix_s = float(settings["fast_fix_s"]) if settings else FAST_FIX_S
        if model is None:
            analysis, separate = analyse_transcript(
                transcript, classifier, AnalyzeOptions(fast_fix_s=fast_fix_s)
            )
        else:
            separate = bool(settings["separate_channels"]) if settings else True
            analysis = analyze_sentences(
                model.sentences,
                transcript.segments,
                transcript.duration_s,
                classifier,
                fast_fix_s=fast_fix_s,
                separate_channels=separate,
            )
        library.save_analysis(call_id, analysis, fast_fix_s=fast_fix_s, separate_channels=separate)
        done.append(
            Relabelled(
                call_id,
                str(settings["classifier_version"]) if settings else "",
                _changed(model, analysis),
                model.rushed if model else None,
                analysis.rushed,
            )
        )
    return done


def _changed(before: CallAnalysis | None, after: CallAnalysis) -> int:
    if before is None:
        return sum(1 for s in after.sentences if s.speaker == AGENT)
    old = {s.id: s.label for s in before.sentences}
    return sum(1 for s in after.sentences if s.speaker == AGENT and old.get(s.id) != s.label)


def change_speakers(
    library: Library,
    classifier: SentenceLabeller,
    call_id: int,
    *,
    swap: bool = False,
    segment: int | None = None,
    speaker: str | None = None,
    voice: str | None = None,
) -> CallAnalysis:
    """Swap agent/customer, give one segment to a speaker, or give every segment no voice
    was given to (a one-voice call) to `voice`, then analyse again."""
    from models.diarization.diarizer import reassign_segment, swap_roles

    transcript = library.get_transcript(call_id)
    if transcript is None:
        raise LookupError(f"call {call_id} is not in the library")
    if swap:
        transcript = swap_roles(transcript)
    if segment is not None:
        if speaker not in (AGENT, CUSTOMER):
            raise ValueError("a segment's speaker must be agent or customer")
        if not 0 <= segment < len(transcript.segments):
            raise ValueError(f"call {call_id} has segments 0 to {len(transcript.segments) - 1}")
        transcript = reassign_segment(transcript, segment, speaker)
    if voice is not None:
        if voice not in (AGENT, CUSTOMER):
            raise ValueError("the voice is the agent or the customer")
        for index, each in enumerate(transcript.segments):
            if each.speaker not in (AGENT, CUSTOMER):
                transcript = reassign_segment(transcript, index, voice)
    settings = library.analysis_settings(call_id)
    options = AnalyzeOptions(fast_fix_s=float(settings["fast_fix_s"]) if settings else FAST_FIX_S)
    analysis, separate = analyse_transcript(transcript, classifier, options)
    call = library.get_call(call_id)
    with_channel_swap = swap and call is not None and call.channels >= 2
    library.save_call(
        call_id,
        transcript,
        analysis,
        fast_fix_s=options.fast_fix_s,
        separate_channels=separate,
        keep_corrections=False,
    )
    if with_channel_swap and call is not None:
        other = "right" if call.agent_channel == "left" else "left"
        library.set_agent_channel(call_id, other)
    return analysis
