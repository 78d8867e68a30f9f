"""What the Clips screen asks of the store, in one adapter (no Qt).

Turns stored clips into `ClipRow`s (with their call's agent, team, date and
audio path) and into `ClipSpec`s for export (with the call's sentences in
the clip's stretch). Runs on the store's thread (`store.gateway(ClipsGateway)`
in `app/ui/store.py`), so its sentence cache is touched by that thread only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from app.clips.clip_spec import ClipSpec, sentences_in_range
from app.redaction.audio import padded_spans, spans_within
from kernel.domain import Sentence

if TYPE_CHECKING:
    from app.ui.store import StoredCall, StoredLibrary


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


class ClipsGateway:
    """Thin typed layer over the Library for the Clips screen."""

    def __init__(self, library: StoredLibrary) -> None:
        self.library = library
        self._sentences: dict[int, list[Sentence]] = {}

    def rows(self) -> list[ClipRow]:
        """Every stored clip, newest first, with its call's details.

        A clip whose call was deleted keeps the audio path it was cut from.
        """
        calls: dict[int, StoredCall | None] = {}
        rows: list[ClipRow] = []
        for clip in self.library.list_clips():
            call = None
            if clip.call_id is not None:
                if clip.call_id not in calls:
                    calls[clip.call_id] = self.library.get_call(clip.call_id)
                call = calls[clip.call_id]
            rows.append(
                ClipRow(
                    clip_id=clip.id,
                    call_id=clip.call_id if call is not None else None,
                    title=clip.title,
                    start_s=clip.start_s,
                    end_s=clip.end_s,
                    tags=list(clip.tags),
                    note=clip.note,
                    created=clip.created,
                    source=call.source if call is not None else clip.source,
                    agent=call.agent if call is not None else None,
                    team=call.team if call is not None else None,
                    call_date=call.call_date if call is not None else None,
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
            muted=self.muted_spans(row.call_id, row.start_s, row.end_s),
        )

    def muted_spans(
        self, call_id: int | None, start_s: float, end_s: float
    ) -> list[tuple[float, float]]:
        """Redacted words of the call inside the clip, padded (issue 15)."""
        if call_id is None:
            return []
        return spans_within(padded_spans(self.library.redactions(call_id)), start_s, end_s)

    def delete(self, clip_id: int) -> None:
        self.library.delete_clip(clip_id)
