"""Turns what is selected on the Review screen into a saved coaching clip.

The stretch is the range dragged on the timeline, or else the span of the
selected sentences; the dialog adds padding, title, tags and a note; the
gateway stores it. Lives on the GUI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

from app.clips.clip_spec import ClipSpec
from app.ui.clips.clip_dialog import ClipDialog
from app.ui.review.review_data import ReviewData, SentenceRow, suggest_clip_text
from app.ui.review.review_gateway import ReviewGateway

log = logging.getLogger(__name__)
MIN_RANGE_S = 0.2


def clip_range(
    timeline_selection: tuple[float, float] | None, rows: list[SentenceRow]
) -> tuple[float, float] | None:
    """The timeline stretch if one is dragged, else the selected sentences' span."""
    if timeline_selection is not None:
        start, end = timeline_selection
        return (start, end) if end - start > MIN_RANGE_S else None
    if not rows:
        return None
    return min(r.sentence.start for r in rows), max(r.sentence.end for r in rows)


class ReviewClipMaker:
    """Builds the clip dialog for a selection and stores the result."""

    def __init__(self, gateway: ReviewGateway) -> None:
        self.gateway = gateway

    def dialog(
        self, data: ReviewData, span: tuple[float, float], rows: list[SentenceRow], parent: QWidget
    ) -> ClipDialog:
        title, tags = suggest_clip_text(rows, data.agent)
        return ClipDialog(
            data.call_id,
            data.source,
            data.duration_s,
            span[0],
            span[1],
            data.sentences,
            title=title,
            tags=tags,
            known_tags=self.known_tags(),
            parent=parent,
        )

    def store(self, spec: ClipSpec) -> int:
        """The new clip's id; raises what the store raises."""
        return self.gateway.add_clip(spec)

    def known_tags(self) -> list[str]:
        try:
            return self.gateway.clip_tags()
        except Exception:  # tags are only a convenience for the completer
            log.debug("listing clip tags failed", exc_info=True)
            return []
