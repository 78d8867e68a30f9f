"""Transcribe one decoded call into speaker-tagged segments with word times.

Owns the arrow DecodedAudio -> Transcript. A Transcriber holds one loaded
Whisper model and is reused for every call; it lives in the transcription
worker process (Whisper cannot be interrupted from a thread, so cancelling
is checked between chunks and the pipeline may also terminate the process).

Per channel: VAD speech regions -> regions grouped into chunks of at most
~25 s, split at the longest silences -> Whisper on each chunk (greedy,
temperature fallback, word timestamps, no conditioning on earlier text) ->
times moved back to call time, words outside speech dropped (Whisper
invents text in silence). Stereo: each channel is one speaker; mono: one
channel with speaker "unknown" (diarization is a later step).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.audio.vad import load_vad, speech_regions
from app.domain import (
    AGENT,
    CUSTOMER,
    SAMPLE_RATE,
    UNKNOWN,
    DecodedAudio,
    Segment,
    Transcript,
    Word,
)
from models.asr.whisper_models import DEFAULT_MODEL, load_whisper_named

MAX_CHUNK_S = 25.0  # Whisper sees 30 s windows: keep each chunk inside one
WORD_SLACK_S = 0.15  # a word may stick out of its speech region by this much
# Extra audio Whisper hears before and after a chunk's padded regions. With only
# the 0.1 s VAD pad, tiny.en sometimes skips a chunk's whole first sentence
# (measured: "Which branch are you collecting from?" lost); 0.5 s fixes that
# and keeps WER on six synthesized calls at 0.053 (0.059 without).
CONTEXT_S = 0.5
SEGMENT_GAP_S = 1.0  # a silence this long inside a Whisper segment starts a new segment
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # greedy first, sampling only on failure
DUPLICATE_TOLERANCE = 1e-3  # "stereo" files whose two sides are the same signal are mono

Region = tuple[float, float]
ProgressCallback = Callable[[float, str], None]


class TranscriptionCanceled(Exception):
    """should_cancel() returned True; the transcript was abandoned between chunks."""


@dataclass(frozen=True)
class _Chunk:
    start: float
    end: float
    regions: tuple[Region, ...]


def group_regions(regions: Sequence[Region], max_chunk_s: float = MAX_CHUNK_S) -> list[_Chunk]:
    """Group time-ordered speech regions into chunks spanning at most `max_chunk_s`.

    A span too long is split at its longest silence, recursively, so chunk
    edges fall in the quietest places. A single region longer than the limit
    stays one chunk (Whisper's own windowing handles it).
    """
    if not regions:
        return []
    start, end = regions[0][0], regions[-1][1]
    if end - start <= max_chunk_s or len(regions) == 1:
        return [_Chunk(start, end, tuple(regions))]
    gaps = [regions[i + 1][0] - regions[i][1] for i in range(len(regions) - 1)]
    cut = int(np.argmax(gaps)) + 1
    return group_regions(regions[:cut], max_chunk_s) + group_regions(regions[cut:], max_chunk_s)


def _place_word(start: float, end: float, regions: Sequence[Region]) -> tuple[float, float] | None:
    """Clip a word to the speech region it overlaps most; None when it lies in silence."""
    end = max(end, start + 0.01)  # a zero-length word still has a place
    best: Region | None = None
    best_overlap = 0.0
    for r_start, r_end in regions:
        overlap = min(end, r_end + WORD_SLACK_S) - max(start, r_start - WORD_SLACK_S)
        if overlap > best_overlap:
            best, best_overlap = (r_start, r_end), overlap
    if best is None:
        return None
    clipped_start = min(max(start, best[0]), best[1])
    clipped_end = max(min(end, best[1]), clipped_start)
    return clipped_start, clipped_end


def _same_signal(samples: np.ndarray) -> bool:
    return samples.shape[0] == 2 and bool(
        np.max(np.abs(samples[0] - samples[1]), initial=0.0) < DUPLICATE_TOLERANCE
    )


class Transcriber:
    """One loaded Whisper model, reused for every call (lives in the worker process)."""

    def __init__(
        self,
        model: str | Path = DEFAULT_MODEL,
        *,
        device: str = "cpu",
        threads: int | None = None,
        max_chunk_s: float = MAX_CHUNK_S,
    ) -> None:
        import torch

        torch.set_num_threads(threads or os.cpu_count() or 1)
        load_vad()  # before Whisper: silero's import touches torch threads (vad.py restores)
        loaded = load_whisper_named(model, device)
        self.model = loaded.model
        self.model_name = loaded.name
        self.checkpoint = loaded.checkpoint
        self.device = device
        self.max_chunk_s = max_chunk_s

    def transcribe_call(
        self,
        audio: DecodedAudio,
        *,
        agent_channel: int = 0,
        progress: ProgressCallback | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> Transcript:
        """Transcript of the call: segments of both channels in time order.

        Stereo: channel `agent_channel` is the agent, the other the customer.
        Mono (or two identical channels): one channel, speaker "unknown".
        Raises TranscriptionCanceled when `should_cancel` says so.
        """
        if audio.sample_rate != SAMPLE_RATE:
            raise ValueError(
                f"audio must be {SAMPLE_RATE} Hz (decode_audio), not {audio.sample_rate}"
            )
        samples = audio.samples
        if _same_signal(samples):
            samples = samples[:1]
        stereo = samples.shape[0] >= 2
        if stereo and agent_channel not in (0, 1):
            raise ValueError(f"agent_channel must be 0 or 1, not {agent_channel}")
        duration = audio.duration_s
        total = max(duration * samples.shape[0], 1e-9)
        report = progress or (lambda _fraction, _message: None)
        report(0.0, "finding speech")
        segments: list[Segment] = []
        for index in range(samples.shape[0]):
            speaker = (AGENT if index == agent_channel else CUSTOMER) if stereo else UNKNOWN
            done_before = index * duration

            def channel_progress(
                seconds: float, speaker: str = speaker, base: float = done_before
            ) -> None:
                side = "" if speaker == UNKNOWN else f" {speaker} side"
                message = f"transcribing{side}: {seconds:.0f} of {duration:.0f} s"
                report(min(1.0, (base + seconds) / total), message)

            segments.extend(
                self._transcribe_channel(
                    samples[index], index, speaker, channel_progress, should_cancel
                )
            )
        segments.sort(key=lambda s: (s.start, s.channel or 0))
        report(1.0, "transcribed")
        return Transcript(segments=segments, asr_model=self.model_name, duration_s=duration)

    def _transcribe_channel(
        self,
        channel: np.ndarray,
        index: int,
        speaker: str,
        progress: Callable[[float], None],
        should_cancel: Callable[[], bool] | None,
    ) -> list[Segment]:
        rate = SAMPLE_RATE
        segments: list[Segment] = []
        for chunk in group_regions(speech_regions(channel), self.max_chunk_s):
            if should_cancel is not None and should_cancel():
                raise TranscriptionCanceled()
            first = max(0, int((chunk.start - CONTEXT_S) * rate))
            last = min(len(channel), int(np.ceil((chunk.end + CONTEXT_S) * rate)))
            result = self._whisper(np.ascontiguousarray(channel[first:last], dtype=np.float32))
            for raw in result.get("segments", []):
                segments.extend(self._segments_from(raw, first / rate, chunk, index, speaker))
            progress(chunk.end)
        progress(len(channel) / rate)
        return segments

    def _whisper(self, piece: np.ndarray) -> dict[str, Any]:
        return dict(
            self.model.transcribe(
                piece,
                language="en",
                task="transcribe",
                temperature=TEMPERATURES,
                word_timestamps=True,
                condition_on_previous_text=False,
                fp16=False,
                verbose=None,  # no printing, no progress bar
            )
        )

    @staticmethod
    def _segments_from(
        raw: dict[str, Any], offset: float, chunk: _Chunk, index: int, speaker: str
    ) -> list[Segment]:
        """Words moved to call time and kept only in speech; split at long silences."""
        groups: list[list[Word]] = []
        for item in raw.get("words", []):
            text = str(item["word"])
            if not text.strip():
                continue
            placed = _place_word(
                offset + float(item["start"]), offset + float(item["end"]), chunk.regions
            )
            if placed is None:
                continue
            word = Word(
                start=round(placed[0], 3),
                end=round(placed[1], 3),
                word=text,
                probability=round(float(item.get("probability", 1.0)), 4),
            )
            if not groups or word.start - groups[-1][-1].end >= SEGMENT_GAP_S:
                groups.append([])
            groups[-1].append(word)
        segments: list[Segment] = []
        for words in groups:
            text = "".join(w.word for w in words).strip()
            stripped = [Word(w.start, w.end, w.word.strip(), w.probability) for w in words]
            segments.append(
                Segment(
                    start=stripped[0].start,
                    end=stripped[-1].end,
                    speaker=speaker,
                    text=text,
                    words=stripped,
                    channel=index,
                )
            )
        return segments
