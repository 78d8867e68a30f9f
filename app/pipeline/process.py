"""One recorded file -> one analysed call in the library, in this process.

`CallProcessor` is the orchestrator with the in-process executor and one
writer, for callers that analyse files one at a time (tests, tools). It
holds the loaded models and is reused for every file. Bad input is
reported as an outcome naming the file and the reason; the library is only
written when a call is complete (one transaction), so a failure never
leaves half a call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.pipeline.analyze import AnalysisCanceled, analyse_transcript
from app.pipeline.executors import InProcessExecutor
from app.pipeline.model_cache import AnalysisModels
from app.pipeline.options import AnalyzeOptions
from app.pipeline.orchestrator import FileRequest, Orchestrator
from app.pipeline.outcome import FileOutcome
from app.pipeline.writer import CallWriter
from app.storage.library import Library
from app.storage.records import CallMetadata
from kernel.statuses import Outcome
from models.analysis.call_analyzer import SentenceLabeller

__all__ = [
    "CANCELED",
    "FAILED_OUTCOME",
    "SKIPPED",
    "STORED",
    "CallProcessor",
    "Canceled",
    "FileOutcome",
    "analyse_transcript",
]

Progress = Callable[[float, str], None]  # fraction of this file 0..1, stage message
ShouldCancel = Callable[[], bool]

STORED, SKIPPED = Outcome.STORED, Outcome.SKIPPED
FAILED_OUTCOME, CANCELED = Outcome.FAILED, Outcome.CANCELED
Canceled = AnalysisCanceled


class CallProcessor:
    """Loaded models + a library: `process(path)` turns a file into a stored call."""

    def __init__(
        self,
        library: Library,
        options: AnalyzeOptions,
        *,
        transcriber: Any | None = None,
        classifier: SentenceLabeller | None = None,
        models: AnalysisModels | None = None,
    ) -> None:
        self.library = library
        self.options = options
        self.models = models or AnalysisModels(transcriber=transcriber, classifier=classifier)
        self.orchestrator = Orchestrator(CallWriter(library), InProcessExecutor(self.models))

    def process(
        self,
        path: Path,
        *,
        metadata: CallMetadata | None = None,
        progress: Progress | None = None,
        should_cancel: ShouldCancel | None = None,
    ) -> FileOutcome:
        """Never raises for one file's trouble (bad input, storage errors): the
        outcome names the file and the reason, so the batch goes on."""
        outcomes: list[FileOutcome] = []
        self.orchestrator.run(
            [FileRequest(Path(path), self.options, metadata)],
            on_outcome=lambda _request, outcome: outcomes.append(outcome),
            on_progress=None if progress is None else lambda _r, f, s: progress(f, s),
            should_cancel=should_cancel,
        )
        return outcomes[0]
