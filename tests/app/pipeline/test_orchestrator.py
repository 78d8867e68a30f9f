"""One orchestrator, interchangeable executors: the same files give the same stored calls."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from app.pipeline.executors import AnalysisJob, Executor, InProcessExecutor, JobEvents
from app.pipeline.job_pool import PoolExecutor
from app.pipeline.options import AnalyzeOptions
from app.pipeline.orchestrator import FileRequest, Orchestrator
from app.pipeline.outcome import FileOutcome
from app.pipeline.writer import CallWriter
from app.storage.library import Library
from kernel.statuses import CallStatus, Outcome

from .fake_models import fake_models, noise_wav

FACTORY = "tests.app.pipeline.fake_models:fake_models"


def _analyse(
    files: list[Path], db: Path, executor: Executor, *, send_audio: bool = False
) -> list[FileOutcome]:
    outcomes: list[FileOutcome] = []
    with Library(db) as library:
        orchestrator = Orchestrator(CallWriter(library), executor, send_audio=send_audio)
        try:
            orchestrator.run(
                [FileRequest(path, AnalyzeOptions()) for path in files],
                on_outcome=lambda _request, outcome: outcomes.append(outcome),
            )
        finally:
            executor.close()
    return outcomes


def _stored(db: Path) -> dict[str, Any]:
    """Everything stored per call, keyed by file name (ids and timings apart)."""
    calls = {}
    with Library(db) as library:
        for call in library.list_calls():
            calls[Path(call.source).name] = (
                call.sha256,
                call.status,
                call.duration_s,
                call.channels,
                call.codec,
                call.agent_channel,
                library.get_transcript(call.id),
                library.get_model_analysis(call.id),
                library.redactions(call.id),
                sorted(call.timings),
            )
    return calls


def _calls(folder: Path) -> list[Path]:
    folder.mkdir()
    return [noise_wav(folder / f"call{i}.wav", seed=i) for i in range(3)]


def test_in_process_and_pool_executors_store_the_same_calls(tmp_path: Path) -> None:
    files = _calls(tmp_path / "calls")
    here = _analyse(files, tmp_path / "here.db", InProcessExecutor(fake_models()))
    pool = _analyse(files, tmp_path / "pool.db", PoolExecutor(2, models_factory=FACTORY))
    assert [o.status for o in here] == [Outcome.STORED] * 3
    assert sorted(o.path for o in pool) == sorted(o.path for o in here)
    assert {o.status for o in pool} == {Outcome.STORED}
    stored = _stored(tmp_path / "here.db")
    assert len(stored) == 3 and all(call[1] == CallStatus.DONE for call in stored.values())
    assert _stored(tmp_path / "pool.db") == stored


def test_audio_sent_as_bytes_is_stored_as_from_the_path(tmp_path: Path) -> None:
    files = _calls(tmp_path / "calls")
    _analyse(files, tmp_path / "path.db", InProcessExecutor(fake_models()))
    outcomes = _analyse(
        files, tmp_path / "bytes.db", PoolExecutor(1, models_factory=FACTORY), send_audio=True
    )
    assert {o.status for o in outcomes} == {Outcome.STORED}
    assert _stored(tmp_path / "bytes.db") == _stored(tmp_path / "path.db")


def test_a_file_already_stored_is_skipped_without_computing(tmp_path: Path) -> None:
    files = _calls(tmp_path / "calls")
    _analyse(files[:1], tmp_path / "library.db", InProcessExecutor(fake_models()))
    models = fake_models()
    (outcome,) = _analyse(files[:1], tmp_path / "library.db", InProcessExecutor(models))
    assert outcome.status == Outcome.SKIPPED and "already in the library as call" in outcome.message
    assert models.transcriber(AnalyzeOptions()).calls == 0


class _DyingExecutor:
    """Decodes (the call is registered), then its worker dies: every time."""

    slots = 1

    def __init__(self) -> None:
        self.queue: deque[AnalysisJob] = deque()
        self.runs = 0

    def submit(self, job: AnalysisJob) -> None:
        self.queue.append(job)

    def wait(self, events: JobEvents) -> None:
        from kernel.results import AudioFacts

        job = self.queue.popleft()
        self.runs += 1
        events.decoded(job, AudioFacts(job.source, job.sha256, 9.0, 2, 8000, "pcm_s16le"))
        if events.lost(job, "was killed by SIGKILL"):
            self.queue.appendleft(job)

    def cancel(self) -> None:
        pass

    def close(self) -> None:
        self.queue.clear()


def test_a_file_whose_worker_dies_twice_fails_and_is_kept_as_failed(tmp_path: Path) -> None:
    (audio,) = _calls(tmp_path / "calls")[:1]
    executor = _DyingExecutor()
    retried: list[str] = []
    outcomes: list[FileOutcome] = []
    with Library(tmp_path / "library.db") as library:
        Orchestrator(CallWriter(library), executor).run(
            [FileRequest(audio, AnalyzeOptions())],
            on_outcome=lambda _r, o: outcomes.append(o),
            on_retry=lambda request, reason: retried.append(reason),
        )
        (call,) = library.list_calls()
    assert executor.runs == 2 and retried == ["was killed by SIGKILL"]
    (outcome,) = outcomes
    assert outcome.status == Outcome.FAILED
    assert (
        outcome.message
        == f"{audio}: the analysing process was killed by SIGKILL twice on this file; skipped"
    )
    assert call.status == CallStatus.FAILED and "killed" in call.error


def test_the_end_line_of_a_file_names_a_look_apart_from_rushed() -> None:
    from app.pipeline.batch import describe
    from app.pipeline.outcome import FileOutcome
    from kernel.statuses import Outcome

    def line(rushed: bool, patterns: list[str]) -> str:
        return describe(FileOutcome("a.wav", Outcome.STORED, 1, rushed=rushed, patterns=patterns))

    assert ", rushed (P1)" in line(True, ["P1"])
    assert ", needs a look (P1, P6)" in line(False, ["P1", "P6"])
    assert ", not rushed (P6)" in line(False, ["P6"])
