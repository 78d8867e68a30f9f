"""What the Library screen asks of the store, in one adapter.

Runs on the store's thread: the view passes `LibraryGateway(library)` calls
to `Store.submit` (`app/ui/store.py`). Turns the store's records into the UI's plain rows so the
views depend on this module only, not on storage details.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.library.call_filter import CallFilter
from app.ui.library.search_hit_model import SearchHitRow
from kernel.domain import CallSummary

if TYPE_CHECKING:
    from app.ui.store import StoredLibrary


class LibraryGateway:
    """Thin typed layer over the stored library for the library views."""

    def __init__(self, library: StoredLibrary) -> None:
        self.library = library

    # -- calls -----------------------------------------------------------

    def summaries(self) -> list[CallSummary]:
        """Every call, in one query (the table sorts them)."""
        return self.library.call_summaries()

    def summary(self, call_id: int) -> CallSummary | None:
        return self.library.summary(call_id)

    def is_empty(self) -> bool:
        return self.library.count_calls() == 0

    # -- search ----------------------------------------------------------

    def search(self, query: str, limit: int = 300) -> list[SearchHitRow]:
        """Matching sentences, newest call first; snippets carry <mark></mark>."""
        return [
            SearchHitRow(
                call_id=hit.call_id,
                snippet=hit.snippet,
                source=hit.source,
                agent=hit.agent,
                call_date=hit.call_date,
                start_s=hit.start,
                speaker=hit.speaker,
                sentence_id=hit.sentence_id,
            )
            for hit in self.library.search(query, limit)
        ]

    # -- saved filters ---------------------------------------------------

    def saved_filters(self) -> list[tuple[str, CallFilter]]:
        """The user's saved filters; one that no longer parses is left out."""
        result: list[tuple[str, CallFilter]] = []
        for record in self.library.list_filters():
            try:
                result.append((record.name, CallFilter.from_json(record.query)))
            except ValueError:
                continue
        return result

    def save_filter(self, name: str, call_filter: CallFilter) -> None:
        self.library.save_filter(name, call_filter.to_json())

    def delete_filter(self, name: str) -> None:
        self.library.delete_filter(name)
