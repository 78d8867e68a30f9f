"""Transcribe one decoded call into speaker-tagged segments with word times.

Owns the arrow DecodedAudio -> Transcript. A Transcriber holds one loaded
Whisper engine (asr_engine: faster-whisper or openai-whisper, same weights)
and is reused for every call; it lives in the transcription worker process
(Whisper cannot be interrupted from a thread, so cancelling is checked
between batches and the pipeline may also terminate the process).

Per channel: VAD speech regions -> pieces of at most ~25 s of audio
(speech_pieces: real uncut audio for openai-whisper, speech with the
silence cut out for faster-whisper) -> the engine, a batch of pieces of
both channels at a time (greedy, word timestamps, no conditioning on
earlier text) -> times moved back to call time, words outside speech
dropped (Whisper invents text in silence). Stereo: each channel is one
speaker; mono: one channel with speaker "unknown" (diarization is a later
step).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from kernel.domain import (
    AGENT,
    CUSTOMER,
    SAMPLE_RATE,
    UNKNOWN,
    DecodedAudio,
    Segment,
    Transcript,
    Word,
)
from models.asr.asr_engine import AUTO, OPENAI, AsrEngine, choose_engine, load_engine
from models.asr.speech_pieces import (
    Piece,
    RegionChunk,
    compact_pieces,
    contiguous_pieces,
)
from models.asr.speech_pieces import group_regions as _group_regions
from models.asr.whisper_models import DEFAULT_MODEL
from models.audio.vad import load_vad, speech_regions

MAX_CHUNK_S = 25.0  # Whisper sees 30 s windows: keep each uncut chunk inside one
# Compacted pieces fill the window: every 30 s window costs the encoder the same,
# so fewer, fuller pieces are faster (measured: 28 pieces instead of 35 on the
# benchmark calls, WER unchanged).
MAX_PIECE_S = 29.0
WORD_SLACK_S = 0.15  # a word may stick out of its speech region by this much
# Extra audio Whisper hears before and after a chunk's padded regions. With only
# the 0.1 s VAD pad, tiny.en sometimes skips a chunk's whole first sentence
# (measured: "Which branch are you collecting from?" lost); 0.5 s fixes that
# and keeps WER on six synthesized calls at 0.053 (0.059 without).
CONTEXT_S = 0.5
# Compacted pieces (silence cut out): audio kept around each speech region, on
# top of the VAD's own 0.1 s pad. Pauses shorter than twice this stay whole;
# longer ones shrink to it. Measured WER on the benchmark calls (stereo/mono):
# 0.2 s -> 0.047/0.054; 0.1 s -> 0.053/0.069 (more sentences skipped).
COMPACT_CONTEXT_S = 0.2
# A speech region at least this long that got no word is transcribed again alone.
MIN_UNHEARD_S = 1.0
SEGMENT_GAP_S = 1.0  # a silence this long inside a Whisper segment starts a new segment
DUPLICATE_TOLERANCE = 1e-3  # "stereo" files whose two sides are the same signal are mono

Region = tuple[float, float]
ProgressCallback = Callable[[float, str], None]


class TranscriptionCanceled(Exception):
    """should_cancel() returned True; the transcript was abandoned between chunks."""


def group_regions(regions: Sequence[Region], max_chunk_s: float = MAX_CHUNK_S) -> list[RegionChunk]:
    """Speech regions grouped into chunks spanning at most `max_chunk_s` (speech_pieces)."""
    return _group_regions(regions, max_chunk_s)


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


def _same_signal(samples: np.ndarray, block: int = SAMPLE_RATE * 10) -> bool:
    """True for two channels carrying one signal; compared 10 s at a time.

    Block by block, so a two-hour file never needs a full-length difference
    array (two of them, 920 MB, were this step's peak before).
    """
    if samples.shape[0] != 2:
        return False
    for first in range(0, samples.shape[1], block):
        left = samples[0, first : first + block]
        right = samples[1, first : first + block]
        if np.max(np.abs(left - right), initial=0.0) >= DUPLICATE_TOLERANCE:
            return False
    return True


class Transcriber:
    """One loaded Whisper engine, reused for every call (lives in the worker process).

    `engine`: "auto" (faster-whisper when it can run the model offline, else
    openai-whisper), "faster-whisper" or "openai" (see asr_engine.py).
    `max_chunk_s`: the longest piece of audio Whisper gets at once (default:
    MAX_CHUNK_S for uncut chunks, MAX_PIECE_S for compacted ones).
    """

    def __init__(
        self,
        model: str | Path = DEFAULT_MODEL,
        *,
        device: str = "cpu",
        threads: int | None = None,
        max_chunk_s: float | None = None,
        engine: str = AUTO,
    ) -> None:
        load_vad()  # ONNX Runtime only: no torch import
        if choose_engine(engine, model) == OPENAI:  # only openai-whisper runs on torch
            import torch

            torch.set_num_threads(threads or os.cpu_count() or 1)
        self.engine: AsrEngine = load_engine(engine, model, device=device, threads=threads)
        self.engine_name = self.engine.name
        self.model_name = self.engine.model_name
        self.device = device
        default = MAX_PIECE_S if self.engine.compact else MAX_CHUNK_S
        self.max_chunk_s = max_chunk_s or default
        self.recovered_regions = 0  # speech regions heard again alone (see _unheard)

    def transcribe_call(
        self,
        audio: DecodedAudio,
        *,
        agent_channel: int = 0,
        progress: ProgressCallback | None = None,
        should_cancel: Callable[[], bool] | None = None,
        vocabulary: Sequence[str] = (),
    ) -> Transcript:
        """Transcript of the call: segments of both channels in time order.

        Stereo: channel `agent_channel` is the agent, the other the customer.
        Mono (or two identical channels): one channel, speaker "unknown".
        `vocabulary`: company, product and agent names to prompt Whisper with.
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
        speakers = [
            (AGENT if index == agent_channel else CUSTOMER) if stereo else UNKNOWN
            for index in range(samples.shape[0])
        ]
        duration = audio.duration_s
        n_samples = samples.shape[1]
        report = progress or (lambda _fraction, _message: None)
        report(0.0, "finding speech")
        self._check(should_cancel)
        regions = _speech_regions_of(samples)
        pieces = self._plan(regions, n_samples)
        total = max(sum(p.n_samples for p in pieces), 1)
        done = 0
        report(0.05 if pieces else 0.0, self._message(0.0, duration, stereo))
        segments: list[Segment] = []
        unheard: list[tuple[int, Region]] = []
        for group in self._batches(pieces):
            self._check(should_cancel)
            results = self.engine.transcribe_pieces([p.audio(samples) for p in group], vocabulary)
            for piece, result in zip(group, results, strict=True):
                found = _segments_from(result, piece, speakers)
                segments.extend(found)
                if self.engine.compact:
                    unheard.extend(_unheard(piece, found))
            done += sum(p.n_samples for p in group)
            reached = max(p.end_s for p in group)
            report(0.05 + 0.95 * done / total, self._message(reached, duration, stereo))
        # Heard again alone: one region per piece, never packed with others.
        again = [
            piece
            for channel, region in unheard
            for piece in compact_pieces(
                {channel: [region]}, n_samples, max_s=self.max_chunk_s, context_s=COMPACT_CONTEXT_S
            )
        ]
        for group in self._batches(again):
            self._check(should_cancel)
            results = self.engine.transcribe_pieces([p.audio(samples) for p in group], vocabulary)
            for piece, result in zip(group, results, strict=True):
                segments.extend(_segments_from(result, piece, speakers, inside_only=True))
        self.recovered_regions += len(again)
        segments.sort(key=lambda s: (s.start, s.channel or 0))
        report(1.0, "transcribed")
        return Transcript(segments=segments, asr_model=self.model_name, duration_s=duration)

    def _plan(self, regions: dict[int, list[Region]], n_samples: int) -> list[Piece]:
        """Pieces in time order (both channels mixed), so progress follows the call."""
        if self.engine.compact:
            return compact_pieces(
                regions, n_samples, max_s=self.max_chunk_s, context_s=COMPACT_CONTEXT_S
            )
        pieces = [
            piece
            for index, found in regions.items()
            for piece in contiguous_pieces(
                found, n_samples, index, max_s=self.max_chunk_s, context_s=CONTEXT_S
            )
        ]
        return sorted(pieces, key=lambda p: (p.start_s, p.spans[0].channel))

    def _batches(self, pieces: list[Piece]) -> list[list[Piece]]:
        size = max(1, self.engine.batch_size)
        return [pieces[i : i + size] for i in range(0, len(pieces), size)]

    @staticmethod
    def _check(should_cancel: Callable[[], bool] | None) -> None:
        if should_cancel is not None and should_cancel():
            raise TranscriptionCanceled()

    @staticmethod
    def _message(reached: float, duration: float, stereo: bool) -> str:
        sides = " both sides" if stereo else ""
        return f"transcribing{sides}: {min(reached, duration):.0f} of {duration:.0f} s"


def _speech_regions_of(samples: np.ndarray) -> dict[int, list[Region]]:
    """VAD regions per channel; the channels side by side on two threads.

    Silero's ONNX session runs one thread and releases the GIL, so the second
    channel costs no wall time on a two-core machine.
    """
    if samples.shape[0] == 1:
        return {0: speech_regions(samples[0])}
    with ThreadPoolExecutor(max_workers=samples.shape[0]) as pool:
        return dict(enumerate(pool.map(speech_regions, samples)))


def _unheard(piece: Piece, found: list[Segment]) -> list[tuple[int, Region]]:
    """(channel, region) for each long speech region of `piece` that got no word at all.

    With the silence cut out, tiny.en sometimes skips a whole sentence
    (measured on the mono calls: 2 turns in 160); heard again on its own,
    the sentence comes back.
    """
    missed: list[tuple[int, Region]] = []
    for span in piece.spans:
        for region in span.regions:
            if region[1] - region[0] < MIN_UNHEARD_S:
                continue
            if not any(
                w.start <= region[1] and w.end >= region[0]
                for s in found
                if s.channel == span.channel
                for w in s.words
            ):
                missed.append((span.channel, region))
    return missed


def _segments_from(
    result: list[list[Word]], piece: Piece, speakers: list[str], *, inside_only: bool = False
) -> list[Segment]:
    """Words moved to call time and kept only in speech; split at long silences and cuts.

    A piece with the silence cut out may hold two turns of one speaker with
    the other speaker's turn between them (or both speakers' stretches): a
    word from another stretch of the piece always starts a new segment, so
    turns never merge. `inside_only`: keep only words whose middle lies
    inside the speech regions (a region heard again must not repeat its
    neighbours' words).
    """
    segments: list[Segment] = []
    for raw in result:
        groups: list[tuple[int, list[Word]]] = []
        last_span = -1
        for item in raw:
            if not item.word.strip():
                continue
            span_index = piece.span_index((item.start + item.end) / 2)
            span = piece.spans[span_index]
            placed = _place_word(
                piece.to_call_time(item.start, span_index),
                piece.to_call_time(item.end, span_index),
                span.regions,
            )
            if placed is None:
                continue
            if inside_only:
                middle = piece.to_call_time((item.start + item.end) / 2, span_index)
                if not any(r[0] <= middle <= r[1] for r in span.regions):
                    continue
            word = Word(
                start=round(placed[0], 3),
                end=round(placed[1], 3),
                word=item.word,
                probability=round(float(item.probability), 4),
            )
            if (
                not groups
                or span_index != last_span
                or word.start - groups[-1][1][-1].end >= SEGMENT_GAP_S
            ):
                groups.append((span.channel, []))
            groups[-1][1].append(word)
            last_span = span_index
        for channel, words in groups:
            text = "".join(w.word for w in words).strip()
            stripped = [Word(w.start, w.end, w.word.strip(), w.probability) for w in words]
            segments.append(
                Segment(
                    start=stripped[0].start,
                    end=stripped[-1].end,
                    speaker=speakers[channel],
                    text=text,
                    words=stripped,
                    channel=channel,
                )
            )
    return segments
