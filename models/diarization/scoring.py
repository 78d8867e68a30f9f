"""Scoring a diarization against known turns: DER with a collar, word attribution, roles.

Owns the evaluation arithmetic used by the tests and benchmarks/bench_diarization.py.
Reference turns are dicts {"voice", "role", "start", "end"}; the hypothesis
is the `turns` timeline of a diarized transcript ([start, end, speaker]).
DER follows the NIST definition on a 10 ms grid: (missed + false alarm +
confusion) / reference speech, with speakers mapped one-to-one for the
least confusion and a no-score collar around every reference boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from kernel.domain import UNKNOWN, Transcript

STEP_S = 0.01


def _grid(duration_s: float) -> int:
    return int(np.ceil(duration_s / STEP_S)) + 1


def _index(seconds: float, n: int) -> int:
    return int(np.clip(round(seconds / STEP_S), 0, n))


def diarization_error_rate(
    reference: Sequence[dict[str, Any]],
    hypothesis: Sequence[Sequence[Any]],
    duration_s: float,
    *,
    collar_s: float = 0.25,
) -> dict[str, float]:
    """DER and its parts (fractions of scored reference speech) with a +-collar_s collar."""
    from scipy.optimize import linear_sum_assignment

    n = _grid(duration_s)
    ref_names = sorted({str(t["voice"]) for t in reference})
    hyp_names = sorted({str(h[2]) for h in hypothesis})
    ref = np.zeros((n, len(ref_names)), dtype=bool)
    hyp = np.zeros((n, len(hyp_names)), dtype=bool)
    scored = np.ones(n, dtype=bool)
    collar = round(collar_s / STEP_S)
    for turn in reference:
        a, b = _index(turn["start"], n), _index(turn["end"], n)
        ref[a:b, ref_names.index(str(turn["voice"]))] = True
        for edge in (a, b):
            scored[max(0, edge - collar) : edge + collar] = False
    for start, end, name in hypothesis:
        hyp[_index(start, n) : _index(end, n), hyp_names.index(str(name))] = True
    ref, hyp = ref[scored], hyp[scored]
    total = float(ref.sum())
    if total == 0:
        return {"der": 0.0, "missed": 0.0, "false_alarm": 0.0, "confusion": 0.0}
    overlap = ref.T.astype(np.int64) @ hyp.astype(np.int64)  # frames each pair shares
    rows, cols = linear_sum_assignment(-overlap) if overlap.size else ([], [])
    correct = float(sum(overlap[r, c] for r, c in zip(rows, cols, strict=True)))
    n_ref, n_hyp = ref.sum(axis=1), hyp.sum(axis=1)
    missed = float(np.maximum(n_ref - n_hyp, 0).sum())
    false_alarm = float(np.maximum(n_hyp - n_ref, 0).sum())
    confusion = float(np.minimum(n_ref, n_hyp).sum()) - correct
    return {
        "der": (missed + false_alarm + confusion) / total,
        "missed": missed / total,
        "false_alarm": false_alarm / total,
        "confusion": confusion / total,
    }


def _truth_role(reference: Sequence[dict[str, Any]], start: float, end: float) -> str:
    """Role of the reference turn a word overlaps most (nearest turn if none)."""
    best, best_overlap = None, 0.0
    for turn in reference:
        overlap = min(end, turn["end"]) - max(start, turn["start"])
        if overlap > best_overlap:
            best, best_overlap = turn, overlap
    if best is None:
        middle = (start + end) / 2
        best = min(reference, key=lambda t: min(abs(middle - t["start"]), abs(middle - t["end"])))
    return str(best["role"])


def word_attribution(
    transcript: Transcript, reference: Sequence[dict[str, Any]]
) -> dict[str, float | int]:
    """Share of transcript words whose speaker is the role of the turn they lie in.

    "unknown" words count as wrong in `accuracy`; `accuracy_known` leaves
    them out; `unknown_share` says how many there were. Words that touch a
    stretch where both sides speak are judged strictly in `accuracy` and left
    out of `accuracy_outside_overlap` (a one-channel system can give them to
    one side only, and Whisper's text for them is often a mix).
    """
    total = correct = unknown = clear = clear_correct = 0
    for segment in transcript.segments:
        for word in segment.words:
            total += 1
            right = segment.speaker == _truth_role(reference, word.start, word.end)
            correct += right
            unknown += segment.speaker == UNKNOWN
            if not _in_overlap(reference, word.start, word.end):
                clear += 1
                clear_correct += right
    known = total - unknown
    return {
        "words": total,
        "accuracy": correct / total if total else 0.0,
        "accuracy_known": (correct / known) if known else 0.0,
        "unknown_share": unknown / total if total else 0.0,
        "accuracy_outside_overlap": clear_correct / clear if clear else 0.0,
    }


def _in_overlap(reference: Sequence[dict[str, Any]], start: float, end: float) -> bool:
    """Whether the span touches time where turns of two different roles overlap."""
    for i, first in enumerate(reference):
        for second in reference[i + 1 :]:
            if first["role"] == second["role"]:
                continue
            lo, hi = max(first["start"], second["start"]), min(first["end"], second["end"])
            if lo < hi and start < hi and end > lo:
                return True
    return False


def roles_correct(transcript: Transcript, reference: Sequence[dict[str, Any]]) -> bool:
    """True when most words labelled agent (and customer) lie in that role's turns."""
    votes = {"agent": [0, 0], "customer": [0, 0]}
    for segment in transcript.segments:
        if segment.speaker not in votes:
            continue
        for word in segment.words:
            right = segment.speaker == _truth_role(reference, word.start, word.end)
            votes[segment.speaker][0 if right else 1] += 1
    return all(good > bad for good, bad in votes.values())
