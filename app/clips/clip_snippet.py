"""Transcript snippets of a clip: plain text and SRT subtitles, times relative to the clip."""

from __future__ import annotations

from collections.abc import Sequence

from kernel.domain import AGENT, CUSTOMER, Sentence

SPEAKER_NAMES: dict[str, str] = {AGENT: "Agent", CUSTOMER: "Customer"}


def speaker_name(speaker: str) -> str:
    return SPEAKER_NAMES.get(speaker, "Speaker")


def label_text(label: str | None) -> str:
    """ "impact_question" -> "impact question"."""
    return (label or "").replace("_", " ")


def clock(seconds: float) -> str:
    """m:ss.s for a reader."""
    seconds = max(0.0, seconds)
    minutes = int(seconds // 60)
    return f"{minutes}:{seconds - 60 * minutes:04.1f}"


def srt_time(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def snippet_text(
    sentences: Sequence[Sentence], clip_start_s: float, clip_end_s: float | None = None
) -> str:
    """One line per sentence: "[0:01.2] Agent: text  (impact question)"."""
    lines = []
    for sentence in sentences:
        start = max(0.0, sentence.start - clip_start_s)
        tag = f"  ({label_text(sentence.label)})" if sentence.label else ""
        lines.append(f"[{clock(start)}] {speaker_name(sentence.speaker)}: {sentence.text}{tag}")
    return "\n".join(lines) + ("\n" if lines else "")


def snippet_srt(
    sentences: Sequence[Sentence], clip_start_s: float, clip_end_s: float | None = None
) -> str:
    """SubRip cues, clamped to the clip so they line up with the clip's audio."""
    cues = []
    limit = None if clip_end_s is None else clip_end_s - clip_start_s
    for number, sentence in enumerate(sentences, start=1):
        start = max(0.0, sentence.start - clip_start_s)
        end = max(start + 0.1, sentence.end - clip_start_s)
        if limit is not None:
            end = min(end, max(limit, start + 0.1))
        cues.append(
            f"{number}\n{srt_time(start)} --> {srt_time(end)}\n"
            f"{speaker_name(sentence.speaker)}: {sentence.text}\n"
        )
    return "\n".join(cues)
