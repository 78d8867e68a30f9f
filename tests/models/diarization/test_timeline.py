"""The turn timeline: loose speech takes the nearest voice, one voice's short pauses are bridged."""

from __future__ import annotations

import numpy as np

from models.diarization.clustering import SpeakerTrack
from models.diarization.timeline import BRIDGE_S, frame_labels, speaker_turns


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
    gap = int(BRIDGE_S * 100) - 10
    a = list(range(0, 50))
    b = list(range(50 + gap, 100 + gap))
    c = list(range(100 + 2 * gap, 150 + 2 * gap))
    track = _track(a + b + c, [0] * 50 + [0] * 50 + [1] * 50)
    turns = speaker_turns(track, None, 150 + 2 * gap + 10, {0: "agent", 1: "customer"})
    assert [t[2] for t in turns] == ["agent", "customer"]
    assert turns[0][0] == 0.0 and turns[0][1] == round((100 + gap) / 100, 2)
    assert turns[1][0] == round((100 + 2 * gap) / 100, 2)  # the pause between voices stays empty
