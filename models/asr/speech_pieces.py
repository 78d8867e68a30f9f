"""Plan which audio Whisper hears: pieces that each fit one 30 s window.

Owns the arrow speech regions -> pieces (and piece time -> call time). A
piece is one or more stretches (spans) of the channels laid end to end:

- `contiguous_pieces`: regions grouped into chunks of at most `max_s`, each
  one stretch of real audio from a little before its first region to a
  little after its last, pauses and the other speaker's turns included
  (the openai-whisper path, unchanged since the first transcriber);
- `compact_pieces`: each region widened by some context, overlapping ones
  merged, the silence between them cut out, and the stretches of all
  channels packed in time order into pieces of at most `max_s` seconds of
  audio (the faster-whisper path). A stereo call's channel is about half
  silence: packed, both sides together need about as many 30 s windows as
  the call is long, not twice as many; each stretch still knows its channel,
  so every word keeps its speaker.

Whisper's word times are relative to the piece; `Piece.to_call_time` maps
them back through the span they fall in.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kernel.domain import SAMPLE_RATE

Region = tuple[float, float]


@dataclass(frozen=True)
class Span:
    """Samples [first, last) of `channel`, placed at `piece_first` in the piece.

    `regions`: the speech regions (call time) of that channel inside the span.
    """

    first: int
    last: int
    piece_first: int
    channel: int = 0
    regions: tuple[Region, ...] = ()


@dataclass(frozen=True)
class Piece:
    """Audio Whisper transcribes in one go: stretches of one or more channels."""

    spans: tuple[Span, ...]

    @property
    def regions(self) -> tuple[Region, ...]:
        return tuple(r for span in self.spans for r in span.regions)

    @property
    def n_samples(self) -> int:
        last = self.spans[-1]
        return last.piece_first + (last.last - last.first)

    @property
    def start_s(self) -> float:
        """Call time where the piece's audio starts."""
        return self.spans[0].first / SAMPLE_RATE

    @property
    def end_s(self) -> float:
        """Call time where the piece's audio ends."""
        return self.spans[-1].last / SAMPLE_RATE

    def audio(self, samples: np.ndarray) -> np.ndarray:
        """The piece's samples (float32, contiguous) cut from `samples` (channels, n)."""
        if len(self.spans) == 1:
            span = self.spans[0]
            return np.ascontiguousarray(
                samples[span.channel, span.first : span.last], dtype=np.float32
            )
        return np.concatenate(
            [np.asarray(samples[s.channel, s.first : s.last], dtype=np.float32) for s in self.spans]
        )

    def span_index(self, piece_s: float) -> int:
        """Index of the span holding piece time `piece_s` (the nearest one at the edges)."""
        sample = piece_s * SAMPLE_RATE
        index = 0
        for i, span in enumerate(self.spans):
            if span.piece_first <= sample:
                index = i
            else:
                break
        return index

    def to_call_time(self, piece_s: float, span_index: int | None = None) -> float:
        """Call time of piece time `piece_s`, through span `span_index` (default: its own)."""
        span = self.spans[self.span_index(piece_s) if span_index is None else span_index]
        sample = span.first + (piece_s * SAMPLE_RATE - span.piece_first)
        return float(min(max(sample, span.first), span.last)) / SAMPLE_RATE


@dataclass(frozen=True)
class RegionChunk:
    """Time-ordered speech regions that fit one Whisper window."""

    start: float
    end: float
    regions: tuple[Region, ...]


def group_regions(regions: Sequence[Region], max_chunk_s: float) -> list[RegionChunk]:
    """Group time-ordered speech regions into runs spanning at most `max_chunk_s`.

    A span too long is split at its longest silence, recursively, so chunk
    edges fall in the quietest places. A single region longer than the limit
    stays one chunk (Whisper's own windowing handles it).
    """
    if not regions:
        return []
    start, end = regions[0][0], regions[-1][1]
    if end - start <= max_chunk_s or len(regions) == 1:
        return [RegionChunk(start, end, tuple(regions))]
    gaps = [regions[i + 1][0] - regions[i][1] for i in range(len(regions) - 1)]
    cut = int(np.argmax(gaps)) + 1
    return group_regions(regions[:cut], max_chunk_s) + group_regions(regions[cut:], max_chunk_s)


def contiguous_pieces(
    regions: Sequence[Region], n_samples: int, channel: int, *, max_s: float, context_s: float
) -> list[Piece]:
    """One piece of real, uncut audio per chunk of regions, `context_s` wider on both sides."""
    pieces: list[Piece] = []
    for chunk in group_regions(regions, max_s):
        first = max(0, int((chunk.start - context_s) * SAMPLE_RATE))
        last = min(n_samples, math.ceil((chunk.end + context_s) * SAMPLE_RATE))
        if last > first:
            pieces.append(Piece((Span(first, last, 0, channel, chunk.regions),)))
    return pieces


def _kept_stretches(
    regions: Sequence[Region], n_samples: int, context_s: float
) -> list[tuple[int, int, list[Region]]]:
    """Regions widened by `context_s`, merged where they touch: (first, last, regions)."""
    kept: list[tuple[int, int, list[Region]]] = []
    for region in regions:
        first = max(0, int((region[0] - context_s) * SAMPLE_RATE))
        last = min(n_samples, math.ceil((region[1] + context_s) * SAMPLE_RATE))
        if last <= first:
            continue
        if kept and first <= kept[-1][1]:
            kept[-1] = (kept[-1][0], max(kept[-1][1], last), [*kept[-1][2], region])
        else:
            kept.append((first, last, [region]))
    return kept


def _split_long(
    stretch: tuple[int, int, list[Region]], limit: int
) -> list[tuple[int, int, list[Region]]]:
    """A stretch longer than `limit` samples cut into equal parts (rare: 25 s without a pause)."""
    first, last, regions = stretch
    parts = math.ceil((last - first) / limit)
    if parts <= 1:
        return [stretch]
    bounds = [first + round(i * (last - first) / parts) for i in range(parts + 1)]
    out: list[tuple[int, int, list[Region]]] = []
    for a, b in itertools.pairwise(bounds):
        a_s, b_s = a / SAMPLE_RATE, b / SAMPLE_RATE
        inside = [(max(r[0], a_s), min(r[1], b_s)) for r in regions if r[1] > a_s and r[0] < b_s]
        out.append((a, b, inside))
    return out


def compact_pieces(
    regions_by_channel: Mapping[int, Sequence[Region]],
    n_samples: int,
    *,
    max_s: float,
    context_s: float,
) -> list[Piece]:
    """Speech stretches (regions +- `context_s`, silence between cut) packed into pieces.

    Stretches of every channel are taken in time order (by start, then
    channel); a piece takes stretches while its audio stays within `max_s`.
    """
    limit = max(1, int(max_s * SAMPLE_RATE))
    stretches = sorted(
        (
            (part[0], channel, part)
            for channel, regions in regions_by_channel.items()
            for stretch in _kept_stretches(regions, n_samples, context_s)
            for part in _split_long(stretch, limit)
        ),
        key=lambda item: (item[0], item[1]),
    )
    pieces: list[Piece] = []
    spans: list[Span] = []
    filled = 0
    for _start, channel, (first, last, inside) in stretches:
        length = last - first
        if spans and filled + length > limit:
            pieces.append(Piece(tuple(spans)))
            spans, filled = [], 0
        spans.append(Span(first, last, filled, channel, tuple(inside)))
        filled += length
    if spans:
        pieces.append(Piece(tuple(spans)))
    return pieces
