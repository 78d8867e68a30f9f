"""The turn timeline of a diarized mono call: [[start_s, end_s, speaker], ...].

Owns the arrow (SpeakerTrack on the strict speech frames, the loose speech
mask, the frame levels) -> turns. The track labels only frames Silero is
sure of; a turn as a listener (or a reference annotation) hears it also
holds quiet word ends, the speaker's own pauses and the other side's
back-channels. So: every loose-speech frame takes the voice of the nearest
labelled frame; one voice's pauses stay inside its turn (under BRIDGE_SHORT_S,
or live ones under BRIDGE_S) unless the call has inserted silence and the
pause is at its level; turn edges reach over loud frames next to them; in a
live recording two voices' turns meet across a short live gap; a short run
of one voice with no pause either side is laid over the other's turn
(overlap). The rules and their numbers: models/diarization/README.md,
"The turn timeline".
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from models.diarization.clustering import SpeakerTrack
from models.diarization.features import HOP_S

# Measured on the real-voices set (mean DER, 16 kHz / 8 kHz, without the edges
# and lay-over below): bridging 0.5 s 0.216 / 0.285, 1.0 s 0.181 / 0.251, 2.0 s
# 0.165 / 0.238, 3.0 s the same, 5.0 s 0.197 / 0.269 (it joins turns 3-4 s apart).
# Reference turns (AMI RTTM, whole utterances) run across the speaker's own
# pauses of 1-1.7 s. Padding turns by 0.1 s gains another 0.01 there but adds
# 0.03-0.04 of false alarm on the synthetic calls (their speech edges are
# exact), so there is none: edges reach out by level instead (_reach_edges).
BRIDGE_SHORT_S = 1.0  # one voice's pause shorter than this stays inside its turn ...
BRIDGE_S = 2.0  # ... and one shorter than this too, unless it is dead air:
LIVE_PAUSE_DB = 3.0  # median level this far over the background (synthetic gaps: 1.0-1.8)
MIN_PAUSE_FRAMES = 5  # shorter gaps between labelled frames are not pauses
INSERTED_DB = 3.0  # see inserted_silence_level
MEET_GAP_S = 0.5  # in a live recording, a gap this short at a change of voice is shared
DEAD_AIR_DB = 1.0  # a pause this close to the inserted-silence level separates utterances
PAD_S = 0.0  # each turn reaches this far into the silence around it
FLOOR_PERCENTILE = 2.0  # the call's background level: this percentile of frame levels
EDGE_DB = 10.0  # a frame this far above the background next to a turn belongs to it
EDGE_MAX_S = 0.5  # ... up to this far from Silero's edge
OVERLAY_MAX_S = 1.5  # a run of one voice at most this long inside the other's turn ...
OVERLAY_TOUCH_S = 0.05  # ... with at most this pause at both changes is laid over it


def frame_labels(track: SpeakerTrack, loose: np.ndarray | None, n_frames: int) -> np.ndarray:
    """(n_frames,) voice per frame (-1: no speech) over the loose speech mask."""
    labels = np.full(n_frames, -1, dtype=int)
    if len(track.frames) == 0:
        return labels
    speech = np.zeros(n_frames, dtype=bool) if loose is None else loose[:n_frames].copy()
    speech[track.frames[track.frames < n_frames]] = True
    where = np.nonzero(speech)[0]
    after = np.searchsorted(track.frames, where).clip(1, max(1, len(track.frames) - 1))
    before = after - 1
    if len(track.frames) == 1:
        nearest = np.zeros(len(where), dtype=int)
    else:
        pick_after = np.abs(track.frames[after] - where) < np.abs(where - track.frames[before])
        nearest = np.where(pick_after, after, before)
    labels[where] = track.labels[nearest]
    return labels


def _pauses(labels: np.ndarray) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(pauses inside one voice's speech, gaps at a change of voice): frame ranges
    between labelled runs, at least 60 ms long."""
    speech = np.flatnonzero(labels >= 0)
    same: list[tuple[int, int]] = []
    changes: list[tuple[int, int]] = []
    if speech.size < 2:
        return same, changes
    jumps = np.flatnonzero(np.diff(speech) > MIN_PAUSE_FRAMES)
    for i in jumps.tolist():
        a, b = int(speech[i]), int(speech[i + 1])
        (same if labels[a] == labels[b] else changes).append((a + 1, b))
    return same, changes


def inserted_silence_level(labels: np.ndarray, level_db: np.ndarray) -> float | None:
    """The level of inserted silence, or None when the call has none.

    In a live recording (a meeting room, a phone line) the gaps between two
    speakers hold the same background as the pauses inside one speaker's
    turn. In a call edited or assembled from separate recordings (or behind
    silence suppression) the gaps are dead air, clearly quieter than the room
    tone inside each utterance: median gap level INSERTED_DB or more below the
    median pause level (measured: AMI -0.2..+1.1 dB, assembled calls 3.7-9.5)."""
    same, changes = _pauses(labels)
    if len(same) < 3 or len(changes) < 2:
        return None
    pause = float(np.median(np.concatenate([level_db[a:b] for a, b in same])))
    gap = float(np.median(np.concatenate([level_db[a:b] for a, b in changes])))
    return gap if pause - gap >= INSERTED_DB else None


def _runs(
    labels: np.ndarray, level_db: np.ndarray | None = None, silence: float | None = None
) -> list[list[int]]:
    """[start_frame, end_frame, voice] of one voice's speech, its pauses bridged.

    A pause shorter than BRIDGE_SHORT_S is bridged; one up to BRIDGE_S only
    when it is not dead air (its median level at least LIVE_PAUSE_DB over the
    call's background): a breath or room sound inside a turn, not the silence
    between two separate utterances of one speaker. Where the call has
    inserted silence (inserted_silence_level), a pause at that level (within
    DEAD_AIR_DB) is never bridged, however short: it separates two utterances.
    `silence`: that level (inserted_silence_level), None if the call has none."""
    runs: list[list[int]] = []
    change = np.flatnonzero(np.diff(labels) != 0) + 1
    starts = np.r_[0, change]
    ends = np.r_[change, len(labels)]
    short = round(BRIDGE_SHORT_S / HOP_S)
    bridge = round(BRIDGE_S / HOP_S)
    floor = None if level_db is None else float(np.percentile(level_db, FLOOR_PERCENTILE))
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        label = int(labels[start])
        if label < 0:
            continue
        pause = start - runs[-1][1] if runs else 0
        join = bool(runs) and runs[-1][2] == label and pause < bridge
        if join and level_db is not None and pause > MIN_PAUSE_FRAMES:
            level = float(np.median(level_db[runs[-1][1] : start]))
            if silence is not None and level <= silence + DEAD_AIR_DB:
                join = False
            elif pause >= short and floor is not None:
                join = level >= floor + LIVE_PAUSE_DB
        elif join and pause >= short:
            join = False
        if join:
            runs[-1][1] = end
        else:
            runs.append([start, end, label])
    return runs


def _lay_over(runs: list[list[int]]) -> tuple[list[list[int]], list[list[int]]]:
    """(turns, laid-over runs): a short run of one voice with the other voice's speech
    right before and after it (no pause at either change, at most OVERLAY_MAX_S) is a
    back-channel or talk-over inside that turn: the surrounding turn runs on under it."""
    touch = round(OVERLAY_TOUCH_S / HOP_S)
    longest = round(OVERLAY_MAX_S / HOP_S)
    out: list[list[int]] = []
    laid: list[list[int]] = []
    for run in runs:
        out.append(list(run))
        while len(out) >= 3:
            a, b, c = out[-3:]
            if not (
                a[2] == c[2] != b[2]
                and b[1] - b[0] <= longest
                and b[0] - a[1] <= touch
                and c[0] - b[1] <= touch
            ):
                break
            laid.append(b)
            out[-3:] = [[a[0], c[1], a[2]]]
    return out, laid


def _meet_at_changes(runs: list[list[int]], level_db: np.ndarray) -> None:
    """In a live recording, two speakers' turns meet: a live gap (median level at least
    LIVE_PAUSE_DB over the background) under MEET_GAP_S at a change of voice is
    shared, split at its middle (the reference turns of the AMI excerpts meet or
    overlap there; dead air between two voices stays empty)."""
    meet = round(MEET_GAP_S / HOP_S)
    live = float(np.percentile(level_db, FLOOR_PERCENTILE)) + LIVE_PAUSE_DB
    for before, after in itertools.pairwise(runs):
        gap = after[0] - before[1]
        if (
            before[2] != after[2]
            and 0 < gap < meet
            and float(np.median(level_db[before[1] : after[0]])) >= live
        ):
            middle = before[1] + gap // 2
            before[1], after[0] = middle, middle


def _reach_edges(runs: list[list[int]], level_db: np.ndarray) -> None:
    """Move each run's edges out over the frames around it that are clearly above the
    background (EDGE_DB over the call's noise floor), at most EDGE_MAX_S, never past
    the neighbouring run: word onsets and tails that Silero calls silence."""
    n = len(level_db)
    floor = float(np.percentile(level_db, FLOOR_PERCENTILE))
    above = level_db >= floor + EDGE_DB
    reach = round(EDGE_MAX_S / HOP_S)
    for i, run in enumerate(runs):
        lo_limit = max(0, run[0] - reach, runs[i - 1][1] if i > 0 else 0)
        start = run[0]
        while start > lo_limit and above[start - 1]:
            start -= 1
        hi_limit = min(n, run[1] + reach, runs[i + 1][0] if i + 1 < len(runs) else n)
        end = run[1]
        while end < hi_limit and above[end]:
            end += 1
        run[0], run[1] = start, end


def speaker_turns(
    track: SpeakerTrack,
    loose: np.ndarray | None,
    n_frames: int,
    names: dict[int, str],
    level_db: np.ndarray | None = None,
) -> list[list[Any]]:
    """[[start_s, end_s, speaker], ...] in time order (turns of two voices may touch).

    `level_db`: FrameFeatures.level_db; with it, turn edges reach over loud frames
    next to them (see _reach_edges)."""
    labels = frame_labels(track, loose, n_frames)
    if level_db is not None and len(level_db) < n_frames:
        level_db = None
    level = None if level_db is None else level_db[:n_frames]
    silence = None if level is None else inserted_silence_level(labels, level)
    runs, laid = _lay_over(_runs(labels, level, silence))
    if level is not None and runs:
        _reach_edges(runs, level)
        if silence is None and MEET_GAP_S > 0:
            _meet_at_changes(runs, level)
    pad = round(PAD_S / HOP_S)
    turns: list[list[Any]] = []
    for i, (start, end, label) in enumerate(runs):
        lo = max(0, start - pad, runs[i - 1][1] if i > 0 else 0)
        hi = min(n_frames, end + pad, runs[i + 1][0] if i + 1 < len(runs) else n_frames)
        turns.append([round(lo * HOP_S, 2), round(hi * HOP_S, 2), names.get(label, "unknown")])
    for start, end, label in laid:
        turns.append([round(start * HOP_S, 2), round(end * HOP_S, 2), names.get(label, "unknown")])
    turns.sort(key=lambda t: (t[0], t[1]))
    return turns
