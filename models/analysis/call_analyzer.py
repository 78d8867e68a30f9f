"""Analyse one call: sentences -> labels -> patterns and metrics (owns -> CallAnalysis).

`analyze_transcript` is the pipeline's entry. `analyze_sentences` re-analyses
stored sentences: with a classifier it re-labels them (a new classifier, no
new transcription); without one it keeps their labels, so a supervisor's
corrections (`with_labels`) recompute patterns and metrics. The classifier is
any object with `.predict(pairs) -> list[Prediction]` and `.version`; no
model code is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from kernel.domain import (
    AGENT,
    CUSTOMER,
    LABELS,
    UNKNOWN,
    CallAnalysis,
    Prediction,
    Segment,
    Sentence,
    Transcript,
)
from models.analysis.context import PLAIN_FORMAT, call_contexts
from models.analysis.metrics import compute_metrics
from models.analysis.patterns import (
    FAST_FIX_S,
    detect_patterns,
    is_courtesy_or_introduction,
    is_rushed,
)
from models.analysis.sentences import annotate_customer, split_sentences
from models.analysis.turns import speech_intervals


class SentenceLabeller(Protocol):
    """What the analysis needs from the sentence classifier."""

    @property
    def version(self) -> str: ...

    def predict(self, pairs: list[tuple[str, str]]) -> list[Prediction]: ...


def classifier_pairs(sentences: Sequence[Sentence]) -> list[tuple[int, str, str]]:
    """(sentence id, text, context) for each agent sentence, in time order.

    The context is the text of the last customer sentence before it, "" if none.
    """
    pairs: list[tuple[int, str, str]] = []
    context = ""
    for sentence in sorted(sentences, key=lambda s: s.id):
        if sentence.speaker == CUSTOMER:
            context = sentence.text
        elif sentence.speaker == AGENT:
            pairs.append((sentence.id, sentence.text, context))
    return pairs


def _predict_checked(
    classifier: SentenceLabeller, pairs: list[tuple[str, str]]
) -> list[Prediction]:
    predictions = classifier.predict(pairs)
    if len(predictions) != len(pairs):
        raise ValueError(
            f"classifier returned {len(predictions)} predictions for {len(pairs)} sentences"
        )
    for prediction in predictions:
        if prediction.label not in LABELS:
            raise ValueError(f"classifier returned unknown label {prediction.label!r}")
    return predictions


def predict_in_context(
    sentences: Sequence[Sentence], classifier: SentenceLabeller
) -> dict[int, Prediction]:
    """Prediction per agent sentence id, with the context the classifier's format wants.

    Call-context formats (models.analysis.context): a first pass with no fix
    known yet finds the offers; every sentence after the first offer is
    labelled again with "fix made".
    """
    input_format = str(getattr(classifier, "input_format", PLAIN_FORMAT))
    if input_format == PLAIN_FORMAT:
        pairs = classifier_pairs(sentences)
        predictions = _predict_checked(classifier, [(t, c) for _, t, c in pairs])
        return {i: p for (i, _, _), p in zip(pairs, predictions, strict=True)}
    first = call_contexts(sentences, is_fix=lambda s: False)
    predictions = _predict_checked(classifier, [(t, c.render(input_format)) for _, t, c in first])
    found = {i: p for (i, _, _), p in zip(first, predictions, strict=True)}
    second = call_contexts(
        sentences, is_fix=lambda s: s.id in found and found[s.id].label == "resolution_offer"
    )
    # Every sentence after the first offer, as training saw it (the writers' calls carry
    # the real flag): not only the labels a fix decides (TAXONOMY: context decides a
    # check) but e.g. "Let's not go into that, I have other customers waiting." after the
    # fix, which read with "no fix" as a statement.
    again = [(i, t, c) for (i, t, c) in second if c.fix_made]
    if again:
        redone = _predict_checked(classifier, [(t, c.render(input_format)) for _, t, c in again])
        found.update({i: p for (i, _, _), p in zip(again, redone, strict=True)})
    return found


def greeting_ids(sentences: Sequence[Sentence], by_id: Mapping[int, Prediction]) -> set[int]:
    """Agent sentences read as `closing` before the customer has said anything but
    courtesy: "Thanks for calling Harbor Bank." there greets, it cannot wrap the call up."""
    found: set[int] = set()
    for sentence in sorted(sentences, key=lambda s: s.id):
        if sentence.speaker == CUSTOMER and not is_courtesy_or_introduction(sentence.text):
            break
        prediction = by_id.get(sentence.id)
        if sentence.speaker == AGENT and prediction is not None and prediction.label == "closing":
            found.add(sentence.id)
    return found


def label_sentences(sentences: Sequence[Sentence], classifier: SentenceLabeller) -> list[Sentence]:
    """Copies with every agent sentence labelled, in one or two batched `predict` calls.

    A `closing` in the call's opening becomes `statement` (`greeting_ids`).
    """
    by_id = dict(predict_in_context(sentences, classifier))
    for sentence_id in greeting_ids(sentences, by_id):
        scores = dict(by_id[sentence_id].scores)
        scores["statement"] = scores.get("statement", 0.0) + scores.pop("closing", 0.0)
        scores["closing"] = 0.0
        by_id[sentence_id] = Prediction("statement", scores["statement"], scores)
    labelled: list[Sentence] = []
    for sentence in sentences:
        found = by_id.get(sentence.id)
        if found is None:
            labelled.append(replace(sentence))
        else:
            labelled.append(
                replace(
                    sentence,
                    label=found.label,
                    confidence=found.confidence,
                    scores=dict(found.scores),
                )
            )
    return labelled


def with_labels(sentences: Sequence[Sentence], overrides: Mapping[int, str]) -> list[Sentence]:
    """Copies with the given agent sentences' labels replaced (a supervisor's corrections).

    A corrected label is certain: confidence 1.0, scores cleared.
    """
    ids = {s.id: s for s in sentences}
    for sentence_id, label in overrides.items():
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} (one of {', '.join(LABELS)})")
        if sentence_id not in ids:
            raise ValueError(f"no sentence {sentence_id} in this call")
        if ids[sentence_id].speaker != AGENT:
            raise ValueError(f"sentence {sentence_id} is not the agent's: only those have labels")
    return [
        replace(s, label=overrides[s.id], confidence=1.0, scores=None)
        if s.id in overrides
        else replace(s)
        for s in sentences
    ]


def has_separate_channels(segments: Sequence[Segment], diarization: object | None = None) -> bool:
    """Whether agent and customer speech come from separate channels (P5 can be judged).

    False when one channel carries both speakers (a mono file split by
    diarization), when speakers are unknown, or when the transcript says it
    was diarized.
    """
    if any(s.speaker == UNKNOWN for s in segments):
        return False
    agent_channels = {s.channel for s in segments if s.speaker == AGENT and s.channel is not None}
    customer_channels = {
        s.channel for s in segments if s.speaker == CUSTOMER and s.channel is not None
    }
    if agent_channels & customer_channels:
        return False
    return diarization is None


def analyze_sentences(
    sentences: Sequence[Sentence],
    segments: Sequence[Segment],
    duration_s: float,
    classifier: SentenceLabeller | None = None,
    *,
    fast_fix_s: float = FAST_FIX_S,
    separate_channels: bool = True,
    classifier_version: str = "",
) -> CallAnalysis:
    """Patterns and metrics of already split sentences.

    With `classifier`, agent sentences are (re)labelled and its version is
    recorded; without, their current labels are used as they are and
    `classifier_version` is recorded. `segments` may be empty: sentence spans
    then stand in for word times.
    """
    ordered = [annotate_customer(s) for s in sorted(sentences, key=lambda s: s.id)]
    if classifier is not None:
        if any(s.speaker == AGENT for s in ordered):
            ordered = label_sentences(ordered, classifier)
        classifier_version = str(getattr(classifier, "version", "") or "")
    customer_speech = speech_intervals(segments, CUSTOMER, sentences=ordered)
    hits = detect_patterns(
        ordered,
        customer_speech,
        fast_fix_s=fast_fix_s,
        has_separate_channels=separate_channels,
    )
    metrics = compute_metrics(
        ordered, segments, duration_s, has_separate_channels=separate_channels
    )
    return CallAnalysis(
        sentences=ordered,
        patterns=hits,
        rushed=is_rushed(hits),
        metrics=metrics,
        classifier_version=classifier_version,
    )


def analyze_transcript(
    transcript: Transcript,
    classifier: SentenceLabeller,
    *,
    fast_fix_s: float = FAST_FIX_S,
) -> CallAnalysis:
    """Split, label (one batched classifier call), detect patterns, compute metrics."""
    return analyze_sentences(
        split_sentences(transcript.segments),
        transcript.segments,
        transcript.duration_s,
        classifier,
        fast_fix_s=fast_fix_s,
        separate_channels=has_separate_channels(transcript.segments, transcript.diarization),
    )
