"""Accuracy measures the speed benchmarks report beside their times.

Word error rate after Whisper's English normaliser, pooled over calls
(jiwer on the lists of texts: errors over all reference words):

- call WER: the whole call as one stream of words in time order, speakers
  ignored; the only measure a bare transcriber of a downmix can have;
- speaker WER: each speaker's words in time order against that speaker's
  turns (stereo channels, or mono after diarization).

Word-time accuracy: for each scripted turn, the first and last recognised
word of that speaker near it against the turn's real speech extent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import jiwer
import numpy as np

_normaliser: Any = None

Seg = dict[str, Any]  # {"start", "end", "speaker", "text", "words": [{"start", "end", "word"}]}


def normalise(text: str) -> str:
    global _normaliser
    if _normaliser is None:
        from whisper.normalizers import EnglishTextNormalizer

        _normaliser = EnglishTextNormalizer()
    return " ".join(str(_normaliser(text)).split())


def truth_text(truth: dict[str, Any], speaker: str | None = None) -> str:
    turns = sorted(truth["turns"], key=lambda t: t["start"])
    return " ".join(t["text"] for t in turns if speaker in (None, t["speaker"]))


def segments_text(segments: Iterable[Seg], speaker: str | None = None) -> str:
    ordered = sorted(segments, key=lambda s: (s["start"], s["end"]))
    return " ".join(s["text"] for s in ordered if speaker in (None, s.get("speaker")))


def pooled_wer(pairs: Sequence[tuple[str, str]]) -> float:
    """WER over all (reference, hypothesis) pairs together, after normalising."""
    refs = [normalise(r) for r, _ in pairs]
    hyps = [normalise(h) for _, h in pairs]
    keep = [i for i, r in enumerate(refs) if r]
    if not keep:
        return 0.0
    return float(jiwer.wer([refs[i] for i in keep], [hyps[i] for i in keep]))


def call_wer(items: Sequence[tuple[dict[str, Any], Sequence[Seg]]]) -> float:
    """Speaker-blind WER of (truth, segments) pairs."""
    return pooled_wer([(truth_text(t), segments_text(s)) for t, s in items])


def speaker_wer(items: Sequence[tuple[dict[str, Any], Sequence[Seg]]]) -> float:
    """WER with each speaker's words scored against that speaker's turns."""
    pairs = [
        (truth_text(t, speaker), segments_text(s, speaker))
        for t, s in items
        for speaker in ("agent", "customer")
    ]
    return pooled_wer(pairs)


def word_time_errors(
    items: Sequence[tuple[dict[str, Any], Sequence[Seg]]],
    *,
    by_speaker: bool = True,
    window_s: float = 0.5,
) -> dict[str, float]:
    """Turn-edge errors of the recognised words: mean and 95th percentile, turns found."""
    errors: list[float] = []
    found = total = 0
    for truth, segments in items:
        for turn in truth["turns"]:
            total += 1
            words = sorted(
                (
                    w
                    for s in segments
                    if not by_speaker or s.get("speaker") == turn["speaker"]
                    for w in s["words"]
                    if w["end"] > turn["start"] - window_s and w["start"] < turn["end"] + window_s
                ),
                key=lambda w: w["start"],
            )
            if not words:
                continue
            found += 1
            errors.append(abs(words[0]["start"] - turn["start"]))
            errors.append(abs(words[-1]["end"] - turn["end"]))
    array = np.asarray(errors or [0.0])
    return {
        "edge_error_mean_s": round(float(array.mean()), 3),
        "edge_error_p95_s": round(float(np.percentile(array, 95)), 3),
        "turns_found": round(found / max(total, 1), 3),
    }


def transcript_segments(transcript: Any) -> list[Seg]:
    """A models.asr Transcript as plain segment dicts (the export JSON's shape)."""
    return [
        {
            "start": s.start,
            "end": s.end,
            "speaker": s.speaker,
            "text": s.text,
            "words": [{"start": w.start, "end": w.end, "word": w.word} for w in s.words],
        }
        for s in transcript.segments
    ]
