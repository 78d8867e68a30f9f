"""faster-whisper (CTranslate2) as an ASR engine: int8, pieces batched through the model.

Lives in the transcription worker process. Loads the CTranslate2 model
folder as installed (no conversion, no hub: a folder path is never looked
up online) with int8 weights. A batch of pieces goes through
faster-whisper's BatchedInferencePipeline in one encoder pass and one
batched greedy decode, with word timestamps from the cross-attention
alignment heads in the model's config.json.

The batched decode has no temperature fallback, so a piece whose text looks
like a failure (repetitive: gzip ratio above 2.4, or one segment said over and
over, asr_engine.LOOP_RUN; or unlikely: mean log probability below -1) is
transcribed again on its own with the sequential decoder and openai-whisper's
fallback temperatures; a loop that survives is cut to its first copy.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kernel.domain import SAMPLE_RATE, Word
from models.asr.asr_engine import FASTER_WHISPER, PieceResult, drop_loops, looping
from models.asr.vocabulary import prompt_text

COMPUTE_TYPE = "int8"  # measured: same WER as float32 on our calls, about 1.5x faster
# Pieces per batch. The encoder's attention scores take batch x heads x 1500 x 1500
# floats: 430 MB at 8 pieces of tiny.en (6 heads), 216 MB at 4. A call of a few
# minutes fills one batch anyway; on 2 cores batching gains little beyond that.
BATCH_SIZE = 4
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
COMPRESSION_RATIO_LIMIT = 2.4  # openai-whisper's thresholds for a failed decode
LOG_PROB_LIMIT = -1.0


class FasterWhisperEngine:
    """A loaded CTranslate2 Whisper model (see asr_engine.AsrEngine)."""

    name = FASTER_WHISPER
    batch_size = BATCH_SIZE
    compact = True

    def __init__(
        self,
        folder: Path,
        model_name: str,
        *,
        device: str = "cpu",
        threads: int | None = None,
        compute_type: str = COMPUTE_TYPE,
    ) -> None:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        self.model = WhisperModel(
            str(folder),
            device=device,
            compute_type=compute_type,
            cpu_threads=threads or os.cpu_count() or 1,
            num_workers=1,
            local_files_only=True,
        )
        self.pipeline = BatchedInferencePipeline(self.model)
        self.folder = folder
        self.compute_type = compute_type
        # A folder path names no model: read it from the package that shipped it.
        self.model_name = model_name if os.sep not in model_name else folder.name
        self.retried = 0  # pieces decoded again after a failed batched decode

    def transcribe_pieces(
        self, pieces: Sequence[np.ndarray], vocabulary: Sequence[str] = ()
    ) -> list[PieceResult]:
        """One batched encode and greedy decode for all pieces (each padded to 30 s).

        `vocabulary`: names passed as faster-whisper's `hotwords` (see vocabulary.py).
        """
        if not pieces:
            return []
        hotwords = prompt_text(vocabulary)
        starts: list[int] = []
        position = 0
        for piece in pieces:
            starts.append(position)
            position += len(piece)
        joined = np.concatenate([np.asarray(p, dtype=np.float32) for p in pieces])
        clips = [
            {"start": start / SAMPLE_RATE, "end": (start + len(piece)) / SAMPLE_RATE}
            for start, piece in zip(starts, pieces, strict=True)
        ]
        segments, _info = self.pipeline.transcribe(
            joined,
            language="en",
            task="transcribe",
            beam_size=1,
            temperature=0.0,
            word_timestamps=True,
            # Timestamp tokens: measured WER 0.078 with, 0.112 without on the mono calls
            # (without them tiny.en more often drops a sentence of a long piece).
            without_timestamps=False,
            clip_timestamps=clips,
            batch_size=max(1, len(pieces)),
            hotwords=hotwords,
        )
        results: list[PieceResult] = [[] for _ in pieces]
        failed: set[int] = set()
        for segment in segments:
            words = segment.words or []
            if not words:
                continue
            middle = (words[0].start + words[-1].end) / 2
            index = max(0, bisect.bisect_right(starts, middle * SAMPLE_RATE) - 1)
            offset = starts[index] / SAMPLE_RATE
            if _looks_failed(segment):
                failed.add(index)
            results[index].append(
                [Word(w.start - offset, w.end - offset, w.word, w.probability) for w in words]
            )
        failed.update(index for index, result in enumerate(results) if looping(result))
        for index in sorted(failed):
            self.retried += 1
            results[index] = self._transcribe_alone(pieces[index], hotwords)
        return [drop_loops(result) for result in results]

    def _transcribe_alone(self, piece: np.ndarray, hotwords: str | None = None) -> PieceResult:
        """The sequential decoder with temperature fallback, for one piece."""
        segments, _info = self.model.transcribe(
            np.ascontiguousarray(piece, dtype=np.float32),
            language="en",
            task="transcribe",
            beam_size=1,
            temperature=list(TEMPERATURES),
            word_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=False,
            hotwords=hotwords,
        )
        return [
            [Word(w.start, w.end, w.word, w.probability) for w in (segment.words or [])]
            for segment in segments
        ]


def _looks_failed(segment: Any) -> bool:
    values = segment if isinstance(segment, dict) else vars(segment)
    ratio = float(values.get("compression_ratio") or 0.0)
    log_prob = float(values.get("avg_logprob") or 0.0)
    return ratio > COMPRESSION_RATIO_LIMIT or log_prob < LOG_PROB_LIMIT
