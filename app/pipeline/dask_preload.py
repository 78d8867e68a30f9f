"""Dask worker preload: load Callscope's models once when the worker starts.

    dask worker tcp://HOST:8786 --nthreads 1 --preload app.pipeline.dask_preload \
        [--asr-model tiny.en] [--asr-engine auto] [--asr-threads 1]

Whisper, the sentence classifier and the diarizer's warm-up load in a
background thread, so the worker joins the scheduler at once; a call that
arrives meanwhile waits for them (the model lock) instead of loading its own
copy. Every later call of that worker process reuses them
(app/pipeline/dask_worker.py, `run_job`). Without this preload a worker still works: it
loads the models on its first call. The options must match what `analyze
--cluster` asks for (the same --asr-model and --asr-engine), else the worker
loads the model the call asks for on first use. The models live in this
process's `shared_models()` (app/pipeline/model_cache.py).

`--asr-threads`: CPU threads Whisper uses in each worker process (default 1:
start one worker process per core, `--nworkers N --nthreads 1`).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import click

log = logging.getLogger(__name__)


@click.command()
@click.option("--asr-model", default="tiny.en", show_default=True, help="Whisper model to load")
@click.option(
    "--asr-engine",
    default="auto",
    show_default=True,
    type=click.Choice(["auto", "openai", "faster-whisper"]),
)
@click.option("--asr-threads", default=1, show_default=True, type=int, help="Whisper threads")
def dask_setup(worker: Any, asr_model: str, asr_engine: str, asr_threads: int) -> None:
    """Start loading the models in this worker process."""
    from app.logging_setup import setup_logging
    from app.pipeline.dask_worker import set_default_threads, warm_models
    from app.pipeline.options import AnalyzeOptions

    setup_logging()  # tracebacks go to this machine's Callscope log
    set_default_threads(asr_threads)
    options = AnalyzeOptions(asr_model=asr_model, asr_engine=asr_engine, threads=asr_threads)

    def load() -> None:
        try:
            warm_models(options)
            log.info("callscope models loaded in worker %s", getattr(worker, "address", "?"))
        except Exception:  # the first call reports why, naming its file
            log.exception("loading the models in a Dask worker failed")

    threading.Thread(target=load, name="callscope-models", daemon=True).start()
