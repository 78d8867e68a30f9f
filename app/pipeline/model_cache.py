"""The models a process analyses with, loaded on first use and kept for the process's life.

Whisper and the sentence classifier take seconds to load and hundreds of MB;
`analyze_file` gets them from an `AnalysisModels` (passed in, or this
process's `shared_models()`), never loads them per call. A batch of
duplicates or bad files loads nothing.
"""

from __future__ import annotations

import threading
from typing import Any

from app.pipeline.options import AnalyzeOptions
from models.analysis.call_analyzer import SentenceLabeller


class AnalysisModels:
    """Whisper per (model, engine, threads), one classifier, the diarizer warmed once.

    `transcriber`/`classifier` given: used for every call (tests, a caller
    that loaded them already).
    """

    def __init__(
        self, *, transcriber: Any | None = None, classifier: SentenceLabeller | None = None
    ) -> None:
        self._given_transcriber = transcriber
        self._transcribers: dict[tuple[str, str, int | None], Any] = {}
        self._classifier = classifier
        self._diarizer_warm = False
        self._lock = threading.Lock()  # a threaded executor must not load a model twice

    def transcriber(self, options: AnalyzeOptions) -> Any:
        if self._given_transcriber is not None:
            return self._given_transcriber
        key = (options.asr_model, options.asr_engine, options.threads)
        with self._lock:
            if key not in self._transcribers:
                from models.asr.transcriber import Transcriber

                kwargs: dict[str, Any] = {"threads": options.threads}
                if options.asr_engine != "auto":
                    kwargs["engine"] = options.asr_engine
                self._transcribers[key] = Transcriber(options.asr_model, **kwargs)
            return self._transcribers[key]

    @property
    def classifier(self) -> SentenceLabeller:
        with self._lock:
            if self._classifier is None:
                from models.classifier.predict import SentenceClassifier

                self._classifier = SentenceClassifier.load()
            return self._classifier

    def warm_diarizer(self) -> None:
        with self._lock:
            if not self._diarizer_warm:
                from models.diarization.diarizer import warm_up

                warm_up()
                self._diarizer_warm = True


_shared: AnalysisModels | None = None
_shared_lock = threading.Lock()


def shared_models() -> AnalysisModels:
    """This process's models (a pool or cluster worker loads each once)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = AnalysisModels()
        return _shared
