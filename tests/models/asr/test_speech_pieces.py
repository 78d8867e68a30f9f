"""Pieces Whisper hears: uncut chunks, compacted speech, and times mapped back."""

from __future__ import annotations

import numpy as np
import pytest

from models.asr.speech_pieces import (
    Piece,
    Span,
    compact_pieces,
    contiguous_pieces,
)

RATE = 16_000


def test_contiguous_pieces_are_one_uncut_stretch_with_context() -> None:
    regions = [(1.0, 3.0), (4.0, 6.0), (40.0, 41.0)]
    pieces = contiguous_pieces(regions, RATE * 50, 1, max_s=25.0, context_s=0.5)
    assert len(pieces) == 2
    first = pieces[0]
    assert first.spans == (Span(int(0.5 * RATE), int(6.5 * RATE), 0, 1, ((1.0, 3.0), (4.0, 6.0))),)
    assert first.regions == ((1.0, 3.0), (4.0, 6.0))
    assert first.to_call_time(2.0) == pytest.approx(2.5)
    # Clipped to the audio at both ends.
    edge = contiguous_pieces([(0.2, 1.0)], RATE * 1, 0, max_s=25.0, context_s=0.5)[0]
    assert edge.spans[0].first == 0
    assert edge.spans[0].last == RATE


def test_compact_pieces_cut_long_silences_and_keep_short_pauses() -> None:
    regions = [(1.0, 3.0), (3.4, 5.0), (20.0, 22.0)]
    pieces = compact_pieces({0: regions}, RATE * 30, max_s=25.0, context_s=0.3)
    assert len(pieces) == 1
    piece = pieces[0]
    # (1.0, 3.0) and (3.4, 5.0) overlap once widened: one stretch; the 15 s gap is cut.
    assert [(s.first / RATE, s.last / RATE) for s in piece.spans] == [(0.7, 5.3), (19.7, 22.3)]
    assert piece.spans[1].piece_first == piece.spans[0].last - piece.spans[0].first
    assert piece.n_samples == round((4.6 + 2.6) * RATE)
    assert piece.regions == tuple(regions)
    # Piece time 4.6 s is where the second stretch begins: call time 19.7 s.
    assert piece.to_call_time(1.0) == pytest.approx(1.7)
    assert piece.to_call_time(4.7) == pytest.approx(19.8)
    assert piece.span_index(4.5) == 0 and piece.span_index(4.7) == 1
    # A time mapped through a given span stays inside it.
    assert piece.to_call_time(4.7, span_index=0) == pytest.approx(5.3)


def test_compact_pieces_pack_up_to_the_limit_and_split_a_long_stretch() -> None:
    regions = [(i * 10.0, i * 10.0 + 6.0) for i in range(10)]  # 6 s of speech every 10 s
    pieces = compact_pieces({0: regions}, RATE * 100, max_s=25.0, context_s=0.3)
    assert all(p.n_samples <= 25 * RATE for p in pieces)
    assert sum(len(p.regions) for p in pieces) == 10
    assert len(pieces) == 4  # 6.6 s a stretch: three per piece
    long = compact_pieces({0: [(0.0, 60.0)]}, RATE * 60, max_s=25.0, context_s=0.3)
    assert len(long) == 3
    assert all(p.n_samples <= 25 * RATE for p in long)
    assert sum(p.n_samples for p in long) == 60 * RATE
    assert compact_pieces({0: []}, RATE * 10, max_s=25.0, context_s=0.3) == []


def test_both_channels_pack_in_time_order_and_keep_their_channel() -> None:
    agent = [(1.0, 4.0), (9.0, 12.0)]
    customer = [(5.0, 8.0), (10.5, 11.0)]  # the second one talks over the agent
    pieces = compact_pieces({0: agent, 1: customer}, RATE * 20, max_s=25.0, context_s=0.3)
    assert len(pieces) == 1
    spans = pieces[0].spans
    assert [s.channel for s in spans] == [0, 1, 0, 1]
    assert [s.regions for s in spans] == [(agent[0],), (customer[0],), (agent[1],), (customer[1],)]
    assert pieces[0].regions == (agent[0], customer[0], agent[1], customer[1])
    # Each span's piece time maps back into its own channel's time.
    third = spans[2]
    assert pieces[0].to_call_time(third.piece_first / RATE + 1.0) == pytest.approx(9.7)


def test_piece_audio_joins_its_spans_across_channels() -> None:
    samples = np.stack([np.arange(RATE * 4), -np.arange(RATE * 4)]).astype(np.float32)
    piece = Piece((Span(0, 10, 0, 0), Span(RATE, RATE + 5, 10, 1)))
    audio = piece.audio(samples)
    assert audio.dtype == np.float32
    np.testing.assert_array_equal(audio, np.r_[samples[0, :10], samples[1, RATE : RATE + 5]])
    single = Piece((Span(3, 8, 0, 1),))
    np.testing.assert_array_equal(single.audio(samples), samples[1, 3:8])
