"""The turn timeline: loose speech takes the nearest voice, one voice's pauses are bridged
unless they are dead air, edges reach over loud frames, a short interjection is laid over."""

from __future__ import annotations

import numpy as np

from models.diarization.clustering import SpeakerTrack
from models.diarization.timeline import (
    BRIDGE_S,
    BRIDGE_SHORT_S,
    EDGE_MAX_S,
    frame_labels,
    inserted_silence_level,
    speaker_turns,
)


def _track(frames: list[int], labels: list[int]) -> SpeakerTrack:
    f = np.asarray(frames)
    lab = np.asarray(labels)
    return SpeakerTrack(f, lab, lab.astype(float), lab.astype(float), 1.0)


def test_loose_frames_take_the_nearest_voice() -> None:
    track = _track(list(range(10, 20)) + list(range(40, 50)), [0] * 10 + [1] * 10)
    loose = np.zeros(60, dtype=bool)
    loose[8:22] = True
    loose[38:52] = True
    labels = frame_labels(track, loose, 60)
    assert (labels[8:22] == 0).all() and (labels[38:52] == 1).all()
    assert (labels[:8] == -1).all() and (labels[22:38] == -1).all()


def test_short_pause_of_one_voice_is_bridged_but_not_a_change() -> None:
    gap = int(BRIDGE_SHORT_S * 100) - 10
    a = list(range(0, 50))
    b = list(range(50 + gap, 100 + gap))
    c = list(range(100 + 2 * gap, 150 + 2 * gap))
    track = _track(a + b + c, [0] * 50 + [0] * 50 + [1] * 50)
    turns = speaker_turns(track, None, 150 + 2 * gap + 10, {0: "agent", 1: "customer"})
    assert [t[2] for t in turns] == ["agent", "customer"]
    assert turns[0][0] == 0.0 and turns[0][1] == round((100 + gap) / 100, 2)
    assert turns[1][0] == round((100 + 2 * gap) / 100, 2)  # the pause between voices stays empty


def _level(n: int, speech: list[tuple[int, int]], pause_db: float) -> np.ndarray:
    """Frame levels: background 0 dB, speech 40 dB, everything else `pause_db`."""
    level = np.full(n, pause_db)
    level[:20] = 0.0  # some dead air, so the background is known
    for start, end in speech:
        level[start:end] = 40.0
    return level


def test_long_pause_is_bridged_when_live_and_left_open_when_dead_air() -> None:
    gap = int((BRIDGE_SHORT_S + BRIDGE_S) * 50)  # between the two limits
    a = list(range(20, 120))
    b = list(range(120 + gap, 220 + gap))
    n = 240 + gap
    track = _track(a + b, [0] * 200)
    names = {0: "agent", 1: "customer"}
    live = speaker_turns(track, None, n, names, _level(n, [(20, 120), (120 + gap, 220 + gap)], 8))
    assert live == [[0.2, round((220 + gap) / 100, 2), "agent"]]
    dead = speaker_turns(track, None, n, names, _level(n, [(20, 120), (120 + gap, 220 + gap)], 1))
    assert [t[:2] for t in dead] == [[0.2, 1.2], [round((120 + gap) / 100, 2), 2.2 + gap / 100]]


def test_edges_reach_over_loud_frames_but_not_over_the_other_voice() -> None:
    track = _track(list(range(50, 100)) + list(range(110, 160)), [0] * 50 + [1] * 50)
    level = _level(300, [(30, 100), (100, 200)], 0)  # loud 0.2 s before and 0.4 s after
    turns = speaker_turns(track, None, 300, {0: "agent", 1: "customer"}, level)
    assert turns[0] == [0.3, 1.1, "agent"]  # the start reaches back; the end meets the next turn
    assert turns[1] == [1.1, 2.0, "customer"]  # the end reaches the last loud frame
    quiet = speaker_turns(track, None, 300, {0: "agent", 1: "customer"}, np.zeros(300))
    assert quiet == [[0.5, 1.0, "agent"], [1.1, 1.6, "customer"]]
    far = _level(400, [(0, 100), (110, 400)], 0)
    reached = speaker_turns(track, None, 400, {0: "agent", 1: "customer"}, far)
    assert reached[0][0] == round(0.5 - EDGE_MAX_S, 2)
    assert reached[1][1] == round(1.6 + EDGE_MAX_S, 2)


def test_a_short_interjection_without_pauses_is_laid_over_the_turn() -> None:
    # agent 0-2 s, customer "mm-hm" 2-2.6 s with no pause either side, agent 2.6-5 s
    frames = list(range(0, 500))
    labels = [0] * 200 + [1] * 60 + [0] * 240
    turns = speaker_turns(_track(frames, labels), None, 500, {0: "agent", 1: "customer"})
    assert turns == [[0.0, 5.0, "agent"], [2.0, 2.6, "customer"]]
    # with pauses around it, it is a turn of its own: the agent's turn stops for it
    frames = list(range(0, 200)) + list(range(230, 290)) + list(range(320, 500))
    turns = speaker_turns(_track(frames, labels), None, 500, {0: "agent", 1: "customer"})
    assert [t[2] for t in turns] == ["agent", "customer", "agent"]


def _utterances(room_tone_db: float, gap_db: float) -> tuple[SpeakerTrack, np.ndarray, int]:
    """Agent and customer alternate (0.5 s gaps at gap_db); each utterance holds 0.3 s
    pauses at room_tone_db; the agent ends with two utterances 0.5 s apart (gap_db)."""
    frames: list[int] = []
    labels: list[int] = []
    level = np.full(1400, gap_db)
    level[:10] = gap_db - 0.5
    t = 10
    for who in (0, 1, 0, 1, 0, 0):
        for _part in range(3):  # 0.4 s of speech, 0.3 s pause, three times
            frames += list(range(t, t + 40))
            labels += [who] * 40
            level[t : t + 40] = 40.0
            level[t + 40 : t + 70] = room_tone_db
            t += 70
        level[t - 30 : t] = gap_db  # no pause after the last part: the gap starts
        t += 20
    return _track(frames, labels), level, t + 10


def test_inserted_silence_keeps_one_speakers_utterances_apart() -> None:
    names = {0: "agent", 1: "customer"}
    track, level, n = _utterances(room_tone_db=10.0, gap_db=1.0)
    labels = frame_labels(track, None, n)
    assert inserted_silence_level(labels, level[:n]) == 1.0
    turns = speaker_turns(track, None, n, names, level[:n])
    assert [t[2] for t in turns] == ["agent", "customer", "agent", "customer", "agent", "agent"]
    # a live recording: the gaps sound like the pauses, the agent's last turn runs on
    track, level, n = _utterances(room_tone_db=1.0, gap_db=1.0)
    assert inserted_silence_level(frame_labels(track, None, n), level[:n]) is None
    turns = speaker_turns(track, None, n, names, level[:n])
    assert [t[2] for t in turns] == ["agent", "customer", "agent", "customer", "agent"]
