"""openai-whisper as an ASR engine: the reference path (PyTorch, float32, one piece at a time).

Lives in the transcription worker process. Greedy decoding with
temperature fallback, word timestamps, no conditioning on earlier text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kernel.domain import Word
from models.asr.asr_engine import OPENAI, PieceResult, drop_loops
from models.asr.vocabulary import prompt_text
from models.asr.whisper_models import load_whisper_named

TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # greedy first, sampling only on failure


class OpenAIWhisperEngine:
    """A loaded openai-whisper model (see asr_engine.AsrEngine)."""

    name = OPENAI
    batch_size = 1
    compact = False

    def __init__(self, model: str | Path, *, device: str = "cpu") -> None:
        loaded = load_whisper_named(model, device)
        self.model = loaded.model
        self.model_name = loaded.name
        self.checkpoint = loaded.checkpoint

    def transcribe_pieces(
        self, pieces: Sequence[np.ndarray], vocabulary: Sequence[str] = ()
    ) -> list[PieceResult]:
        """`vocabulary`: names passed as Whisper's `initial_prompt` (see vocabulary.py)."""
        prompt = prompt_text(vocabulary)
        return [self._transcribe(piece, prompt) for piece in pieces]

    def _transcribe(self, piece: np.ndarray, prompt: str | None = None) -> PieceResult:
        result: dict[str, Any] = dict(
            self.model.transcribe(
                np.ascontiguousarray(piece, dtype=np.float32),
                language="en",
                task="transcribe",
                temperature=TEMPERATURES,
                word_timestamps=True,
                condition_on_previous_text=False,
                initial_prompt=prompt,
                fp16=False,
                verbose=None,  # no printing, no progress bar
            )
        )
        return drop_loops(
            [
                [
                    Word(
                        float(item["start"]),
                        float(item["end"]),
                        str(item["word"]),
                        float(item.get("probability", 1.0)),
                    )
                    for item in raw.get("words", [])
                ]
                for raw in result.get("segments", [])
            ]
        )
