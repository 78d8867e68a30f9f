"""What the Library screen asks of the store, in one adapter.

Runs on whichever thread owns the `Library` it wraps (the job runner's
thread, normally). Turns the store's records into the UI's plain rows so the
views depend on this module only, not on storage details.
"""

from __future__ import annotations

from typing import Any

from app.domain import CallSummary
from app.ui.library.call_filter import CallFilter
from app.ui.library.search_hit_model import SearchHitRow


class LibraryGateway:
    """Thin typed layer over `app.storage.library.Library` for the library views."""

    def __init__(self, library: Any) -> None:
        self.library = library

    # -- calls -----------------------------------------------------------

    def summaries(self) -> list[CallSummary]:
        """Every call, newest first, in one query."""
        return list(self.library.call_summaries(None, None))

    def summary(self, call_id: int) -> CallSummary | None:
        for summary in self.library.call_summaries(None, None):
            if summary.call_id == call_id:
                return summary
        return None

    def is_empty(self) -> bool:
        return not self.library.list_calls()

    # -- search ----------------------------------------------------------

    def search(self, query: str, limit: int = 300) -> list[SearchHitRow]:
        hits = self.library.search(query)
        rows: list[SearchHitRow] = []
        for hit in list(hits)[:limit]:
            rows.append(
                SearchHitRow(
                    call_id=int(_field(hit, "call_id")),
                    snippet=str(_field(hit, "snippet", "")),
                    source=str(_field(hit, "source", "") or ""),
                    agent=_field(hit, "agent"),
                    call_date=_field(hit, "call_date"),
                    start_s=_field(hit, "start"),
                    speaker=_field(hit, "speaker"),
                    sentence_id=_field(hit, "sentence_id"),
                )
            )
        return rows

    # -- saved filters ---------------------------------------------------

    def saved_filters(self) -> list[tuple[str, CallFilter]]:
        result: list[tuple[str, CallFilter]] = []
        for record in self.library.list_filters():
            name = str(_field(record, "name"))
            spec = _field(record, "query", None) or _field(record, "spec", None) or "{}"
            try:
                call_filter = (
                    CallFilter.from_dict(spec)
                    if isinstance(spec, dict)
                    else CallFilter.from_json(spec)
                )
            except ValueError:
                continue
            result.append((name, call_filter))
        return result

    def save_filter(self, name: str, call_filter: CallFilter) -> None:
        self.library.save_filter(name, call_filter.to_json())

    def delete_filter(self, name: str) -> None:
        self.library.delete_filter(name)


def _field(record: Any, name: str, default: Any = None) -> Any:
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)
