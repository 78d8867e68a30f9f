"""What the Clips screen asks of the store, in one adapter (no Qt).

Turns stored clips into `ClipRow`s (with their call's agent, team, date and
audio path) and into `ClipSpec`s for export (with the call's sentences in
the clip's stretch). Runs on the thread that owns the library (the GUI's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from app.clips.clip_spec import ClipSpec, sentences_in_range
from app.domain import Sentence
from app.ui.review.review_gateway import field_of


@dataclass
class ClipRow:
    """One stored clip as the table shows it."""

    clip_id: int
    call_id: int | None
    title: str
    start_s: float
    end_s: float
    tags: list[str] = field(default_factory=list)
    note: str = ""
    created: str = ""
    source: str = ""
    agent: str | None = None
    team: str | None = None
    call_date: str | None = None

    @property
    def duration_s(self) -> float:
        return max(0.0, self.end_s - self.start_s)

    @property
    def call_name(self) -> str:
        return PurePath(self.source).name if self.source else ""

    def matches(self, text: str) -> bool:
        """Case-insensitive search over title, note, tags, agent, team and file name."""
        needle = text.strip().lower()
        if not needle:
            return True
        haystack = " ".join(
            [self.title, self.note, " ".join(self.tags), self.agent or "", self.team or "",
             self.call_name]
        ).lower()  # fmt: skip
        return all(word in haystack for word in needle.split())


def parse_tag_field(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    return [str(t) for t in value]


class ClipsGateway:
    """Thin typed layer over the Library for the Clips screen."""

    def __init__(self, library: Any) -> None:
        self.library = library
        self._sentences: dict[int, list[Sentence]] = {}

    def rows(self) -> list[ClipRow]:
        """Every stored clip, newest first, with its call's details."""
        calls: dict[int, Any] = {}
        rows: list[ClipRow] = []
        for clip in self.library.list_clips():
            call_id = field_of(clip, "call_id")
            call = None
            if call_id is not None:
                if call_id not in calls:
                    calls[call_id] = self.library.get_call(int(call_id))
                call = calls[call_id]
            rows.append(
                ClipRow(
                    clip_id=int(field_of(clip, "id", "clip_id")),
                    call_id=int(call_id) if call_id is not None else None,
                    title=str(field_of(clip, "title", default="Untitled clip")),
                    start_s=float(field_of(clip, "start_s", "start", default=0.0)),
                    end_s=float(field_of(clip, "end_s", "end", default=0.0)),
                    tags=parse_tag_field(field_of(clip, "tags")),
                    note=str(field_of(clip, "note", "notes", default="")),
                    created=str(field_of(clip, "created", "created_at", default="")),
                    source=str(field_of(call, "source", "source_path", "path", default=""))
                    if call is not None
                    else str(field_of(clip, "source", default="")),
                    agent=field_of(call, "agent") if call is not None else None,
                    team=field_of(call, "team") if call is not None else None,
                    call_date=field_of(call, "call_date", "date") if call is not None else None,
                )
            )
        rows.sort(key=lambda r: (r.created, r.clip_id), reverse=True)
        return rows

    def sentences(self, call_id: int | None) -> list[Sentence]:
        """The call's sentences (cached for this gateway's life: they do not move)."""
        if call_id is None:
            return []
        if call_id not in self._sentences:
            analysis = self.library.get_analysis(call_id)
            self._sentences[call_id] = list(analysis.sentences) if analysis else []
        return self._sentences[call_id]

    def forget_sentences(self) -> None:
        self._sentences.clear()

    def spec(self, row: ClipRow) -> ClipSpec:
        """What the exporter needs for one clip (labels as they are now, corrections included)."""
        return ClipSpec(
            title=row.title,
            source=row.source,
            start_s=row.start_s,
            end_s=row.end_s,
            tags=list(row.tags),
            note=row.note,
            sentences=sentences_in_range(self.sentences(row.call_id), row.start_s, row.end_s),
            call_id=row.call_id,
            clip_id=row.clip_id,
            agent=row.agent,
            team=row.team,
            call_date=row.call_date,
            created=row.created,
        )

    def delete(self, clip_id: int) -> None:
        self.library.delete_clip(clip_id)
