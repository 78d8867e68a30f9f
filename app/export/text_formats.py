"""Transcripts as subtitles (SRT, WebVTT), plain text, and sentences as CSV rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from app.storage.library import Library
from kernel.domain import Segment

CSV_COLUMNS = (
    "call_id",
    "source",
    "agent",
    "team",
    "call_date",
    "sentence_id",
    "start",
    "end",
    "speaker",
    "label",
    "corrected_label",
    "confidence",
    "text",
)


def _stamp(seconds: float, separator: str) -> str:
    millis = round(max(0.0, seconds) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _speaker(segment: Segment) -> str:
    return segment.speaker.capitalize()


def to_srt(segments: Sequence[Segment]) -> str:
    blocks = []
    for n, s in enumerate(segments, start=1):
        blocks.append(
            f"{n}\n{_stamp(s.start, ',')} --> {_stamp(s.end, ',')}\n"
            f"{_speaker(s)}: {s.text.strip()}\n"
        )
    return "\n".join(blocks)


def to_vtt(segments: Sequence[Segment]) -> str:
    cues = [
        f"{_stamp(s.start, '.')} --> {_stamp(s.end, '.')}\n<v {_speaker(s)}>{s.text.strip()}\n"
        for s in segments
    ]
    return "WEBVTT\n\n" + "\n".join(cues)


def to_txt(segments: Sequence[Segment]) -> str:
    lines = [f"[{_stamp(s.start, '.')[:-4]}] {_speaker(s)}: {s.text.strip()}" for s in segments]
    return "\n".join(lines) + ("\n" if lines else "")


def sentences_csv(library: Library, call_ids: Sequence[int]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for call_id in call_ids:
        call = library.get_call(call_id)
        analysis = library.get_model_analysis(call_id)
        if call is None or analysis is None:
            continue
        fixes = {int(r["sentence_idx"]): r["label"] for r in library.label_corrections(call_id)}
        for s in analysis.sentences:
            writer.writerow(
                [
                    call.id,
                    call.source,
                    call.agent or "",
                    call.team or "",
                    call.call_date or "",
                    s.id,
                    f"{s.start:.3f}",
                    f"{s.end:.3f}",
                    s.speaker,
                    s.label or "",
                    fixes.get(s.id, ""),
                    "" if s.confidence is None else f"{s.confidence:.4f}",
                    s.text,
                ]
            )
    return buffer.getvalue()


def transcript_text(library: Library, call_id: int, fmt: str) -> str:
    transcript = library.get_transcript(call_id)
    segments = transcript.segments if transcript else []
    return {"srt": to_srt, "vtt": to_vtt, "txt": to_txt}[fmt](segments)
