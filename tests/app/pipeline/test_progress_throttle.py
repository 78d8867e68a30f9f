"""The progress throttle both the import worker and the pool workers use."""

from __future__ import annotations

from app.pipeline.progress_throttle import ProgressThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_repeats_of_a_stage_wait_for_the_interval() -> None:
    clock = Clock()
    throttle = ProgressThrottle(0.2, clock)
    assert throttle.admit("a", 0.1, "transcribing")
    clock.now += 0.05
    assert not throttle.admit("a", 0.2, "transcribing")
    clock.now += 0.2
    assert throttle.admit("a", 0.3, "transcribing")


def test_a_new_stage_and_the_end_always_pass() -> None:
    clock = Clock()
    throttle = ProgressThrottle(0.2, clock)
    assert throttle.admit("a", 0.1, "reading")
    assert throttle.admit("a", 0.1, "analysing on the cluster")  # same instant, new stage
    assert not throttle.admit("a", 0.5, "analysing on the cluster")
    assert throttle.admit("a", 1.0, "analysing on the cluster")  # finished


def test_each_key_has_its_own_interval() -> None:
    clock = Clock()
    throttle = ProgressThrottle(0.2, clock)
    assert throttle.admit("a", 0.1, "transcribing")
    assert throttle.admit("b", 0.1, "transcribing")  # another file's first line
    assert not throttle.admit("a", 0.2, "transcribing")
    assert throttle.admit("a", 1.0, "transcribing")
    assert throttle.admit("a", 0.0, "transcribing")  # the key started again after its end
