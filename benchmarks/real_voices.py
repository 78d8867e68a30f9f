"""The real-voices development set (tests/data/real_voices) and its scoring (issue 14).

Owns: loading the calls (16 kHz PCM or 8 kHz mu-law, decoded as the product
decodes them), DER with no collar and overlap scored (10 ms frames, best
one-to-one speaker mapping: models.diarization.scoring), and words on the
right speaker (each Whisper word's speaker, mapped to a reference speaker by
that same mapping, against the reference speaker the word overlaps most).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA = REPO_ROOT / "tests" / "data" / "real_voices"
VARIANTS = ("16k", "8k_ulaw")


@dataclass
class RealCall:
    name: str
    variant: str
    path: Path
    duration_s: float
    turns: list[list[Any]] | None  # [start, end, speaker]
    text: str | None
    # "ami": AMI excerpts and calls assembled from AMI speakers; "other": calls assembled
    # from the non-AMI single-speaker recordings (scripts/build_real_voices_other.py)
    group: str = "ami"

    @property
    def reference(self) -> list[dict[str, Any]]:
        return [{"voice": t[2], "role": t[2], "start": t[0], "end": t[1]} for t in self.turns or []]

    def samples(self) -> np.ndarray:
        from models.audio.decode import decode_audio

        audio = decode_audio(self.path).samples[0]
        return audio[: round(self.duration_s * 16_000)]


def load_calls(*, with_turns: bool = True, variants: tuple[str, ...] = VARIANTS) -> list[RealCall]:
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    calls = []
    for entry in manifest["calls"]:
        if with_turns and not entry.get("turns"):
            continue
        for variant in variants:
            calls.append(
                RealCall(
                    entry["name"],
                    variant,
                    DATA / entry["files"][variant],
                    float(entry["duration_s"]),
                    entry.get("turns"),
                    entry.get("text"),
                    entry.get("group", "ami"),
                )
            )
    return calls


def der(call: RealCall, hypothesis: list[list[Any]]) -> dict[str, float]:
    """DER, no collar, overlap scored, over the call's annotated span."""
    from models.diarization.scoring import diarization_error_rate

    return diarization_error_rate(call.reference, hypothesis, call.duration_s, collar_s=0.0)


def speaker_mapping(call: RealCall, hypothesis: list[list[Any]]) -> dict[str, str]:
    """Hypothesis speaker -> reference speaker, one to one, for the most shared time."""
    from scipy.optimize import linear_sum_assignment

    refs = sorted({str(t[2]) for t in call.turns or []})
    hyps = sorted({str(h[2]) for h in hypothesis})
    shared = np.zeros((len(hyps), len(refs)))
    for hs, he, hn in hypothesis:
        for rs, re, rn in call.turns or []:
            shared[hyps.index(str(hn)), refs.index(str(rn))] += max(0.0, min(he, re) - max(hs, rs))
    rows, cols = linear_sum_assignment(-shared)
    return {hyps[r]: refs[c] for r, c in zip(rows, cols, strict=True)}


def _speaker_at(turns: list[list[Any]], start: float, end: float) -> str | None:
    best, most = None, 0.0
    for s, e, who in turns:
        shared = min(end, e) - max(start, s)
        if shared > most:
            best, most = str(who), shared
    return best


def words_right(
    call: RealCall, words: list[tuple[float, float, str | None]], hypothesis: list[list[Any]]
) -> float:
    """Share of words (start, end, hypothesis speaker or None) on the right reference speaker.

    A word's hypothesis speaker None means: take it from the hypothesis turns.
    Words outside every reference turn are left out; unlabelled words count wrong.
    """
    mapping = speaker_mapping(call, hypothesis)
    scored = right = 0
    for start, end, speaker in words:
        truth = _speaker_at(call.turns or [], start, end)
        if truth is None:
            continue
        if speaker is None:
            speaker = _speaker_at(hypothesis, start, end)
        scored += 1
        right += speaker is not None and mapping.get(str(speaker)) == truth
    return right / scored if scored else 0.0
