"""How often a long job's progress reaches the app.

Both the import worker (one line per file, to the window) and the pool
workers (one line per job, to the import worker) report progress from tight
loops; the window only needs a few lines a second. A new stage and the end
always pass, so a call analysed faster than the interval still shows where
it went ("analysing on the cluster", "labelling sentences").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

PROGRESS_INTERVAL_S = 0.2  # at most five progress lines a second per file or job


class ProgressThrottle:
    """Says which progress lines to send: per key, at most one per `interval`
    seconds, except that a new stage and a finished job (fraction 1) always go."""

    def __init__(
        self, interval: float = PROGRESS_INTERVAL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._told: dict[Hashable, tuple[float, str]] = {}  # key -> (when, stage) of its last line

    def admit(self, key: Hashable, fraction: float, stage: str) -> bool:
        now = self._clock()
        if fraction >= 1.0:
            self._told.pop(key, None)  # done: nothing more to hold back for this key
            return True
        told = self._told.get(key)
        if told is None or stage != told[1] or now - told[0] >= self.interval:
            self._told[key] = (now, stage)
            return True
        return False
